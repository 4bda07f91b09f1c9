import { Knex } from 'knex';
import { JsonObject } from '@backstage/types';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startWithRealScheduler } from '../__testUtils__/schedulerBackend';
import { eventually } from '../__testUtils__/eventually';
import { eventInput } from '../__testUtils__/events';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

// Per slot: the current and last successful events stay however old they are.
const EVENTS = (
  [
    // deployment_id, service, environment, status, age
    ['old-success', 'checkout', 'prod', 'success', 30 * DAY],
    ['old-last-success', 'checkout', 'prod', 'success', 20 * DAY],
    ['old-current', 'checkout', 'prod', 'failure', 10 * DAY],
    ['old-in-progress', 'checkout', 'dev', 'in-progress', 30 * DAY],
    ['new-current', 'checkout', 'dev', 'success', HOUR],
    ['new-failure', 'search', 'prod', 'failure', 2 * HOUR],
    ['new-success', 'search', 'prod', 'success', HOUR],
  ] as const
).map(([deployment_id, service, environment, status, age]) => ({
  deployment_id,
  service,
  environment,
  status,
  happened_at: ago(age),
}));
const ALL = EVENTS.map(e => e.deployment_id).sort();
const KEPT = ALL.filter(id => id !== 'old-success' && id !== 'old-in-progress');

/** The plugin with the real scheduler, holding EVENTS. */
async function start(knex: Knex, deployments: JsonObject) {
  const api = await startWithRealScheduler(knex, { deployments });
  for (const event of EVENTS) await api.seed(eventInput(event));
  return {
    ...api,
    historyIds: async () => {
      const res = await api.get('/?limit=500');
      const { items } = (await res.json()) as { items: DeploymentEvent[] };
      return items.map(e => e.deployment_id).sort();
    },
  };
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
