import { Knex } from 'knex';

/** Token buckets per key name: refill continuously at a rate, up to a burst. */
export interface RateLimitStore {
  /**
   * Takes `tokens` (default 1, at most the burst) all at once or none;
   * resolves to 0 when allowed, else the seconds until that many are free.
   */
  take(keyName: string, nowMs: number, tokens?: number): Promise<number>;
}

const BUCKETS = 'deployments_rate_limit_buckets';
const DOUBLE = 'CAST(? AS DOUBLE PRECISION)';

/**
 * One statement takes the tokens atomically, whatever the number of replicas:
 * the upsert locks the key's row (PostgreSQL) or the database (SQLite), so
 * concurrent takes serialise on it. A missing row is a full bucket. The update
 * only happens when the refilled bucket holds enough, so RETURNING yields a
 * row exactly when the take was allowed (a denied take changes nothing, which
 * is the same state since refill is computed lazily from updated_at_ms).
 *
 * Replica clocks may differ: elapsed time is clamped at 0 and updated_at_ms
 * never moves back, so a clock ahead by d adds at most d × rate tokens once,
 * and tokens never exceed the burst.
 */
function takeSql(postgres: boolean): string {
  const least = postgres ? 'LEAST' : 'MIN';
  const greatest = postgres ? 'GREATEST' : 'MAX';
  const elapsedSeconds = `${greatest}(0, excluded.updated_at_ms - ${BUCKETS}.updated_at_ms) / 1000.0`;
  const refilled = `${least}(${DOUBLE}, ${BUCKETS}.tokens + ${elapsedSeconds} * ${DOUBLE})`;
  return `INSERT INTO ${BUCKETS} (key_name, tokens, updated_at_ms) VALUES (?, ${DOUBLE}, ?)
ON CONFLICT (key_name) DO UPDATE SET
  tokens = ${refilled} - ${DOUBLE},
  updated_at_ms = ${greatest}(${BUCKETS}.updated_at_ms, excluded.updated_at_ms)
WHERE ${refilled} >= ${DOUBLE}
RETURNING tokens`;
}

/** Buckets in the plugin's database, which every replica shares. */
export class DatabaseRateLimitStore implements RateLimitStore {
  private readonly sql: string;
  private readonly postgres: boolean;

  /** The table comes with the plugin's migrations. */
  constructor(
    private readonly knex: Knex,
    private readonly limit: { eventsPerSecond: number; burst: number },
  ) {
    if (!(limit.eventsPerSecond > 0) || !(limit.burst >= 1)) {
      throw new Error('A rate limit needs eventsPerSecond > 0 and burst >= 1');
    }
    this.postgres = knex.client.config.client === 'pg';
    this.sql = takeSql(this.postgres);
  }

  async take(keyName: string, nowMs: number, tokens = 1): Promise<number> {
    const { eventsPerSecond, burst } = this.limit;
    // A new row starts full minus the take, so more than the burst can never pass.
    if (tokens > burst) throw new RangeError(`Cannot take ${tokens} tokens from a bucket of ${burst}`);
    const now = Math.round(nowMs);
    const result = await this.knex.raw(this.sql, [
      keyName, burst - tokens, now,
      burst, eventsPerSecond, tokens, // SET tokens
      burst, eventsPerSecond, tokens, // WHERE
    ]);
    const rows: unknown[] = this.postgres ? result.rows : result;
    if (rows.length > 0) return 0;

    // Denied: read the bucket for Retry-After. Not atomic with the take, but
    // only the hint depends on it, never the decision.
    const row = await this.knex(BUCKETS).where({ key_name: keyName }).first();
    const held = row
      ? Math.min(burst, Number(row.tokens) + (Math.max(0, now - Number(row.updated_at_ms)) / 1000) * eventsPerSecond)
      : 0;
    return Math.max(1, Math.ceil((tokens - held) / eventsPerSecond));
  }
}
