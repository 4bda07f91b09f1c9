import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockCredentials } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { IdempotencyKeyCleanup } from './IdempotencyKeyCleanup';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const HOUR = 3_600_000;
const TASK = IdempotencyKeyCleanup.TASK_ID;

/** Polls until `done` holds or the deadline passes; answers the last value read. */
async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  deadlineMs = 30_000,
) {
  const deadline = Date.now() + deadlineMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

describe.each(databases.eachSupportedId())(
  'Idempotency-Key cleanup on %s',
  id => {
    it('runs through the real scheduler, once across replicas, even with retention off', async () => {
      const knex = await databases.init(id);
      // Backstage's real scheduler: the default test one runs a task once at startup only.
      const api = await startDeploymentsBackend({
        knex,
        services: [schedulerServiceFactory],
      });
      try {
        const { tasks } = await (
          await api.get('/.backstage/scheduler/v1/tasks')
        ).json();
        expect(tasks).toContainEqual(
          expect.objectContaining({ taskId: TASK, scope: 'global' }),
        );
        expect(tasks.map((t: { taskId: string }) => t.taskId)).not.toContain(
          'deployments-retention',
        );

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
          async () =>
            (
              await fetch(
                `${api.baseUrl}/.backstage/scheduler/v1/tasks/${TASK}/trigger`,
                {
                  method: 'POST',
                  headers: { Authorization: mockCredentials.user.header() },
                },
              )
            ).status,
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
