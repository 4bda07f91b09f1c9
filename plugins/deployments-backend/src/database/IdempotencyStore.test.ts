import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { withSecondPool } from '../__testUtils__/replicas';
import { DatabaseDeploymentsStore } from './DatabaseDeploymentsStore';
import { DatabaseIdempotencyStore } from './IdempotencyStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const HOUR = 3_600_000;
const TTL = 24 * HOUR;
const T0 = 1_800_000_000_000;

describe.each(databases.eachSupportedId())(
  'DatabaseIdempotencyStore on %s',
  id => {
    let knex: Knex;
    let store: DatabaseIdempotencyStore;

    beforeAll(async () => {
      knex = await databases.init(id);
      await DatabaseDeploymentsStore.fromKnex(knex); // runs the migrations
      store = new DatabaseIdempotencyStore(knex, { ttlMs: TTL });
    });

    it('claims a new key once, then answers the record: in flight, then done', async () => {
      expect(await store.claim('key:ci', 'k1', 'hash-a', T0)).toBe('claimed');
      expect(await store.claim('key:ci', 'k1', 'hash-a', T0 + 1)).toEqual({
        bodyHash: 'hash-a',
        state: 'in-flight',
        responseStatus: null,
        responseBody: null,
        createdAtMs: T0,
      });
      await store.complete('key:ci', 'k1', 201, '{"id":"1"}');
      expect(await store.claim('key:ci', 'k1', 'hash-b', T0 + 2)).toMatchObject(
        {
          bodyHash: 'hash-a',
          state: 'done',
          responseStatus: 201,
          responseBody: '{"id":"1"}',
        },
      );
    });

    it('scopes keys per sender', async () => {
      expect(await store.claim('key:a', 'shared', 'h', T0)).toBe('claimed');
      expect(await store.claim('key:b', 'shared', 'h', T0)).toBe('claimed');
      expect(await store.claim('service:x', 'shared', 'h', T0)).toBe('claimed');
    });

    it('forgets a released key, but never a completed one', async () => {
      expect(await store.claim('key:ci', 'released', 'h', T0)).toBe('claimed');
      await store.release('key:ci', 'released');
      expect(await store.claim('key:ci', 'released', 'other', T0)).toBe(
        'claimed',
      );
      await store.complete('key:ci', 'released', 201, '{}');
      await store.release('key:ci', 'released');
      expect(
        await store.claim('key:ci', 'released', 'other', T0),
      ).toMatchObject({ state: 'done' });
    });

    it('treats a key older than the window as absent and overwrites it', async () => {
      expect(await store.claim('key:ci', 'old', 'hash-a', T0)).toBe('claimed');
      await store.complete('key:ci', 'old', 201, '{"id":"old"}');
      // Within the window, to the millisecond: still remembered.
      expect(
        await store.claim('key:ci', 'old', 'hash-b', T0 + TTL),
      ).toMatchObject({ state: 'done' });
      expect(await store.claim('key:ci', 'old', 'hash-b', T0 + TTL + 1)).toBe(
        'claimed',
      );
      expect(
        await store.claim('key:ci', 'old', 'hash-b', T0 + TTL + 2),
      ).toEqual({
        bodyHash: 'hash-b',
        state: 'in-flight',
        responseStatus: null,
        responseBody: null,
        createdAtMs: T0 + TTL + 1,
      });
    });

    it('deletes keys claimed before a cutoff', async () => {
      await knex('deployments_idempotency_keys').delete();
      await store.claim('key:ci', 'a', 'h', T0 - 2 * TTL);
      await store.claim('key:ci', 'b', 'h', T0 - TTL - 1);
      await store.claim('key:ci', 'c', 'h', T0 - TTL);
      await store.claim('key:ci', 'd', 'h', T0);
      expect(await store.deleteOlderThan(T0 - TTL)).toBe(2);
      const left = await knex('deployments_idempotency_keys')
        .orderBy('key')
        .pluck('key');
      expect(left).toEqual(['c', 'd']);
    });

    it('lets exactly one of 20 concurrent claims win, across two pools', async () => {
      // On PostgreSQL a second pool stands for a second replica; SQLite is one process.
      await withSecondPool(knex, async second => {
        const stores = [
          store,
          new DatabaseIdempotencyStore(second, { ttlMs: TTL }),
        ];
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            stores[i % 2].claim('key:ci', 'race', 'h', T0),
          ),
        );
        expect(results.filter(r => r === 'claimed')).toHaveLength(1);
        expect(results.filter(r => r !== 'claimed')).toHaveLength(19);
      });
    });
  },
);
