import { Entity } from '@backstage/catalog-model';
import { MatrixResponse, MetricsResponse } from '@deploydash/plugin-deployments-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { matrixVariant, parseMatrixQuery } from './matrixQuery';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const H = 3600;
const at = (day: number, hour: number) => `2026-03-0${day}T${String(hour).padStart(2, '0')}:00:00Z`;

const group = (name: string, spec: { parent?: string; children?: string[] } = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [], ...spec },
});
const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', owner, lifecycle: 'production' },
});

/**
 * `commerce` owns shop-web directly and, through its child group
 * `checkout-squad` (linked by the child's spec.parent only), cart and pay.
 * `other` owns search; `lone` has no entity; the group named like a service
 * (`search`) must not become one.
 */
const ENTITIES = [
  group('commerce'),
  group('checkout-squad', { parent: 'commerce' }),
  group('other'),
  group('search'),
  component('shop-web', 'commerce'),
  component('cart', 'checkout-squad'),
  component('pay', 'group:default/checkout-squad'),
  component('search', 'other'),
  component('tool', 'user:jane'),
];

describe('parseMatrixQuery team', () => {
  it('completes the team as a Group ref and gives the read its own ETag variant', () => {
    expect(parseMatrixQuery('team=Commerce').team).toBe('group:default/commerce');
    expect(parseMatrixQuery('team=group:shop/Web').team).toBe('group:shop/web');
    expect(matrixVariant(parseMatrixQuery('team=commerce'))).not.toBe(matrixVariant(parseMatrixQuery('team=other')));
    expect(matrixVariant(parseMatrixQuery('team=commerce'))).not.toBe(matrixVariant(parseMatrixQuery('owner=commerce')));
  });
});

