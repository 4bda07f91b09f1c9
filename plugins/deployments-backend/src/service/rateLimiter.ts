import { Knex } from 'knex';
import { DeploymentsSettings } from '../config';
import { DatabaseRateLimitStore, RateLimitStore } from '../database/RateLimitStore';
import { TooManyRequestsError } from '../core/errors';

interface Take {
  tokens: number;
  resolve: (waitSeconds: number) => void;
  reject: (error: unknown) => void;
}

/**
 * The per-key ingest limit: a token bucket per key name, held in the plugin's
 * database so that it holds across replicas (a per-process bucket would let
 * each replica accept the full rate).
 *
 * Every take is a write to the key's one row, so concurrent takes of a key
 * would queue on its row lock, one commit each. Instead, the takes of a key
 * that arrive while its previous take runs go to the database together, as
 * one take of their sum; only when that sum does not fit are they taken one
 * by one, so that those that fit still pass.
 */
export class RateLimiter {
  private readonly queues = new Map<string, Take[]>();

  constructor(
    private readonly buckets: RateLimitStore,
    private readonly limit: { eventsPerSecond: number; burst: number },
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes `tokens` (one per event) at once; resolves to 0 when allowed, else
   * the seconds until they are free. More than the burst can never pass: 429.
   */
  take(key: string, tokens = 1): Promise<number> {
    const { burst, eventsPerSecond } = this.limit;
    if (tokens > burst) {
      return Promise.reject(
        new TooManyRequestsError(
          `A batch of ${tokens} events is more than key '${key}' may post at once (its burst is ${burst} events); send smaller batches`,
          Math.max(1, Math.ceil(burst / eventsPerSecond)),
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ tokens, resolve, reject });
        return;
      }
      this.queues.set(key, []);
      void this.drain(key, [{ tokens, resolve, reject }]);
    });
  }

  private async drain(key: string, first: Take[]): Promise<void> {
    for (let group = first; group.length > 0; ) {
      await this.takeGroup(key, group);
      group = this.queues.get(key)!;
      this.queues.set(key, []);
    }
    this.queues.delete(key);
  }

  private async takeGroup(key: string, group: Take[]): Promise<void> {
    try {
      const total = group.reduce((sum, take) => sum + take.tokens, 0);
      if (total <= this.limit.burst) {
        const wait = await this.buckets.take(key, this.now(), total);
        if (wait === 0 || group.length === 1) {
          group.forEach(take => take.resolve(wait));
          return;
        }
      }
    } catch (error) {
      group.forEach(take => take.reject(error));
      return;
    }
    for (const take of group) {
      await this.buckets.take(key, this.now(), take.tokens).then(take.resolve, take.reject);
    }
  }
}

/** The limiter for `deployments.ingest.rateLimit` (read in config.ts); none when not configured. */
export function createRateLimiter(
  limit: DeploymentsSettings['ingest']['rateLimit'],
  knex: Knex,
): RateLimiter | undefined {
  return limit ? new RateLimiter(new DatabaseRateLimitStore(knex, limit), limit) : undefined;
}
