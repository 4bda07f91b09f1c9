import { DeploymentEvent, HistoryPage } from '@deploydash/plugin-deployments-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/** The definition of `q`, on events as the API returns them. */
const matches = (event: DeploymentEvent, q: string) =>
  [
    event.service, event.environment, event.version, event.status, event.actor, event.ref,
    event.sha, event.deployment_id, event.run_number === null ? null : String(event.run_number),
  ].some(value => value?.toLowerCase().includes(q.toLowerCase()));

/** One event whose every searchable field holds a text found nowhere else. */
const DISTINCT = eventInput({
  service: 'Checkout-Svc',
  environment: 'Prod-EU',
  version: 'V9.8.7-RC',
  status: 'cancelled',
  actor: 'Alice Zoë',
  ref: 'refs/heads/Feature-Xyz',
  sha: 'ABCDEF0123456',
  deployment_id: 'Deploy-4242',
  run_number: 987654,
  happened_at: '2026-01-03T00:00:00Z',
});

describe.each(databases.eachSupportedId())('history q on %s', id => {
  let api: Awaited<ReturnType<typeof startDeploymentsBackend>>;
  let all: DeploymentEvent[];

  const page = async (query: string): Promise<HistoryPage> => {
    const res = await api.get(`?${query}`);
    expect({ query, status: res.status }).toEqual({ query, status: 200 });
    return res.json();
  };
  /** Every event of a query, walked two at a time. */
  const walk = async (query: string) => {
    const seen: DeploymentEvent[] = [];
    let cursor: string | null = null;
    do {
      const body: HistoryPage = await page(`${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...body.items);
      cursor = body.next_cursor;
    } while (cursor);
    return seen;
  };
  const expectSearch = async (q: string, more = '', keep: (e: DeploymentEvent) => boolean = () => true) => {
    const expected = all.filter(e => matches(e, q) && keep(e)).map(e => e.id);
    const found = (await walk(`q=${encodeURIComponent(q)}${more}`)).map(e => e.id);
    expect({ q, more, found }).toEqual({ q, more, found: expected });
    return expected;
  };

  beforeAll(async () => {
    api = await startDeploymentsBackend({ knex: await databases.init(id) });
    await api.seed(DISTINCT);
    const wild = ['100%', 'a_b', 'back\\slash', 'plain', 'a%b_c\\d'];
    for (const [i, text] of wild.entries()) {
      await api.seed(eventInput({ service: 'wild', actor: text, deployment_id: `wild-${i}`, happened_at: `2026-01-01T0${i}:00:00Z` }));
    }
    // Many matches of one text, some at equal instants, across services and environments.
    for (let i = 0; i < 12; i++) {
      await api.seed(
        eventInput({
          service: i % 2 ? 'pager' : 'Pager-Two',
          environment: i % 3 ? 'prod' : 'staging',
          status: i % 4 ? 'success' : 'failure',
          deployment_id: `page-${i}`,
          run_number: i,
          happened_at: `2026-01-02T0${i % 4}:00:00Z`,
        }),
      );
    }
    await api.seed(eventInput({ service: 'pager', deployment_id: 'page-test', is_test: true }));
    all = (await page('limit=500')).items;
  });
  afterAll(() => api.backend.stop());

  it.each([
    ['service', 'checkout-SVC'],
    ['environment', 'prod-eu'],
    ['version', 'v9.8.7-rc'],
    ['status', 'CANCEL'],
    ['actor', 'ALICE'],
    ['actor, beyond ASCII', 'e Zoë'],
    ['ref', 'feature-xyz'],
    ['sha', 'abcdef01'],
    ['deployment_id', 'DEPLOY-42'],
    ['run_number', '8765'],
  ])('finds an event by its %s, case-insensitively', async (_field, q) => {
    const ids = await expectSearch(q);
    expect(ids).toContain(all.find(e => e.deployment_id === 'Deploy-4242')!.id);
  });

  it('matches %, _ and \\ literally', async () => {
    for (const q of ['%', '_', '\\', '0%', 'a_b', 'k\\s', '%b_c\\']) {
      const ids = await expectSearch(q);
      expect({ q, some: ids.length > 0 }).toEqual({ q, some: true });
    }
    expect(await expectSearch('a%c')).toEqual([]);
  });

  it('never matches across two fields', async () => {
    expect(await expectSearch('svcprod')).toEqual([]);
    expect(await expectSearch('checkout-svc\u001fprod-eu')).toEqual([]);
    expect(await expectSearch('svc\u001f')).toEqual([]);
  });

  it('pages a fixed q consistently, combined by AND with the other filters', async () => {
    expect((await expectSearch('page')).length).toBe(12);
    await expectSearch('pager', '&environment=prod&status=success', e => e.environment === 'prod' && e.status === 'success');
    await expectSearch('page', '&service=pager&since=2026-01-02T01:00:00Z', e => e.service === 'pager' && e.happened_at >= '2026-01-02T01:00:00');
    const withTests = (await walk('q=page-test&include_tests=true')).map(e => e.deployment_id);
    expect(withTests).toEqual(['page-test']);
    expect(await walk('q=page-test')).toEqual([]);
  });

  it('never skips or repeats a match when paging while matching events arrive', async () => {
    const before = new Set(all.filter(e => matches(e, 'pager')).map(e => e.id));
    const seen: string[] = [];
    let cursor: string | null = null;
    let n = 0;
    do {
      const body: HistoryPage = await page(`q=PAGER&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...body.items.map(e => e.id));
      cursor = body.next_cursor;
      n += 1;
      // Before, between and after the rows already read.
      await api.seed(eventInput({ service: 'pager', deployment_id: `late-${n}`, happened_at: `2026-01-02T0${n % 4}:30:00Z` }));
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const event of before) expect(seen).toContain(event);
  });

  it('treats an empty q as no filter, and refuses a q too long or repeated', async () => {
    expect((await page('q=&limit=500')).items).toEqual((await page('limit=500')).items);
    expect((await api.get(`?q=${'x'.repeat(200)}`)).status).toBe(200);
    for (const query of [`q=${'x'.repeat(201)}`, 'q=a&q=b', 'q=%00']) {
      const res = await api.get(`?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});
