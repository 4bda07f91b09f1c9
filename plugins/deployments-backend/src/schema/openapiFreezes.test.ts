import { TEST_API_KEY } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { Json } from '../__testUtils__/openapiOracle';
import { describeAgainstContract, EXERCISED_BY, userAuth } from '../__testUtils__/openapiBackend';

jest.setTimeout(60_000);

/*
 * Checks GET /freezes and the `in_freeze` of history, one event and runs
 * against openapi.yaml, on a backend configured with freezes: one that is
 * always active (so the answer has both lists filled), one in the past
 * that holds some stored events, and a recurring one.
 */

const FREEZES = [
  {
    name: 'always',
    reason: 'Active for the whole test',
    environments: ['staging'],
    start: '2020-01-01',
    end: '2100-01-01',
  },
  {
    name: 'new-year',
    reason: 'New year freeze',
    environments: ['prod'],
    services: ['check*'],
    timezone: 'Europe/Berlin',
    start: '2026-01-01T00:00',
    end: '2026-01-01T12:00',
  },
  {
    name: 'nightly',
    reason: 'Backups',
    timezone: 'America/New_York',
    cron: '0 2 * * *',
    duration: { hours: 1 },
  },
];

describeAgainstContract(
  ({ call, ingest, read, seen }) => {
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const bodies = {
        // 10:00 Berlin: inside new-year.
        inside: eventInput({ deployment_id: 'd-1', status: 'in-progress', happened_at: '2026-01-01T09:00:00Z' }),
        // 12:00 Berlin exactly: its end, outside.
        atEnd: eventInput({ deployment_id: 'd-1', status: 'success', happened_at: '2026-01-01T11:00:00Z' }),
        // 02:30 New York (07:30 UTC in winter): nightly.
        nightly: eventInput({ deployment_id: 'd-2', service: 'search', happened_at: '2026-01-02T07:30:00Z' }),
        staging: eventInput({ deployment_id: 'd-3', environment: 'staging', happened_at: '2026-01-03T12:00:00Z' }),
      };
      for (const [key, body] of Object.entries(bodies)) {
        const res = await ingest(body);
        if (res.status !== 201) throw new Error(`Storing ${key} answered ${res.status}: ${res.text}`);
        ids[key] = res.json().id;
      }
    });

    const mark = (name: string, reason: string) => ({ name, reason });

    it('GET /freezes 200 lists active and upcoming windows, filtered by service and environment', async () => {
      const all = (await read('/freezes', '/freezes')).json();
      expect(all.active.map((w: Json) => w.name)).toEqual(expect.arrayContaining(['always']));
      expect(all.active.find((w: Json) => w.name === 'always')).toEqual({
        name: 'always',
        reason: 'Active for the whole test',
        start: '2020-01-01T00:00:00.000Z',
        end: '2100-01-01T00:00:00.000Z',
        environments: ['staging'],
        services: null,
        timezone: 'UTC',
        cron: null,
      });
      // Nightly, every day: 30 days ahead hold 29 or 30 of its windows.
      const nightly = all.upcoming.filter((w: Json) => w.name === 'nightly');
      expect(nightly.length).toBeGreaterThanOrEqual(29);
      expect(nightly[0]).toMatchObject({ timezone: 'America/New_York', cron: '0 2 * * *', services: null });
      expect(Date.parse(nightly[0].end) - Date.parse(nightly[0].start)).toBe(3_600_000);

      const prod = (await read('/freezes', '/freezes?environment=prod&service=checkout')).json();
      expect([...prod.active, ...prod.upcoming].map((w: Json) => w.name)).not.toContain('always');
      const staging = (await read('/freezes', '/freezes?environment=staging')).json();
      expect(staging.active.map((w: Json) => w.name)).toContain('always');
    });

    it.each([
      ['an unknown parameter', '?enviroment=prod'],
      ['a repeated parameter', '?service=a&service=b'],
      ['an empty parameter', '?service='],
    ])('GET /freezes 400 for %s', async (_name, url) => {
      const res = await call('get', '/freezes', `/freezes${url}`, { headers: userAuth });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('GET /freezes is 401 without credentials, with only an API key, or with a bad token', async () => {
      const attempts: Array<Record<string, string>> = [{}, { 'X-Api-Key': TEST_API_KEY }, { Authorization: 'Bearer not-a-token' }];
      for (const headers of attempts) {
        expect((await call('get', '/freezes', '/freezes', { headers })).status).toBe(401);
      }
    });

    it('flags events inside a freeze in history, one event and runs; the end is exclusive', async () => {
      const history = (await read('/', '/?limit=500')).json();
      const byId = Object.fromEntries(history.items.map((e: Json) => [e.id, e.in_freeze]));
      expect(byId).toEqual({
        [ids.inside]: mark('new-year', 'New year freeze'),
        [ids.atEnd]: null,
        [ids.nightly]: mark('nightly', 'Backups'),
        [ids.staging]: mark('always', 'Active for the whole test'),
      });
      expect((await read('/{id}', `/${ids.inside}`)).json().in_freeze).toEqual(mark('new-year', 'New year freeze'));
      expect((await read('/{id}', `/${ids.atEnd}`)).json().in_freeze).toBeNull();

      const runs = (await read('/runs', '/runs?service=checkout&environment=prod')).json();
      expect(runs.items).toHaveLength(1);
      expect(runs.items[0].events.map((e: Json) => [e.status, e.in_freeze])).toEqual([
        ['in-progress', mark('new-year', 'New year freeze')],
        ['success', null],
      ]);
    });

    it("exercised GET /freezes with every status it names (this file's share of the coverage)", () => {
      expect([...seen].sort()).toEqual([...EXERCISED_BY.freezes].sort());
    });
  },
  { config: { deployments: { freezes: FREEZES } } },
);
