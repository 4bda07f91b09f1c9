import { mockCredentials } from '@backstage/backend-test-utils';
import { MatrixResponse } from '@deploydash/plugin-deployments-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend, TEST_API_KEY } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { componentEntity } from '../__testUtils__/entities';

jest.setTimeout(60_000);

const databases = createTestDatabases();


describe.each(databases.eachSupportedId())('reads on %s', id => {
  let api: Awaited<ReturnType<typeof startDeploymentsBackend>>;

  beforeAll(async () => {
    api = await startDeploymentsBackend({
      knex: await databases.init(id),
      entities: [
        componentEntity('checkout'),
        componentEntity('search', { 'deployments/service-name': 'search-indexer' }),
      ],
    });
    const posts = [
      eventInput({ service: 'checkout', environment: 'prod', status: 'success', version: '1', happened_at: '2026-01-01T10:00:00Z' }),
      eventInput({ service: 'checkout', environment: 'prod', status: 'failure', version: '2', happened_at: '2026-01-02T10:00:00Z' }),
      eventInput({ service: 'checkout', environment: 'dev', status: 'in-progress', happened_at: '2026-01-02T09:00:00Z' }),
      eventInput({ service: 'search-indexer', environment: 'qa', status: 'success', happened_at: '2026-01-01T08:00:00Z' }),
      eventInput({ service: 'Zeta', environment: 'alpha', status: 'success', happened_at: '2026-01-01T07:00:00Z' }),
    ];
    for (const body of posts) await api.seed(body);
  });
  afterAll(() => api.backend.stop());

  it('serves the matrix: configured environments first, entity refs from the catalog', async () => {
    const res = await api.get('/matrix');
    expect(res.status).toBe(200);
    const matrix: MatrixResponse = await res.json();
    expect(matrix.environments).toEqual(['dev', 'prod', 'alpha', 'qa']);
    expect(matrix.services.map(s => [s.service, s.entity_ref])).toEqual([
      ['Zeta', null],
      ['checkout', 'component:default/checkout'],
      ['search-indexer', 'component:default/search'],
    ]);
    const prod = matrix.services[1].slots.prod;
    expect(prod.current.version).toBe('2');
    expect(prod.last_successful?.version).toBe('1');
    expect(matrix.services[1].slots.dev.last_successful).toBeNull();
    expect(matrix.services[1].slots.staging).toBeUndefined();
  });

  it('filters the matrix by service without changing the environments', async () => {
    const matrix: MatrixResponse = await (await api.get('/matrix?service=Zeta')).json();
    expect(matrix.services.map(s => s.service)).toEqual(['Zeta']);
    expect(matrix.environments).toEqual(['dev', 'prod', 'alpha', 'qa']);
  });

  it('answers 304 to a current ETag and 200 once the log changed', async () => {
    const first = await api.get('/matrix');
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect((await api.get('/matrix', { 'If-None-Match': etag })).status).toBe(304);
    await api.post(eventInput({ service: 'checkout', environment: 'staging' }));
    const after = await api.get('/matrix', { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const matrix: MatrixResponse = await after.json();
    expect(matrix.services.find(s => s.service === 'checkout')?.slots.staging).toBeDefined();
  });

  it('serves the matrix gzipped or plain, the same document either way', async () => {
    const gzipped = await api.get('/matrix', { 'Accept-Encoding': 'gzip' });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    const plain = await api.get('/matrix', { 'Accept-Encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('content-type')).toContain('application/json');
    expect(await plain.json()).toEqual(await gzipped.json());
  });

  it('discovers services and environments from the data', async () => {
    expect(await (await api.get('/services')).json()).toEqual({
      items: ['Zeta', 'checkout', 'search-indexer'],
    });
    expect((await (await api.get('/environments')).json()).items.slice(0, 3)).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
  });

  it('filters history and walks it page by page', async () => {
    const body = await (await api.get('?service=checkout&environment=prod')).json();
    expect(body.items.map((e: { version: string }) => e.version)).toEqual(['2', '1']);
    expect(body.next_cursor).toBeNull();
    const page1 = await (await api.get('?limit=2')).json();
    expect(page1.items).toHaveLength(2);
    const page2 = await (await api.get(`?limit=2&cursor=${page1.next_cursor}`)).json();
    expect(page2.items[0].id).not.toBe(page1.items[1].id);
    const statusOnly = await (await api.get('?status=failure')).json();
    expect(statusOnly.items.every((e: { status: string }) => e.status === 'failure')).toBe(true);
    const window = await (await api.get('?since=2026-01-02T00:00:00Z&until=2026-01-02T09:30:00Z')).json();
    expect(window.items.map((e: { environment: string }) => e.environment)).toEqual(['dev']);
  });

  it.each([
    ['a malformed cursor', '?cursor=abc'],
    ['limit 0', '?limit=0'],
    ['limit 501', '?limit=501'],
    ['limit 1.5', '?limit=1.5'],
    ['a bad since', '?since=yesterday'],
    ['a bad until', '?until=2026-13-01T00:00:00Z'],
    ['a bad status', '?status=done'],
    ['an unknown parameter', '?enviroment=prod'],
    ['a repeated parameter', '?service=a&service=b'],
  ])('answers 400 problem+json to %s', async (_name, query) => {
    const res = await api.get(query);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers 404 for an unknown id', async () => {
    for (const unknown of ['999999', 'abc', '0']) {
      const res = await api.get(`/${unknown}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('requires Backstage credentials for every read; an API key is not enough', async () => {
    for (const path of ['', '/matrix', '/services', '/environments', '/1', '/stream']) {
      const anonymous = await fetch(`${api.baseUrl}${path}`);
      expect(anonymous.status).toBe(401);
      const withKey = await fetch(`${api.baseUrl}${path}`, { headers: { 'X-Api-Key': TEST_API_KEY } });
      expect(withKey.status).toBe(401);
    }
    const service = await fetch(`${api.baseUrl}/services`, {
      headers: { Authorization: mockCredentials.service.header() },
    });
    expect(service.status).toBe(200);
  });

  it('never skips or repeats a row when paging while events arrive', async () => {
    const existing = new Set<string>();
    let cursor: string | null = null;
    let seen: string[] = [];
    const start = await (await api.get('?limit=500')).json();
    start.items.forEach((e: { id: string }) => existing.add(e.id));
    let writer = 0;
    do {
      // Interleave inserts at every time position: past, present and future.
      await api.post(eventInput({ deployment_id: `live-${writer}`, happened_at: `2026-01-0${1 + (writer % 3)}T09:30:00Z` }));
      writer += 1;
      const page: { items: { id: string }[]; next_cursor: string | null } = await (
        await api.get(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen = seen.concat(page.items.map(e => e.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const idSeen of existing) expect(seen).toContain(idSeen);
  });
});
