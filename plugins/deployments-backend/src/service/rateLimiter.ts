import { Config } from '@backstage/config';
import { Knex } from 'knex';
import { DatabaseRateLimitStore, RateLimitStore } from '../database/RateLimitStore';

/**
 * The per-key ingest limit: a token bucket per key name, held in the plugin's
 * database so that it holds across replicas (a per-process bucket would let
 * each replica accept the full rate).
 */
export class RateLimiter {
  constructor(
    private readonly buckets: RateLimitStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token; resolves to 0 when allowed, else the seconds until one is free. */
  take(key: string): Promise<number> {
    return this.buckets.take(key, this.now());
  }
}

/** `deployments.ingest.rateLimit`, off unless configured. */
export function readRateLimiter(config: Config, knex: Knex): RateLimiter | undefined {
  const limit = config.getOptionalConfig('deployments.ingest.rateLimit');
  if (!limit) return undefined;
  const eventsPerSecond = limit.getNumber('eventsPerSecond');
  const burst = limit.getOptionalNumber('burst') ?? eventsPerSecond * 2;
  return new RateLimiter(new DatabaseRateLimitStore(knex, { eventsPerSecond, burst }));
}
