import { ConfigReader } from '@backstage/config';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseDeploymentsStore } from '../database/DatabaseDeploymentsStore';
import { RateLimitStore } from '../database/RateLimitStore';
import { readDeploymentsSettings } from '../config';
import { createRateLimiter, RateLimiter } from './rateLimiter';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe('RateLimiter', () => {
  const limit = { eventsPerSecond: 10, burst: 20 };

  it('takes from the store by key name, at the injected time, one token per event', async () => {
    const store: RateLimitStore = { take: jest.fn(async () => 0) };
    const limiter = new RateLimiter(store, limit, () => 42_000);
    expect(await limiter.take('ci')).toBe(0);
    expect(await limiter.take('ci', 7)).toBe(0);
    expect(store.take).toHaveBeenCalledWith('ci', 42_000, 1);
    expect(store.take).toHaveBeenCalledWith('ci', 42_000, 7);
  });

  it('sends the takes that queue behind a running one as one take of their sum', async () => {
    const calls: number[] = [];
    const store: RateLimitStore = {
      take: jest.fn(async (_key: string, _now: number, tokens = 1) => {
        calls.push(tokens);
        await new Promise(r => setTimeout(r, 5));
        return 0;
      }),
    };
    const limiter = new RateLimiter(store, limit);
    const waits = await Promise.all([1, 1, 1, 3, 1].map(n => limiter.take('ci', n)));
    expect(waits).toEqual([0, 0, 0, 0, 0]);
    expect(calls).toEqual([1, 6]);
  });

  it('takes one by one when the sum does not fit, so those that fit still pass', async () => {
    let tokens = 3;
    const store: RateLimitStore = {
      take: async (_key: string, _now: number, n = 1) => {
        await new Promise(r => setTimeout(r, 1));
        if (n > tokens) return 1;
        tokens -= n;
        return 0;
      },
    };
    const limiter = new RateLimiter(store, limit);
    const waits = await Promise.all([1, 1, 1, 1, 1].map(n => limiter.take('ci', n)));
    expect(waits).toEqual([0, 0, 0, 1, 1]);
  });

  it('answers 429 naming the burst for a batch larger than the bucket', async () => {
    const store: RateLimitStore = { take: jest.fn(async () => 0) };
    const limiter = new RateLimiter(store, limit);
    await expect(limiter.take('ci', 21)).rejects.toMatchObject({
      name: 'TooManyRequestsError',
      message: expect.stringContaining('its burst is 20 events'),
    });
    expect(store.take).not.toHaveBeenCalled();
  });

  it('passes a store failure to every take of the group', async () => {
    const store: RateLimitStore = { take: jest.fn(async () => Promise.reject(new Error('down'))) };
    const limiter = new RateLimiter(store, limit);
    const outcomes = await Promise.allSettled([limiter.take('ci'), limiter.take('ci'), limiter.take('ci')]);
    expect(outcomes.map(o => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });
});

describe.each(databases.eachSupportedId())('createRateLimiter on %s', id => {
  const limitFrom = (rateLimit?: object) =>
    readDeploymentsSettings(
      new ConfigReader({ deployments: { ingest: rateLimit ? { rateLimit } : {} } }),
    ).ingest.rateLimit;

  it('is off unless configured', async () => {
    const knex = await databases.init(id);
    expect(createRateLimiter(limitFrom(), knex)).toBeUndefined();
  });

  it('limits per key in the database, with a burst of 2 × the rate by default', async () => {
    const knex = await databases.init(id);
    await DatabaseDeploymentsStore.fromKnex(knex);
    const limiter = createRateLimiter(limitFrom({ eventsPerSecond: 2 }), knex)!;
    const waits = await Promise.all([1, 2, 3, 4, 5].map(() => limiter.take('ci')));
    expect(waits.sort()).toEqual([0, 0, 0, 0, 1]);
    expect(await limiter.take('other')).toBe(0);
    // A second limiter on the same database (another replica) sees the same bucket.
    expect(await createRateLimiter(limitFrom({ eventsPerSecond: 2 }), knex)!.take('ci')).toBe(1);
  });
});
