import { Knex } from 'knex';
import {
  DeploymentEvent,
  DeploymentRun,
  DeploymentStatus,
  TERMINAL_STATUSES,
} from '@deploydash/plugin-deployments-common';
import { EVENT_COLUMNS, EventRow, rowToEvent } from './eventRows';
import { notVoided } from './voids';

/** Filters of a runs read; times are epoch milliseconds and apply to `started_at`. */
export interface RunsFilter {
  service?: string;
  environment?: string;
  /** The status of the run's latest event. */
  status?: DeploymentStatus;
  sinceMs?: number;
  untilMs?: number;
  /** Test deployments are left out unless asked for. */
  includeTests?: boolean;
}

/** Where a run sorts: newest first by started_at, then by its latest event's seq. */
export interface RunPosition {
  startedAtMs: number;
  latestSeq: number;
}

export interface RunsRead {
  /**
   * Only events with a seq up to this one exist for the read: a walk over
   * pages keeps the watermark of its first page, so every page sees the same
   * log and the order of its runs cannot change under it.
   */
  upToSeq: number;
  /** The last run of the previous page. */
  after?: RunPosition;
}

export interface StoredRun {
  run: DeploymentRun;
  position: RunPosition;
}

const EVENTS = 'deployment_events';

/** Numbers written into SQL must be integers (they come from validated input). */
function int(n: number): number {
  if (!Number.isSafeInteger(n)) throw new Error(`Not an integer: ${n}`);
  return n;
}

type Row = Record<string, unknown>;

const rowsOf = (isPostgres: boolean, result: any): Row[] => (isPostgres ? result.rows : result);

const runKey = (service: unknown, environment: unknown, deploymentId: unknown) =>
  JSON.stringify([service, environment, deploymentId]);

const sameRun = (a: string, b: string) =>
  `${a}.service = ${b}.service AND ${a}.environment = ${b}.environment AND ${a}.deployment_id = ${b}.deployment_id`;

/**
 * Runs are never stored; they are grouped from the log on each read, on
 * PostgreSQL and SQLite alike. A run is found through its first event (no
 * earlier event of the same run), walking the log newest first by
 * happened_at through an index, so a page costs a few index lookups per run
 * it returns (deployment_events_run_idx), not a grouping of the whole log.
 * Rollback looks only at the slot's non-test successful runs: whether a run
 * is a rollback does not depend on `include_tests`.
 */
