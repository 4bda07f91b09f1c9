import { mockCredentials } from '@backstage/backend-test-utils';
import { TEST_API_KEY } from '../__testUtils__/testBackend';
import { Json, requestErrors } from '../__testUtils__/openapiOracle';
import {
  describeAgainstContract,
  EXERCISED_BY,
  userAuth,
} from '../__testUtils__/openapiBackend';
import { voidDeniedTo } from '../__testUtils__/voidRequests';

jest.setTimeout(60_000);

/*
 * Checks that POST /{id}/void, and the reads that show voids, answer exactly
 * as openapi.yaml says: every answer is validated against the document.
 */

const READER = 'user:default/reader';

describeAgainstContract(
  ({ call, read, storeIngestedLog, seen }) => {
    let stored: Json;

    const voidCall = (
      id: string,
      body: unknown,
      headers: Record<string, string> = userAuth,
    ) => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      if (typeof body !== 'string') {
        // Only well-formed bodies are checked against the request schema.
        const errors = requestErrors('post', '/{id}/void', `/${id}/void`, body);
        if (
          body &&
          typeof body === 'object' &&
          'reason' in body &&
          typeof body.reason === 'string' &&
          body.reason.length >= 1 &&
          body.reason.length <= 500 &&
          Object.keys(body).length === 1
        ) {
          expect(errors).toEqual([]);
        }
      }
      return call('post', '/{id}/void', `/${encodeURIComponent(id)}/void`, {
        headers: { 'Content-Type': 'application/json', ...headers },
        body: text,
      });
    };

    beforeAll(async () => {
      stored = await storeIngestedLog();
    });

    it('POST /{id}/void 200, then every read shows it as the document says', async () => {
      expect(stored.voided).toBeNull();
      const res = await voidCall(stored.id, {
        reason: 'posted to the wrong environment',
      });
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({
        id: stored.id,
        voided: {
          by: 'user:default/mock',
          reason: 'posted to the wrong environment',
        },
      });
      expect(
        (await read('/{id}', `/${stored.id}`)).json().voided,
      ).not.toBeNull();
      const hidden = (await read('/', '/?limit=500')).json().items;
      expect(hidden.map((e: Json) => e.id)).not.toContain(stored.id);
      const shown = (await read('/', '/?limit=500&include_voided=true')).json()
        .items;
      expect(shown.find((e: Json) => e.id === stored.id).voided.reason).toBe(
        'posted to the wrong environment',
      );
      const matrix = (await read('/matrix', '/matrix')).json();
      for (const row of matrix.services) {
        for (const slot of Object.values<Json>(row.slots)) {
          expect(slot.current.id).not.toBe(stored.id);
          expect(slot.current.voided).toBeNull();
        }
      }
      const runs = (await read('/runs', '/runs?limit=200')).json().items;
      expect(
        runs.flatMap((r: Json) => r.events).map((e: Json) => e.id),
      ).not.toContain(stored.id);
    });

    it('POST /{id}/void 409 for a second void', async () => {
      expect((await voidCall(stored.id, { reason: 'again' })).status).toBe(409);
    });

    it.each([
      ['a missing reason', {}],
      ['an empty reason', { reason: '' }],
      ['a reason of 501 characters', { reason: 'r'.repeat(501) }],
      ['another field', { reason: 'ok', at: 'now' }],
      ['malformed JSON', '{"reason"'],
    ])('POST /{id}/void 400 for %s', async (_name, body) => {
      const res = await voidCall('1', body);
      expect(res.status).toBe(400);
    });

    it('POST /{id}/void 401 without credentials or with only an API key', async () => {
      const attempts: Array<Record<string, string>> = [
        {},
        { 'X-Api-Key': TEST_API_KEY },
      ];
      for (const headers of attempts) {
        expect((await voidCall('1', { reason: 'x' }, headers)).status).toBe(
          401,
        );
      }
    });

    it('POST /{id}/void 403 when the policy denies deployments.event.void', async () => {
      const res = await voidCall(
        '1',
        { reason: 'x' },
        { Authorization: mockCredentials.user.header(READER) },
      );
      expect(res.status).toBe(403);
    });

    it('POST /{id}/void 404 for an unknown id', async () => {
      expect((await voidCall('424242', { reason: 'x' })).status).toBe(404);
    });

    it("exercised POST /{id}/void with every status the contract names for it (this file's share of the coverage)", () => {
      expect([...seen].sort()).toEqual([...EXERCISED_BY.void].sort());
    });
  },
  { services: [voidDeniedTo(READER)] },
);
