import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  ActivityResponse,
  GroupInsightsResponse,
} from '@deploydash/plugin-deployments-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { postVoid } from '../__testUtils__/voidRequests';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const H = 3600;
/** 2026-03-0d hh:mm UTC; 2026-03-04 is a Wednesday. */
const at = (day: number, hour: number, minute = 0, second = 0) =>
  `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:${String(
    second,
  ).padStart(2, '0')}Z`;

const entity = (kind: string, name: string, spec: JsonObject): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec,
});
const component = (name: string, spec: JsonObject) =>
  entity('Component', name, { type: 'service', lifecycle: 'production', ...spec });

/**
 * team-a owns alpha and beta, both in system `shop` (one written short, one
 * as a full ref); team-b owns gamma (no system); delta and omega have no
 * entity (unowned, no system).
 */
const ENTITIES = [
  entity('Group', 'team-a', { type: 'team', children: [] }),
  entity('Group', 'team-b', { type: 'team', children: [] }),
  entity('System', 'shop', { owner: 'team-a' }),
  component('alpha', { owner: 'team-a', system: 'shop' }),
  component('beta', { owner: 'group:default/team-a', system: 'system:default/shop' }),
  component('gamma', { owner: 'team-b' }),
];

/** The period of the team tests and the one of the same length before it. */
const FROM = at(4, 0);
const TO = at(6, 0);

const iso = (t: string) => t.replace('Z', '.000Z');

