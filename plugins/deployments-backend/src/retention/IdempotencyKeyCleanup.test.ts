import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startWithRealScheduler } from '../__testUtils__/schedulerBackend';
import { eventually } from '../__testUtils__/eventually';
import { eventInput } from '../__testUtils__/events';
import { IdempotencyKeyCleanup } from './IdempotencyKeyCleanup';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const HOUR = 3_600_000;
const TASK = IdempotencyKeyCleanup.TASK_ID;

describe.each(databases.eachSupportedId())(
  'Idempotency-Key cleanup on %s',
  id => {
    it('runs through the real scheduler, once across replicas, even with retention off', async () => {
      const knex = await databases.init(id);
      const api = await startWithRealScheduler(knex);
      try {
        const { tasks } = await api.tasks();
        expect(tasks).toContainEqual(
          expect.objectContaining({ taskId: TASK, scope: 'global' }),
        );
        expect(tasks.map(t => t.taskId)).not.toContain('deployments-retention');

        // A key used just now, and two from beyond the 24 h window: one answered, one abandoned in flight.
        const body = eventInput({ deployment_id: 'kept' });
        expect(
          (await api.post(body, { 'Idempotency-Key': 'fresh' })).status,
        ).toBe(201);
        const old = {
          sender: 'key:ci',
          body_hash: 'x',
          response_status: null,
          response_body: null,
        };
        await knex('deployments_idempotency_keys').insert([
          {
            ...old,
            key: 'answered',
            state: 'done',
            created_at_ms: Date.now() - 25 * HOUR,
          },
          {
            ...old,
            key: 'abandoned',
            state: 'in-flight',
            created_at_ms: Date.now() - 24 * HOUR - 1000,
          },
        ]);

        // Run it now, as an operator would; 409 while the startup run is still going.
        await eventually(
          () => api.trigger(TASK),
          status => status === 200,
        );
        const keys = () =>
          knex('deployments_idempotency_keys').orderBy('key').pluck('key');
        expect(await eventually(keys, left => left.length === 1)).toEqual([
          'fresh',
        ]);

        const replay = await api.post(body, { 'Idempotency-Key': 'fresh' });
        expect(replay.headers.get('idempotent-replayed')).toBe('true');
      } finally {
        await api.backend.stop();
      }
    });
  },
);
