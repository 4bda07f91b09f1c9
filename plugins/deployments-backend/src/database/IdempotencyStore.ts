import { Knex } from 'knex';
import { ConflictError } from '@backstage/errors';

/** A remembered `Idempotency-Key`: the body it came with and, once done, the answer. */
export interface IdempotencyRecord {
  bodyHash: string;
  state: 'in-flight' | 'done';
  responseStatus: number | null;
  responseBody: string | null;
  createdAtMs: number;
}

/**
 * `Idempotency-Key`s per sender, shared by every replica. Keys older than the
 * remembering window count as absent: a claim overwrites them and
 * `deleteOlderThan` removes them.
 */
export interface IdempotencyStore {
  /**
   * Claims the key for a request with this body: 'claimed' when no live
   * record existed (the caller must then `complete` or `release` it), else
   * the live record, untouched. Atomic: of concurrent claims exactly one wins.
   */
  claim(
    sender: string,
    key: string,
    bodyHash: string,
    nowMs: number,
  ): Promise<'claimed' | IdempotencyRecord>;
  /** Remembers the answer of a claimed key, to be replayed. */
  complete(
    sender: string,
    key: string,
    status: number,
    body: string,
  ): Promise<void>;
  /** Forgets a claimed key whose request was refused or failed, so a retry is processed anew. */
  release(sender: string, key: string): Promise<void>;
  /** Deletes every key claimed before `cutoffMs`; answers how many. */
  deleteOlderThan(cutoffMs: number): Promise<number>;
}

const TABLE = 'deployments_idempotency_keys';

/**
 * One statement on both databases: the primary key (sender, key) makes a
 * second concurrent insert conflict, and the conflicting row is overwritten
 * only when it has expired. RETURNING yields a row exactly when we claimed.
 */
const CLAIM_SQL = `INSERT INTO ${TABLE}
  (sender, "key", body_hash, state, response_status, response_body, created_at_ms)
VALUES (?, ?, ?, 'in-flight', NULL, NULL, ?)
ON CONFLICT (sender, "key") DO UPDATE SET
  body_hash = excluded.body_hash,
  state = 'in-flight',
  response_status = NULL,
  response_body = NULL,
  created_at_ms = excluded.created_at_ms
WHERE ${TABLE}.created_at_ms < ?
RETURNING sender`;

/** A record vanishing between claim and read (released meanwhile) is retried this often. */
const CLAIM_ATTEMPTS = 5;

/** Keys in the plugin's database (the table comes with its migrations). */
export class DatabaseIdempotencyStore implements IdempotencyStore {
  private readonly postgres: boolean;

  constructor(
    private readonly knex: Knex,
    private readonly options: { ttlMs: number },
  ) {
    this.postgres = knex.client.config.client === 'pg';
  }

  async claim(sender: string, key: string, bodyHash: string, nowMs: number) {
    const now = Math.round(nowMs);
    const expiredBefore = now - this.options.ttlMs;
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      const result = await this.knex.raw(CLAIM_SQL, [
        sender,
        key,
        bodyHash,
        now,
        expiredBefore,
      ]);
      const rows: unknown[] = this.postgres ? result.rows : result;
      if (rows.length > 0) return 'claimed' as const;
      const row = await this.knex(TABLE).where({ sender, key }).first();
      if (row) {
        return {
          bodyHash: row.body_hash,
          state: row.state,
          responseStatus:
            row.response_status === null ? null : Number(row.response_status),
          responseBody: row.response_body,
          createdAtMs: Number(row.created_at_ms),
        } satisfies IdempotencyRecord;
      }
    }
    throw new ConflictError(
      `Idempotency-Key '${key}' keeps changing; retry shortly`,
    );
  }

  async complete(sender: string, key: string, status: number, body: string) {
    await this.knex(TABLE)
      .where({ sender, key, state: 'in-flight' })
      .update({ state: 'done', response_status: status, response_body: body });
  }

  async release(sender: string, key: string) {
    await this.knex(TABLE).where({ sender, key, state: 'in-flight' }).delete();
  }

  async deleteOlderThan(cutoffMs: number) {
    return await this.knex(TABLE)
      .where('created_at_ms', '<', Math.round(cutoffMs))
      .delete();
  }
}
