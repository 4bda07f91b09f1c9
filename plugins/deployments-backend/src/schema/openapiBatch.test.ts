import { eventInput } from '../__testUtils__/events';
import { bodyHash } from '../core/idempotency';
import { TEST_API_KEY } from '../__testUtils__/testBackend';
import { requestErrors } from '../__testUtils__/openapiOracle';
import { describeAgainstContract, EXERCISED_BY, userAuth } from '../__testUtils__/openapiBackend';

jest.setTimeout(60_000);

/*
 * Checks that the real backend's batch route (POST /batch) answers exactly as
 * openapi.yaml says. The behaviour behind it (order, stream, all or nothing
 * under load) is tested by service/batch*.test.ts.
 */

const SCOPED_KEY = 'scoped-key-0123456789';
const BURST = 500;

const batchOf = (n: number, overrides: Record<string, unknown> = {}) => ({
  events: Array.from({ length: n }, (_, i) => eventInput({ deployment_id: `batch-${i}`, ...overrides })),
});

describeAgainstContract(
  ({ call, seen, baseUrl, knex }) => {
    const postBatch = (body: unknown, headers: Record<string, string> = {}) =>
      call('post', '/batch', '/batch', {
        headers: { 'Content-Type': 'application/json', 'X-Api-Key': TEST_API_KEY, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });

    it('POST /batch 201: ids in input order, each event stored as sent', async () => {
      const body = {
        events: [
          eventInput({ deployment_id: 'b-1', status: 'in-progress' }),
          eventInput({ deployment_id: 'b-1', status: 'success', version: '1.2.3', tags: ['x'] }),
          eventInput({ deployment_id: 'b-2', service: 'search', environment: 'dev', is_test: true }),
        ],
      };
      expect(requestErrors('post', '/batch', '', body)).toEqual([]);
      const res = await postBatch(body);
      expect(res.status).toBe(201);
      const { count, ids } = res.json();
      expect(count).toBe(3);
      expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((a, b) => a - b));
      const stored = await Promise.all(
        ids.map(async (id: string) => (await fetch(`${baseUrl()}/${id}`, { headers: userAuth })).json()),
      );
      expect(stored.map(e => [e.deployment_id, e.status])).toEqual([
        ['b-1', 'in-progress'],
        ['b-1', 'success'],
        ['b-2', 'success'],
      ]);
    });

    it('POST /batch 201 for exactly 1 MiB, 413 above it', async () => {
      const skeleton = JSON.stringify(batchOf(2));
      const exact = `${skeleton.slice(0, -1)}${' '.repeat(1_048_576 - Buffer.byteLength(skeleton))}}`;
      expect(Buffer.byteLength(exact)).toBe(1_048_576);
      expect((await postBatch(exact)).status).toBe(201);
      const over = await postBatch(`${exact} `);
      expect(over.status).toBe(413);
      expect(over.json().detail).toBe('The body exceeds 1 MiB (1,048,576 bytes)');
    });

    it.each([
      ['no events key', {}, ['events']],
      ['events not an array', { events: {} }, ['events']],
      ['an empty batch', { events: [] }, ['events']],
      ['1,001 events', batchOf(1001), ['events']],
      ['an unknown top-level field', { ...batchOf(1), colour: 'blue' }, ['colour']],
      ['a body that is an array', [eventInput()], ['(body)']],
    ])('POST /batch 422 naming the envelope for %s', async (_name, body, fields) => {
      expect(requestErrors('post', '/batch', '', body)).not.toEqual([]);
      const res = await postBatch(body);
      expect(res.status).toBe(422);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(fields);
    });

    it('POST /batch 422 names every offending field of every event by index; nothing stored', async () => {
      const before = Number((await knex()('deployment_events').count({ n: '*' }))[0].n);
      const body = batchOf(9);
      body.events[2] = eventInput({ status: 'done', run_number: '42' });
      (body.events as unknown[])[5] = 'not an event';
      body.events[7] = { ...eventInput({ status: 'SUCCESS' }), colour: 'blue' } as never;
      expect(requestErrors('post', '/batch', '', body)).not.toEqual([]);
      const res = await postBatch(body);
      expect(res.status).toBe(422);
      expect(res.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(
        ['events[2].run_number', 'events[2].status', 'events[5]', 'events[7].colour', 'events[7].status'].sort(),
      );
      expect(Number((await knex()('deployment_events').count({ n: '*' }))[0].n)).toBe(before);
    });

    it('POST /batch 400, 401 and 415', async () => {
      expect((await postBatch('{"events": [')).status).toBe(400);
      expect((await postBatch(batchOf(1), { 'Idempotency-Key': 'k'.repeat(256) })).status).toBe(400);
      expect((await postBatch(batchOf(1), { 'X-Api-Key': 'wrong' })).status).toBe(401);
      const anonymous = await call('post', '/batch', '/batch', {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(batchOf(1)),
      });
      expect(anonymous.status).toBe(401);
      expect((await postBatch('events=1', { 'Content-Type': 'text/plain' })).status).toBe(415);
    });

    it('POST /batch 403 names the first event outside the key\'s scope; nothing stored', async () => {
      const body = { events: [eventInput({ service: 'payments-api' }), eventInput({ service: 'checkout' })] };
      const res = await postBatch(body, { 'X-Api-Key': SCOPED_KEY });
      expect(res.status).toBe(403);
      expect(res.json().detail).toBe("events[1]: This key may not post deployments of service 'checkout'");
    });

    it('POST /batch 429 for a batch larger than the key\'s burst', async () => {
      const res = await postBatch(batchOf(BURST + 1));
      expect(res.status).toBe(429);
      expect(res.json().detail).toMatch(/A batch of 501 events is more than key 'ci' may post at once \(its burst is 500 events\)/);
    });

    it('POST /batch with an Idempotency-Key: 201 and its replay; 409 while in flight', async () => {
      const body = batchOf(3, { service: 'idempotent' });
      const key = { 'Idempotency-Key': 'import-deploys.ndjson-1' };
      const first = await postBatch(body, key);
      expect([first.status, first.headers.get('idempotent-replayed')]).toEqual([201, null]);
      const replay = await postBatch(body, key);
      expect([replay.status, replay.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
      expect(replay.text).toBe(first.text);
      expect((await postBatch(batchOf(2), key)).status).toBe(422);

      const inFlight = batchOf(1, { service: 'in-flight' });
      await knex()('deployments_idempotency_keys').insert({
        sender: 'key:ci',
        key: 'batch-in-flight',
        body_hash: bodyHash(inFlight),
        state: 'in-flight',
        response_status: null,
        response_body: null,
        created_at_ms: Date.now(),
      });
      expect((await postBatch(inFlight, { 'Idempotency-Key': 'batch-in-flight' })).status).toBe(409);
    });

    it("exercised every status of POST /batch the contract names (this file's share of the coverage)", () => {
      expect([...seen].sort()).toEqual([...EXERCISED_BY.batch].sort());
    });
  },
  {
    moreApiKeys: [{ name: 'payments-ci', key: SCOPED_KEY, services: ['payments-*'] }],
    config: { deployments: { ingest: { rateLimit: { eventsPerSecond: 1000, burst: BURST } } } },
  },
);
