import { Knex } from 'knex';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { eventInput } from '../__testUtils__/events';
import { DatabaseDeploymentsStore } from '../database/DatabaseDeploymentsStore';
import { computeMetrics } from '../insights/metrics';
import { parseMetricsQuery } from './metricsQuery';
import { computePromotion } from '../insights/promotion';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const H = 3600;
const at = (day: number, hour: number) => `2026-03-0${day}T${String(hour).padStart(2, '0')}:00:00Z`;

describe.each(databases.eachSupportedId())('DORA metrics and promotion on %s', id => {
  let knex: Knex;
  let store: DatabaseDeploymentsStore;
  let received = 0;
  const post = (fields: Record<string, unknown>) =>
    store.append(eventInput({ environment: 'prod', ...fields }), ++received);

  beforeEach(async () => {
    knex = await databases.init(id as TestDatabaseId);
    store = await DatabaseDeploymentsStore.fromKnex(knex);
  });

  /**
   * Service `pay` in prod, hand-computed in docs/metrics.md terms:
   * day 1: success (commit a1 authored 2 h before), failure, hotfix success 1 h later;
   * day 2: nothing; day 3: success (a1 again + b2 authored 4 h before), a fix 2 h
   * later (so the 10:00 success was a failed change), then a success and a failure
   * at the same instant (the failure received later, so it is the last word).
   */
  async function seedPay() {
    await post({ service: 'pay', status: 'in-progress', happened_at: at(1, 9) });
    await post({ service: 'pay', happened_at: at(1, 10), commits: [{ sha: 'a1a1a1a', authored_at: at(1, 8) }] });
    await post({ service: 'pay', status: 'failure', happened_at: at(1, 12) });
    await post({ service: 'pay', happened_at: at(1, 13), change_type: 'hotfix' });
    // A test deployment: stored, but in no number below.
    await post({ service: 'pay', happened_at: at(1, 14), is_test: true, commits: [{ sha: 'fefefef', authored_at: '2026-02-01T00:00:00Z' }] });
    await post({ service: 'pay', environment: 'staging', status: 'failure', happened_at: at(1, 15) });
    await post({
      service: 'pay',
      happened_at: at(3, 10),
      commits: ['a1a1a1a', { sha: 'B2B2B2B', authored_at: at(3, 6) }],
    });
    await post({ service: 'pay', happened_at: at(3, 12), change_type: 'fix' });
    await post({ service: 'pay', happened_at: at(3, 15) });
    await post({ service: 'pay', status: 'failure', happened_at: at(3, 15) });
  }

  const metrics = (query: Record<string, string>) =>
    computeMetrics(store, parseMetricsQuery(query, ['prod', 'production'], Date.parse(at(4, 0))));

  it('computes the four metrics per day and overall, empty days included', async () => {
    await seedPay();
    const result = await metrics({ service: 'pay', from: at(1, 0), to: at(4, 0) });
    expect(result.buckets.map(b => b.start)).toEqual([at(1, 0), at(2, 0), at(3, 0)].map(t => t.replace('Z', '.000Z')));
    const [day1, day2, day3] = result.buckets;

    expect(day1.deployment_frequency).toEqual({ deployments: 2, per_day: 2, band: 'elite' });
    expect(day1.change_failure_rate).toEqual({ failed: 1, total: 3, rate: 1 / 3, band: 'low', basis: 'deployments' });
    expect(day1.recovery_time).toEqual({ samples: 1, median_seconds: H, p90_seconds: H, unrecovered: 0, band: 'high', basis: 'deployments' });
    expect(day1.lead_time).toEqual({ samples: 1, median_seconds: 2 * H, p90_seconds: 2 * H, basis: 'commits', band: 'elite' });

    expect(day2.deployment_frequency).toEqual({ deployments: 0, per_day: 0, band: 'low' });
    expect(day2.change_failure_rate).toEqual({ failed: 0, total: 0, rate: null, band: null, basis: 'deployments' });
    expect(day2.recovery_time).toEqual({ samples: 0, median_seconds: null, p90_seconds: null, unrecovered: 0, band: null, basis: 'deployments' });
    expect(day2.lead_time.basis).toBeNull();

    expect(day3.deployment_frequency.deployments).toBe(3);
    // The 10:00 success (fixed at 12:00) and the tied 15:00 failure.
    expect(day3.change_failure_rate).toEqual({ failed: 2, total: 4, rate: 0.5, band: 'low', basis: 'deployments' });
    expect(day3.recovery_time).toMatchObject({ samples: 1, median_seconds: 2 * H, unrecovered: 1 });
    // a1 reached production on day 1 already: only b2 counts, 4 h.
    expect(day3.lead_time).toMatchObject({ samples: 1, median_seconds: 4 * H, basis: 'commits' });

    expect(result.overall.deployment_frequency).toEqual({ deployments: 5, per_day: 5 / 3, band: 'elite' });
    expect(result.overall.change_failure_rate).toEqual({ failed: 3, total: 7, rate: 3 / 7, band: 'low', basis: 'deployments' });
    // Nearest rank over [1 h, 2 h]: median = rank 1, p90 = rank 2.
    expect(result.overall.recovery_time).toEqual({ samples: 2, median_seconds: H, p90_seconds: 2 * H, unrecovered: 1, band: 'high', basis: 'deployments' });
    expect(result.overall.lead_time).toEqual({ samples: 2, median_seconds: 2 * H, p90_seconds: 4 * H, basis: 'commits', band: 'elite' });
    expect(result.thresholds.source).toMatch(/DORA/);
  });

  it('counts a commit only where it first reached production, even before the period', async () => {
    await seedPay();
    // Day 3 alone: a1 shipped on day 1 (before `from`), so only b2 is a sample;
    // a later event listing a1 in capitals is the same commit.
    await post({ service: 'pay', happened_at: at(3, 16), commits: [{ sha: 'A1A1A1A', authored_at: at(3, 15) }] });
    const day3 = await metrics({ service: 'pay', from: at(3, 0), to: at(4, 0) });
    expect(day3.overall.lead_time).toMatchObject({ samples: 1, median_seconds: 4 * H, basis: 'commits' });
    // The 12:00 fix recovers the 10:00 change; the new 16:00 success recovers
    // the 15:00 failure that was unrecovered before.
    expect(day3.overall.recovery_time).toMatchObject({ samples: 2, unrecovered: 0 });
  });

  it('buckets by ISO week (Monday, UTC), counting partial weeks by the days they cover', async () => {
    await seedPay();
    const result = await metrics({ service: 'pay', from: at(1, 0), to: at(4, 0), bucket: 'week' });
    expect(result.buckets.map(b => [b.start, b.deployment_frequency.deployments, b.deployment_frequency.per_day])).toEqual([
      ['2026-02-23T00:00:00.000Z', 2, 2],
      ['2026-03-02T00:00:00.000Z', 3, 1.5],
    ]);
  });

  it('falls back to the parent chain for lead time when no commit times were sent', async () => {
    await post({ service: 'api', environment: 'dev', deployment_id: 'api-dev-1', status: 'in-progress', happened_at: at(1, 9) });
    await post({ service: 'api', environment: 'dev', deployment_id: 'api-dev-1', happened_at: at(1, 9) });
    await post({ service: 'api', environment: 'staging', deployment_id: 'api-stg-1', parent_deployments: ['api-dev-1'], happened_at: at(1, 11) });
    await post({ service: 'api', deployment_id: 'api-prod-1', parent_deployments: ['api-stg-1'], happened_at: at(1, 12) });
    const result = await metrics({ service: 'api', from: at(1, 0), to: at(2, 0) });
    expect(result.overall.lead_time).toEqual({ samples: 1, median_seconds: 3 * H, p90_seconds: 3 * H, basis: 'parent_deployments', band: 'elite' });
    // Another environment instead of the production ones.
    const staging = await metrics({ service: 'api', environment: 'staging', from: at(1, 0), to: at(2, 0) });
    expect(staging.environments).toEqual(['staging']);
    expect(staging.overall.lead_time).toMatchObject({ median_seconds: 2 * H, basis: 'parent_deployments' });
  });

  it('rejects bad metric queries with a clear message', () => {
    const parse = (q: Record<string, string>) => () => parseMetricsQuery(q, ['prod'], Date.now());
    expect(parse({ bucket: 'month' })).toThrow("'bucket' must be day or week");
    expect(parse({ from: 'yesterday' })).toThrow("'from' must be an RFC 3339 timestamp");
    expect(parse({ from: at(2, 0), to: at(1, 0) })).toThrow("'from' must be before 'to'");
    expect(parse({ from: '2020-01-01T00:00:00Z', to: at(1, 0) })).toThrow('more than 400 buckets');
    expect(parse({ colour: 'blue' })).toThrow("Unknown query parameter 'colour'");
  });

  it('shows each lane with what waits to be promoted, and since when', async () => {
    // api: linked by parent_deployments; v2 and v3 reached dev after v1 went on.
    await post({ service: 'api', environment: 'dev', deployment_id: 'api-dev-1', version: 'v1', happened_at: at(1, 9) });
    await post({ service: 'api', environment: 'staging', deployment_id: 'api-stg-1', version: 'v1', parent_deployments: ['api-dev-1'], happened_at: at(1, 11) });
    await post({ service: 'api', deployment_id: 'api-prod-1', version: 'v1', parent_deployments: ['api-stg-1'], happened_at: at(1, 12) });
    await post({ service: 'api', environment: 'dev', deployment_id: 'api-dev-2', version: 'v2', happened_at: at(2, 10) });
    await post({ service: 'api', environment: 'dev', deployment_id: 'api-dev-3', version: 'v3', happened_at: at(3, 10) });
    await post({ service: 'api', environment: 'dev', deployment_id: 'api-dev-4', version: 'v4', status: 'failure', happened_at: at(3, 11) });
    // web: no parents, matched by version; a test deployment never waits.
    await post({ service: 'web', environment: 'staging', version: 'v5', happened_at: at(1, 10) });
    await post({ service: 'web', version: 'v5', happened_at: at(1, 12) });
    await post({ service: 'web', environment: 'staging', version: 'v6', happened_at: at(2, 10) });
    await post({ service: 'web', environment: 'staging', version: 'v9', is_test: true, happened_at: at(3, 10) });

    const { services } = await computePromotion({
      store,
      environmentOrder: ['dev', 'staging', 'prod'],
      entityRefFor: s => (s === 'api' ? 'component:default/api' : null),
    });
    const lane = (service: string) =>
      services.find(s => s.service === service)!.stages.map(stage => ({
        environment: stage.environment,
        current: stage.current?.version ?? null,
        previous: stage.previous_environment,
        waiting: stage.waiting.map(e => e.version),
        matched_by: stage.matched_by,
        since: stage.lagging_since,
      }));
    expect(services.map(s => [s.service, s.entity_ref])).toEqual([['api', 'component:default/api'], ['web', null]]);
    expect(lane('api')).toEqual([
      { environment: 'dev', current: 'v3', previous: null, waiting: [], matched_by: null, since: null },
      { environment: 'staging', current: 'v1', previous: 'dev', waiting: ['v3', 'v2'], matched_by: 'parent_deployments', since: '2026-03-02T10:00:00.000Z' },
      { environment: 'prod', current: 'v1', previous: 'staging', waiting: [], matched_by: 'parent_deployments', since: null },
    ]);
    expect(lane('web')).toEqual([
      { environment: 'staging', current: 'v6', previous: null, waiting: [], matched_by: null, since: null },
      { environment: 'prod', current: 'v5', previous: 'staging', waiting: ['v6'], matched_by: 'version', since: '2026-03-02T10:00:00.000Z' },
    ]);
    const one = await computePromotion({ store, service: 'web', environmentOrder: [], entityRefFor: () => null });
    expect(one.services.map(s => s.service)).toEqual(['web']);
  });
});
