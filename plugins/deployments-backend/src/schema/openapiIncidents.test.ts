import { TEST_API_KEY } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { Json, requestErrors } from '../__testUtils__/openapiOracle';
import { describeAgainstContract, EXERCISED_BY, userAuth } from '../__testUtils__/openapiBackend';
import { incidentInput } from '../__testUtils__/incidents';

jest.setTimeout(60_000);

/*
 * POST and GET /incidents, and the metrics' `basis`, answer exactly as
 * openapi.yaml says: every answer is validated against the document.
 */

const SCOPED_KEY = 'scoped-key-0123456789';

describeAgainstContract(
  ({ call, read, ingest, seen }) => {
    const post = (body: unknown, headers: Record<string, string> = {}) => {
      if (typeof body !== 'string') {
        // A valid body must be valid by the document too.
        const errors = requestErrors('post', '/incidents', '/incidents', body);
        if ((body as Json).status === 'open' && !('color' in (body as Json))) expect(errors).toEqual([]);
      }
      return call('post', '/incidents', '/incidents', {
        headers: { 'Content-Type': 'application/json', 'X-Api-Key': TEST_API_KEY, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    };
    let opened: Json;

    beforeAll(async () => {
      const stored = await ingest(eventInput({ deployment_id: 'checkout-prod-9', happened_at: '2026-03-01T09:00:00Z' }));
      if (stored.status !== 201) throw new Error(`seeding answered ${stored.status}`);
    });

    it('POST /incidents 201 with the stored record, then 200 for a repeat and 409 for a changed repeat', async () => {
      const body = incidentInput({ caused_by_deployment_id: 'checkout-prod-9', title: 'Checkout 500s', severity: 'sev1', url: 'https://pd.example.com/incidents/Q1' });
      const created = await post(body);
      expect(created.status).toBe(201);
      opened = created.json();
      expect(opened).toMatchObject({ incident_id: 'PD-1', status: 'open', source: 'api', happened_at: '2026-03-01T10:00:00.000Z' });
      const repeat = await post(body);
      expect([repeat.status, repeat.json()]).toEqual([200, opened]);
      expect((await post({ ...body, severity: 'sev2' })).status).toBe(409);
    });

    it.each([
      [400, 'malformed JSON', '{"incident_id"', {}],
      [401, 'a wrong key', incidentInput(), { 'X-Api-Key': 'not-a-key' }],
      [403, 'a key outside its scope', incidentInput(), { 'X-Api-Key': SCOPED_KEY }],
      [413, 'a body over 16 KiB', JSON.stringify({ ...incidentInput(), title: 'x'.repeat(17_000) }), {}],
      [415, 'a body that is not JSON', 'incident', { 'Content-Type': 'text/plain' }],
      [422, 'an unknown field', { ...incidentInput(), color: 'red' }, {}],
      [422, 'a bad status', { ...incidentInput(), status: 'acknowledged' }, {}],
    ])('POST /incidents %i for %s', async (status, _name, body, headers: Record<string, string>) => {
      expect((await post(body, headers)).status).toBe(status);
    });

    it('GET /incidents 200 with the incident built from its records; 400 for bad parameters; 401 without credentials', async () => {
      await post(incidentInput({ status: 'resolved', happened_at: '2026-03-01T11:00:00Z' }));
      const page = (await read('/incidents', '/incidents?service=checkout&from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z')).json();
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toMatchObject({
        opened_at: '2026-03-01T10:00:00.000Z',
        resolved_at: '2026-03-01T11:00:00.000Z',
        title: 'Checkout 500s',
        caused_by_deployment_id: 'checkout-prod-9',
      });
      expect(page.items[0].records.map((r: Json) => r.status)).toEqual(['open', 'resolved']);
      for (const url of ['/incidents?status=closed', '/incidents?colour=red', '/incidents?from=yesterday', '/incidents?limit=201']) {
        expect((await call('get', '/incidents', url)).status).toBe(401);
        // Not read(): it would refuse to send a request the document forbids.
        expect((await call('get', '/incidents', url, { headers: userAuth })).status).toBe(400);
      }
    });

    it('GET /metrics 200 with the incident basis', async () => {
      const metrics = (await read('/metrics', '/metrics?service=checkout&from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z')).json();
      expect(metrics.overall.change_failure_rate).toMatchObject({ failed: 1, total: 1, basis: 'incidents' });
      expect(metrics.overall.recovery_time).toMatchObject({ samples: 1, median_seconds: 3600, basis: 'incidents' });
    });

    it("exercised /incidents with every status the contract names for it (this file's share of the coverage)", () => {
      expect([...seen].sort()).toEqual([...EXERCISED_BY.incidents].sort());
    });
  },
  { moreApiKeys: [{ name: 'scoped', key: SCOPED_KEY, services: ['search'] }] },
);
