import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { eventInput } from '../__testUtils__/events';
import { DatabaseDeploymentsStore } from '../database/DatabaseDeploymentsStore';
import { computeMetrics } from '../insights/metrics';
import { parseMetricsQuery } from './metricsQuery';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const at = (day: number, hour: number, minute = 0) =>
  `2026-03-0${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`;

/*
 * `deployment_duration` of GET /metrics, computed by hand: the worked
 * example of docs/metrics.md ("Deployment duration").
 */
describe.each(databases.eachSupportedId())('deployment duration on %s', id => {
  let store: DatabaseDeploymentsStore;
  let received = 0;
  /** One run: its deployment_id, then [status, happened_at] per event. */
  async function run(deploymentId: string, events: Array<[string, string]>, fields: Record<string, unknown> = {}) {
    for (const [status, happenedAt] of events) {
      await store.append(
        eventInput({ service: 'pay', environment: 'prod', deployment_id: deploymentId, status, happened_at: happenedAt, ...fields }),
        ++received,
      );
    }
  }
  const metrics = (query: Record<string, string> = {}) =>
    computeMetrics(
      store,
      parseMetricsQuery({ service: 'pay', from: at(1, 0), to: at(4, 0), ...query }, ['prod'], Date.parse(at(4, 0))),
    );

  beforeEach(async () => {
    store = await DatabaseDeploymentsStore.fromKnex(await databases.init(id as TestDatabaseId));
    // Day 1: three successful runs of 10 min, 30 min (queued time included) and 1 h.
    await run('d1', [['in-progress', at(1, 9)], ['success', at(1, 9, 10)]]);
    await run('d2', [['queued', at(1, 10)], ['in-progress', at(1, 10, 5)], ['success', at(1, 10, 30)]]);
    await run('d13', [['in-progress', at(1, 15)], ['waiting', at(1, 15, 10)], ['success', at(1, 16)]]);
    // Not counted: a lone success (no start), a failed and a cancelled run,
    // a test run, and a run in staging (1 h: counted with environment=staging).
    await run('d3', [['success', at(1, 11)]]);
    await run('d4', [['in-progress', at(1, 12)], ['failure', at(1, 12, 20)]]);
    await run('d7', [['in-progress', at(1, 14)], ['cancelled', at(1, 14, 2)]]);
    await run('d5', [['in-progress', at(1, 13)], ['success', at(1, 13, 5)]], { is_test: true });
    await run('d1', [['in-progress', at(1, 9)], ['success', at(1, 10)]], { environment: 'staging' });
    // Day 2: 2 h, started on day 1 (counted where it finished), and 1 min.
    await run('d8', [['in-progress', at(1, 23)], ['success', at(2, 1)]]);
    await run('d9', [['in-progress', at(2, 2)], ['success', at(2, 2, 1)]]);
    // Not counted: still running, and a success that a later failure ended.
    await run('d10', [['in-progress', at(2, 22)]]);
    await run('d11', [['success', at(2, 5)], ['failure', at(2, 5, 10)]]);
    // Day 3: finishes after `to` (day 4, 00:10): outside the period.
    await run('d12', [['in-progress', at(3, 23, 50)], ['success', at(4, 0, 10)]]);
  });

  it('summarises successful production runs of two or more events, per bucket of finished_at and overall', async () => {
    const result = await metrics();
    expect(result.buckets.map(b => b.deployment_duration)).toEqual([
      // [600, 1800, 3600]: median = rank 2, p90 = rank 3.
      { samples: 3, median_seconds: 1800, p90_seconds: 3600 },
      // [60, 7200]: median = rank 1, p90 = rank 2.
      { samples: 2, median_seconds: 60, p90_seconds: 7200 },
      { samples: 0, median_seconds: null, p90_seconds: null },
    ]);
    // [60, 600, 1800, 3600, 7200]: median = rank 3, p90 = rank 5.
    expect(result.overall.deployment_duration).toEqual({ samples: 5, median_seconds: 1800, p90_seconds: 7200 });
  });

  it('uses the environment parameter instead of the production environments', async () => {
    const staging = await metrics({ environment: 'staging' });
    expect(staging.overall.deployment_duration).toEqual({ samples: 1, median_seconds: 3600, p90_seconds: 3600 });
  });

  it('counts a run of two events at the same instant as 0 s, and a run whose start is before the period', async () => {
    await run('d14', [['in-progress', at(3, 9)], ['success', at(3, 9)]]);
    const day3 = await metrics({ from: at(3, 0) });
    expect(day3.overall.deployment_duration).toEqual({ samples: 1, median_seconds: 0, p90_seconds: 0 });
    const day2 = await metrics({ from: at(2, 0), to: at(3, 0) });
    // d8 started on day 1, before `from`: its whole duration counts.
    expect(day2.overall.deployment_duration).toEqual({ samples: 2, median_seconds: 60, p90_seconds: 7200 });
  });
});
