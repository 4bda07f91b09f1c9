import { MatrixResponse, MetricsResponse, PromotionResponse } from '@deploydash/plugin-deployments-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { useDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { schemaErrors, schemaPtr } from '../__testUtils__/openapiOracle';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const H = 3600;
const at = (day: number, hour: number, minute = 0) =>
  `2026-03-0${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;

/** docs/api.md "Environment groups": prod's members in an order that is not alphabetical. */
const CONFIG = {
  deployments: {
    environments: {
      order: ['dev', 'staging', 'prod'],
      production: ['prod'],
      groups: { prod: ['prod-us', 'prod-eu'], west: ['a-west', 'b-west'], empty: ['nowhere'] },
    },
  },
};

describe.each(databases.eachSupportedId())('environment groups on %s', id => {
  const state = useDeploymentsBackend(databases, id, { config: CONFIG });
  let n = 0;
  const seed = (service: string, environment: string, happenedAt: string, more: Record<string, unknown> = {}) =>
    state.api.seed(
      eventInput({ service, environment, deployment_id: `d${++n}`, happened_at: happenedAt, ...more }),
    );
  const getJson = async <T>(path: string) => {
    const res = await state.api.get(path);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    // pay: dev v1 01:00, v2 02:00, v3 03:00; prod-eu v1 04:00, v2 05:00;
    // prod-us v1 04:30 then a failed v2 06:00; verify v1 07:00.
    for (const [version, hour] of [['v1', 1], ['v2', 2], ['v3', 3]] as const) {
      await seed('pay', 'dev', at(1, hour), { version });
    }
    await seed('pay', 'prod-eu', at(1, 4), { version: 'v1' });
    await seed('pay', 'prod-eu', at(1, 5), { version: 'v2' });
    await seed('pay', 'prod-us', at(1, 4, 30), { version: 'v1' });
    await seed('pay', 'prod-us', at(1, 6), { version: 'v2', status: 'failure' });
    await seed('pay', 'verify', at(1, 7), { version: 'v1' });
    // shop, production only: prod-eu success 10:00, failure 11:00; prod-us
    // successes 12:00 and 14:00 (no recovery of prod-eu's failure);
    // prod-eu success 15:00 recovers it after 4 h; staging counts nowhere.
    await seed('shop', 'staging', at(2, 9));
    await seed('shop', 'prod-eu', at(2, 10));
    await seed('shop', 'prod-eu', at(2, 11), { status: 'failure' });
    await seed('shop', 'prod-us', at(2, 12));
    await seed('shop', 'prod-us', at(2, 14));
    await seed('shop', 'prod-eu', at(2, 15));
    // Posted to the group's name: one more member. a-west: a group placed by
    // its name (after verify), though the member's own name sorts first.
    await seed('legacy', 'prod', at(2, 8));
    await seed('legacy', 'a-west', at(2, 8));
  });

  const ENVIRONMENTS = ['dev', 'staging', 'prod-us', 'prod-eu', 'prod', 'verify', 'a-west'];
  const GROUPS = [
    { name: 'prod', environments: ['prod-us', 'prod-eu', 'prod'] },
    { name: 'west', environments: ['a-west'] },
  ];

  it.each(['', '?view=summary', '?limit=1', '?view=summary&limit=2&service=shop&service=legacy'])(
    'orders the matrix with members adjacent and lists the groups with data: %s',
    async query => {
      const matrix = await getJson<MatrixResponse>(`/matrix${query}`);
      expect(matrix.environments).toEqual(ENVIRONMENTS);
      expect(matrix.environment_groups).toEqual(GROUPS);
      expect(schemaErrors(schemaPtr(query.includes('summary') ? 'MatrixSummary' : 'Matrix'), matrix)).toEqual([]);
      expect((await getJson<{ items: string[] }>('/environments')).items).toEqual(ENVIRONMENTS);
    },
  );

  it("counts each member's slots when a metric names the group or production does", async () => {
    const window = `from=${at(2, 0)}&to=${at(3, 0)}&service=shop`;
    for (const query of [window, `${window}&environment=prod`]) {
      const metrics = await getJson<MetricsResponse>(`/metrics?${query}`);
      expect(metrics.environments).toEqual(['prod-us', 'prod-eu', 'prod']);
      // Four successes; prod-eu's failure recovers at prod-eu's next success (4 h), not prod-us's.
      expect(metrics.overall.deployment_frequency.deployments).toBe(4);
      expect(metrics.overall.recovery_time).toMatchObject({ samples: 1, median_seconds: 4 * H, unrecovered: 0 });
    }
    const member = await getJson<MetricsResponse>(`/metrics?${window}&environment=prod-eu`);
    expect(member.environments).toEqual(['prod-eu']);
    expect(member.overall.deployment_frequency.deployments).toBe(2);
  });

  it('makes a group one promotion stage running the oldest of its members’ last successes', async () => {
    const promotion = await getJson<PromotionResponse>('/promotion?service=pay');
    expect(schemaErrors(schemaPtr('Promotion'), promotion)).toEqual([]);
    const stages = promotion.services[0].stages;
    const brief = stages.map(s => ({
      environment: s.environment,
      environments: s.environments,
      members: s.members?.map(m => [m.environment, m.current?.version, m.current?.happened_at]) ?? null,
      current: [s.current?.environment, s.current?.version],
      previous_environment: s.previous_environment,
      waiting: s.waiting.map(w => [w.environment, w.version]),
      matched_by: s.matched_by,
      lagging_since: s.lagging_since,
    }));
    expect(brief).toEqual([
      {
        environment: 'dev',
        environments: ['dev'],
        members: null,
        current: ['dev', 'v3'],
        previous_environment: null,
        waiting: [],
        matched_by: null,
        lagging_since: null,
      },
      {
        // prod-us still runs v1 (its v2 failed): v1 runs everywhere; v3 and v2 wait since dev's v2.
        environment: 'prod',
        environments: ['prod-us', 'prod-eu'],
        members: [
          ['prod-us', 'v1', at(1, 4, 30)],
          ['prod-eu', 'v2', at(1, 5)],
        ],
        current: ['prod-us', 'v1'],
        previous_environment: 'dev',
        waiting: [
          ['dev', 'v3'],
          ['dev', 'v2'],
        ],
        matched_by: 'version',
        lagging_since: at(1, 2),
      },
      {
        // The group's successes are all its members': prod-eu's v2 waits.
        environment: 'verify',
        environments: ['verify'],
        members: null,
        current: ['verify', 'v1'],
        previous_environment: 'prod',
        waiting: [['prod-eu', 'v2']],
        matched_by: 'version',
        lagging_since: at(1, 5),
      },
    ]);
  });
});
