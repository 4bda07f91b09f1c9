import { MetricsResponse } from '@deploydash/plugin-deployments-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { TEST_API_KEY, useDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { incidentInput, postIncident } from '../__testUtils__/incidents';
import { postVoid } from '../__testUtils__/voidRequests';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const H = 3600;
const at = (day: number, time: string) => `2026-03-0${day}T${time}:00Z`;
const PERIOD = `from=${at(1, '00:00')}&to=${at(3, '00:00')}`;

/*
 * The log behind GET /incidents and the incident basis of /metrics
 * (docs/metrics.md "Incidents as the basis"), 1–2 March 2026, prod:
 *
 * checkout (incident basis: incidents opened in the period)
 *   successes c-1 (1st 09:00), c-2 (1st 12:00), c-4 (2nd 09:00); failure c-3 (1st 13:00);
 *   c-5 (2nd 15:00) succeeded but is voided
 *   A  open 1st 12:30 caused by c-2, resolved 14:30            → 7200 s
 *   B  resolved 2nd 09:30 (before its opening: not its resolution), open 2nd 10:00
 *      caused by c-4                                            → unrecovered
 *   C  open 2nd 11:00, resolved 11:30 and again 12:00           → 1800 s
 *   E  open 2nd 16:00 caused by c-5 (voided), resolved 17:00    → 3600 s
 *   D  open 1st 08:00 in staging (not production)
 *   F  only resolved, 2nd 20:00 (never opened: no sample)
 * search (deployment basis: its incidents are before the period or in staging)
 *   s-1 success 1st 08:00, s-2 failure 10:00, s-3 success 11:00 → one failed change, 3600 s
 *   OLD open 20 Feb in prod; S open 1st 09:00 in staging
 */
