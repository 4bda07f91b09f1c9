import { Entity } from '@backstage/catalog-model';
import {
  compareCodePoints,
  DeploymentEvent,
  MatrixResponse,
  MatrixService,
} from '@deploydash/plugin-deployments-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const SUMMARY_FIELDS = ['id', 'deployment_id', 'status', 'happened_at', 'version', 'run_url', 'run_number', 'actor'];

const entity = (name: string, owner: string, namespace = 'default', relationsOwner?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace },
  spec: { type: 'service', owner, lifecycle: 'production' },
  ...(relationsOwner ? { relations: [{ type: 'ownedBy', targetRef: relationsOwner }] } : {}),
});

/** Owners as written in catalog files, completed to group:<entity's namespace>/<name>. */
const ENTITIES = [
  entity('checkout', 'payments'),
  entity('CheckoutAPI', 'group:default/Payments'),
  entity('search', 'user:jane'),
  entity('billing', 'payments', 'finance'),
  entity('ledger', 'ignored', 'default', 'group:default/payments'),
];

/** Names whose code-point order differs from UTF-16 order, and from PostgreSQL locale order. */
const SERVICES = [
  'checkout', 'CheckoutAPI', 'search', 'billing', 'ledger', 'Zeta', 'alpha', 'a\uFF5E', 'a\u{1F600}',
  'check_out', 'ch%ck', ...Array.from({ length: 14 }, (_, i) => `svc-${String(i).padStart(2, '0')}`),
];
const ENVIRONMENTS = ['dev', 'staging', 'prod', 'qa'];

const pick = (event: DeploymentEvent | null) =>
  event && Object.fromEntries(SUMMARY_FIELDS.map(f => [f, event[f as keyof DeploymentEvent]]));

