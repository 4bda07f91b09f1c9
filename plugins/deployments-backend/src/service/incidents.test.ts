import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuditorService } from '@backstage/backend-plugin-api';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend, TEST_API_KEY, useDeploymentsBackend } from '../__testUtils__/testBackend';
import { countStoredEvents, eventInput } from '../__testUtils__/events';
import { countStoredIncidents, incidentInput, postIncident } from '../__testUtils__/incidents';
import { openStream } from '../__testUtils__/sseClient';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const SCOPED_KEY = 'scoped-key-0123456789';

/** Audit events by id and outcome, in order ("incident-ingest:success"). */
function auditTrail() {
  const trail: string[] = [];
  const auditor: Partial<AuditorService> = {
    async createEvent({ eventId }) {
      return {
        success: async () => void trail.push(`${eventId}:success`),
        fail: async ({ error }) => void trail.push(`${eventId}:fail:${error.name}`),
      };
    },
  };
  return { trail, factory: mockServices.auditor.mock(auditor).factory };
}

describe.each(databases.eachSupportedId())('POST /incidents on %s', id => {
  const audit = auditTrail();
  const state = useDeploymentsBackend(databases, id, {
    services: [audit.factory],
    moreApiKeys: [{ name: 'scoped', key: SCOPED_KEY, services: ['search'], environments: ['prod'] }],
  });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    postIncident(state.api.baseUrl, body, { 'X-Api-Key': TEST_API_KEY, ...headers });

  it.each([
    ['incident_id', { incident_id: '' }, 'must be at least 1 character'],
    ['incident_id', { incident_id: 'i'.repeat(201) }, 'must be at most 200 characters'],
    ['service', { service: 's'.repeat(129) }, 'must be at most 128 characters'],
    ['environment', { environment: 42 }, 'Invalid input: expected string, received number'],
    ['status', { status: 'acknowledged' }, 'must be one of open, resolved'],
    ['happened_at', { happened_at: '2026-03-01 10:00:00Z' }, expect.stringMatching(/^must be an RFC 3339 timestamp/)],
    ['happened_at', { happened_at: '2099-01-01T00:00:00Z' }, 'is in the future'],
    ['title', { title: 't'.repeat(501) }, 'must be at most 500 characters'],
    // An emoji is two UTF-16 code units: 250 of them are 500, one more is 502.
    ['title', { title: '🚨'.repeat(251) }, 'must be at most 500 characters'],
    ['url', { url: 'ftp://pd.example.com/1' }, 'must be an absolute http(s) URL'],
    ['severity', { severity: 's'.repeat(51) }, 'must be at most 50 characters'],
    ['caused_by_deployment_id', { caused_by_deployment_id: 'bad\u0000id' }, 'must not contain the NUL character (U+0000)'],
    ['color', { color: 'red' }, 'is not a known field'],
  ])('422 naming %s, nothing stored', async (field, override, message) => {
    const res = await post({ ...incidentInput(), ...override });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await res.json()).errors).toEqual([{ field, message }]);
    expect(await countStoredIncidents(state.knex)).toBe(0);
  });

  it('422 naming every missing field', async () => {
    const res = await post({ title: 'no fields' });
    expect((await res.json()).errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'environment', 'happened_at', 'incident_id', 'service', 'status',
    ]);
    expect(await countStoredIncidents(state.knex)).toBe(0);
  });

  it('401 without a key or with a wrong one, whatever the body; nothing stored', async () => {
    expect((await postIncident(state.api.baseUrl, incidentInput())).status).toBe(401);
    expect((await post({ nonsense: true }, { 'X-Api-Key': 'wrong-key' })).status).toBe(401);
    expect(await countStoredIncidents(state.knex)).toBe(0);
  });

  it("403 for a key outside its scope (service or environment), naming incidents; nothing stored", async () => {
    const scoped = { 'X-Api-Key': SCOPED_KEY };
    const refusals = [
      [incidentInput({ service: 'checkout' }), "This key may not post incidents of service 'checkout'"],
      [incidentInput({ service: 'search', environment: 'staging' }), "This key may not post incidents to environment 'staging'"],
    ] as const;
    for (const [body, detail] of refusals) {
      const res = await post(body, scoped);
      expect([res.status, (await res.json()).detail]).toEqual([403, detail]);
    }
    expect(await countStoredIncidents(state.knex)).toBe(0);
    expect((await post(incidentInput({ service: 'search' }), scoped)).status).toBe(201);
  });

  it('201 with the stored record; a repeat is 200 with it, a changed repeat 409; one row; audited; streamed once', async () => {
    const stream = await openStream(`${state.api.baseUrl}/stream?service=checkout`, {
      Authorization: mockCredentials.user.header(),
    });
    const body = incidentInput({
      incident_id: 'PD-Q1W2E3',
      happened_at: '2026-03-01T10:04:00+02:00',
      title: 'Checkout 500s after 1.3.0',
      url: 'https://acme.pagerduty.com/incidents/Q1W2E3',
      severity: 'sev1',
      caused_by_deployment_id: 'checkout-prod-4712',
    });
    const created = await post(body);
    expect(created.status).toBe(201);
    const record = await created.json();
    expect(record).toEqual({
      id: expect.stringMatching(/^\d+$/),
      incident_id: 'PD-Q1W2E3',
      service: 'checkout',
      environment: 'prod',
      status: 'open',
      happened_at: '2026-03-01T08:04:00.000Z',
      received_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      title: 'Checkout 500s after 1.3.0',
      url: 'https://acme.pagerduty.com/incidents/Q1W2E3',
      severity: 'sev1',
      caused_by_deployment_id: 'checkout-prod-4712',
      source: 'api',
    });
    const [frame] = await stream.waitFor(m => m.event === 'incident');
    expect([frame.id, JSON.parse(frame.data!)]).toEqual([undefined, record]);

    // The same instant written in another offset is the same happened_at.
    const repeat = await post({ ...body, happened_at: '2026-03-01T08:04:00Z' });
    expect([repeat.status, await repeat.json()]).toEqual([200, record]);
    const changed = await post({ ...body, severity: 'sev2' });
    expect(changed.status).toBe(409);
    expect((await changed.json()).detail).toBe(
      'An incident event with this incident_id, status and happened_at is already stored with other fields',
    );
    // Absent and null are the same: no title is not the stored title.
    expect((await post({ ...body, title: null })).status).toBe(409);
    expect(Number((await state.knex('deployment_incidents').where({ incident_id: 'PD-Q1W2E3' }).count({ n: '*' }))[0].n)).toBe(1);
    expect(audit.trail.filter(t => t.startsWith('incident-ingest')).slice(-4)).toEqual([
      'incident-ingest:success',
      'incident-ingest:success',
      'incident-ingest:fail:ConflictError',
      'incident-ingest:fail:ConflictError',
    ]);
    // The repeat was not streamed again; a deployment still streams as before.
    await state.api.seed(eventInput({ deployment_id: 'after-incident' }));
    await stream.waitFor(m => m.event === 'deployment');
    expect(stream.messages.filter(m => m.event === 'incident')).toHaveLength(1);
    await stream.close();
  });

  it('honours an Idempotency-Key: the same body answers the first answer again, another body is 422', async () => {
    const body = incidentInput({ incident_id: 'IDEM-1' });
    const first = await post(body, { 'Idempotency-Key': 'pd-webhook-1' });
    const again = await post(body, { 'Idempotency-Key': 'pd-webhook-1' });
    expect(first.status).toBe(201);
    expect([again.status, again.headers.get('idempotent-replayed'), await again.json()]).toEqual([
      201,
      'true',
      await first.json(),
    ]);
    const other = await post(incidentInput({ incident_id: 'IDEM-2' }), { 'Idempotency-Key': 'pd-webhook-1' });
    expect(other.status).toBe(422);
    expect(await state.knex('deployment_incidents').whereIn('incident_id', ['IDEM-1', 'IDEM-2']).select('incident_id')).toEqual([
      { incident_id: 'IDEM-1' },
    ]);
  });

  it('413 over 16 KiB, 415 for a body that is not JSON', async () => {
    const big = await post({ ...incidentInput(), title: 'x'.repeat(17_000) });
    expect([big.status, (await big.json()).detail]).toEqual([413, 'The body exceeds 16 KiB (16,384 bytes)']);
    expect((await post('incident', { 'Content-Type': 'text/plain' })).status).toBe(415);
  });

  it('is not taken for an event id by GET /{id}', async () => {
    const res = await state.api.get('/incidents?service=nobody');
    expect([res.status, await res.json()]).toEqual([200, { items: [], next_cursor: null }]);
  });
});

describe.each(databases.eachSupportedId())('the rate limit of POST /incidents on %s', id => {
  it('is one budget per key for deployments and incidents', async () => {
    const knex = await databases.init(id);
    const api = await startDeploymentsBackend({
      knex,
      config: { deployments: { ingest: { rateLimit: { eventsPerSecond: 0.01, burst: 3 } } } },
    });
    const statuses = [
      (await api.post(eventInput())).status,
      (await postIncident(api.baseUrl, incidentInput(), { 'X-Api-Key': TEST_API_KEY })).status,
      (await api.post(eventInput())).status,
      (await postIncident(api.baseUrl, incidentInput({ incident_id: 'PD-2' }), { 'X-Api-Key': TEST_API_KEY })).status,
      (await api.post(eventInput())).status,
    ];
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    expect([await countStoredEvents(knex), await countStoredIncidents(knex)]).toEqual([2, 1]);
    await api.backend.stop();
  });
});
