import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { JsonObject } from '@backstage/types';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

// Per slot: the current and last successful events stay however old they are.
const EVENTS = [
  {
    deployment_id: 'old-success',
    service: 'checkout',
    environment: 'prod',
    status: 'success',
    happened_at: ago(30 * DAY),
  },
  {
    deployment_id: 'old-last-success',
    service: 'checkout',
    environment: 'prod',
    status: 'success',
    happened_at: ago(20 * DAY),
  },
  {
    deployment_id: 'old-current',
    service: 'checkout',
    environment: 'prod',
    status: 'failure',
    happened_at: ago(10 * DAY),
  },
  {
    deployment_id: 'old-in-progress',
    service: 'checkout',
    environment: 'dev',
    status: 'in-progress',
    happened_at: ago(30 * DAY),
  },
  {
    deployment_id: 'new-current',
    service: 'checkout',
    environment: 'dev',
    status: 'success',
    happened_at: ago(3_600_000),
  },
  {
    deployment_id: 'new-failure',
    service: 'search',
    environment: 'prod',
    status: 'failure',
    happened_at: ago(7_200_000),
  },
  {
    deployment_id: 'new-success',
    service: 'search',
    environment: 'prod',
    status: 'success',
    happened_at: ago(3_600_000),
  },
];
const ALL = EVENTS.map(e => e.deployment_id).sort();
const KEPT = ALL.filter(id => id !== 'old-success' && id !== 'old-in-progress');

/**
 * The plugin with Backstage's real scheduler: the default test scheduler runs
 * a task once at startup and never on its schedule.
 */
async function start(
  knex: Awaited<ReturnType<typeof databases.init>>,
  deployments: JsonObject,
) {
  const api = await startDeploymentsBackend({
    knex,
    config: { deployments },
    services: [schedulerServiceFactory],
  });
  for (const event of EVENTS) {
    const res = await api.post(eventInput(event));
    if (res.status !== 201)
      throw new Error(`seed failed: ${res.status} ${await res.text()}`);
  }
  return {
    ...api,
    historyIds: async () => {
      const res = await api.get('/?limit=500');
      const { items } = (await res.json()) as { items: DeploymentEvent[] };
      return items.map(e => e.deployment_id).sort();
    },
    /** The plugin's tasks, as its scheduler reports them over HTTP. */
    tasks: async () =>
      (await (await api.get('/.backstage/scheduler/v1/tasks')).json()) as {
        tasks: Array<{ taskId: string; scope: string }>;
      },
  };
}

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

describe.each(databases.eachSupportedId())('retention on %s', id => {
  it("deletes old events on its schedule, never a slot's current or last successful one", async () => {
    const api = await start(await databases.init(id), {
      retention: {
        maxAge: { days: 1 },
        schedule: {
          frequency: { seconds: 1 },
          timeout: { seconds: 30 },
          initialDelay: { seconds: 0 },
        },
      },
    });
    try {
      expect((await api.tasks()).tasks).toContainEqual(
        expect.objectContaining({
          taskId: 'deployments-retention',
          scope: 'global',
        }),
      );
      const kept = await eventually(
        api.historyIds,
        ids => ids.length === KEPT.length,
      );
      expect(kept).toEqual(KEPT);
      // The slots still show what they showed before.
      const matrix = await (await api.get('/matrix')).json();
      const prod = matrix.services.find(
        (s: { service: string }) => s.service === 'checkout',
      ).slots.prod;
      expect(prod.current.deployment_id).toBe('old-current');
      expect(prod.last_successful.deployment_id).toBe('old-last-success');
    } finally {
      await api.backend.stop();
    }
  });

  it('registers no task and deletes nothing without retention config', async () => {
    const api = await start(await databases.init(id), {});
    try {
      expect((await api.tasks()).tasks.map(t => t.taskId)).not.toContain(
        'deployments-retention',
      );
      expect(await api.historyIds()).toEqual(ALL);
    } finally {
      await api.backend.stop();
    }
  });
});
