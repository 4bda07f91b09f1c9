import { Knex } from 'knex';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { EVENT_COLUMNS, EventRow, rowToEvent } from './eventRows';
import { slotValues } from './appendEvents';

/*
 * Voids: corrections without breaking append-only. Voiding an event appends
 * one row to deployment_event_voids (migration 20261217000000_event_voids)
 * and recomputes the event's slot of the projection; deployment_events is
 * never updated. Every read that leaves voided events out (matrix, runs,
 * metrics, promotion, default history) does so with `notVoided`.
 */

export const VOIDS = 'deployment_event_voids';
const EVENTS = 'deployment_events';
const SLOTS = 'deployment_slots';

/** SQL: the event row known as `alias` has not been voided (an anti-join on the unique seq). */
export const notVoided = (alias: string) =>
  `NOT EXISTS (SELECT 1 FROM ${VOIDS} vd WHERE vd.seq = ${alias}.seq)`;

/**
 * deployment_events with their void, if any: the event columns (qualified,
 * as both tables have a `seq`) and the void's, as rowToEvent reads them.
 */
export function eventsWithVoids(
  knex: Knex,
): Knex.QueryBuilder<EventRow, EventRow[]> {
  return knex(EVENTS)
    .select(
      ...EVENT_COLUMNS.map(c => `${EVENTS}.${c}`),
      `${VOIDS}.voided_at_ms as void_at_ms`,
      `${VOIDS}.voided_by as void_by`,
      `${VOIDS}.reason as void_reason`,
    )
    .leftJoin(VOIDS, `${VOIDS}.seq`, `${EVENTS}.seq`);
}

/** What voiding asks for: the event, when, by whom and why. */
export interface VoidRequestRecord {
  seq: number;
  atMs: number;
  by: string;
  reason: string;
}

/** What voiding did. */
export type VoidOutcome =
  | { outcome: 'voided'; event: DeploymentEvent; voidId: number }
  | { outcome: 'not-found' }
  | { outcome: 'already-voided' };

/** One recorded void with its event, for the stream. */
export interface StoredVoid {
  voidId: number;
  event: DeploymentEvent;
}

const isPg = (knex: Knex) => knex.client.config.client === 'pg';

/**
 * Records a void and recomputes the event's slot, in one transaction. The
 * unique `seq` decides between two voids of one event, even concurrent ones
 * on two replicas: the second insert waits for the first to commit, then
 * inserts nothing (ON CONFLICT DO NOTHING), and is answered
 * `already-voided`. Test events have no slot, so no slot changes for them.
 */
export async function voidEvent(
  knex: Knex,
  request: VoidRequestRecord,
): Promise<VoidOutcome> {
  return knex.transaction(async tx => {
    const row = await tx<EventRow>(EVENTS)
      .select(...EVENT_COLUMNS)
      .where('seq', request.seq)
      .first();
    if (!row) return { outcome: 'not-found' };
    const inserted: Array<{ id: number | string }> = await tx(VOIDS)
      .insert({
        seq: request.seq,
        voided_at_ms: request.atMs,
        voided_by: request.by,
        reason: request.reason,
      })
      .onConflict('seq')
      .ignore()
      .returning('id');
    if (inserted.length === 0) return { outcome: 'already-voided' };
    if (!row.is_test) await recomputeSlot(tx, row.service, row.environment);
    const event = rowToEvent({
      ...row,
      void_at_ms: request.atMs,
      void_by: request.by,
      void_reason: request.reason,
    });
    return { outcome: 'voided', event, voidId: Number(inserted[0].id) };
  });
}

/** Sets a slot to exactly these events (no "keep the newer" rule: a void may go back in time). */
const REPLACE_SLOT = `INSERT INTO ${SLOTS} (service, environment, current_seq, current_happened_at_ms,
  current_event, last_success_seq, last_success_happened_at_ms, last_success_event)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (service, environment) DO UPDATE SET
  current_seq = excluded.current_seq,
  current_happened_at_ms = excluded.current_happened_at_ms,
  current_event = excluded.current_event,
  last_success_seq = excluded.last_success_seq,
  last_success_happened_at_ms = excluded.last_success_happened_at_ms,
  last_success_event = excluded.last_success_event`;