describe.each(databases.eachSupportedId())('matrix parameters on %s', id => {
  let api: Awaited<ReturnType<typeof startDeploymentsBackend>>;
  const getJson = async (path: string) => {
    const res = await api.get(path);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return (await res.json()) as MatrixResponse;
  };
  /** Every page of a paged read, walked to its end. */
  const walk = async (path: string, limit: number) => {
    const pages: MatrixResponse[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await getJson(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.services.length).toBeLessThanOrEqual(limit);
      pages.push(page);
      cursor = page.next_cursor;
    } while (cursor);
    return pages;
  };
  const names = (services: MatrixService[]) => services.map(s => s.service);

  beforeAll(async () => {
    api = await startDeploymentsBackend({ knex: await databases.init(id), entities: ENTITIES });
    let n = 0;
    for (const service of SERVICES) {
      for (const environment of ENVIRONMENTS.slice(0, 1 + (service.length % ENVIRONMENTS.length))) {
        n += 1;
        await api.seed(eventInput({ service, environment, deployment_id: `d${n}`, version: `1.${n}`, happened_at: '2026-01-01T10:00:00Z' }));
        // Every seventh slot then fails, every fifth (else) is still running.
        const status = [n % 7 === 0 && 'failure', n % 5 === 0 && 'in-progress'].find(Boolean);
        if (status) await api.seed(eventInput({ service, environment, status, deployment_id: `d${n}b`, happened_at: '2026-01-02T10:00:00Z' }));
      }
    }
  });
  afterAll(() => api.backend.stop());

  it('answers the v1 matrix without new parameters: compact JSON, no next_cursor, one ETag', async () => {
    const res = await api.get('/matrix', { 'Accept-Encoding': 'identity' });
    const text = await res.text();
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^W\/"\d+\.\d+\.[0-9a-f]{16}"$/);
    expect(text).toBe(JSON.stringify(JSON.parse(text)));
    // environment_groups: this project's extension (docs/api.md "Environment groups").
    expect(Object.keys(JSON.parse(text))).toEqual(['environments', 'environment_groups', 'services']);
    const explicit = await api.get('/matrix?view=full', { 'Accept-Encoding': 'identity' });
    expect(await explicit.text()).toBe(text);
    expect(explicit.headers.get('etag')).toBe(etag);
    expect((await api.get('/matrix?service=checkout')).headers.get('etag')).toBe(etag);
    expect((await api.get('/matrix', { 'If-None-Match': etag! })).status).toBe(304);
  });

  it('cuts every event of the summary view down to the summary fields of the full view', async () => {
    const full = await getJson('/matrix');
    const summary = await getJson('/matrix?view=summary');
    expect(summary.environments).toEqual(full.environments);
    expect(names(summary.services)).toEqual(names(full.services));
    for (const [i, row] of full.services.entries()) {
      expect(summary.services[i].entity_ref).toBe(row.entity_ref);
      for (const [env, slot] of Object.entries(row.slots)) {
        const cut = summary.services[i].slots[env];
        expect(Object.keys(cut.current).sort()).toEqual([...SUMMARY_FIELDS].sort());
        expect(cut).toEqual({ current: pick(slot.current), last_successful: pick(slot.last_successful) });
      }
    }
    const gzip = await api.get('/matrix?view=summary', { 'Accept-Encoding': 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(await gzip.json()).toEqual(summary);
  });

  it('keeps exactly the services each filter names, as computed from the full matrix', async () => {
    const full = await getJson('/matrix');
    const failing = (s: MatrixService) => Object.values(s.slots).some(slot => slot.current.status === 'failure');
    const owners: Record<string, string[]> = {
      'group:default/payments': ['checkout', 'CheckoutAPI', 'ledger'],
      'user:default/jane': ['search'],
      'group:finance/payments': ['billing'],
    };
    const cases: Array<[string, (s: MatrixService) => boolean]> = [
      ['q=CHECK', s => s.service.toLowerCase().includes('check')],
      ['q=ch%25ck', s => s.service.includes('ch%ck')],
      ['q=_', s => s.service.includes('_')],
      ['q=', () => true],
      ['owner=payments', s => owners['group:default/payments'].includes(s.service)],
      ['owner=User:Jane', s => s.service === 'search'],
      ['owner=group:finance/payments', s => s.service === 'billing'],
      ['owner=group:default/nobody', () => false],
      ['failures_only=true', failing],
      ['failures_only=false', () => true],
      ['service=Zeta&service=alpha&service=unknown', s => ['Zeta', 'alpha'].includes(s.service)],
      ['q=svc&failures_only=true', s => s.service.includes('svc') && failing(s)],
      ['owner=payments&service=checkout&service=Zeta', s => s.service === 'checkout'],
      ['q=e&owner=payments&failures_only=true', s => /e/i.test(s.service) && owners['group:default/payments'].includes(s.service) && failing(s)],
    ];
    // The filters keep some services and leave others out.
    const count = (keep: (s: MatrixService) => boolean) => full.services.filter(keep).length;
    expect([count(cases[0][1]), count(cases[4][1]), count(cases[8][1])]).toEqual([3, 3, expect.any(Number)]);
    expect(count(failing)).toBeGreaterThan(3);
    expect(count(failing)).toBeLessThan(full.services.length - 3);
    for (const [query, keep] of cases) {
      const expected = full.services.filter(keep);
      const answer = await getJson(`/matrix?${query}`);
      expect({ query, services: answer.services }).toEqual({ query, services: expected });
      expect(answer.environments).toEqual(full.environments);
      // The same, page by page.
      const pages = await walk(`/matrix?${query}`, 2);
      expect({ query, paged: pages.flatMap(p => p.services) }).toEqual({ query, paged: expected });
      expect(pages.every(p => p.environments.join() === full.environments.join())).toBe(true);
    }
  });

  it('takes 100 repeated services, more than Express reads as an array', async () => {
    const many = [...SERVICES, ...Array.from({ length: 100 - SERVICES.length }, (_, i) => `absent-${i}`)];
    const answer = await getJson(`/matrix?${many.map(s => `service=${encodeURIComponent(s)}`).join('&')}`);
    expect(names(answer.services)).toEqual([...SERVICES].sort(compareCodePoints));
    expect((await api.get(`/matrix?${[...many, 'x'].map(s => `service=${encodeURIComponent(s)}`).join('&')}`)).status).toBe(400);
  });

  it('walks every service exactly once, in code-point order, while events arrive between pages', async () => {
    const before = names((await getJson('/matrix')).services);
    const seen: string[] = [];
    let cursor: string | null | undefined;
    let n = 0;
    do {
      const page = await getJson(`/matrix?view=summary&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...names(page.services));
      cursor = page.next_cursor;
      // A new service on either side of the cursor, and a new slot and event for existing ones.
      n += 1;
      await api.seed(eventInput({ service: `new-${n}`, deployment_id: `n${n}` }));
      await api.seed(eventInput({ service: `zz-new-${n}`, deployment_id: `z${n}` }));
      await api.seed(eventInput({ service: before[n % before.length], environment: `env-${n}`, deployment_id: `e${n}` }));
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort(compareCodePoints)).toEqual(seen);
    for (const service of before) expect(seen).toContain(service);
    const last = await getJson(`/matrix?limit=1000`);
    expect(last.next_cursor).toBeNull();
    expect(last.environments).toEqual((await getJson('/matrix')).environments);
  });

  it('gives each request its own ETag, and 304 for it until the log changes', async () => {
    const v1 = (await api.get('/matrix')).headers.get('etag');
    const paged = await api.get('/matrix?view=summary&limit=2');
    const etag = paged.headers.get('etag')!;
    expect(etag).not.toBe(v1);
    expect(etag.startsWith(v1!.slice(0, -1))).toBe(true);
    expect((await api.get('/matrix?limit=2&view=summary', { 'If-None-Match': etag })).status).toBe(304);
    expect((await api.get('/matrix?view=summary&limit=3', { 'If-None-Match': etag })).status).toBe(200);
    await api.seed(eventInput({ deployment_id: 'etag-change' }));
    expect((await api.get('/matrix?view=summary&limit=2', { 'If-None-Match': etag })).status).toBe(200);
  });

  it.each([
    ['an unknown parameter', '?services=a'],
    ['limit 0', '?limit=0'],
    ['limit 1001', '?limit=1001'],
    ['a malformed cursor', '?limit=2&cursor=abc'],
    ['a bad view', '?view=compact'],
    ['a bad failures_only', '?failures_only=1'],
    ['a repeated owner', '?owner=a&owner=b'],
    ['a malformed owner', '?owner=group:'],
    ['a q of 201 characters', `?q=${'x'.repeat(201)}`],
  ])('answers 400 problem+json to %s', async (_name, query) => {
    const res = await api.get(`/matrix${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
