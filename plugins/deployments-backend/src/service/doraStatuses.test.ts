import { Knex } from 'knex';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { MetricsResponse } from '@deploydash/plugin-deployments-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { eventInput } from '../__testUtils__/events';
import { DatabaseDeploymentsStore } from '../database/DatabaseDeploymentsStore';
import { computeMetrics } from '../insights/metrics';
import { parseMetricsQuery } from './metricsQuery';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const H = 3600;
const at = (day: number, hour: number, minute = 0) =>
  `2026-03-0${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`;

/** The four DORA metrics, overall and per bucket (deployment duration is about runs; see deploymentDuration.test.ts). */
const doraOnly = (m: MetricsResponse) =>
  [m.overall, ...m.buckets].map(({ deployment_frequency, change_failure_rate, recovery_time, lead_time }) => ({
    deployment_frequency,
    change_failure_rate,
    recovery_time,
    lead_time,
  }));

/*
 * Contract v1.2: change failure rate = failure ÷ (success + failure);
 * `cancelled`, `queued` and `waiting` count nowhere. The fixture of
 * insights.test.ts (docs/metrics.md's worked example), then the same log
 * with such events in every place where they could change a number.
 */
describe.each(databases.eachSupportedId())('DORA metrics with queued, waiting and cancelled events on %s', id => {
  let knex: Knex;
  let store: DatabaseDeploymentsStore;
  let received = 0;
  const post = (fields: Record<string, unknown>) =>
    store.append(eventInput({ environment: 'prod', service: 'pay', ...fields }), ++received);
  const metrics = (service: string) =>
    computeMetrics(store, parseMetricsQuery({ service, from: at(1, 0), to: at(4, 0) }, ['prod'], Date.parse(at(4, 0))));

  beforeEach(async () => {
    knex = await databases.init(id as TestDatabaseId);
    store = await DatabaseDeploymentsStore.fromKnex(knex);
  });

  async function seedPay() {
    await post({ status: 'in-progress', happened_at: at(1, 9) });
    await post({ happened_at: at(1, 10), commits: [{ sha: 'a1a1a1a', authored_at: at(1, 8) }] });
    await post({ status: 'failure', happened_at: at(1, 12) });
    await post({ happened_at: at(1, 13), change_type: 'hotfix' });
    await post({ happened_at: at(3, 10), commits: ['a1a1a1a', { sha: 'b2b2b2b', authored_at: at(3, 6) }] });
    await post({ happened_at: at(3, 12), change_type: 'fix' });
    await post({ happened_at: at(3, 15) });
    await post({ status: 'failure', happened_at: at(3, 15) });
  }

  /** A parent chain dev → staging → prod for lead time without commit times (3 h). */
  async function seedApi() {
    await post({ service: 'api', environment: 'dev', deployment_id: 'api-dev-1', status: 'in-progress', happened_at: at(1, 9) });
    await post({ service: 'api', environment: 'dev', deployment_id: 'api-dev-1', happened_at: at(1, 9, 30) });
    await post({ service: 'api', environment: 'staging', deployment_id: 'api-stg-1', parent_deployments: ['api-dev-1'], happened_at: at(1, 11) });
    await post({ service: 'api', deployment_id: 'api-prod-1', parent_deployments: ['api-stg-1'], happened_at: at(1, 12) });
  }

  it('leaves frequency, change failure rate, recovery and lead time unchanged', async () => {
    await seedPay();
    await seedApi();
    const pay = await metrics('pay');
    const api = await metrics('api');
    // The numbers of docs/metrics.md's worked example.
    expect(pay.overall.deployment_frequency.deployments).toBe(5);
    expect(pay.overall.change_failure_rate).toMatchObject({ failed: 3, total: 7 });
    expect(pay.overall.recovery_time).toMatchObject({ samples: 2, median_seconds: H, p90_seconds: 2 * H, unrecovered: 1 });
    expect(pay.overall.lead_time).toMatchObject({ samples: 2, median_seconds: 2 * H, p90_seconds: 4 * H });
    expect(api.overall.lead_time).toMatchObject({ samples: 1, median_seconds: 3 * H, basis: 'parent_deployments' });

    // Day 1: queued and waiting before the first success, carrying a commit
    // of their own; a cancelled attempt between the failure and its hotfix
    // (not a recovery, and not a failure either).
    await post({ deployment_id: 'q1', status: 'queued', happened_at: at(1, 7), commits: [{ sha: 'c3c3c3c', authored_at: at(1, 1) }] });
    await post({ deployment_id: 'q1', status: 'waiting', happened_at: at(1, 8) });
    await post({ deployment_id: 'c1', status: 'cancelled', happened_at: at(1, 12, 30), change_type: 'hotfix' });
    // Day 2: nothing but queued, waiting and cancelled events.
    await post({ deployment_id: 'c2', status: 'queued', happened_at: at(2, 9) });
    await post({ deployment_id: 'c2', status: 'waiting', happened_at: at(2, 10) });
    await post({ deployment_id: 'c2', status: 'cancelled', happened_at: at(2, 11), commits: [{ sha: 'd4d4d4d', authored_at: at(2, 1) }] });
    // Day 3: a cancelled hotfix between the 10:00 success and its 12:00 fix
    // (the next terminal event is still the fix), and one after the last
    // failure, which stays unrecovered.
    await post({ deployment_id: 'c3', status: 'cancelled', happened_at: at(3, 11), change_type: 'hotfix' });
    await post({ deployment_id: 'c4', status: 'cancelled', happened_at: at(3, 16) });
    await post({ deployment_id: 'c4', status: 'queued', happened_at: at(3, 17) });
    // The parent chain: an earlier queued event of the dev deployment is not its start.
    await post({ service: 'api', environment: 'dev', deployment_id: 'api-dev-1', status: 'queued', happened_at: at(1, 5) });
    await post({ service: 'api', environment: 'dev', deployment_id: 'api-dev-1', status: 'waiting', happened_at: at(1, 6) });

    expect(doraOnly(await metrics('pay'))).toEqual(doraOnly(pay));
    expect(doraOnly(await metrics('api'))).toEqual(doraOnly(api));
  });

  it('counts failures against successes only: a cancelled run is neither', async () => {
    await post({ deployment_id: 'r1', status: 'success', happened_at: at(1, 9) });
    await post({ deployment_id: 'r2', status: 'cancelled', happened_at: at(1, 10) });
    await post({ deployment_id: 'r3', status: 'failure', happened_at: at(1, 11) });
    await post({ deployment_id: 'r4', status: 'cancelled', happened_at: at(1, 12) });
    await post({ deployment_id: 'r5', status: 'success', happened_at: at(1, 14) });
    const { overall } = await metrics('pay');
    expect(overall.deployment_frequency.deployments).toBe(2);
    expect(overall.change_failure_rate).toMatchObject({ failed: 1, total: 3 });
    // Recovered by the 14:00 success, not by the 12:00 cancellation.
    expect(overall.recovery_time).toMatchObject({ samples: 1, median_seconds: 3 * H, unrecovered: 0 });
  });
});
