import { ConfigReader } from '@backstage/config';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseDeploymentsStore } from '../database/DatabaseDeploymentsStore';
import { RateLimitStore } from '../database/RateLimitStore';
import { readDeploymentsSettings } from '../config';
import { createRateLimiter, RateLimiter } from './rateLimiter';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe('RateLimiter', () => {
  it('takes from the store by key name, at the injected time', async () => {
    const store: RateLimitStore = { take: jest.fn(async () => 0) };
    const limiter = new RateLimiter(store, () => 42_000);
    expect(await limiter.take('ci')).toBe(0);
    expect(store.take).toHaveBeenCalledWith('ci', 42_000);
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
