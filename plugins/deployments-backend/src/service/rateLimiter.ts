import { Config } from '@backstage/config';

/**
 * A token bucket per key name: `perSecond` tokens refill continuously up to
 * `burst`. `take` answers how many seconds to wait when the bucket is empty.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds until one is free. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.perSecond);
  }
}

/** `deployments.ingest.rateLimit`, off unless configured. */
export function readRateLimiter(config: Config): RateLimiter | undefined {
  const limit = config.getOptionalConfig('deployments.ingest.rateLimit');
  if (!limit) return undefined;
  const perSecond = limit.getNumber('eventsPerSecond');
  return new RateLimiter(perSecond, limit.getOptionalNumber('burst') ?? perSecond * 2);
}