describe.each(databases.eachSupportedId())('incident reads and the incident basis on %s', id => {
  const state = useDeploymentsBackend(databases, id);
  const json = async (path: string) => {
    const res = await state.api.get(path);
    expect([path, res.status]).toEqual([path, 200]);
    return res.json();
  };
  const incident = async (overrides: Record<string, unknown>) => {
    const res = await postIncident(state.api.baseUrl, incidentInput(overrides), { 'X-Api-Key': TEST_API_KEY });
    if (res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
  };
  /** change_failure_rate and recovery_time, overall then per bucket. */
  const failures = (m: MetricsResponse) =>
    [m.overall, ...m.buckets].map(b => ({ cfr: b.change_failure_rate, recovery: b.recovery_time }));
  let searchBefore: MetricsResponse;
  let checkoutBefore: MetricsResponse;

  beforeAll(async () => {
    const deploy = (service: string, deploymentId: string, when: string, status = 'success') =>
      state.api.seed(eventInput({ service, deployment_id: deploymentId, happened_at: when, status }));
    for (const [deploymentId, when, status] of [
      ['c-1', at(1, '09:00'), 'success'],
      ['c-2', at(1, '12:00'), 'success'],
      ['c-3', at(1, '13:00'), 'failure'],
      ['c-4', at(2, '09:00'), 'success'],
    ]) {
      await deploy('checkout', deploymentId, when, status);
    }
    const c5 = await deploy('checkout', 'c-5', at(2, '15:00'));
    const voided = await postVoid(state.api.baseUrl, c5.id, { reason: 'posted twice' });
    if (voided.status !== 200) throw new Error(`voiding answered ${voided.status}`);
    await deploy('search', 's-1', at(1, '08:00'));
    await deploy('search', 's-2', at(1, '10:00'), 'failure');
    await deploy('search', 's-3', at(1, '11:00'));
    searchBefore = await json(`/metrics?service=search&${PERIOD}`);
    checkoutBefore = await json(`/metrics?service=checkout&${PERIOD}`);

    await incident({ incident_id: 'A', happened_at: at(1, '12:30'), caused_by_deployment_id: 'c-2', title: 'Checkout 500s', severity: 'sev1', url: 'https://pd.example.com/A' });
    await incident({ incident_id: 'A', status: 'resolved', happened_at: at(1, '14:30') });
    await incident({ incident_id: 'B', status: 'resolved', happened_at: at(2, '09:30') });
    await incident({ incident_id: 'B', happened_at: at(2, '10:00'), caused_by_deployment_id: 'c-4' });
    await incident({ incident_id: 'C', happened_at: at(2, '11:00'), title: 'Slow pages', severity: 'P3' });
    await incident({ incident_id: 'C', status: 'resolved', happened_at: at(2, '11:30') });
    await incident({ incident_id: 'C', status: 'resolved', happened_at: at(2, '12:00'), title: 'Slow pages: cache' });
    await incident({ incident_id: 'E', happened_at: at(2, '16:00'), caused_by_deployment_id: 'c-5' });
    await incident({ incident_id: 'E', status: 'resolved', happened_at: at(2, '17:00') });
    await incident({ incident_id: 'D', environment: 'staging', happened_at: at(1, '08:00') });
    await incident({ incident_id: 'F', status: 'resolved', happened_at: at(2, '20:00') });
    await incident({ service: 'search', incident_id: 'OLD', happened_at: '2026-02-20T10:00:00Z', caused_by_deployment_id: 's-1' });
    await incident({ service: 'search', incident_id: 'S', environment: 'staging', happened_at: at(1, '09:00') });
  });

  it('lists one item per incident, newest opening (or first record) first, built from its records', async () => {
    const page = await json(`/incidents?service=checkout&${PERIOD}`);
    expect(page.next_cursor).toBeNull();
    expect(page.items.map((i: { incident_id: string }) => i.incident_id)).toEqual(['F', 'E', 'C', 'B', 'A', 'D']);
    const byId = Object.fromEntries(page.items.map((i: { incident_id: string }) => [i.incident_id, i]));
    const { records: cRecords, ...c } = byId.C;
    expect(c).toEqual({
      incident_id: 'C',
      service: 'checkout',
      environment: 'prod',
      opened_at: '2026-03-02T11:00:00.000Z',
      resolved_at: '2026-03-02T11:30:00.000Z',
      // The latest non-null of each: the second resolution renamed it; the severity stays.
      title: 'Slow pages: cache',
      url: null,
      severity: 'P3',
      caused_by_deployment_id: null,
    });
    expect(cRecords.map((r: { status: string; happened_at: string }) => `${r.status} ${r.happened_at}`)).toEqual([
      'open 2026-03-02T11:00:00.000Z',
      'resolved 2026-03-02T11:30:00.000Z',
      'resolved 2026-03-02T12:00:00.000Z',
    ]);
    // B's resolution came before its opening: it is still open.
    expect([byId.B.opened_at, byId.B.resolved_at, byId.B.records.length]).toEqual(['2026-03-02T10:00:00.000Z', null, 2]);
    expect([byId.F.opened_at, byId.F.resolved_at]).toEqual([null, '2026-03-02T20:00:00.000Z']);
    expect([byId.D.environment, byId.A.url, byId.A.severity]).toEqual(['staging', 'https://pd.example.com/A', 'sev1']);
  });

  it('filters by environment, status, service and period, and pages with next_cursor', async () => {
    const ids = async (query: string) =>
      (await json(`/incidents?${query}`)).items.map((i: { service: string; incident_id: string }) => `${i.service}/${i.incident_id}`);
    expect(await ids(`service=checkout&environment=prod&${PERIOD}`)).toEqual([
      'checkout/F', 'checkout/E', 'checkout/C', 'checkout/B', 'checkout/A',
    ]);
    expect(await ids(`service=checkout&status=open&${PERIOD}`)).toEqual(['checkout/B', 'checkout/D']);
    expect(await ids(`service=checkout&status=resolved&${PERIOD}`)).toEqual([
      'checkout/F', 'checkout/E', 'checkout/C', 'checkout/A',
    ]);
    expect(await ids(`environment=staging&${PERIOD}`)).toEqual(['search/S', 'checkout/D']);
    expect(await ids(`from=2026-02-01T00:00:00Z&to=${at(1, '00:00')}`)).toEqual(['search/OLD']);
    // Defaults: the last 90 days before now hold none of them.
    expect(await ids('')).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = '';
    for (let pages = 0; cursor !== null; pages++) {
      expect(pages).toBeLessThan(4);
      const page: { items: Array<{ incident_id: string }>; next_cursor: string | null } = await json(
        `/incidents?service=checkout&limit=2&${PERIOD}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map(i => i.incident_id));
      cursor = page.next_cursor;
    }
    expect(seen).toEqual(['F', 'E', 'C', 'B', 'A', 'D']);
  });

  it.each([
    ['an unknown parameter', 'colour=red'],
    ['a repeated parameter', 'service=a&service=b'],
    ['a bad status', 'status=closed'],
    ['a bad timestamp', 'from=yesterday'],
    ['from not before to', `from=${at(2, '00:00')}&to=${at(1, '00:00')}`],
    ['a limit over 200', 'limit=201'],
    ['a cursor this API did not send', 'cursor=abc'],
  ])('GET /incidents is 400 for %s', async (_name, query) => {
    const res = await state.api.get(`/incidents?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('computes change failure rate and recovery time of a service from its incidents (hand-computed)', async () => {
    const m: MetricsResponse = await json(`/metrics?service=checkout&${PERIOD}`);
    expect(failures(m)).toEqual([
      {
        // c-1, c-2, c-4 (c-3 failed to go out; c-5 is voided); c-2 and c-4 caused incidents.
        cfr: { failed: 2, total: 3, rate: 2 / 3, band: 'low', basis: 'incidents' },
        // A 7200, C 1800, E 3600 → [1800, 3600, 7200]: median rank 2, p90 rank 3; B unrecovered.
        recovery: { samples: 3, median_seconds: H, p90_seconds: 2 * H, unrecovered: 1, band: 'high', basis: 'incidents' },
      },
      {
        cfr: { failed: 1, total: 2, rate: 0.5, band: 'low', basis: 'incidents' },
        recovery: { samples: 1, median_seconds: 2 * H, p90_seconds: 2 * H, unrecovered: 0, band: 'high', basis: 'incidents' },
      },
      {
        cfr: { failed: 1, total: 1, rate: 1, band: 'low', basis: 'incidents' },
        // C 1800, E 3600: median rank 1, p90 rank 2.
        recovery: { samples: 2, median_seconds: H / 2, p90_seconds: H, unrecovered: 1, band: 'elite', basis: 'incidents' },
      },
    ]);
    // Deployment frequency is the same on either basis; before the incidents, checkout was on the deployment basis.
    expect(m.overall.deployment_frequency).toEqual(checkoutBefore.overall.deployment_frequency);
    expect(checkoutBefore.overall.change_failure_rate).toEqual({ failed: 1, total: 4, rate: 0.25, band: 'low', basis: 'deployments' });
  });

  it("leaves a service without incidents in the period on the deployment basis, its numbers untouched", async () => {
    const after: MetricsResponse = await json(`/metrics?service=search&${PERIOD}`);
    expect(after).toEqual(searchBefore);
    expect(failures(after)[0]).toEqual({
      cfr: { failed: 1, total: 3, rate: 1 / 3, band: 'low', basis: 'deployments' },
      recovery: { samples: 1, median_seconds: H, p90_seconds: H, unrecovered: 0, band: 'high', basis: 'deployments' },
    });
  });

  it('pools both bases over all services: counts add up, percentiles over all samples, basis mixed', async () => {
    const m: MetricsResponse = await json(`/metrics?${PERIOD}`);
    expect(failures(m)).toEqual([
      {
        cfr: { failed: 3, total: 6, rate: 0.5, band: 'low', basis: 'mixed' },
        // checkout [7200, 1800, 3600] and search [3600] → [1800, 3600, 3600, 7200]: ranks 2 and 4.
        recovery: { samples: 4, median_seconds: H, p90_seconds: 2 * H, unrecovered: 1, band: 'high', basis: 'mixed' },
      },
      {
        // checkout c-1, c-2 (c-2 failed) and search s-1, s-2, s-3 (s-2 failed); A 7200 and s-2 3600.
        cfr: { failed: 2, total: 5, rate: 0.4, band: 'low', basis: 'mixed' },
        recovery: { samples: 2, median_seconds: H, p90_seconds: 2 * H, unrecovered: 0, band: 'high', basis: 'mixed' },
      },
      {
        // Only checkout counted on the 2nd.
        cfr: { failed: 1, total: 1, rate: 1, band: 'low', basis: 'incidents' },
        recovery: { samples: 2, median_seconds: H / 2, p90_seconds: H, unrecovered: 1, band: 'elite', basis: 'incidents' },
      },
    ]);
  });

  it('uses the incidents of the requested environment: staging puts checkout and search on the incident basis', async () => {
    const m: MetricsResponse = await json(`/metrics?environment=staging&${PERIOD}`);
    // No staging deployments: nothing failed, D and S are open.
    expect(failures(m)[0]).toEqual({
      cfr: { failed: 0, total: 0, rate: null, band: null, basis: 'incidents' },
      recovery: { samples: 0, median_seconds: null, p90_seconds: null, unrecovered: 2, band: null, basis: 'incidents' },
    });
    const empty: MetricsResponse = await json(`/metrics?service=nobody&${PERIOD}`);
    expect([empty.overall.change_failure_rate.basis, empty.buckets[0].recovery_time.basis]).toEqual([
      'deployments',
      'deployments',
    ]);
  });
});