describe.each(databases.eachSupportedId())('organisation insights on %s', id => {
  let api: Awaited<ReturnType<typeof startDeploymentsBackend>>;
  const getJson = async <T>(path: string): Promise<T> => {
    const res = await api.get(path);
    const body = await res.text();
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return JSON.parse(body) as T;
  };

  beforeAll(async () => {
    api = await startDeploymentsBackend({ knex: await databases.init(id), entities: ENTITIES });
    const seed = (
      service: string,
      deploymentId: string,
      status: string,
      happenedAt: string,
      more: Record<string, unknown> = {},
    ) =>
      api.seed(
        eventInput({ service, environment: 'prod', status, deployment_id: deploymentId, happened_at: happenedAt, ...more }),
      );
    // Previous period (2 and 3 March).
    await seed('alpha', 'p1', 'success', at(2, 10));
    await seed('alpha', 'p2', 'success', at(3, 10));
    await seed('gamma', 'p3', 'failure', at(3, 9));
    await seed('gamma', 'p4', 'success', at(3, 10));
    // The period (4 and 5 March).
    // alpha: a 3-minute run; a failure recovered 1.5 h later by a 30-minute run.
    await seed('alpha', 'a1', 'in-progress', at(4, 10));
    await seed('alpha', 'a1', 'success', at(4, 10, 3));
    await seed('alpha', 'a2', 'failure', at(4, 12));
    await seed('alpha', 'a3', 'in-progress', at(4, 13));
    await seed('alpha', 'a3', 'success', at(4, 13, 30));
    // beta: a 30-second run (queued, then succeeded).
    await seed('beta', 'b1', 'queued', at(5, 8));
    await seed('beta', 'b1', 'success', at(5, 8, 0, 30));
    // gamma: a 2-hour run; its staging failure and a test deployment count nowhere.
    await seed('gamma', 'g1', 'in-progress', at(5, 9));
    await seed('gamma', 'g1', 'success', at(5, 11));
    await seed('gamma', 'g2', 'failure', at(5, 12), { environment: 'staging' });
    await seed('gamma', 'g3', 'failure', at(5, 13), { is_test: true });
    // delta: a lone success (no start, so no duration).
    await seed('delta', 'd1', 'success', at(5, 10));
    // omega, for the time zones: around Europe/Berlin's switch to summer
    // time on Sunday 29 March 2026 at 01:00 UTC.
    await seed('omega', 'o1', 'success', at(28, 9)); // Saturday
    await seed('omega', 'o2', 'success', at(29, 0, 30)); // Sunday, 01:30 CET
    await seed('omega', 'o3', 'success', at(29, 1, 30)); // Sunday, 03:30 CEST
    await seed('omega', 'o4', 'success', at(30, 9)); // Monday
    await seed('omega', 'o5', 'failure', at(30, 9, 20));
  });
  afterAll(() => api.backend.stop());

  it('gives DORA per owning team for the period and the one before, unowned last', async () => {
    const body = await getJson<GroupInsightsResponse>(`/insights/teams?from=${FROM}&to=${TO}`);
    expect(body).toMatchObject({
      group_by: 'team',
      environments: ['prod', 'production'],
      from: iso(FROM),
      to: iso(TO),
      previous: { from: iso(at(2, 0)), to: iso(FROM) },
    });
    expect(body.items.map(i => [i.ref, i.services])).toEqual([
      ['group:default/team-a', 2],
      ['group:default/team-b', 1],
      [null, 2],
    ]);
    const [teamA, teamB, unowned] = body.items;
    // team-a: successes a1, a3, b1 over 2 days; 1 failure of 4 terminal deploys.
    expect(teamA.current.deployment_frequency).toEqual({ deployments: 3, per_day: 1.5, band: 'elite' });
    expect(teamA.current.change_failure_rate).toEqual({ failed: 1, total: 4, rate: 0.25, band: 'low', basis: 'deployments' });
    expect(teamA.current.recovery_time).toMatchObject({ samples: 1, median_seconds: 1.5 * H, unrecovered: 0 });
    // Durations of a1 (180 s), a3 (1800 s) and b1 (30 s): the median is 180 s.
    expect(teamA.current.deployment_duration).toEqual({ samples: 3, median_seconds: 180, p90_seconds: 1800 });
    expect(teamA.previous.deployment_frequency).toEqual({ deployments: 2, per_day: 1, band: 'elite' });
    expect(teamA.previous.change_failure_rate).toMatchObject({ failed: 0, total: 2, rate: 0 });

    expect(teamB.current.deployment_frequency).toEqual({ deployments: 1, per_day: 0.5, band: 'high' });
    expect(teamB.current.change_failure_rate).toMatchObject({ failed: 0, total: 1, rate: 0 });
    expect(teamB.previous.change_failure_rate).toMatchObject({ failed: 1, total: 2, rate: 0.5 });
    expect(teamB.previous.recovery_time).toMatchObject({ samples: 1, median_seconds: H });

    expect(unowned.current.deployment_frequency.deployments).toBe(1);
    expect(unowned.previous.deployment_frequency).toEqual({ deployments: 0, per_day: 0, band: 'low' });
    expect(unowned.previous.change_failure_rate).toEqual({ failed: 0, total: 0, rate: null, band: null, basis: 'deployments' });
  });

  it('gives DORA per system, spec.system completed to a full ref', async () => {
    const body = await getJson<GroupInsightsResponse>(`/insights/systems?from=${FROM}&to=${TO}`);
    expect(body.group_by).toBe('system');
    expect(body.items.map(i => [i.ref, i.services])).toEqual([
      ['system:default/shop', 2],
      [null, 3],
    ]);
    const [shop, none] = body.items;
    expect(shop.current.deployment_frequency.deployments).toBe(3);
    expect(shop.current.change_failure_rate.rate).toBe(0.25);
    // gamma's g1 and delta's d1.
    expect(none.current.deployment_frequency.deployments).toBe(2);
    expect(none.previous.change_failure_rate).toMatchObject({ failed: 1, total: 2 });
  });

  const cell = (body: ActivityResponse, weekday: string, hour: number) =>
    body.weekday_hour.find(d => d.weekday === weekday)!.hours[hour];
  /** The non-empty cells as "weekday hour successes/failures". */
  const busy = (body: ActivityResponse) =>
    body.weekday_hour.flatMap(d =>
      d.hours
        .filter(h => h.successes || h.failures)
        .map(h => `${d.weekday} ${h.hour} ${h.successes}/${h.failures}`),
    );

  it('counts production deploys by weekday and hour (UTC by default) and buckets run durations', async () => {
    const body = await getJson<ActivityResponse>(`/insights/activity?from=${FROM}&to=${TO}`);
    expect(body).toMatchObject({ tz: 'UTC', team: null, from: iso(FROM), to: iso(TO) });
    expect(body.weekday_hour.map(d => d.weekday)).toEqual([
      'monday',
      'tuesday',
      'wednesday',
      'thursday',
      'friday',
      'saturday',
      'sunday',
    ]);
    expect(body.weekday_hour.every(d => d.hours.length === 24)).toBe(true);
    expect(busy(body)).toEqual([
      'wednesday 10 1/0',
      'wednesday 12 0/1',
      'wednesday 13 1/0',
      'thursday 8 1/0',
      'thursday 10 1/0',
      'thursday 11 1/0',
    ]);
    expect(body.durations).toEqual({
      samples: 4,
      buckets: [
        { label: '<1m', min_seconds: 0, max_seconds: 60, runs: 1 },
        { label: '1–5m', min_seconds: 60, max_seconds: 300, runs: 1 },
        { label: '5–15m', min_seconds: 300, max_seconds: 900, runs: 0 },
        { label: '15–60m', min_seconds: 900, max_seconds: 3600, runs: 1 },
        { label: '≥1h', min_seconds: 3600, max_seconds: null, runs: 1 },
      ],
    });
  });

  it('narrows activity to a team', async () => {
    const body = await getJson<ActivityResponse>(`/insights/activity?from=${FROM}&to=${TO}&team=team-b`);
    expect(body.team).toBe('group:default/team-b');
    expect(busy(body)).toEqual(['thursday 11 1/0']);
    expect(body.durations.buckets.map(b => b.runs)).toEqual([0, 0, 0, 0, 1]);
    const nobody = await getJson<ActivityResponse>(`/insights/activity?from=${FROM}&to=${TO}&team=group:default/nobody`);
    expect(busy(nobody)).toEqual([]);
    expect(nobody.durations.samples).toBe(0);
  });

  it('places hours on the wall clock of the zone, across a daylight-saving change', async () => {
    const period = `from=${at(28, 0)}&to=${at(31, 0)}`;
    const utc = await getJson<ActivityResponse>(`/insights/activity?${period}`);
    expect(busy(utc)).toEqual(['monday 9 1/1', 'saturday 9 1/0', 'sunday 0 1/0', 'sunday 1 1/0']);
    // CET (+1) before 01:00 UTC on Sunday, CEST (+2) after: 02:00 never happens.
    const berlin = await getJson<ActivityResponse>(`/insights/activity?${period}&tz=Europe/Berlin`);
    expect(berlin.tz).toBe('Europe/Berlin');
    expect(busy(berlin)).toEqual(['monday 11 1/1', 'saturday 10 1/0', 'sunday 1 1/0', 'sunday 3 1/0']);
    expect(cell(berlin, 'sunday', 2)).toEqual({ hour: 2, successes: 0, failures: 0 });
    // +5:45: 09:00 UTC is 14:45, 09:20 UTC is 15:05 (a 15-minute slot apart).
    const kathmandu = await getJson<ActivityResponse>(`/insights/activity?${period}&tz=Asia/Kathmandu`);
    expect(busy(kathmandu)).toEqual(['monday 14 1/0', 'monday 15 0/1', 'saturday 14 1/0', 'sunday 6 1/0', 'sunday 7 1/0']);
    // New York had already switched (8 March): UTC-4 all period; Saturday 09:00 UTC is 05:00.
    const newYork = await getJson<ActivityResponse>(`/insights/activity?${period}&tz=America/New_York`);
    expect(busy(newYork)).toEqual(['monday 5 1/1', 'saturday 5 1/0', 'saturday 20 1/0', 'saturday 21 1/0']);
  });

  it.each([
    ['/insights/teams?bucket=day', "Unknown query parameter 'bucket'"],
    ['/insights/systems?tz=UTC', "Unknown query parameter 'tz'"],
    ['/insights/teams?from=yesterday', "Query parameter 'from' must be an RFC 3339 timestamp"],
    [`/insights/teams?from=${TO}&to=${FROM}`, "Query parameter 'from' must be before 'to'"],
    [`/insights/systems?from=${FROM}&to=${FROM}`, "Query parameter 'from' must be before 'to'"],
    ['/insights/teams?from=2024-01-01T00:00:00Z&to=2026-01-02T00:00:00Z', 'The period must be at most 731 days'],
    [`/insights/teams?to=${TO}&to=${TO}`, "Query parameter 'to' must be given once"],
    ['/insights/activity?tz=Mars/Olympus_Mons', "Query parameter 'tz' must be an IANA time zone such as Europe/Berlin"],
    ['/insights/activity?tz=', "Query parameter 'tz' must be an IANA time zone such as Europe/Berlin"],
    ['/insights/activity?team=user:default/jane', "Query parameter 'team' must be a Group entity ref"],
    ['/insights/activity?service=alpha', "Unknown query parameter 'service'"],
  ])('answers 400 for %s', async (path, detail) => {
    const res = await api.get(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await res.json()).detail).toContain(detail);
  });

  it('leaves voided events out of the weekday × hour counts', async () => {
    const period = `/insights/activity?from=${at(20, 0)}&to=${at(21, 0)}`;
    const { id: eventId } = (await api.seed(
      eventInput({ service: 'delta', environment: 'prod', status: 'success', deployment_id: 'v1', happened_at: at(20, 15) }),
    )) as { id: string };
    expect(busy(await getJson<ActivityResponse>(period))).toEqual(['friday 15 1/0']);
    expect((await postVoid(api.baseUrl, eventId, { reason: 'posted to the wrong service' })).status).toBe(200);
    expect(busy(await getJson<ActivityResponse>(period))).toEqual([]);
  });

  it('answers 401 without credentials', async () => {
    for (const path of ['/insights/teams', '/insights/systems', '/insights/activity']) {
      const res = await fetch(`${api.baseUrl}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
    }
  });
});
