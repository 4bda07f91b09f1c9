import { mockCredentials } from '@backstage/backend-test-utils';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { openStream } from '../__testUtils__/sseClient';
import { useOwnPostgres } from '../__testUtils__/ownPostgres';

jest.setTimeout(120_000);

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('a database outage in the middle of ingest', () => {
  const own = useOwnPostgres(55432);

  it('answers 503 quickly while down, keeps every 201, and the stream delivers each stored event once', async () => {
    const { server, knex } = own;
    const api = await startDeploymentsBackend({ knex });
    const stream = await openStream(`${api.baseUrl}/stream`, { Authorization: mockCredentials.user.header() });

    const accepted: string[] = [];
    const refused: Array<{ status: number; type: string | null; retryAfter: string | null; ms: number }> = [];
    let posting = true;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; posting; i++) {
        const started = Date.now();
        try {
          const res = await api.post(eventInput({ deployment_id: `w${w}-${i}` }));
          if (res.status === 201) {
            accepted.push((await res.json()).id);
          } else {
            refused.push({
              status: res.status,
              type: res.headers.get('content-type'),
              retryAfter: res.headers.get('retry-after'),
              ms: Date.now() - started,
            });
            await res.arrayBuffer();
          }
        } catch (error) {
          refused.push({ status: 0, type: String(error), retryAfter: null, ms: Date.now() - started });
        }
        await sleep(20);
      }
    });

    await sleep(1500);
    server.stop();
    await sleep(1000);
    const readsWhileDown = await Promise.all(
      ['/matrix', '?limit=5', '/services'].map(async path => {
        const res = await api.get(path);
        await res.arrayBuffer();
        return [res.status, res.headers.get('retry-after')];
      }),
    );
    await sleep(1500);
    const duringOutage = refused.length;
    server.start();
    await sleep(3000);
    posting = false;
    await Promise.all(writers);

    expect(readsWhileDown).toEqual([
      [503, '5'],
      [503, '5'],
      [503, '5'],
    ]);
    // Refusals happened, each a clean and quick 503 problem with Retry-After.
    expect(duringOutage).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.status).toBe(503);
      expect(r.type).toContain('application/problem+json');
      expect(r.retryAfter).toBe('5');
      expect(r.ms).toBeLessThan(6_000);
    }
    // Ingest recovered by itself, and every 201 is in the log.
    expect(accepted.length).toBeGreaterThan(10);
    const stored = (await knex('deployment_events').select('seq')).map(r => String(r.seq));
    expect(stored.sort()).toEqual([...accepted].sort());
    // The stream kept its connection and delivered every stored event exactly once.
    const frames = await stream.waitFor(m => m.event === 'deployment', stored.length, 20_000);
    await sleep(500);
    expect(stream.deployments().map(m => m.id).sort()).toEqual([...stored].sort());
    expect(frames.length).toBe(stored.length);
    await stream.close();
    await api.backend.stop();
  });
});
