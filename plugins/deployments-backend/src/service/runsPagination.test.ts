import { DeploymentRun, RunsPage } from '@deploydash/plugin-deployments-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const at = (hour: number, minute = 0) =>
  `2026-02-01T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;
const key = (run: DeploymentRun) => `${run.service}/${run.environment}/${run.deployment_id}`;

/*
 * Keyset pages of GET /runs while events arrive, through the real HTTP
 * stack: every run that existed when the walk began comes exactly once, in
 * the order the walk began with (docs/api.md, "Runs").
 */
describe.each(databases.eachSupportedId())('GET /runs pages on %s', id => {
  let api: Awaited<ReturnType<typeof startDeploymentsBackend>>;

  beforeAll(async () => {
    api = await startDeploymentsBackend({ knex: await databases.init(id) });
  });
  afterAll(() => api.backend.stop());

  const post = (fields: Record<string, unknown>) => api.seed(eventInput({ environment: 'prod', ...fields }));
  async function page(query: string): Promise<RunsPage> {
    const res = await api.get(`/runs?${query}`);
    if (res.status !== 200) throw new Error(`GET /runs?${query}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  it('walks every run exactly once while new runs start and events join existing runs', async () => {
    // 12 runs over 3 services and 2 environments; several start at the same
    // instant (ties), and one deployment_id is shared by several slots.
    for (let i = 0; i < 12; i++) {
      await post({
        service: `svc-${i % 3}`,
        environment: i % 4 === 0 ? 'staging' : 'prod',
        deployment_id: i % 5 === 0 ? 'shared' : `run-${i}`,
        status: 'in-progress',
        happened_at: at(8 + Math.floor(i / 3)),
      });
    }
    const before = (await page('limit=200')).items;
    expect(before).toHaveLength(12);
    const order = before.map(key);

    const walked: DeploymentRun[] = [];
    let cursor: string | null = null;
    let step = 0;
    do {
      const current: RunsPage = await page(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...current.items);
      cursor = current.next_cursor;
      // Between pages, at every position of the order: runs finishing (their
      // latest event changes, which decides ties), events arriving late that
      // move a run's start earlier, and new runs before, among and after
      // the ones walked.
      const target = before[(step * 5) % before.length];
      await post({
        service: target.service,
        environment: target.environment,
        deployment_id: target.deployment_id,
        status: step % 2 ? 'success' : 'cancelled',
        happened_at: at(12 + step),
      });
      const early = before[(step * 7 + 3) % before.length];
      await post({
        service: early.service,
        environment: early.environment,
        deployment_id: early.deployment_id,
        status: 'queued',
        happened_at: at(7, step),
      });
      await post({ service: 'svc-new', deployment_id: `new-${step}`, happened_at: at(7 + step) });
      step += 1;
    } while (cursor);

    expect(step).toBe(6);
    // Exactly the runs of the start, once each, in the order of the start.
    expect(walked.map(key)).toEqual(order);
    // As they stood then: the events that arrived during the walk are not in it.
    expect(walked).toEqual(before);

    // A new walk sees everything that arrived: 6 new runs, starts moved earlier.
    const after = (await page('limit=200')).items;
    expect(after).toHaveLength(18);
    expect(after.filter(r => r.started_at.startsWith('2026-02-01T07:')).length).toBeGreaterThan(6);
  });

  it('keeps a walk on its first page\'s log even when a run moves across the page boundary', async () => {
    const s = 'boundary';
    for (const d of ['a', 'b', 'c']) {
      await post({ service: s, deployment_id: d, status: 'in-progress', happened_at: at(9) });
    }
    // Ties on started_at: newest latest event first, so c, b, a.
    const first = await page(`service=${s}&limit=2`);
    expect(first.items.map(r => r.deployment_id)).toEqual(['c', 'b']);
    // a's latest event is now received last: a fresh walk puts a first...
    await post({ service: s, deployment_id: 'a', status: 'success', happened_at: at(10) });
    expect((await page(`service=${s}&limit=3`)).items.map(r => r.deployment_id)).toEqual(['a', 'c', 'b']);
    // ...but the walk that had passed c and b still finds a, once, as it was.
    const second = await page(`service=${s}&limit=2&cursor=${first.next_cursor}`);
    expect(second.items.map(r => [r.deployment_id, r.status])).toEqual([['a', 'in-progress']]);
    expect(second.next_cursor).toBeNull();
  });
});