/**
 * Recomputes one slot of the projection from the log: its latest and latest
 * successful event that is neither a test nor voided; no such event → no
 * slot. Run inside a transaction. On PostgreSQL the slot row is locked
 * first, so an append to this slot either committed before (and is read
 * here) or waits and then offers its event to the recomputed slot with the
 * usual "keep the newer" rule; two voids in one slot recompute one after
 * the other, the second seeing the first.
 */
export async function recomputeSlot(
  tx: Knex,
  service: string,
  environment: string,
): Promise<void> {
  if (isPg(tx)) {
    await tx.raw(
      `SELECT 1 FROM ${SLOTS} WHERE service = ? AND environment = ? FOR UPDATE`,
      [service, environment],
    );
  }
  const latest = (status?: string) => {
    const query = tx<EventRow>(EVENTS)
      .select(...EVENT_COLUMNS)
      .where({ service, environment })
      .whereRaw('NOT is_test')
      .whereRaw(notVoided(EVENTS))
      .orderBy([
        { column: 'happened_at_ms', order: 'desc' },
        { column: 'seq', order: 'desc' },
      ])
      .first();
    return status ? query.where('status', status) : query;
  };
  const current = await latest();
  if (!current) {
    await tx(SLOTS).where({ service, environment }).delete();
    return;
  }
  const success = await latest('success');
  const [, , seq, happenedAtMs, json] = slotValues(rowToEvent(current));
  const won = success ? slotValues(rowToEvent(success)) : undefined;
  await tx.raw(REPLACE_SLOT, [
    service,
    environment,
    seq,
    happenedAtMs,
    json,
    won?.[2] ?? null,
    won?.[3] ?? null,
    won?.[4] ?? null,
  ]);
}

/**
 * How many voids were ever recorded. Void records are never deleted, so
 * the count grows with every committed void: with the committed seq it
 * versions the matrix (its ETag and caches).
 */
export async function countVoids(knex: Knex): Promise<number> {
  const row = await knex(VOIDS).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/**
 * A void id W such that every void up to W is committed (see committedSeq
 * for the same barrier on events): the stream reads voids up to it and
 * never skips one still being written. 0 when there is none.
 */
export function committedVoidId(knex: Knex): Promise<number> {
  return committedMaxId(knex, VOIDS);
}

/**
 * The same barrier for any append-only table with an increasing `id`
 * (voids, incident events): every row up to the answer is committed.
 */
export async function committedMaxId(knex: Knex, table: string): Promise<number> {
  if (!isPg(knex)) {
    const row = await knex(table).max({ max: 'id' }).first();
    return Number(row?.max ?? 0);
  }
  return knex.transaction(async tx => {
    await tx.raw(`LOCK TABLE ${table} IN SHARE MODE`);
    const row = await tx(table).max({ max: 'id' }).first();
    return Number(row?.max ?? 0);
  });
}

/** Voids with an id in (afterId, upToId], oldest first, each with its event (voided). */
export async function listVoidsAfter(
  knex: Knex,
  afterId: number,
  upToId: number,
  limit: number,
): Promise<StoredVoid[]> {
  const rows = await eventsWithVoids(knex)
    .select(`${VOIDS}.id as void_id`)
    .where(`${VOIDS}.id`, '>', afterId)
    .where(`${VOIDS}.id`, '<=', upToId)
    .orderBy(`${VOIDS}.id`, 'asc')
    .limit(limit);
  return (rows as Array<EventRow & { void_id: number | string | null }>)
    .filter(row => row.void_id !== null)
    .map(row => ({ voidId: Number(row.void_id), event: rowToEvent(row) }));
}
