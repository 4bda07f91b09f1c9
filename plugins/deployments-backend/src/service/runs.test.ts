import { DeploymentRun, RunsPage } from '@deploydash/plugin-deployments-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const at = (hour: number, minute = 0) =>
  `2026-02-01T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;

/*
 * GET /runs through the real HTTP stack. Each test posts to its own service
 * and reads with a service filter, so the tests share one backend.
 */
describe.each(databases.eachSupportedId())('GET /runs on %s', id => {
  let api: Awaited<ReturnType<typeof startDeploymentsBackend>>;

  beforeAll(async () => {
    api = await startDeploymentsBackend({ knex: await databases.init(id) });
  });
  afterAll(() => api.backend.stop());

  const post = (fields: Record<string, unknown>) => api.seed(eventInput({ environment: 'prod', ...fields }));
  async function runs(query: string): Promise<RunsPage> {
    const res = await api.get(`/runs?${query}`);
    expect({ query, status: res.status }).toEqual({ query, status: 200 });
    return res.json();
  }
  const summary = (run: DeploymentRun) =>
    [run.deployment_id, run.environment, run.status, run.events.length].join(' ');

  it('groups events by (deployment_id, service, environment), each run with its events oldest first', async () => {
    const s = 'grouping';
    const first = await post({ service: s, deployment_id: 'd1', status: 'in-progress', version: 'v1', happened_at: at(9) });
    await post({ service: s, deployment_id: 'd1', environment: 'staging', status: 'success', happened_at: at(8) });
    await post({ service: `${s}-other`, deployment_id: 'd1', status: 'success', happened_at: at(9, 30) });
    const last = await post({ service: s, deployment_id: 'd1', status: 'success', version: 'v1', happened_at: at(10) });

    const page = await runs(`service=${s}`);
    expect(page.next_cursor).toBeNull();
    expect(page.items.map(summary)).toEqual(['d1 prod success 2', 'd1 staging success 1']);
    expect(page.items[0]).toEqual({
      deployment_id: 'd1',
      service: s,
      environment: 'prod',
      status: 'success',
      version: 'v1',
      started_at: at(9),
      finished_at: at(10),
      duration_ms: 3_600_000,
      rollback: false,
      // Runs' events also say whether they fell in a freeze window (none configured).
      events: [first, last].map(e => ({ ...e, in_freeze: null })),
    });
  });

  it('takes status and version from the latest event by (happened_at, received), not the last received', async () => {
    const s = 'latest';
    await post({ service: s, status: 'in-progress', version: 'v2', happened_at: at(10) });
    await post({ service: s, status: 'success', version: 'v2', happened_at: at(11) });
    // Arrives last but happened first: the run starts earlier, its latest event stays.
    await post({ service: s, status: 'queued', version: 'v1', happened_at: at(9) });
    // Same instant as the success, received later: this one is the latest.
    await post({ service: s, status: 'failure', version: 'v3', happened_at: at(11) });
    const [run] = (await runs(`service=${s}`)).items;
    expect(run).toMatchObject({ status: 'failure', version: 'v3', started_at: at(9), finished_at: at(11), duration_ms: 2 * 3_600_000 });
    expect(run.events.map(e => e.status)).toEqual(['queued', 'in-progress', 'success', 'failure']);
  });

  it('orders newest first by started_at; on equal started_at the run whose latest event was received later first', async () => {
    const s = 'ordering';
    await post({ service: s, deployment_id: 'a', status: 'in-progress', happened_at: at(10) });
    await post({ service: s, deployment_id: 'b', status: 'in-progress', happened_at: at(10) });
    await post({ service: s, deployment_id: 'c', status: 'in-progress', happened_at: at(12) });
    await post({ service: s, deployment_id: 'old', status: 'success', happened_at: at(8) });
    const ids = async () => (await runs(`service=${s}`)).items.map(r => r.deployment_id);
    expect(await ids()).toEqual(['c', 'b', 'a', 'old']);
    // a's latest event is now the one received last: a moves ahead of b.
    await post({ service: s, deployment_id: 'a', status: 'success', happened_at: at(11) });
    expect(await ids()).toEqual(['c', 'a', 'b', 'old']);
    // One page at a time gives the same order.
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: RunsPage = await runs(`service=${s}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...page.items.map(r => r.deployment_id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(walked).toEqual(['c', 'a', 'b', 'old']);
  });

  it('has a duration only once the latest event is terminal; cancelled is terminal', async () => {
    const s = 'durations';
    await post({ service: s, deployment_id: 'running', status: 'queued', happened_at: at(9) });
    await post({ service: s, deployment_id: 'running', status: 'waiting', happened_at: at(9, 5) });
    await post({ service: s, deployment_id: 'stopped', status: 'in-progress', happened_at: at(8) });
    await post({ service: s, deployment_id: 'stopped', status: 'cancelled', happened_at: at(8, 30) });
    await post({ service: s, deployment_id: 'lone', status: 'success', happened_at: at(7) });
    const byId = Object.fromEntries((await runs(`service=${s}`)).items.map(r => [r.deployment_id, r]));
    expect(byId.running).toMatchObject({ status: 'waiting', started_at: at(9), finished_at: null, duration_ms: null });
    expect(byId.stopped).toMatchObject({ status: 'cancelled', finished_at: at(8, 30), duration_ms: 30 * 60_000 });
    // A run of one success event starts and finishes at once.
    expect(byId.lone).toMatchObject({ finished_at: at(7), duration_ms: 0 });
  });

  it('marks a success of an earlier version after a success of another one as a rollback', async () => {
    const s = 'rollback';
    const deploy = (n: number, version: string | null, status = 'success', environment = 'prod') =>
      post({ service: s, environment, deployment_id: `r${n}`, version, status, happened_at: at(n) });
    await deploy(1, 'v1');
    await deploy(2, 'v2');
    await deploy(3, 'v1'); // v1 → v2 → v1: a rollback
    await deploy(4, 'v1'); // v1 again right after v1: not one
    await deploy(5, 'v2', 'failure'); // an old version that failed: not one
    await deploy(6, 'v3', 'success', 'staging'); // another slot
    await deploy(7, 'v2', 'success', 'staging'); // v2 never reached staging before: not one
    await deploy(8, 'v3'); // new to prod: not one
    await deploy(9, 'v1', 'in-progress'); // not successful (yet): not one
    await deploy(10, null); // no version to compare: not one
    await deploy(11, 'v2'); // the success before was r10 (no version): not one
    await deploy(12, 'v1'); // after v2, and v1 succeeded before: one
    const flags = (await runs(`service=${s}`)).items.map(r => `${r.deployment_id}:${r.rollback}`).reverse();
    expect(flags).toEqual([
      'r1:false', 'r2:false', 'r3:true', 'r4:false', 'r5:false', 'r6:false', 'r7:false',
      'r8:false', 'r9:false', 'r10:false', 'r11:false', 'r12:true',
    ]);
    // r9 finishing as a success of v1 after r8 (v3) makes it one.
    await post({ service: s, deployment_id: 'r9', version: 'v1', status: 'success', happened_at: at(9, 30) });
    const r9 = (await runs(`service=${s}`)).items.find(r => r.deployment_id === 'r9');
    expect(r9?.rollback).toBe(true);
  });

  it('filters by service, environment, run status and started_at, and limits the page', async () => {
    const s = 'filters';
    await post({ service: s, deployment_id: 'f1', status: 'failure', happened_at: at(9) });
    await post({ service: s, deployment_id: 'f1', status: 'success', happened_at: at(9, 30) });
    await post({ service: s, deployment_id: 'f2', status: 'failure', happened_at: at(10) });
    await post({ service: s, deployment_id: 'f3', environment: 'dev', status: 'in-progress', happened_at: at(11) });
    const ids = async (query: string) => (await runs(`service=${s}&${query}`)).items.map(r => r.deployment_id);
    expect(await ids('')).toEqual(['f3', 'f2', 'f1']);
    expect(await ids('environment=prod')).toEqual(['f2', 'f1']);
    // The run's status is its latest event's: f1 had a failure, but ended in success.
    expect(await ids('status=failure')).toEqual(['f2']);
    expect(await ids('status=success')).toEqual(['f1']);
    expect(await ids('status=cancelled')).toEqual([]);
    // On started_at: since inclusive, until exclusive (f1 started at 09:00).
    expect(await ids(`since=${at(9)}`)).toEqual(['f3', 'f2', 'f1']);
    expect(await ids(`since=${at(9, 1)}`)).toEqual(['f3', 'f2']);
    expect(await ids(`until=${at(10)}`)).toEqual(['f1']);
    expect(await ids(`since=2026-02-01T10:00:00%2B00:00&until=${at(11)}`)).toEqual(['f2']);
    const page = await runs(`service=${s}&limit=2`);
    expect(page.items).toHaveLength(2);
    expect(page.next_cursor).toEqual(expect.any(String));
    expect((await runs(`service=nobody`)).items).toEqual([]);
  });

  it('leaves test deployments out unless include_tests=true', async () => {
    const s = 'tests';
    await post({ service: s, deployment_id: 't1', status: 'in-progress', happened_at: at(9) });
    await post({ service: s, deployment_id: 't1', status: 'success', happened_at: at(10), is_test: true });
    await post({ service: s, deployment_id: 't2', status: 'success', happened_at: at(11), is_test: true });
    const without = (await runs(`service=${s}`)).items;
    expect(without.map(summary)).toEqual(['t1 prod in-progress 1']);
    expect((await runs(`service=${s}&include_tests=false`)).items).toEqual(without);
    const all = (await runs(`service=${s}&include_tests=true`)).items;
    expect(all.map(summary)).toEqual(['t2 prod success 1', 't1 prod success 2']);
  });

  it.each([
    ['an unknown parameter', 'enviroment=prod', "Unknown query parameter 'enviroment'"],
    ['a parameter of history only', 'deployment_id=x', "Unknown query parameter 'deployment_id'"],
    ['a repeated parameter', 'service=a&service=b', "Query parameter 'service' must be given once"],
    ['limit 0', 'limit=0', "Query parameter 'limit' must be an integer from 1 to 200"],
    ['limit 201', 'limit=201', "Query parameter 'limit' must be an integer from 1 to 200"],
    ['limit 1.5', 'limit=1.5', "Query parameter 'limit' must be an integer from 1 to 200"],
    ['a bad status', 'status=canceled', "Query parameter 'status' must be one of queued, waiting, in-progress, success, failure, cancelled"],
    ['a bad since', 'since=yesterday', "Query parameter 'since' must be an RFC 3339 timestamp"],
    ['a bad until', 'until=2026-13-01T00:00:00Z', "Query parameter 'until' must be an RFC 3339 timestamp"],
    ['a bad include_tests', 'include_tests=yes', "Query parameter 'include_tests' must be true or false"],
    ['a malformed cursor', 'cursor=abc', "Query parameter 'cursor' is not a cursor this API returned"],
    ['a history cursor', `cursor=${Buffer.from('[1767261600000,42]').toString('base64url')}`, "Query parameter 'cursor' is not a cursor this API returned"],
    ['a cursor past its watermark', `cursor=${Buffer.from('[1767261600000,42,41]').toString('base64url')}`, "Query parameter 'cursor' is not a cursor this API returned"],
  ])('answers 400 problem+json to %s', async (_name, query, detail) => {
    const res = await api.get(`/runs?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await res.json()).detail).toBe(detail);
  });

  it('needs Backstage credentials like every read', async () => {
    expect((await fetch(`${api.baseUrl}/runs`)).status).toBe(401);
  });
});
