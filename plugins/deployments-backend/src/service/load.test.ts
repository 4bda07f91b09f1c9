import { mockCredentials } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { countStoredEvents, eventInput } from '../__testUtils__/events';
import { openStream } from '../__testUtils__/sseClient';

jest.setTimeout(120_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('under load on %s', id => {
  it('stores exactly the events it answered 201 to: 32 clients for 20 s', async () => {
    const knex = await databases.init(id);
    const api = await startDeploymentsBackend({ knex });
    let created = 0;
    const other: number[] = [];
    const end = Date.now() + 20_000;
    await Promise.all(
      Array.from({ length: 32 }, async (_, c) => {
        for (let i = 0; Date.now() < end; i++) {
          const res = await api.post(eventInput({ deployment_id: `c${c}-${i}`, service: `s${c % 7}` }));
          if (res.status === 201) created += 1;
          else other.push(res.status);
          await res.arrayBuffer();
        }
      }),
    );
    expect(other).toEqual([]);
    expect(created).toBeGreaterThan(100);
    expect(await countStoredEvents(knex)).toBe(created);
    await api.backend.stop();
  });

  it('on stop, ends open streams cleanly and finishes in-flight ingests', async () => {
    const knex = await databases.init(id);
    const api = await startDeploymentsBackend({ knex });
    const stream = await openStream(`${api.baseUrl}/stream`, { Authorization: mockCredentials.user.header() });
    const inFlight = Array.from({ length: 10 }, (_, i) =>
      api.post(eventInput({ deployment_id: `late-${i}` })).then(
        async res => (res.status === 201 ? (await res.json()).id : res.status),
        () => 'not sent',
      ),
    );
    await new Promise(r => setTimeout(r, 5));
    const stopped = api.backend.stop();
    const outcomes = await Promise.all(inFlight);
    await stopped;
    await stream.close();
    const accepted = outcomes.filter(o => typeof o === 'string' && o !== 'not sent');
    // Every request completed with its 201 (and is stored), or was refused
    // cleanly (503 while shutting down) or never taken: nothing half-done.
    expect(outcomes.filter(o => !(typeof o === 'string' || o === 503))).toEqual([]);
    expect(await countStoredEvents(knex)).toBe(accepted.length);
  });
});
