import { PromotionResponse, PromotionStage } from '@deploydash/plugin-deployments-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { componentEntity } from '../__testUtils__/entities';
import { postVoid } from '../__testUtils__/voidRequests';
import { schemaErrors, schemaPtr } from '../__testUtils__/openapiOracle';

jest.setTimeout(60_000);

/*
 * `changes` on each stage of GET /promotion (docs/api.md, "Changes
 * waiting"), through the real HTTP stack and catalog links, on both
 * databases. Every expected list below is worked out by hand from the
 * events posted.
 */

const databases = createTestDatabases();

const ENTITIES = [
  // GitHub through the source location (wins over managed-by).
  componentEntity('shop', {
    'backstage.io/source-location': 'url:https://github.com/acme/shop/tree/main/',
    'backstage.io/managed-by-location': 'url:https://gitlab.com/other/shop/-/blob/main/catalog-info.yaml',
  }),
  // GitLab (a subgroup) through the managed-by location.
  componentEntity('lab', {
    'backstage.io/source-location': 'file:/srv/lab/',
    'backstage.io/managed-by-location': 'url:https://gitlab.example.com/group/sub/lab/-/blob/main/catalog-info.yaml',
  }),
  // An entity whose location is neither: the run URL decides (here: unknown).
  componentEntity('plain', { 'backstage.io/source-location': 'url:https://bitbucket.org/acme/plain/src/main/' }),
];

const GH = 'https://github.com/acme/shop';
const GL = 'https://gitlab.example.com/group/sub/lab';
const day = (d: number, h: number) => `2026-03-0${d}T${String(h).padStart(2, '0')}:00:00.000Z`;
/** Seven hex digits from a number: `sha(10)` = '000000a'. */
const sha = (n: number) => n.toString(16).padStart(7, '0');

