import { TEST_API_KEY } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { Json } from '../__testUtils__/openapiOracle';
import { describeAgainstContract, EXERCISED_BY, userAuth } from '../__testUtils__/openapiBackend';

jest.setTimeout(60_000);

/*
 * Checks that GET /runs answers exactly as openapi.yaml says, on the log the
 * ingest tests leave plus runs of every status, several events each.
 */

describeAgainstContract(({ call, ingest, read, storeIngestedLog, seen }) => {
  beforeAll(async () => {
    await storeIngestedLog();
    const lifecycle: Array<[string, string, string]> = [
      ['life-1', 'queued', '2026-01-02T09:00:00Z'],
      ['life-1', 'waiting', '2026-01-02T09:01:00Z'],
      ['life-1', 'in-progress', '2026-01-02T09:02:00Z'],
      ['life-1', 'success', '2026-01-02T10:10:00.5+01:00'],
      ['life-2', 'in-progress', '2026-01-02T10:00:00Z'],
      ['life-2', 'cancelled', '2026-01-02T10:05:00Z'],
      ['life-3', 'queued', '2026-01-02T11:00:00Z'],
    ];
    for (const [deploymentId, status, happenedAt] of lifecycle) {
      const res = await ingest(eventInput({ deployment_id: deploymentId, status, happened_at: happenedAt, version: '1.2.4' }));
      if (res.status !== 201) throw new Error(`Storing ${deploymentId} answered ${res.status}`);
    }
  });

  it('GET /runs 200: every filter, and pages', async () => {
    const all = await read('/runs', '/runs?limit=200&include_tests=true');
    const body = all.json();
    expect(body.next_cursor).toBeNull();
    const byId = Object.fromEntries(body.items.map((r: Json) => [`${r.environment}/${r.deployment_id}`, r]));
    expect(byId['prod/life-1']).toMatchObject({ status: 'success', finished_at: '2026-01-02T09:10:00.500Z', duration_ms: 600_500 });
    expect(byId['prod/life-2']).toMatchObject({ status: 'cancelled', duration_ms: 300_000 });
    expect(byId['prod/life-3']).toMatchObject({ status: 'queued', finished_at: null, duration_ms: null });

    const page1 = await read('/runs', '/runs?limit=2');
    expect(page1.json().items).toHaveLength(2);
    const cursor = page1.json().next_cursor;
    expect(typeof cursor).toBe('string');
    expect((await read('/runs', `/runs?limit=2&cursor=${cursor}`)).json().items).toHaveLength(2);
    const filtered = await read(
      '/runs',
      '/runs?service=checkout&environment=prod&status=success&since=2026-01-02T00:00:00Z&until=2026-01-03T00:00:00%2B01:00&include_tests=false',
    );
    expect(filtered.json().items.map((r: Json) => r.deployment_id)).toEqual(['life-1']);
  });

  it.each([
    ['limit 0', '?limit=0'],
    ['limit 201', '?limit=201'],
    ['a bad status', '?status=canceled'],
    ['a bad until', '?until=tomorrow'],
    ['a malformed cursor', '?cursor=abc'],
    ['an unknown parameter', '?deployment_id=life-1'],
    ['a repeated parameter', '?status=queued&status=waiting'],
  ])('GET /runs 400 for %s', async (_name, url) => {
    const res = await call('get', '/runs', `/runs${url}`, { headers: userAuth });
    expect(res.status).toBe(400);
  });

  it('GET /runs is 401 without credentials, with only an API key, or with a bad token', async () => {
    const attempts: Array<Record<string, string>> = [{}, { 'X-Api-Key': TEST_API_KEY }, { Authorization: 'Bearer not-a-token' }];
    for (const headers of attempts) {
      expect((await call('get', '/runs', '/runs', { headers })).status).toBe(401);
    }
  });

  it('exercised GET /runs with every status the contract names for it (this file\'s share of the coverage)', () => {
    expect([...seen].sort()).toEqual([...EXERCISED_BY.runs].sort());
  });
});
