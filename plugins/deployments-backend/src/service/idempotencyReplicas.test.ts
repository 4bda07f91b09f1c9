import { mockCredentials } from '@backstage/backend-test-utils';
import { countStoredEvents, eventInput } from '../__testUtils__/events';
import { openStream } from '../__testUtils__/sseClient';
import { startReplicas } from '../__testUtils__/replicas';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

// Replicas only exist on PostgreSQL: SQLite is a single process.
const databases = createTestDatabases(['POSTGRES_15']);
const auth = { Authorization: mockCredentials.user.header() };
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('one Idempotency-Key sent concurrently to two replicas on one PostgreSQL', () => {
  it('stores one row, answers 201 (first or replay) or 409, and streams the event once', async () => {
    const { knex, backends, stop } = await startReplicas(databases, [{}, {}]);
    const [a, b] = backends;
    try {
      const streams = await Promise.all(
        [a, b].map(r => openStream(`${r.baseUrl}/stream`, auth)),
      );
      const body = eventInput({ deployment_id: 'concurrent' });
      const key = { 'Idempotency-Key': 'concurrent-key' };

      const answers = await Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          const res = await [a, b][i % 2].post(body, key);
          return {
            status: res.status,
            replayed: res.headers.get('idempotent-replayed'),
            text: await res.text(),
          };
        }),
      );

      expect(await countStoredEvents(knex)).toBe(1);
      const created = answers.filter(r => r.status === 201);
      const conflicts = answers.filter(r => r.status === 409);
      expect(created.length + conflicts.length).toBe(12);
      // Exactly one answer stored the event; any other 201 is its replay, word for word.
      expect(created.filter(r => r.replayed === null)).toHaveLength(1);
      expect(new Set(created.map(r => r.text)).size).toBe(1);
      for (const conflict of conflicts) {
        expect(JSON.parse(conflict.text)).toMatchObject({
          type: 'about:blank',
          status: 409,
          title: 'Conflict',
        });
      }
      // Once the first request is done, every retry is its replay.
      const later = await b.post(body, key);
      expect([later.status, later.headers.get('idempotent-replayed')]).toEqual([
        201,
        'true',
      ]);
      expect(await later.text()).toBe(created[0].text);

      const { id } = JSON.parse(created[0].text);
      for (const stream of streams) {
        await stream.waitFor(m => m.event === 'deployment');
        await sleep(500);
        expect(stream.deployments().map(m => m.id)).toEqual([id]);
        await stream.close();
      }
    } finally {
      await stop();
    }
  });
});
