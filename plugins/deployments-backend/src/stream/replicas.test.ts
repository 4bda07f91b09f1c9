import { Knex } from 'knex';
import { mockCredentials } from '@backstage/backend-test-utils';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { openStream } from '../__testUtils__/sseClient';
import { startReplicas } from '../__testUtils__/replicas';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { LISTENER_APPLICATION_NAME } from './PostgresListener';

jest.setTimeout(60_000);

// Replicas only exist on PostgreSQL: SQLite is a single process.
const databases = createTestDatabases(['POSTGRES_15']);
const auth = { Authorization: mockCredentials.user.header() };
const isDeployment = (m: { event?: string }) => m.event === 'deployment';

describe('two backend replicas sharing one PostgreSQL', () => {
  let replicas: Awaited<ReturnType<typeof startReplicas>>;
  let knexA: Knex;
  let a: Awaited<ReturnType<typeof startDeploymentsBackend>>;
  let b: Awaited<ReturnType<typeof startDeploymentsBackend>>;

  beforeAll(async () => {
    // No polling safety net: only LISTEN/NOTIFY can deliver across replicas here.
    const config = { deployments: { stream: { pollIntervalSeconds: 3600 } } };
    replicas = await startReplicas(databases, [{ config }, { config }]);
    knexA = replicas.knex;
    [a, b] = replicas.backends;
  });

  afterAll(() => replicas.stop());

  it('delivers a POST to A as a frame on B within 1 s', async () => {
    const stream = await openStream(`${b.baseUrl}/stream`, auth);
    const posted = await (await a.post(eventInput({ deployment_id: 'cross' }))).json();
    const acceptedAt = Date.now();
    const [frame] = await stream.waitFor(isDeployment, 1, 1000);
    expect(Date.now() - acceptedAt).toBeLessThan(1000);
    expect(JSON.parse(frame.data!)).toEqual(posted);
    await stream.close();
  });

  it('replays on B, with a cursor from A, the events A took', async () => {
    const first = await (await a.post(eventInput())).json();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await (await a.post(eventInput())).json()).id);
    const stream = await openStream(`${b.baseUrl}/stream`, { ...auth, 'Last-Event-ID': first.id });
    const frames = await stream.waitFor(isDeployment, 5);
    expect(frames.map(m => m.id)).toEqual(ids);
    await stream.close();
  });

  it('recovers when the LISTEN connections are killed, delivering every event exactly once', async () => {
    const stream = await openStream(`${b.baseUrl}/stream`, auth);
    const database = (await knexA.raw('SELECT current_database() AS db')).rows[0].db;
    const ids: string[] = [];
    const listenerQuery = (verb: 'count' | 'kill') =>
      knexA.raw(
        `SELECT ${verb === 'kill' ? 'pg_terminate_backend(pid)' : 'pid'} FROM pg_stat_activity
         WHERE application_name = ? AND datname = ?`,
        [LISTENER_APPLICATION_NAME, database],
      );
    /** Waits until both replicas listen again (they reconnect with backoff). */
    const bothListening = async () => {
      const deadline = Date.now() + 15_000;
      while ((await listenerQuery('count')).rows.length < 2) {
        if (Date.now() > deadline) return false;
        await new Promise(r => setTimeout(r, 100));
      }
      return true;
    };
    const killedListeners: number[] = [];
    const listeningBeforeKill: boolean[] = [];
    for (let i = 0; i < 30; i++) {
      if (i === 10 || i === 20) {
        listeningBeforeKill.push(await bothListening());
        killedListeners.push((await listenerQuery('kill')).rows.length);
      }
      ids.push((await (await a.post(eventInput({ deployment_id: `k${i}` }))).json()).id);
      await new Promise(r => setTimeout(r, 20));
    }
    const frames = await stream.waitFor(isDeployment, 30, 15_000);
    await new Promise(r => setTimeout(r, 500));
    expect(stream.deployments().map(m => m.id)).toEqual(ids);
    expect(frames).toHaveLength(30);
    // Both replicas' listeners were killed twice, and came back each time.
    expect(listeningBeforeKill).toEqual([true, true]);
    expect(killedListeners).toEqual([2, 2]);
    expect(await bothListening()).toBe(true);
    await stream.close();
  });
});
