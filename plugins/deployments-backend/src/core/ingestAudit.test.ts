import { mockServices } from '@backstage/backend-test-utils';
import { AuditorService } from '@backstage/backend-plugin-api';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend, TEST_API_KEY } from '../__testUtils__/testBackend';
import { countStoredEvents, eventInput } from '../__testUtils__/events';

jest.setTimeout(60_000);

const databases = createTestDatabases();

interface AuditRecord {
  eventId: string;
  hadRequest: boolean;
  outcome?: 'success' | 'fail';
  meta: Record<string, unknown>;
  error?: string;
}

/** An auditor that remembers every event and how it ended. */
function recordingAuditor() {
  const records: AuditRecord[] = [];
  const auditor: Partial<AuditorService> = {
    async createEvent(options) {
      const record: AuditRecord = {
        eventId: options.eventId,
        hadRequest: options.request !== undefined,
        meta: { ...options.meta },
      };
      records.push(record);
      return {
        async success(done) {
          record.outcome = 'success';
          Object.assign(record.meta, done?.meta);
        },
        async fail(done) {
          record.outcome = 'fail';
          record.error = `${done.error.name}: ${done.error.message}`;
          Object.assign(record.meta, done.meta);
        },
      };
    },
  };
  return { records, factory: mockServices.auditor.mock(auditor).factory };
}

describe.each(databases.eachSupportedId())('ingest audit on %s', id => {
  it('audits accepted and refused ingests, by key name and never the key', async () => {
    const knex = await databases.init(id);
    const { records, factory } = recordingAuditor();
    const scopedKey = 'scoped-key-abcdef-0123456789';
    const api = await startDeploymentsBackend({
      knex,
      services: [factory],
      moreApiKeys: [{ name: 'payments-ci', key: scopedKey, services: ['payments-*'] }],
      config: { deployments: { ingest: { rateLimit: { eventsPerSecond: 0.01, burst: 2 } } } },
    });
    const post = (body: unknown, key: string, type = 'application/json') =>
      fetch(api.baseUrl, {
        method: 'POST',
        headers: { 'Content-Type': type, 'X-Api-Key': key },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });

    const statuses = [
      (await post(eventInput(), TEST_API_KEY)).status,
      (await post(eventInput(), 'wrong-key-that-must-not-be-logged')).status,
      (await post(eventInput({ service: 'checkout' }), scopedKey)).status,
      (await post(eventInput({ status: 'done' }), TEST_API_KEY)).status,
      (await post('service=checkout', TEST_API_KEY, 'text/plain')).status,
      (await post(eventInput(), TEST_API_KEY)).status,
      (await post(eventInput(), TEST_API_KEY)).status,
    ];
    expect(statuses).toEqual([201, 401, 403, 422, 415, 201, 429]);

    const ingests = records.filter(r => r.eventId === 'deployment-ingest');
    expect(ingests.map(r => [r.outcome, r.meta.sender, r.error?.split(':')[0]])).toEqual([
      ['success', 'key:ci', undefined],
      ['fail', 'unauthenticated', 'AuthenticationError'],
      ['fail', 'key:payments-ci', 'NotAllowedError'],
      ['fail', 'key:ci', 'ValidationFailedError'],
      ['fail', 'key:ci', 'UnsupportedMediaTypeError'],
      ['success', 'key:ci', undefined],
      ['fail', 'key:ci', 'TooManyRequestsError'],
    ]);
    expect(ingests.every(r => r.hadRequest)).toBe(true);
    expect(ingests[0].meta).toMatchObject({ service: 'checkout', environment: 'prod', status: 'success' });
    const written = JSON.stringify(records);
    for (const key of [TEST_API_KEY, scopedKey, 'wrong-key-that-must-not-be-logged']) {
      expect(written).not.toContain(key);
    }
    expect(await countStoredEvents(knex)).toBe(2);
    await api.backend.stop();
  });

  it('audits a batch as one event with its count, and a refused batch as one failure', async () => {
    const knex = await databases.init(id);
    const { records, factory } = recordingAuditor();
    const api = await startDeploymentsBackend({ knex, services: [factory] });
    const postBatch = (events: unknown[]) =>
      fetch(`${api.baseUrl}/batch`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Api-Key': TEST_API_KEY },
        body: JSON.stringify({ events }),
      });
    const stored = await (await postBatch([eventInput(), eventInput(), eventInput()])).json();
    expect((await postBatch([eventInput(), eventInput({ status: 'done' })])).status).toBe(422);

    expect(records.map(r => [r.eventId, r.outcome, r.meta.sender, r.meta.count, r.error?.split(':')[0]])).toEqual([
      ['deployment-ingest-batch', 'success', 'key:ci', 3, undefined],
      ['deployment-ingest-batch', 'fail', 'key:ci', undefined, 'ValidationFailedError'],
    ]);
    expect(records[0].meta).toMatchObject({ first_id: stored.ids[0], last_id: stored.ids[2] });
    await api.backend.stop();
  });

  it('audits a replay as a success marked replayed, and key misuse as failures', async () => {
    const knex = await databases.init(id);
    const { records, factory } = recordingAuditor();
    const api = await startDeploymentsBackend({ knex, services: [factory] });
    const key = { 'Idempotency-Key': 'audited' };
    const statuses = [
      (await api.post(eventInput(), key)).status,
      (await api.post(eventInput(), key)).status,
      (await api.post(eventInput({ status: 'failure' }), key)).status,
      (await api.post(eventInput(), { 'Idempotency-Key': 'k'.repeat(256) })).status,
    ];
    expect(statuses).toEqual([201, 201, 422, 400]);

    const ingests = records.filter(r => r.eventId === 'deployment-ingest');
    expect(ingests.map(r => [r.outcome, r.meta.sender, r.meta.replayed, r.error?.split(':')[0]])).toEqual([
      ['success', 'key:ci', undefined, undefined],
      ['success', 'key:ci', true, undefined],
      ['fail', 'key:ci', undefined, 'ValidationFailedError'],
      ['fail', 'key:ci', undefined, 'InputError'],
    ]);
    // The replay names the event first stored.
    expect(ingests[1].meta).toMatchObject({ id: ingests[0].meta.id, service: 'checkout', status: 'success' });
    expect(await countStoredEvents(knex)).toBe(1);
    await api.backend.stop();
  });
});
