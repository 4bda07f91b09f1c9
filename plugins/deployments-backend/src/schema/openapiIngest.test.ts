import { mockCredentials } from '@backstage/backend-test-utils';
import { eventInput } from '../__testUtils__/events';
import { bodyHash } from '../core/idempotency';
import { Json, requestErrors, responseErrors } from '../__testUtils__/openapiOracle';
import {
  describeAgainstContract,
  EXERCISED_BY,
  INGESTED_BODIES,
  SERVICE_TOKEN_BODY,
  STORED_BODY,
  userAuth,
} from '../__testUtils__/openapiBackend';

jest.setTimeout(60_000);

/*
 * Checks that the real backend's ingest route (POST /) answers exactly as
 * openapi.yaml says, and that the check itself can fail. The read routes are
 * checked by openapiReads.test.ts.
 */

describeAgainstContract(({ call, ingest, ingestAsService, seen, baseUrl, knex }) => {
  let stored: Json;

  it('POST / 201: full and minimal bodies, nulls, limits at their maximum', async () => {
    for (const body of INGESTED_BODIES) {
      expect(requestErrors('post', '/', '', body)).toEqual([]);
      const res = await ingest(body);
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBe(`/api/deployments/${res.json().id}`);
    }
    stored = (await ingest(STORED_BODY)).json();
  });

  it.each([
    ['a missing field and an unknown one', { deployment_id: 'x', service: 'x', status: 'success', happened_at: '2026-01-01T00:00:00Z', colour: 'blue' }],
    ['a date without time', eventInput({ happened_at: '2024-01-01' })],
    ['a space separator', eventInput({ happened_at: '2024-01-01 10:00:00Z' })],
    ['an impossible date', eventInput({ happened_at: '2023-02-29T10:00:00Z' })],
    ['no offset', eventInput({ happened_at: '2024-01-01T10:00:00' })],
    ['run_number as a string', eventInput({ run_number: '42' })],
    ['run_number beyond 2^53 - 1', eventInput({ run_number: 2 ** 53 })],
    ['a negative run_number', eventInput({ run_number: -1 })],
    ['a relative run_url', eventInput({ run_url: '/runs/1' })],
    ['an ftp run_url', eventInput({ run_url: 'ftp://example.com/x' })],
    ['a status in capitals', eventInput({ status: 'SUCCESS' })],
    ['an empty service', eventInput({ service: '' })],
    ['a NUL character', eventInput({ environment: 'pr\u0000od' })],
    ['33 parents', eventInput({ parent_deployments: Array.from({ length: 33 }, (_, i) => `p${i}`) })],
    ['an empty parent', eventInput({ parent_deployments: [''] })],
    ['a sha over 64 chars', eventInput({ sha: 'a'.repeat(65) })],
    ['a body that is an array', []],
  ])('POST / 422 for %s, which the request schema rejects too', async (_name, body) => {
    expect(requestErrors('post', '/', '', body)).not.toEqual([]);
    const res = await ingest(body);
    expect(res.status).toBe(422);
    expect(res.json().errors.length).toBeGreaterThan(0);
  });

  it('POST / 422 lists every offending field', async () => {
    const res = await ingest({ service: 'x'.repeat(129), status: 'done', colour: 'blue' });
    expect(res.status).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['colour', 'deployment_id', 'environment', 'happened_at', 'service', 'status'],
    );
  });

  it('POST / 400, 401, 413 and 415', async () => {
    expect((await ingest('{"service": ')).status).toBe(400);
    expect((await ingest(eventInput(), { 'X-Api-Key': 'wrong' })).status).toBe(401);
    const anonymous = await call('post', '/', '', {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(eventInput()),
    });
    expect(anonymous.status).toBe(401);
    const userToken = await call('post', '/', '', {
      headers: { 'Content-Type': 'application/json', Authorization: mockCredentials.user.header() },
      body: JSON.stringify(eventInput()),
    });
    expect(userToken.status).toBe(401);
    const tooLarge = JSON.stringify(eventInput({ version: 'v'.repeat(70_000) }));
    expect((await ingest(tooLarge)).status).toBe(413);
    expect((await ingest('a=b', { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await ingest('text', { 'Content-Type': 'text/plain' })).status).toBe(415);
  });

  it('POST / 201 with a Backstage service token', async () => {
    const res = await ingestAsService(SERVICE_TOKEN_BODY);
    expect(res.status).toBe(201);
  });

  it('POST / with an Idempotency-Key: 201 and its replay, 422 for another body, 400 for a malformed key', async () => {
    const body = eventInput({ deployment_id: 'idempotent' });
    const key = { 'Idempotency-Key': 'checkout-prod-4711-success' };
    expect(requestErrors('post', '/', '', body, key)).toEqual([]);
    const first = await ingest(body, key);
    expect([first.status, first.headers.get('idempotent-replayed')]).toEqual([201, null]);
    const replay = await ingest(body, key);
    expect([replay.status, replay.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(replay.text).toBe(first.text);
    expect(replay.headers.get('location')).toBe(first.headers.get('location'));

    const otherBody = await ingest(eventInput({ deployment_id: 'idempotent', status: 'failure' }), key);
    expect(otherBody.status).toBe(422);
    expect(otherBody.json().errors).toEqual([
      { field: '(Idempotency-Key)', message: 'was used before with a different body' },
    ]);

    for (const malformed of ['k'.repeat(256), '', 'a\tb', 'caf\u00e9']) {
      const header = { 'Idempotency-Key': malformed };
      expect(requestErrors('post', '/', '', body, header)).not.toEqual([]);
      expect((await ingest(body, header)).status).toBe(400);
    }
  });

  it('POST / 409 while the first request with the key is still in flight', async () => {
    const body = eventInput({ deployment_id: 'in-flight' });
    // The row a first request leaves while it runs: a race cannot be timed in a contract test.
    await knex()('deployments_idempotency_keys').insert({
      sender: 'key:ci',
      key: 'in-flight',
      body_hash: bodyHash(body),
      state: 'in-flight',
      response_status: null,
      response_body: null,
      created_at_ms: Date.now(),
    });
    const res = await ingest(body, { 'Idempotency-Key': 'in-flight' });
    expect(res.status).toBe(409);
    expect(res.json()).toMatchObject({ status: 409, title: 'Conflict' });
  });

  it('exercised every status of POST / the contract names (this file\'s share of the coverage)', () => {
    expect([...seen].sort()).toEqual([...EXERCISED_BY.ingest].sort());
  });

  it('can fail: the validator rejects responses that break the schema', async () => {
    const res = await fetch(`${baseUrl()}/${stored.id}`, { headers: userAuth });
    const text = await res.text();
    const ok = { status: res.status, headers: res.headers, text };
    expect(responseErrors('get', '/{id}', ok)).toEqual([]);

    const withExtraKey = { ...ok, text: JSON.stringify({ ...JSON.parse(text), extra: 1 }) };
    expect(responseErrors('get', '/{id}', withExtraKey).join('\n')).toMatch(/additional properties/);
    const { parent_deployments: _dropped, ...withoutParents } = JSON.parse(text);
    expect(responseErrors('get', '/{id}', { ...ok, text: JSON.stringify(withoutParents) })).not.toEqual([]);
    const notUtc = { ...ok, text: JSON.stringify({ ...JSON.parse(text), happened_at: '2026-01-01T10:00:00+02:00' }) };
    expect(responseErrors('get', '/{id}', notUtc).join('\n')).toMatch(/pattern/);
    const runNumberAsText = { ...ok, text: JSON.stringify({ ...JSON.parse(text), run_number: '42' }) };
    expect(responseErrors('get', '/{id}', runNumberAsText)).not.toEqual([]);

    expect(responseErrors('get', '/{id}', { ...ok, status: 418 })).toEqual([
      'status 418 is not declared for GET /{id}',
    ]);
    const htmlError = { status: 404, headers: new Headers({ 'content-type': 'text/html' }), text: '<p>' };
    expect(responseErrors('get', '/{id}', htmlError)).toEqual([
      'content type text/html is not declared for GET /{id} 404',
    ]);
    // The ingest answer is the event without the read-time `in_freeze` of GET /{id}.
    const { in_freeze: _readOnly, ...asIngested } = JSON.parse(text);
    const created = { status: 201, headers: new Headers({ 'content-type': 'application/json' }), text: JSON.stringify(asIngested) };
    expect(responseErrors('post', '/', created)).toEqual(['required header Location is missing']);
    const notReplayed = new Headers({
      'content-type': 'application/json',
      location: `/api/deployments/${stored.id}`,
      'idempotent-replayed': 'false',
    });
    expect(responseErrors('post', '/', { ...created, headers: notReplayed }).join('\n')).toMatch(
      /header Idempotent-Replayed: .*allowed values/,
    );
    const matrixWithoutEtag = {
      status: 200,
      headers: new Headers({ 'content-type': 'application/json' }),
      text: '{"environments":[],"environment_groups":[],"services":[]}',
    };
    expect(responseErrors('get', '/matrix', matrixWithoutEtag)).toEqual(['required header ETag is missing']);
    expect(requestErrors('get', '/', '?limit=0&colour=blue')).toHaveLength(2);
  });
});