describe.each(databases.eachSupportedId())('team scope of matrix and metrics on %s', id => {
  let api: Awaited<ReturnType<typeof startDeploymentsBackend>>;
  const getJson = async <T>(path: string) => {
    const res = await api.get(path);
    expect({ path, status: res.status, body: res.status === 200 ? '' : await res.text() }).toEqual({
      path,
      status: 200,
      body: '',
    });
    return { json: (await res.json()) as T, etag: res.headers.get('etag') };
  };
  const services = async (query: string) =>
    (await getJson<MatrixResponse>(`/matrix?${query}`)).json.services.map(s => s.service);
  const metrics = async (query: string) =>
    (await getJson<MetricsResponse>(`/metrics?from=${at(1, 0)}&to=${at(3, 0)}&${query}`)).json;

  beforeAll(async () => {
    api = await startDeploymentsBackend({ knex: await databases.init(id), entities: ENTITIES });
    let n = 0;
    const seed = (service: string, status: string, happenedAt: string, environment = 'prod') =>
      api.seed(eventInput({ service, environment, status, deployment_id: `d${++n}`, happened_at: happenedAt }));
    // The team's production history, by hand (docs/metrics.md):
    // shop-web: success day 1 10:00, failure 12:00, success 14:00 (recovered in 2 h);
    await seed('shop-web', 'success', at(1, 10));
    await seed('shop-web', 'failure', at(1, 12));
    await seed('shop-web', 'success', at(1, 14));
    // cart: success day 2 09:00 (its staging deploy counts nowhere);
    await seed('cart', 'success', at(1, 8), 'staging');
    await seed('cart', 'success', at(2, 9));
    // pay: failure day 2 11:00, never recovered.
    await seed('pay', 'failure', at(2, 11));
    // Not the team's: another group's, a user's and an unlinked service.
    await seed('search', 'success', at(1, 9));
    await seed('search', 'failure', at(2, 9));
    await seed('tool', 'success', at(1, 9));
    await seed('lone', 'failure', at(1, 10));
  });
  afterAll(() => api.backend.stop());

  it('GET /matrix?team: the services of the group and of its child group, not others', async () => {
    expect(await services('team=commerce')).toEqual(['cart', 'pay', 'shop-web']);
    expect(await services('team=group:default/checkout-squad')).toEqual(['cart', 'pay']);
    expect(await services('team=Other')).toEqual(['search']);
    // The group named `search` is no service: the component keeps the link.
    const search = await getJson<MatrixResponse>('/matrix?service=search');
    expect(search.json.services[0].entity_ref).toBe('component:default/search');
    // `owner` stays "owned directly".
    expect(await services('owner=commerce')).toEqual(['shop-web']);
    // Filters combine by AND; pages walk the team's services.
    expect(await services('team=commerce&service=cart&service=search')).toEqual(['cart']);
    expect(await services('team=commerce&owner=checkout-squad')).toEqual(['cart', 'pay']);
    expect(await services('team=commerce&failures_only=true')).toEqual(['pay']);
    const page = await getJson<MatrixResponse>('/matrix?team=commerce&limit=2');
    expect(page.json.services.map(s => s.service)).toEqual(['cart', 'pay']);
    const rest = await getJson<MatrixResponse>(`/matrix?team=commerce&limit=2&cursor=${page.json.next_cursor}`);
    expect(rest.json).toMatchObject({ next_cursor: null, services: [{ service: 'shop-web', entity_ref: 'component:default/shop-web' }] });
  });

  it('GET /matrix?team: an unknown group owns nothing; each team has its own ETag', async () => {
    const nobody = await getJson<MatrixResponse>('/matrix?team=nobody');
    expect(nobody.json.services).toEqual([]);
    // The environments are always the whole list.
    expect(nobody.json.environments).toEqual(['staging', 'prod']);
    const commerce = await getJson<MatrixResponse>('/matrix?team=commerce');
    const squad = await getJson<MatrixResponse>('/matrix?team=checkout-squad');
    expect(commerce.etag).not.toBe(squad.etag);
    const again = await api.get('/matrix?team=commerce', { 'If-None-Match': commerce.etag! });
    expect(again.status).toBe(304);
    expect((await api.get('/matrix?team=checkout-squad', { 'If-None-Match': commerce.etag! })).status).toBe(200);
  });

  it('GET /metrics?team: the DORA metrics of the team\'s services together, as computed by hand', async () => {
    const team = await metrics('team=commerce');
    expect(team.service).toBeNull();
    expect(team.overall.deployment_frequency).toEqual({ deployments: 3, per_day: 1.5, band: 'elite' });
    expect(team.overall.change_failure_rate).toEqual({ failed: 2, total: 5, rate: 0.4, band: 'low', basis: 'deployments' });
    expect(team.overall.recovery_time).toEqual({
      samples: 1,
      median_seconds: 2 * H,
      p90_seconds: 2 * H,
      unrecovered: 1,
      band: 'high',
      basis: 'deployments',
    });
    expect(team.overall.lead_time).toMatchObject({ samples: 0, basis: null, band: null });
    expect(team.buckets.map(b => [b.deployment_frequency.deployments, b.change_failure_rate.failed])).toEqual([
      [2, 1],
      [1, 1],
    ]);

    // The child group alone: cart and pay.
    const squad = await metrics('team=checkout-squad');
    expect(squad.overall.deployment_frequency.deployments).toBe(1);
    expect(squad.overall.change_failure_rate).toMatchObject({ failed: 1, total: 2, rate: 0.5 });

    // All services together count more: the team's numbers are not everyone's.
    const all = await metrics('');
    expect(all.overall.deployment_frequency.deployments).toBe(5);
  });

  it('GET /metrics?team: an unknown group is an empty result, not an error', async () => {
    const nobody = await metrics('team=group:default/nobody');
    expect(nobody.overall.deployment_frequency).toEqual({ deployments: 0, per_day: 0, band: 'low' });
    expect(nobody.overall.change_failure_rate).toEqual({ failed: 0, total: 0, rate: null, band: null, basis: 'deployments' });
    expect(nobody.buckets).toHaveLength(2);
  });

  it.each([
    ['/matrix?team=', 'an empty team'],
    ['/matrix?team=group:', 'a malformed team'],
    ['/matrix?team=user:jane', 'a team of another kind'],
    ['/matrix?team=a&team=b', 'a repeated team'],
    ['/metrics?team=group:', 'a malformed team'],
    ['/metrics?team=component:default/cart', 'a team of another kind'],
    ['/metrics?team=commerce&service=cart', 'a team with a service'],
  ])('%s is 400 (%s)', async path => {
    const res = await api.get(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await res.json()).detail).toMatch(/team/);
  });
});
