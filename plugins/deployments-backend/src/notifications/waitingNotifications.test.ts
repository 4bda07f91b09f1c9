import { Knex } from 'knex';
import { mockCredentials } from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  createTestDatabases,
  DATABASE_IDS,
} from '../__testUtils__/testDatabases';
import { eventually } from '../__testUtils__/eventually';
import {
  ago,
  MEMBER,
  NotifyingBackend,
  sentKeys,
  startNotifyingBackend,
} from '../__testUtils__/notificationsBackend';
import { NotificationsTask } from './NotificationsTask';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const MINUTE = 60_000;

const event = (overrides: Record<string, unknown>) => ({
  service: 'checkout',
  environment: 'prod',
  status: 'waiting',
  version: '3.0.0',
  actor: 'bob',
  ...overrides,
});

describe.each(DATABASE_IDS)(
  'waiting notifications, by the scheduled check, on %s',
  id => {
    let knex: Knex;
    let api: NotifyingBackend;

    /** Runs the task now through the scheduler's HTTP API, as an operator would; waits while it runs. */
    const trigger = async () => {
      const url = `${api.root}/deployments/.backstage/scheduler/v1/tasks/${NotificationsTask.TASK_ID}/trigger`;
      const status = await eventually(
        async () =>
          (
            await fetch(url, {
              method: 'POST',
              headers: { Authorization: mockCredentials.user.header() },
            })
          ).status,
        s => s !== 409,
      );
      expect(status).toBe(200);
    };
    /** The task's state as the scheduler reports it over HTTP. */
    const taskState = async () => {
      const res = await fetch(
        `${api.root}/deployments/.backstage/scheduler/v1/tasks`,
        {
          headers: { Authorization: mockCredentials.user.header() },
        },
      );
      const { tasks } = (await res.json()) as {
        tasks: Array<{
          taskId: string;
          taskState: { status: string; lastRunEndedAt?: string } | null;
        }>;
      };
      return tasks.find(t => t.taskId === NotificationsTask.TASK_ID)?.taskState;
    };
    /** Triggers the task and waits until that run ended. */
    const runTask = async () => {
      const before = await eventually(
        taskState,
        state => state?.status === 'idle',
      );
      await trigger();
      const after = await eventually(
        taskState,
        state =>
          state?.status === 'idle' &&
          state.lastRunEndedAt !== before?.lastRunEndedAt,
      );
      expect(after?.lastRunEndedAt).not.toBe(before?.lastRunEndedAt);
    };

    beforeAll(async () => {
      knex = await databases.init(id);
      api = await startNotifyingBackend({
        knex,
        notificationsKnex: await databases.init(id),
        config: { notifications: { waitingAfter: '10m' } },
        services: [schedulerServiceFactory],
      });
    });
    afterAll(() => api.backend.stop());

    it('is one global task', async () => {
      const res = await fetch(
        `${api.root}/deployments/.backstage/scheduler/v1/tasks`,
        {
          headers: { Authorization: mockCredentials.user.header() },
        },
      );
      const { tasks } = (await res.json()) as {
        tasks: Array<{ taskId: string; scope: string }>;
      };
      expect(tasks).toContainEqual(
        expect.objectContaining({
          taskId: NotificationsTask.TASK_ID,
          scope: 'global',
        }),
      );
    });

    it('notifies of a deployment awaiting approval longer than waitingAfter, once, and of nothing else', async () => {
      // Waiting 25 minutes (two events of the run; the first one counts).
      await api.post(
        event({ deployment_id: 'rel-1', happened_at: ago(25 * MINUTE) }),
      );
      await api.post(
        event({ deployment_id: 'rel-1', happened_at: ago(15 * MINUTE) }),
      );
      // Waiting, but not yet 10 minutes.
      await api.post(
        event({
          deployment_id: 'rel-2',
          environment: 'production',
          happened_at: ago(5 * MINUTE),
        }),
      );
      // Waited, then approved: it is deploying now.
      await api.post(
        event({
          service: 'payments',
          deployment_id: 'rel-3',
          happened_at: ago(30 * MINUTE),
        }),
      );
      await api.post(
        event({
          service: 'payments',
          deployment_id: 'rel-3',
          status: 'in-progress',
          happened_at: ago(MINUTE),
        }),
      );
      // Crossed the threshold long ago (imported history): nobody is told now.
      await api.post(
        event({
          service: 'payments',
          environment: 'production',
          deployment_id: 'rel-4',
          happened_at: ago(3 * 60 * MINUTE),
        }),
      );
      // Not a notified environment.
      await api.post(
        event({
          environment: 'staging',
          deployment_id: 'rel-5',
          happened_at: ago(25 * MINUTE),
        }),
      );

      await runTask();
      const list = await eventually(
        () => api.notificationsOf(MEMBER),
        l => l.length > 0,
      );
      expect(list).toHaveLength(1);
      expect(list[0].payload).toMatchObject({
        title: 'checkout awaits approval in prod (3.0.0)',
        severity: 'normal',
        topic: 'deployments:checkout:prod',
        link: '/catalog/default/component/checkout/deployments',
      });
      expect(list[0].payload.description).toMatch(
        /^Deployment rel-1 by bob has awaited approval for 2[56] minutes, since .* UTC\.$/,
      );
      expect(await sentKeys(knex)).toEqual([
        {
          kind: 'waiting',
          service: 'checkout',
          environment: 'prod',
          deployment_id: 'rel-1',
        },
      ]);

      // The next check sends nothing again.
      await runTask();
      const after = await api.notificationsOf(MEMBER);
      expect(after).toHaveLength(1);
      expect(after[0].updated).toBeFalsy();
    });
  },
);
