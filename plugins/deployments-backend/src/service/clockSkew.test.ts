import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  TEST_API_KEY,
  useDeploymentsBackend,
} from '../__testUtils__/testBackend';
import { countStoredEvents, eventInput } from '../__testUtils__/events';
import { DatabaseDeploymentsStore } from '../database/DatabaseDeploymentsStore';
import { IngestService } from '../core/IngestService';
import { ImportCheckpoints } from '../core/ImportCheckpoints';
import { createProviderConnection } from '../providers/providerConnection';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** An instant `ms` from now, as a CI runner would send it. */
const fromNow = (ms: number) => new Date(Date.now() + ms).toISOString();
const MINUTE = 60_000;
const FUTURE = [{ field: 'happened_at', message: 'is in the future' }];

describe.each(databases.eachSupportedId())(
  'happened_at in the future on %s',
  id => {
    describe('with the default skew (5 minutes)', () => {
      const backend = useDeploymentsBackend(databases, id);

      it('accepts just inside the skew and rejects just outside it with 422 naming happened_at', async () => {
        const inside = await backend.api.post(
          eventInput({ happened_at: fromNow(5 * MINUTE - 10_000) }),
        );
        expect(inside.status).toBe(201);
        const before = await countStoredEvents(backend.knex);
        const outside = await backend.api.post(
          eventInput({ happened_at: fromNow(5 * MINUTE + 10_000) }),
        );
        expect(outside.status).toBe(422);
        expect(outside.headers.get('content-type')).toContain(
          'application/problem+json',
        );
        expect(await outside.json()).toMatchObject({
          status: 422,
          title: 'Unprocessable Content',
          detail: '1 field failed validation',
          errors: FUTURE,
        });
        expect(await countStoredEvents(backend.knex)).toBe(before);
      });

      it('judges the instant, not the offset it was written with, and lists it with other errors', async () => {
        // Local time with a +14:00 offset: far ahead on the wall clock, but now in UTC.
        const local = new Date(Date.now() + 14 * 60 * MINUTE)
          .toISOString()
          .replace('Z', '+14:00');
        expect(
          (await backend.api.post(eventInput({ happened_at: local }))).status,
        ).toBe(201);
        const res = await backend.api.post(
          eventInput({ status: 'done', happened_at: fromNow(60 * MINUTE) }),
        );
        expect(res.status).toBe(422);
        expect(
          (await res.json()).errors
            .map((e: { field: string }) => e.field)
            .sort(),
        ).toEqual(['happened_at', 'status']);
      });

      it('names the event of a batch, events[i].happened_at, and stores none of the batch', async () => {
        const before = await countStoredEvents(backend.knex);
        const res = await fetch(`${backend.api.baseUrl}/batch`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-Api-Key': TEST_API_KEY,
          },
          body: JSON.stringify({
            events: [
              eventInput({ deployment_id: 'b-0' }),
              eventInput({
                deployment_id: 'b-1',
                happened_at: fromNow(10 * MINUTE),
              }),
              eventInput({
                deployment_id: 'b-2',
                happened_at: fromNow(MINUTE),
              }),
            ],
          }),
        });
        expect(res.status).toBe(422);
        expect((await res.json()).errors).toEqual([
          { field: 'events[1].happened_at', message: 'is in the future' },
        ]);
        expect(await countStoredEvents(backend.knex)).toBe(before);
      });
    });

    describe('with deployments.ingest.maxClockSkew set', () => {
      const backend = useDeploymentsBackend(databases, id, {
        config: { deployments: { ingest: { maxClockSkew: '30s' } } },
      });

      it('applies the configured skew', async () => {
        expect(
          (await backend.api.post(eventInput({ happened_at: fromNow(20_000) })))
            .status,
        ).toBe(201);
        const res = await backend.api.post(
          eventInput({ happened_at: fromNow(40_000) }),
        );
        expect(res.status).toBe(422);
        expect((await res.json()).errors).toEqual(FUTURE);
      });
    });

    it('rejects a future event of a pull-mode provider through the same ingest core', async () => {
      const knex = await databases.init(id);
      const store = await DatabaseDeploymentsStore.fromKnex(knex);
      const logger = mockServices.logger.mock();
      const ingest = new IngestService({
        store,
        announcer: { announce: () => {} },
        auditor: mockServices.auditor.mock(),
        logger,
        permissions: mockServices.permissions.mock(),
        maxClockSkewMs: MINUTE,
      });
      const connection = createProviderConnection({
        provider: { getProviderName: () => 'fake-ci', connect: async () => {} },
        ingest,
        checkpoints: new ImportCheckpoints(store),
        logger,
      });
      const result = await connection.importEvents([
        { externalId: 'now', event: eventInput({ happened_at: fromNow(0) }) },
        {
          externalId: 'later',
          event: eventInput({ happened_at: fromNow(2 * MINUTE) }),
        },
      ]);
      expect(result.imported.map(e => e.source)).toEqual(['fake-ci']);
      expect(result.rejected).toEqual([
        { externalId: 'later', errors: FUTURE },
      ]);
      expect(await countStoredEvents(knex)).toBe(1);
    });
  },
);