describe.each(databases.eachSupportedId())('promotion changes on %s', id => {
  let api: Awaited<ReturnType<typeof startDeploymentsBackend>>;

  const success = (fields: Record<string, unknown>) =>
    api.seed(eventInput({ status: 'success', deployment_id: `${fields.service}-${fields.environment}-${fields.version}`, ...fields }));

  beforeAll(async () => {
    api = await startDeploymentsBackend({ knex: await databases.init(id), entities: ENTITIES });

    // shop: prod runs v1; v2 and v3 wait in staging.
    await success({ service: 'shop', environment: 'staging', version: 'v1', sha: 'aaaaaaa', happened_at: day(1, 9),
      commits: ['c0c0c0c', { sha: 'D1D1D1D', authored_at: day(1, 8) }] });
    await success({ service: 'shop', environment: 'prod', version: 'v1', sha: 'aaaaaaa', happened_at: day(1, 10),
      commits: ['c0c0c0c', { sha: 'D1D1D1D', authored_at: day(1, 8) }] });
    await success({ service: 'shop', environment: 'staging', version: 'v2', sha: 'bbbbbbb', happened_at: day(2, 9),
      commits: [{ sha: 'd1d1d1d', authored_at: day(1, 8) }, { sha: 'e2e2e2e', authored_at: day(2, 8) }, 'f3f3f3f'] });
    await success({ service: 'shop', environment: 'staging', version: 'v3', sha: 'CCCCCCC', happened_at: day(3, 10),
      commits: [{ sha: 'E2E2E2E', authored_at: day(2, 7) }, { sha: 'a4a4a4a', authored_at: day(3, 9) }, { sha: '0b0b0b0' }] });
    // Neither a test deployment in staging nor one in prod changes anything;
    // nor does a prod success that was voided.
    await success({ service: 'shop', environment: 'staging', version: 'v9', is_test: true, happened_at: day(3, 11), commits: ['9999999'] });
    await success({ service: 'shop', environment: 'prod', version: 'v3-test', is_test: true, happened_at: day(3, 11), commits: ['a4a4a4a'] });
    const voided = await success({ service: 'shop', environment: 'prod', version: 'v3-oops', happened_at: day(3, 12), commits: ['0B0B0B0'] });
    const res = await postVoid(api.baseUrl, voided.id, { reason: 'posted by mistake' });
    if (res.status !== 200) throw new Error(`void failed: ${res.status} ${await res.text()}`);
    // A failure in prod listing a commit has not shipped it.
    await api.seed(eventInput({ service: 'shop', environment: 'prod', status: 'failure', deployment_id: 'shop-prod-fail', happened_at: day(3, 13), commits: ['e2e2e2e'] }));

    // lab (GitLab from the catalog): v1 waits in dev for staging.
    await success({ service: 'lab', environment: 'staging', version: 'v0', sha: 'abcdef0', happened_at: day(1, 9) });
    await success({ service: 'lab', environment: 'dev', version: 'v1', sha: 'ABCDEF1', happened_at: day(2, 9), commits: ['1111111'] });

    // gh-runs (no entity): the repository comes from a GitHub Actions run; equal SHAs.
    await success({ service: 'gh-runs', environment: 'staging', version: 'v1', sha: 'Fe12345', happened_at: day(1, 9) });
    await success({ service: 'gh-runs', environment: 'dev', version: 'v2', sha: 'fE12345', happened_at: day(2, 9), commits: ['2222222'],
      run_url: 'https://github.com/acme/gh-runs/actions/runs/42/attempts/1' });

    // gl-runs (no entity): a GitLab job on a host of its own.
    await success({ service: 'gl-runs', environment: 'staging', version: 'v1', sha: '3330000', happened_at: day(1, 9) });
    await success({ service: 'gl-runs', environment: 'dev', version: 'v2', sha: '3331111', happened_at: day(2, 9), commits: ['3333333'],
      run_url: 'https://code.acme.test/platform/gl-runs/-/jobs/77' });

    // plain: an entity on another host, a run elsewhere: no links.
    await success({ service: 'plain', environment: 'staging', version: 'v1', sha: '4440000', happened_at: day(1, 9) });
    await success({ service: 'plain', environment: 'dev', version: 'v2', sha: '4441111', happened_at: day(2, 9), commits: ['4444444'],
      run_url: 'https://ci.example.com/plain/runs/1' });

    // sync: prod runs what staging runs; the same commits, nothing waits.
    await success({ service: 'sync', environment: 'staging', version: 'v1', sha: '5550000', happened_at: day(1, 9), commits: ['5555555'] });
    await success({ service: 'sync', environment: 'prod', version: 'v1', sha: '5550000', happened_at: day(1, 10), commits: ['5555555'] });

    // big: 60 commits over two waiting events (10 of them in both), none in prod yet.
    await success({ service: 'big', environment: 'staging', version: 'v0', happened_at: day(1, 9) });
    await success({ service: 'big', environment: 'prod', version: 'v0', happened_at: day(1, 10) });
    const commit = (n: number) => ({ sha: sha(n), authored_at: `2026-03-02T00:${String(n).padStart(2, '0')}:00.000Z` });
    await success({ service: 'big', environment: 'staging', version: 'v1', happened_at: day(2, 9),
      commits: Array.from({ length: 35 }, (_, n) => commit(n)) });
    await success({ service: 'big', environment: 'staging', version: 'v2', happened_at: day(3, 9),
      commits: Array.from({ length: 35 }, (_, n) => commit(n + 25)) });
  });
  afterAll(() => api.backend.stop());

  async function promotion(): Promise<PromotionResponse> {
    const res = await api.get('/promotion');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(schemaErrors(schemaPtr('Promotion'), body)).toEqual([]);
    return body;
  }

  const stageOf = (body: PromotionResponse, service: string, environment: string): PromotionStage =>
    body.services.find(s => s.service === service)!.stages.find(s => s.environment === environment)!;

  it('lists the commits waiting for prod: deduplicated, case-insensitive, shipped ones left out', async () => {
    const body = await promotion();
    const prod = stageOf(body, 'shop', 'prod');
    expect(prod.waiting.map(e => e.version)).toEqual(['v3', 'v2']);
    // d1d1d1d reached prod as D1D1D1D; e2e2e2e is listed twice (earliest time
    // wins); the test and voided prod events and the prod failure ship nothing.
    expect(prod.changes).toEqual({
      total: 4,
      items: [
        { sha: 'a4a4a4a', authored_at: day(3, 9), url: `${GH}/commit/a4a4a4a` },
        { sha: 'e2e2e2e', authored_at: day(2, 7), url: `${GH}/commit/e2e2e2e` },
        { sha: '0b0b0b0', authored_at: null, url: `${GH}/commit/0b0b0b0` },
        { sha: 'f3f3f3f', authored_at: null, url: `${GH}/commit/f3f3f3f` },
      ],
      compare_url: `${GH}/compare/aaaaaaa...ccccccc`,
    });
    // The first stage compares with nothing.
    expect(stageOf(body, 'shop', 'staging').changes).toEqual({ total: 0, items: [], compare_url: null });
  });

  it('links GitLab projects from the catalog, and compares only two known SHAs', async () => {
    const body = await promotion();
    expect(stageOf(body, 'lab', 'staging').changes).toEqual({
      total: 1,
      items: [{ sha: '1111111', authored_at: null, url: `${GL}/-/commit/1111111` }],
      compare_url: `${GL}/-/compare/abcdef0...abcdef1`,
    });
  });

  it("links the lower environment's CI run's repository when the catalog names none", async () => {
    const body = await promotion();
    // Equal SHAs (in other cases): no compare view.
    expect(stageOf(body, 'gh-runs', 'staging').changes).toEqual({
      total: 1,
      items: [{ sha: '2222222', authored_at: null, url: 'https://github.com/acme/gh-runs/commit/2222222' }],
      compare_url: null,
    });
    expect(stageOf(body, 'gl-runs', 'staging').changes).toEqual({
      total: 1,
      items: [{ sha: '3333333', authored_at: null, url: 'https://code.acme.test/platform/gl-runs/-/commit/3333333' }],
      compare_url: 'https://code.acme.test/platform/gl-runs/-/compare/3330000...3331111',
    });
    expect(stageOf(body, 'plain', 'staging').changes).toEqual({
      total: 1,
      items: [{ sha: '4444444', authored_at: null, url: null }],
      compare_url: null,
    });
  });

  it('is empty when in sync, and caps the list at 50 while counting all', async () => {
    const body = await promotion();
    expect(stageOf(body, 'sync', 'prod').changes).toEqual({ total: 0, items: [], compare_url: null });
    const big = stageOf(body, 'big', 'prod').changes;
    // 0…34 and 25…59: 60 commits; newest first is 59 down to 10.
    expect(big.total).toBe(60);
    expect(big.items.map(c => c.sha)).toEqual(Array.from({ length: 50 }, (_, i) => sha(59 - i)));
    expect(big.items[0]).toEqual({ sha: sha(59), authored_at: '2026-03-02T00:59:00.000Z', url: null });
    expect(big.compare_url).toBeNull();
  });
});