export async function queryRuns(
  knex: Knex,
  filter: RunsFilter,
  limit: number,
  read: RunsRead,
): Promise<StoredRun[]> {
  const isPostgres = knex.client.config.client === 'pg';
  const { upToSeq: w, after } = read;
  [w, limit, after?.startedAtMs ?? 0, after?.latestSeq ?? 0].forEach(int);
  // Validated integers are written inline; strings are bound. The unary
  // plus keeps SQLite from walking the primary key for the watermark instead
  // of an index that gives the order or the run.
  // Voided events are in no run, whatever the filter.
  const visible = (a: string) =>
    `+${a}.seq <= ${w}${filter.includeTests ? '' : ` AND NOT ${a}.is_test`} AND ${notVoided(a)}`;
  const history = (a: string) => `+${a}.seq <= ${w} AND NOT ${a}.is_test AND ${notVoided(a)}`;
  // A success event that is the latest event of its run: a successful run.
  const successfulRun = (p: string, q: string) => `${p}.status = 'success' AND ${history(p)}
      AND NOT EXISTS (SELECT 1 FROM ${EVENTS} ${q} WHERE ${sameRun(q, p)} AND ${history(q)}
        AND (${q}.happened_at_ms, ${q}.seq) > (${p}.happened_at_ms, ${p}.seq))`;
  const beforeRun = (p: string) =>
    `${p}.service = r.service AND ${p}.environment = r.environment
      AND (${p}.happened_at_ms, ${p}.seq) < (r.latest_ms, r.latest_seq)`;

  const where: string[] = [visible('f')];
  const bindings: Knex.RawBinding[] = [];
  const bind = (clause: string, value: string) => {
    where.push(clause);
    bindings.push(value);
  };
  if (filter.service !== undefined) bind('f.service = ?', filter.service);
  if (filter.environment !== undefined) bind('f.environment = ?', filter.environment);
  if (filter.sinceMs !== undefined) where.push(`f.happened_at_ms >= ${int(filter.sinceMs)}`);
  if (filter.untilMs !== undefined) where.push(`f.happened_at_ms < ${int(filter.untilMs)}`);
  if (after) {
    // The first conjunct alone is an index range; the second is exact.
    where.push(`f.happened_at_ms <= ${after.startedAtMs}`);
    where.push(`(f.happened_at_ms < ${after.startedAtMs} OR l.seq < ${after.latestSeq})`);
  }
  where.push(`NOT EXISTS (SELECT 1 FROM ${EVENTS} y WHERE ${sameRun('y', 'f')} AND ${visible('y')}
      AND (y.happened_at_ms, y.seq) < (f.happened_at_ms, f.seq))`);
  if (filter.status !== undefined) bind('l.status = ?', filter.status);

  // The inner query picks the page; rollback is computed for its rows only.
  const sql = `
SELECT r.*, CASE WHEN r.status = 'success' AND r.version IS NOT NULL
  AND (SELECT p.version FROM ${EVENTS} p
       WHERE ${beforeRun('p')} AND ${successfulRun('p', 'q')}
       ORDER BY p.happened_at_ms DESC, p.seq DESC LIMIT 1) <> r.version
  AND EXISTS (SELECT 1 FROM ${EVENTS} p
       WHERE ${beforeRun('p')} AND p.version = r.version AND ${successfulRun('p', 'q')})
  THEN 1 ELSE 0 END AS rollback
FROM (
  SELECT f.deployment_id, f.service, f.environment, f.happened_at_ms AS started_ms,
    l.seq AS latest_seq, l.happened_at_ms AS latest_ms, l.status, l.version
  FROM ${EVENTS} f
  JOIN ${EVENTS} l ON l.seq = (
    SELECT x.seq FROM ${EVENTS} x WHERE ${sameRun('x', 'f')} AND ${visible('x')}
    ORDER BY x.happened_at_ms DESC, x.seq DESC LIMIT 1)
  WHERE ${where.join('\n    AND ')}
  ORDER BY f.happened_at_ms DESC, l.seq DESC
  LIMIT ${limit}
) r
ORDER BY r.started_ms DESC, r.latest_seq DESC`;
  const rows = rowsOf(isPostgres, await knex.raw(sql, bindings));
  if (rows.length === 0) return [];

  const events = await eventsOfRuns(knex, isPostgres, rows, visible('e'));
  return rows.map(row => {
    const startedAtMs = Number(row.started_ms);
    const latestMs = Number(row.latest_ms);
    const status = row.status as DeploymentStatus;
    const finished = TERMINAL_STATUSES.includes(status);
    return {
      position: { startedAtMs, latestSeq: Number(row.latest_seq) },
      run: {
        deployment_id: row.deployment_id as string,
        service: row.service as string,
        environment: row.environment as string,
        status,
        version: (row.version as string | null) ?? null,
        started_at: new Date(startedAtMs).toISOString(),
        finished_at: finished ? new Date(latestMs).toISOString() : null,
        duration_ms: finished ? latestMs - startedAtMs : null,
        rollback: Boolean(Number(row.rollback)),
        events: events.get(runKey(row.service, row.environment, row.deployment_id)) ?? [],
      },
    };
  });
}

/** Every event of the given runs, oldest first, grouped by run. */
async function eventsOfRuns(
  knex: Knex,
  isPostgres: boolean,
  runs: Row[],
  visible: string,
): Promise<Map<string, DeploymentEvent[]>> {
  // VALUES names its columns column1, column2, ... on both databases.
  const values = runs.map(() => '(?, ?, ?)').join(', ');
  const sql = `SELECT ${EVENT_COLUMNS.map(c => `e.${c}`).join(', ')}
FROM ${EVENTS} e
JOIN (VALUES ${values}) AS r
  ON e.service = r.column1 AND e.environment = r.column2 AND e.deployment_id = r.column3
WHERE ${visible}
ORDER BY e.happened_at_ms, e.seq`;
  const bindings = runs.flatMap(r => [r.service, r.environment, r.deployment_id] as string[]);
  const grouped = new Map<string, DeploymentEvent[]>();
  for (const row of rowsOf(isPostgres, await knex.raw(sql, bindings)) as unknown as EventRow[]) {
    const key = runKey(row.service, row.environment, row.deployment_id);
    const list = grouped.get(key) ?? [];
    list.push(rowToEvent(row));
    grouped.set(key, list);
  }
  return grouped;
}
