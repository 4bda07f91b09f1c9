import { Knex } from 'knex';
import { runDurationCtes } from './doraQueries';
import { notVoided } from './voids';

/** What the insights page's activity is computed over; times are epoch milliseconds. */
export interface ActivityQuery {
  environments: string[];
  /** Only these services (a team's); all services when absent. */
  services?: string[];
  fromMs: number;
  toMs: number;
}

/**
 * Production successes and failures per UTC slot of {@link ACTIVITY_SLOT_MS}.
 * Slots, not hours: the caller turns each into a weekday and hour of any time
 * zone, and every zone's offset today is a multiple of 15 minutes (India
 * +5:30, Nepal +5:45), so a slot never straddles a local hour.
 */
export interface ActivitySlot {
  slotMs: number;
  successes: number;
  failures: number;
}

/** Upper bounds (exclusive, ms) of the duration histogram's buckets; the last is open. */
export const DURATION_BOUNDS_MS = [60_000, 300_000, 900_000, 3_600_000];

export interface ActivityAggregates {
  slots: ActivitySlot[];
  /** Successful runs per duration bucket (index into DURATION_BOUNDS_MS, the last one past it). */
  durationCounts: number[];
}

export const ACTIVITY_SLOT_MS = 15 * 60_000;

/**
 * Both aggregates in SQL that runs on PostgreSQL and SQLite alike: events are
 * counted per 15-minute UTC slot (the zone conversion is the caller's, since
 * neither time zone functions nor their names are portable), runs per
 * duration bucket using the same run duration as `deployment_duration`.
 */
export async function queryActivityAggregates(
  knex: Knex,
  query: ActivityQuery,
): Promise<ActivityAggregates> {
  const { fromMs, toMs, environments, services } = query;
  for (const n of [fromMs, toMs]) {
    if (!Number.isSafeInteger(n)) throw new Error(`Not an integer: ${n}`);
  }
  const isPostgres = knex.client.config.client === 'pg';
  const envList = environments.map(() => '?').join(', ');
  let serviceClause = '';
  if (services !== undefined) {
    // A team that owns nothing matches nothing.
    serviceClause =
      services.length === 0
        ? ' AND 1 = 0'
        : ` AND e.service IN (${services.map(() => '?').join(', ')})`;
  }
  // Voided events count nowhere, here as in the DORA metrics.
  const inScope = `e.environment IN (${envList}) AND NOT e.is_test AND ${notVoided('e')}${serviceClause}`;
  const bindings = [...environments, ...(services ?? [])];
  const size = ACTIVITY_SLOT_MS;

  const slotsSql = `SELECT
  e.happened_at_ms - ((e.happened_at_ms % ${size}) + ${size}) % ${size} AS slot,
  SUM(CASE WHEN e.status = 'success' THEN 1 ELSE 0 END) AS successes,
  SUM(CASE WHEN e.status = 'failure' THEN 1 ELSE 0 END) AS failures
FROM deployment_events e
WHERE ${inScope} AND e.status IN ('success', 'failure')
  AND e.happened_at_ms >= ${fromMs} AND e.happened_at_ms < ${toMs}
GROUP BY 1`;

  const bucketCase = DURATION_BOUNDS_MS.map(
    (bound, i) => `WHEN value < ${bound} THEN ${i}`,
  ).join(' ');
  const durationsSql = `WITH ${runDurationCtes(inScope, fromMs, toMs)}
SELECT CASE ${bucketCase} ELSE ${DURATION_BOUNDS_MS.length} END AS bucket, COUNT(*) AS runs
FROM run_durations GROUP BY 1`;

  const run = (sql: string) =>
    isPostgres
      ? knex.transaction(async tx => {
          // As for the DORA statements: the JIT compiler costs more than it saves.
          await tx.raw('SET LOCAL jit = off');
          return (await tx.raw(sql, bindings)).rows as Record<string, unknown>[];
        })
      : (knex.raw(sql, bindings) as Promise<Record<string, unknown>[]>);
  const [slotRows, durationRows] = await Promise.all([run(slotsSql), run(durationsSql)]);
  const durationCounts = new Array(DURATION_BOUNDS_MS.length + 1).fill(0);
  for (const row of durationRows) durationCounts[Number(row.bucket)] = Number(row.runs);
  return {
    slots: slotRows.map(row => ({
      slotMs: Number(row.slot),
      successes: Number(row.successes),
      failures: Number(row.failures),
    })),
    durationCounts,
  };
}
