import { Knex } from 'knex';
import { DeploymentsSettings } from '../config';
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

/** The limiter for `deployments.ingest.rateLimit` (read in config.ts); none when not configured. */
export function createRateLimiter(
  limit: DeploymentsSettings['ingest']['rateLimit'],
  knex: Knex,
): RateLimiter | undefined {
  return limit ? new RateLimiter(new DatabaseRateLimitStore(knex, limit)) : undefined;
}
