import { TEST_API_KEY } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { openStream } from '../__testUtils__/sseClient';
import { Json, requestErrors, responseErrors, schemaErrors, schemaPtr } from '../__testUtils__/openapiOracle';
import { describeAgainstContract, EXERCISED_BY, userAuth } from '../__testUtils__/openapiBackend';

jest.setTimeout(60_000);

/*
 * Checks that the real backend's read routes answer exactly as openapi.yaml
 * says. They read the log the ingest tests of openapiIngest.test.ts leave,
 * stored again here in the same order.
 */

describeAgainstContract(({ call, ingest, read, storeIngestedLog, seen, baseUrl }) => {
  let stored: Json;

  beforeAll(async () => {
    stored = await storeIngestedLog();
  });

  it('GET / 200: filters and pages', async () => {
    const all = await read('/', '?limit=500');
    expect(all.status).toBe(200);
    expect(all.json().next_cursor).toBeNull();
    const page1 = await read('/', '?limit=2');
    expect(page1.json().items).toHaveLength(2);
    const cursor = page1.json().next_cursor;
    expect(typeof cursor).toBe('string');
    expect((await read('/', `?limit=2&cursor=${cursor}`)).status).toBe(200);
    const filtered = await read(
      '/',
      '?service=checkout&environment=prod&status=success&deployment_id=checkout-prod-1&since=2026-01-01T00:00:00Z&until=2026-01-02T00:00:00%2B01:00',
    );
    expect(filtered.json().items).toHaveLength(1);
    const searched = await read('/', '?q=Zo%C3%AB&environment=staging');
    expect(searched.json().items.map((e: Json) => e.deployment_id)).toEqual(['checkout-staging-1']);
  });

  it.each([
    ['limit 0', '?limit=0'],
    ['limit 501', '?limit=501'],
    ['a bad status', '?status=done'],
    ['a bad since', '?since=yesterday'],
    ['a malformed cursor', '?cursor=abc'],
    ['an unknown parameter', '?enviroment=prod'],
    ['a repeated parameter', '?service=a&service=b'],
  ])('GET / 400 for %s', async (_name, url) => {
    const res = await call('get', '/', url, { headers: userAuth });
    expect(res.status).toBe(400);
  });

  it('GET /{id} 200 and 404', async () => {
    const res = await read('/{id}', `/${stored.id}`);
    expect(res.status).toBe(200);
    // The stored event, plus the read-time `in_freeze` (no freezes configured here).
    expect(res.json()).toEqual({ ...stored, in_freeze: null });
    expect((await read('/{id}', '/999999999')).status).toBe(404);
    expect((await read('/{id}', '/not-an-id')).status).toBe(404);
  });

  it('GET /matrix 200, 304 and 400', async () => {
    const res = await read('/matrix', '/matrix');
    const matrix = res.json();
    expect(matrix.environments.slice(0, 3)).toEqual(['dev', 'staging', 'prod']);
    const checkout = matrix.services.find((s: Json) => s.service === 'checkout');
    expect(checkout.entity_ref).toBe('component:default/checkout');
    expect(checkout.slots.prod.last_successful).toEqual(checkout.slots.prod.current);
    const search = matrix.services.find((s: Json) => s.service === 'search');
    expect(search.slots.dev.last_successful).toBeNull();
    expect(search.entity_ref).toBeNull();
    const etag = res.headers.get('etag')!;
    expect((await read('/matrix', '/matrix?service=checkout')).status).toBe(200);
    expect((await read('/matrix', '/matrix', { 'If-None-Match': etag })).status).toBe(304);
    for (const url of ['/matrix?services=a', '/matrix?limit=0', '/matrix?view=compact', '/matrix?cursor=abc']) {
      expect({ url, status: (await call('get', '/matrix', url, { headers: userAuth })).status }).toEqual({ url, status: 400 });
    }
  });

  it('GET /matrix 200 with the large-matrix parameters: summary, pages, filters', async () => {
    const first = (await read('/matrix', '/matrix?view=summary&limit=1')).json();
    expect(first.services).toHaveLength(1);
    expect(Object.keys(first.services[0].slots[Object.keys(first.services[0].slots)[0]].current)).toHaveLength(8);
    const next = await read('/matrix', `/matrix?view=summary&limit=1&cursor=${first.next_cursor}`);
    expect(next.json().services[0].service).not.toBe(first.services[0].service);
    const filtered = await read(
      '/matrix',
      '/matrix?service=checkout&service=search&q=CHECK&owner=team-a&failures_only=false&view=full&limit=1000',
    );
    expect(filtered.json().services.map((s: Json) => s.service)).toEqual(['checkout']);
    expect(filtered.json().next_cursor).toBeNull();
  });

  it('GET /services and /environments 200', async () => {
    expect((await read('/services', '/services')).json().items).toContain('checkout');
    expect((await read('/environments', '/environments')).json().items.slice(0, 3)).toEqual(['dev', 'staging', 'prod']);
  });

  it('GET /stream 200: headers, and a frame whose data is an Event', async () => {
    const url = `${baseUrl()}/stream?service=checkout&last_event_id=${stored.id}`;
    expect(requestErrors('get', '/stream', url)).toEqual([]);
    const stream = await openStream(url, { ...userAuth, 'Accept-Encoding': 'gzip' });
    const observed = { status: stream.response.status, headers: stream.response.headers };
    expect(responseErrors('get', '/stream', observed)).toEqual([]);
    seen.add(`get /stream ${observed.status}`);
    const posted = (await ingest(eventInput({ deployment_id: 'streamed' }))).json();
    const [frame] = await stream.waitFor(m => m.id === posted.id);
    await stream.close();
    expect(JSON.parse(frame.data!)).toEqual(posted);
    // Replayed frames (after last_event_id) and the live one.
    const frames = stream.deployments();
    expect(frames.length).toBeGreaterThan(1);
    for (const m of frames) {
      expect(m.event).toBe('deployment');
      const data = JSON.parse(m.data!);
      expect(data.id).toBe(m.id);
      expect(data.service).toBe('checkout');
      expect(schemaErrors(schemaPtr('Event'), data)).toEqual([]);
    }
  });

  it('GET /metrics 200 per day and per week, and 400 for bad parameters', async () => {
    const daily = await read('/metrics', '/metrics?service=checkout&from=2025-12-30T00:00:00Z&to=2026-01-03T00:00:00Z');
    expect(daily.status).toBe(200);
    const body = daily.json();
    expect(body.buckets).toHaveLength(4);
    // checkout's prod successes posted above on 2026-01-01.
    expect(body.overall.deployment_frequency.deployments).toBeGreaterThan(0);
    const weekly = await read('/metrics', '/metrics?bucket=week&environment=staging&to=2026-01-05T00:00:00Z');
    expect(weekly.json().buckets).toHaveLength(12);
    for (const url of [
      '/metrics?bucket=month',
      '/metrics?from=yesterday',
      '/metrics?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
      '/metrics?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      '/metrics?services=checkout',
    ]) {
      expect({ url, status: (await call('get', '/metrics', url, { headers: userAuth })).status }).toEqual({ url, status: 400 });
    }
  });

  it('GET /promotion 200 and 400', async () => {
    const res = await read('/promotion', '/promotion?service=checkout');
    const lane = res.json().services;
    expect(lane.map((s: Json) => s.service)).toEqual(['checkout']);
    expect(lane[0].entity_ref).toBe('component:default/checkout');
    expect(lane[0].stages.map((s: Json) => s.environment).slice(0, 3)).toEqual(['dev', 'staging', 'prod']);
    expect((await read('/promotion', '/promotion')).json().services.length).toBeGreaterThan(1);
    // Answers are cached per committed seq: a new event shows at once.
    await ingest(eventInput({ deployment_id: 'promoted-later', environment: 'staging', version: '7.7.7', happened_at: '2026-06-01T00:00:00Z' }));
    const after = (await read('/promotion', '/promotion?service=checkout')).json().services[0];
    expect(after.stages.find((s: Json) => s.environment === 'staging').current.version).toBe('7.7.7');
    expect(after.stages.find((s: Json) => s.environment === 'prod').waiting.map((e: Json) => e.version)).toContain('7.7.7');
    expect((await call('get', '/promotion', '/promotion?env=prod', { headers: userAuth })).status).toBe(400);
  });

  it('GET /stream 400 for a malformed Last-Event-ID', async () => {
    expect((await call('get', '/stream', '/stream', { headers: { ...userAuth, 'Last-Event-ID': 'abc' } })).status).toBe(400);
    expect((await call('get', '/stream', '/stream?last_event_id=-1', { headers: userAuth })).status).toBe(400);
  });

  it.each([
    ['', '/'],
    ['/1', '/{id}'],
    ['/matrix', '/matrix'],
    ['/services', '/services'],
    ['/environments', '/environments'],
    ['/stream', '/stream'],
    ['/metrics', '/metrics'],
    ['/promotion', '/promotion'],
  ])(
    'GET %s is 401 without credentials, with only an API key, or with a bad token',
    async (url, path) => {
      const attempts: Array<Record<string, string>> = [
        {},
        { 'X-Api-Key': TEST_API_KEY },
        { Authorization: 'Bearer not-a-token' },
      ];
      for (const headers of attempts) {
        expect((await call('get', path, url, { headers })).status).toBe(401);
      }
    },
  );

  it('GET /health 200 without credentials', async () => {
    expect((await call('get', '/health', '/health')).json()).toEqual({ status: 'ok' });
  });

  it('exercised every read operation and every status the contract names for it (this file\'s share of the coverage)', () => {
    expect([...seen].sort()).toEqual([...EXERCISED_BY.reads].sort());
  });
});
