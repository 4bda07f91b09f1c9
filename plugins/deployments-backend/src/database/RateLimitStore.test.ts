import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { withSecondPool } from '../__testUtils__/replicas';
import { DatabaseDeploymentsStore } from './DatabaseDeploymentsStore';
import { DatabaseRateLimitStore } from './RateLimitStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('DatabaseRateLimitStore on %s', id => {
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init(id);
    await DatabaseDeploymentsStore.fromKnex(knex); // runs the migrations
  });

  const takes = (store: DatabaseRateLimitStore, key: string, n: number, nowMs: number) =>
    Promise.all(Array.from({ length: n }, () => store.take(key, nowMs)));

  it('allows a burst, then answers the seconds to wait', async () => {
    const store = new DatabaseRateLimitStore(knex, { eventsPerSecond: 2, burst: 3 });
    expect(await takes(store, 'burst', 3, 1_000)).toEqual([0, 0, 0]);
    expect(await store.take('burst', 1_000)).toBe(1);
    // At 0.5 per second the wait for one token is 2 s.
    const slow = new DatabaseRateLimitStore(knex, { eventsPerSecond: 0.5, burst: 1 });
    expect(await slow.take('slow', 1_000)).toBe(0);
    expect(await slow.take('slow', 1_000)).toBe(2);
  });

  it('refills at the rate, never above the burst', async () => {
    const store = new DatabaseRateLimitStore(knex, { eventsPerSecond: 2, burst: 3 });
    await takes(store, 'refill', 3, 10_000);
    expect(await store.take('refill', 10_000)).toBeGreaterThan(0);
    expect(await store.take('refill', 10_500)).toBe(0); // one token back after 0.5 s
    expect(await store.take('refill', 10_500)).toBeGreaterThan(0);
    // An hour later the bucket is full again: the burst, not 7,200 tokens.
    const later = await takes(store, 'refill', 5, 3_610_500);
    expect(later.filter(w => w === 0)).toHaveLength(3);
  });

  it('takes several tokens at once or none, and waits for as many', async () => {
    const store = new DatabaseRateLimitStore(knex, { eventsPerSecond: 2, burst: 10 });
    expect(await store.take('many', 1_000, 8)).toBe(0);
    // Two are left: a take of 3 takes nothing and waits for the third (0.5 s, at least 1).
    expect(await store.take('many', 1_000, 3)).toBe(1);
    expect(await store.take('many', 1_000, 2)).toBe(0);
    expect(await store.take('many', 1_000, 1)).toBe(1);
    // Five seconds refill ten: the whole burst at once.
    expect(await store.take('many', 6_000, 10)).toBe(0);
    await expect(store.take('many', 60_000, 11)).rejects.toThrow(RangeError);
  });

  it('keeps a bucket per key', async () => {
    const store = new DatabaseRateLimitStore(knex, { eventsPerSecond: 1, burst: 1 });
    expect(await store.take('key-a', 0)).toBe(0);
    expect(await store.take('key-a', 0)).toBe(1);
    expect(await store.take('key-b', 0)).toBe(0);
  });

  it('neither refills nor moves back for a clock behind the last take (a lagging replica)', async () => {
    const store = new DatabaseRateLimitStore(knex, { eventsPerSecond: 1, burst: 2 });
    expect(await store.take('skew', 100_000)).toBe(0);
    expect(await store.take('skew', 90_000)).toBe(0); // the last token
    expect(await store.take('skew', 90_000)).toBeGreaterThan(0);
    // One second after the latest take is one token, not eleven.
    const waits = await takes(store, 'skew', 3, 101_000);
    expect(waits.filter(w => w === 0)).toHaveLength(1);
  });

  it('allows exactly the burst out of 50 concurrent takes', async () => {
    // On PostgreSQL a second pool stands for a second replica; SQLite is one process.
    await withSecondPool(knex, async second => {
      const limit = { eventsPerSecond: 1, burst: 10 };
      const stores = [new DatabaseRateLimitStore(knex, limit), new DatabaseRateLimitStore(second, limit)];
      const waits = await Promise.all(
        Array.from({ length: 50 }, (_, i) => stores[i % 2].take('concurrent', 5_000)),
      );
      expect(waits.filter(w => w === 0)).toHaveLength(10);
      expect(waits.filter(w => w > 0)).toHaveLength(40);
    });
  });

  it('refuses a limit that could never allow anything', () => {
    expect(() => new DatabaseRateLimitStore(knex, { eventsPerSecond: 0, burst: 5 })).toThrow();
    expect(() => new DatabaseRateLimitStore(knex, { eventsPerSecond: 1, burst: 0.5 })).toThrow();
  });
});
