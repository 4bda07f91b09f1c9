import { Knex } from 'knex';
import { notVoided } from './voids';
import { INCIDENTS } from './incidents';

/** What the DORA metrics are computed over; times are epoch milliseconds. */
export interface DoraQuery {
  environments: string[];
  /** Only these services (a team's, a system's); all services when absent. */
  services?: string[];
  fromMs: number;
  toMs: number;
  /** Bucket length (one day or one week) and an instant where a bucket starts. */
  bucketMs: number;
  bucketOriginMs: number;
}

/** Per bucket (start in ms), or overall when `bucket` is null. */
export interface DoraCounts {
  bucket: number | null;
  successes: number;
  terminal: number;
  failed: number;
  unrecovered: number;
  /** Services counted on the deployment basis, and on the incident basis. */
  deploymentBasisServices: number;
  incidentBasisServices: number;
}

/** Nearest-rank median and p90 of a set of durations (ms). */
export interface DurationRow {
  bucket: number | null;
  samples: number;
  medianMs: number;
  p90Ms: number;
}

export interface DoraAggregates {
  counts: DoraCounts[];
  recovery: DurationRow[];
  leadFromCommits: DurationRow[];
  leadFromParents: DurationRow[];
  deploymentDuration: DurationRow[];
}

const EVENTS = 'deployment_events';

/**
 * The statuses DORA looks at: `queued`, `waiting` and `cancelled` events
 * count nowhere (contract v1.2), not even as the start of a parent chain.
 */
const COUNTED = `('in-progress', 'success', 'failure')`;

/**
 * Nearest-rank median (rank ceil(n/2)) and p90 (rank ceil(9n/10)) per bucket
 * and overall, of the `value`s of the CTE `samples`: CTEs to follow others.
 */
const percentileCtes = (name: string, samples = 'samples') => `, ${name}_scoped AS (
  SELECT bucket, value FROM ${samples}
  UNION ALL
  SELECT NULL, value FROM ${samples}
), ${name}_ranked AS (
  SELECT bucket, value,
    ROW_NUMBER() OVER (PARTITION BY bucket ORDER BY value) AS rn,
    COUNT(*) OVER (PARTITION BY bucket) AS n
  FROM ${name}_scoped
), ${name} AS (
  SELECT bucket, MAX(n) AS samples,
    MAX(CASE WHEN rn = (n + 1) / 2 THEN value END) AS median_ms,
    MAX(CASE WHEN rn = (9 * n + 9) / 10 THEN value END) AS p90_ms
  FROM ${name}_ranked GROUP BY bucket
)`;

/** The percentiles of the CTE `samples`, as a statement's end. */
const PERCENTILES = `${percentileCtes('percentiles')} SELECT * FROM percentiles`;

const nullableNumber = (v: unknown) =>
  v === null || v === undefined ? null : Number(v);

function durationRow(r: Record<string, unknown>): DurationRow {
  return {
    bucket: nullableNumber(r.bucket),
    samples: Number(r.samples),
    medianMs: Number(r.median_ms),
    p90Ms: Number(r.p90_ms),
  };
}

/**
 * CTEs ending in `run_durations(finished_ms, value)`: the successful runs
 * (their latest event a success) finished in [fromMs, toMs), with at least
 * two events: a lone success has no start to measure from. The start is the
 * earliest of the run's other events (never after the latest event), which
 * may lie before the period. Like the runs API, queue and approval time
 * count (the run's duration_ms). `inScope` filters the alias `e` and carries
 * its own bindings. Shared by `deployment_duration` and the insights
 * page's duration histogram, so both mean the same run duration.
 */
export function runDurationCtes(inScope: string, fromMs: number, toMs: number): string {
  for (const n of [fromMs, toMs]) {
    if (!Number.isSafeInteger(n)) throw new Error(`Not an integer: ${n}`);
  }
  const sameRun = (a: string) =>
    `${a}.service = e.service AND ${a}.environment = e.environment
      AND ${a}.deployment_id = e.deployment_id AND NOT ${a}.is_test AND ${notVoided(a)}`;
  return `finished AS (
  SELECT e.happened_at_ms AS finished_ms,
    (SELECT MIN(s.happened_at_ms) FROM ${EVENTS} s WHERE ${sameRun('s')} AND s.seq <> e.seq) AS started_ms
  FROM ${EVENTS} e
  WHERE ${inScope} AND e.status = 'success'
    AND e.happened_at_ms >= ${fromMs} AND e.happened_at_ms < ${toMs}
    AND NOT EXISTS (SELECT 1 FROM ${EVENTS} x WHERE ${sameRun('x')}
      AND (x.happened_at_ms, x.seq) > (e.happened_at_ms, e.seq))
), run_durations AS (
  SELECT finished_ms, finished_ms - started_ms AS value
  FROM finished WHERE started_ms IS NOT NULL
)`;
}

/**
 * The DORA metrics as SQL that runs on PostgreSQL and SQLite alike (window
 * functions, recursive CTEs); only expanding a JSON array differs.
 * Percentiles are nearest-rank: the value at rank ceil(p * n), so they are
 * always a real sample and need no interpolation function SQLite lacks.
 */
export async function queryDoraAggregates(
  knex: Knex,
  query: DoraQuery,
): Promise<DoraAggregates> {
  const isPostgres = knex.client.config.client === 'pg';
  for (const n of [
    query.fromMs,
    query.toMs,
    query.bucketMs,
    query.bucketOriginMs,
  ]) {
    if (!Number.isSafeInteger(n)) throw new Error(`Not an integer: ${n}`);
  }
  const { fromMs, toMs, bucketMs: size, bucketOriginMs: origin } = query;
  // Numbers are validated integers, written inline; strings are bound.
  const bucketOf = (col: string) =>
    `(${col} - ((${col} - ${origin}) % ${size} + ${size}) % ${size})`;
  const envList = query.environments.map(() => '?').join(', ');
  const { services } = query;
  const serviceClause = (alias: string) => {
    if (services === undefined) return '';
    // An empty set (a team without services) matches nothing.
    if (services.length === 0) return ' AND 1 = 0';
    return ` AND ${alias}.service IN (${services.map(() => '?').join(', ')})`;
  };
  // Voided events count nowhere.
  const scope = (alias: string) =>
    `${alias}.environment IN (${envList}) AND NOT ${alias}.is_test AND ${notVoided(alias)}${serviceClause(
      alias,
    )}`;
  const scopeBindings = [
    ...query.environments,
    ...(services ?? []),
  ];
  const jsonItems = (col: string) =>
    isPostgres
      ? `json_array_elements_text(${col}::json) AS j(value)`
      : `json_each(${col}) AS j`;

  // Terminal production deployments from `from` on, each with what follows
  // it in its slot: a fix/hotfix success right after a success marks that
  // success as a failed change; the next success ends a failure. The next
  // success is a running MIN over the later rows (frame from UNBOUNDED
  // PRECEDING in reverse order), which both databases compute incrementally;
  // a frame of "1 FOLLOWING to UNBOUNDED FOLLOWING" is re-aggregated per row.
  const inScope = scope('e');
  const bucketOfIncidents = bucketOf('opened_ms');
  // Incidents (docs/metrics.md "Incidents as the basis"): those of the
  // request's environments and services; one per (service, incident_id)
  // that was opened, with its first resolution at or after the opening.
  // A service with one opened in the period is on the incident basis.
  const incidents = `
incident_records AS (
  SELECT i.service, i.incident_id, i.status, i.happened_at_ms, i.caused_by_deployment_id
  FROM ${INCIDENTS} i
  WHERE i.environment IN (${envList})${serviceClause('i')}
), incidents AS (
  SELECT o.service, o.opened_ms,
    (SELECT MIN(r.happened_at_ms) FROM incident_records r
     WHERE r.service = o.service AND r.incident_id = o.incident_id AND r.status = 'resolved'
       AND r.happened_at_ms >= o.opened_ms) AS resolved_ms
  FROM (SELECT service, incident_id, MIN(happened_at_ms) AS opened_ms
        FROM incident_records WHERE status = 'open' GROUP BY service, incident_id) o
), incident_services AS (
  SELECT DISTINCT service FROM incidents WHERE opened_ms >= ${fromMs} AND opened_ms < ${toMs}
)`;
  const changes = `${incidents},
terminal AS (
  SELECT e.service, e.status, e.happened_at_ms,
    LEAD(e.status) OVER w AS next_status,
    LEAD(e.change_type) OVER w AS next_change_type,
    MIN(CASE WHEN e.status = 'success' THEN e.happened_at_ms END) OVER (
      PARTITION BY e.service, e.environment ORDER BY e.happened_at_ms DESC, e.seq DESC
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
    ) AS next_success_ms
  FROM ${EVENTS} e
  WHERE ${inScope} AND e.status IN ('success', 'failure') AND e.happened_at_ms >= ${fromMs}
    AND e.service NOT IN (SELECT service FROM incident_services)
  WINDOW w AS (PARTITION BY e.service, e.environment ORDER BY e.happened_at_ms, e.seq)
), deployment_changes AS (
  SELECT ${bucketOf(
    'happened_at_ms',
  )} AS bucket, service, status, happened_at_ms, next_success_ms,
    CASE WHEN status = 'failure'
      OR (next_status = 'success' AND next_change_type IN ('fix', 'hotfix'))
      THEN 1 ELSE 0 END AS failed
  FROM terminal WHERE happened_at_ms < ${toMs}
), changes AS (
  SELECT bucket, service, 'deployments' AS basis,
    CASE WHEN status = 'success' THEN 1 ELSE 0 END AS success, 1 AS terminal, failed,
    CASE WHEN failed = 1 AND next_success_ms IS NULL THEN 1 ELSE 0 END AS unrecovered,
    CASE WHEN failed = 1 THEN next_success_ms - happened_at_ms END AS recovery_ms
  FROM deployment_changes
  UNION ALL
  -- Incident basis: every production success is a change; it failed when
  -- an incident of its service names it as the cause.
  SELECT ${bucketOf('e.happened_at_ms')}, e.service, 'incidents', 1, 1,
    CASE WHEN EXISTS (SELECT 1 FROM incident_records r
      WHERE r.service = e.service AND r.caused_by_deployment_id = e.deployment_id) THEN 1 ELSE 0 END,
    0, NULL
  FROM ${EVENTS} e
  WHERE ${inScope} AND e.status = 'success'
    AND e.happened_at_ms >= ${fromMs} AND e.happened_at_ms < ${toMs}
    AND e.service IN (SELECT service FROM incident_services)
  UNION ALL
  -- ... and every incident opened in the period is a recovery sample, or unrecovered.
  SELECT ${bucketOfIncidents}, service, 'incidents', 0, 0, 0,
    CASE WHEN resolved_ms IS NULL THEN 1 ELSE 0 END, resolved_ms - opened_ms
  FROM incidents WHERE opened_ms >= ${fromMs} AND opened_ms < ${toMs}
)`;

  const countColumns = `
  SUM(success) AS successes,
  SUM(terminal) AS terminal,
  SUM(failed) AS failed,
  SUM(unrecovered) AS unrecovered,
  COUNT(DISTINCT CASE WHEN basis = 'deployments' THEN service END) AS deployment_services,
  COUNT(DISTINCT CASE WHEN basis = 'incidents' THEN service END) AS incident_services`;
  // Counts and recovery in one statement: the period's terminal events are
  // read and sorted per slot once. Rows are told apart by `kind`.
  const countsAndRecoverySql = `WITH ${changes}, counts AS (
  SELECT bucket, ${countColumns} FROM changes GROUP BY bucket
  UNION ALL
  SELECT NULL, ${countColumns} FROM changes
), samples AS (
  SELECT bucket, recovery_ms AS value FROM changes WHERE recovery_ms IS NOT NULL
)${percentileCtes('recovery')}
SELECT 'counts' AS kind, bucket, successes, terminal, failed, unrecovered,
  deployment_services, incident_services,
  NULL AS samples, NULL AS median_ms, NULL AS p90_ms FROM counts
UNION ALL
SELECT 'recovery', bucket, NULL, NULL, NULL, NULL, NULL, NULL, samples, median_ms, p90_ms FROM recovery`;

  // A commit's lead time: from when it was authored to the first time it
  // reached production (later redeployments of the same commit do not count).
  // Only commits shipped in the period are looked at; one index-only probe
  // per commit drops those that reached production before it. The commit
  // index rows carry their event's slot, time and whether it counts as
  // shipped (a success, not a test), so neither step reads the events.
  // SHAs are stored lowercased there.
  const shippedScope = `c.shipped AND ${notVoided('c')} AND c.environment IN (${envList})${serviceClause('c')}`;
  const leadFromCommitsSql = `WITH shipped AS (
  SELECT c.service, c.sha, MIN(c.happened_at_ms) AS shipped_ms,
    MIN(c.authored_at_ms) AS authored_ms
  FROM deployment_commits c
  WHERE ${shippedScope} AND c.happened_at_ms >= ${fromMs} AND c.happened_at_ms < ${toMs}
  GROUP BY c.service, c.sha
), firsts AS (
  SELECT s.shipped_ms, s.authored_ms FROM shipped s
  -- A scalar subquery, not NOT EXISTS: PostgreSQL would turn that into a
  -- hash anti join over every commit shipped before the period (all of
  -- history) when its estimates favour it; this stays one probe per commit.
  WHERE s.authored_ms IS NOT NULL AND (
    SELECT 1 FROM deployment_commits c2
    WHERE c2.sha = s.sha AND c2.service = s.service AND c2.shipped AND ${notVoided('c2')}
      AND c2.environment IN (${envList}) AND c2.happened_at_ms < ${fromMs}
    LIMIT 1) IS NULL
), samples AS (
  SELECT ${bucketOf('shipped_ms')} AS bucket,
    CASE WHEN shipped_ms > authored_ms THEN shipped_ms - authored_ms ELSE 0 END AS value
  FROM firsts
) ${PERCENTILES}`;

  // Without commit times: from the earliest event of any deployment reached
  // through parent_deployments (16 hops at most) to the production success.
  const leadFromParentsSql = `WITH RECURSIVE prod AS (
  SELECT e.seq, e.happened_at_ms, e.parent_deployments FROM ${EVENTS} e
  WHERE ${inScope} AND e.status = 'success'
    AND e.happened_at_ms >= ${fromMs} AND e.happened_at_ms < ${toMs}
    AND e.parent_deployments <> '[]'
    AND NOT EXISTS (SELECT 1 FROM deployment_commits c
                    WHERE c.seq = e.seq AND c.authored_at_ms IS NOT NULL)
), upstream(root, deployment_id, depth) AS (
  SELECT p.seq, j.value, 1 FROM prod p, ${jsonItems('p.parent_deployments')}
  UNION
  SELECT u.root, j.value, u.depth + 1
  FROM upstream u
  JOIN ${EVENTS} e ON e.deployment_id = u.deployment_id AND NOT e.is_test
    AND e.status IN ${COUNTED} AND ${notVoided('e')},
  ${jsonItems('e.parent_deployments')}
  WHERE u.depth < 16
), firsts AS (
  SELECT p.happened_at_ms, MIN(e.happened_at_ms) AS first_ms
  FROM prod p
  JOIN upstream u ON u.root = p.seq
  JOIN ${EVENTS} e ON e.deployment_id = u.deployment_id AND NOT e.is_test
    AND e.status IN ${COUNTED} AND ${notVoided('e')}
  GROUP BY p.seq, p.happened_at_ms
), samples AS (
  SELECT ${bucketOf('happened_at_ms')} AS bucket,
    CASE WHEN happened_at_ms > first_ms THEN happened_at_ms - first_ms ELSE 0 END AS value
  FROM firsts
) ${PERCENTILES}`;

  const deploymentDurationSql = `WITH ${runDurationCtes(inScope, fromMs, toMs)}, samples AS (
  SELECT ${bucketOf('finished_ms')} AS bucket, value FROM run_durations
) ${PERCENTILES}`;

  // Each statement on its own connection, in parallel. PostgreSQL's JIT
  // compiler would spend ~150 ms per statement here (their cost estimates
  // pass jit_above_cost) to save a few: it is off for them.
  const run = (sql: string, bindings = scopeBindings) =>
    isPostgres
      ? knex.transaction(async tx => {
          await tx.raw('SET LOCAL jit = off');
          return (await tx.raw(sql, bindings)).rows as Record<string, unknown>[];
        })
      : (knex.raw(sql, bindings) as Promise<Record<string, unknown>[]>);
  const [countsAndRecovery, leadFromCommits, leadFromParents, deploymentDuration] =
    await Promise.all([
      // The incidents' scope, the deployment basis's, the incident basis's successes.
      run(countsAndRecoverySql, [...scopeBindings, ...scopeBindings, ...scopeBindings]),
      run(leadFromCommitsSql, [...scopeBindings, ...query.environments]),
      run(leadFromParentsSql),
      run(deploymentDurationSql),
    ]);
  const counts = countsAndRecovery.filter(r => r.kind === 'counts');
  const recovery = countsAndRecovery.filter(r => r.kind === 'recovery');
  return {
    counts: counts.map(r => ({
      bucket: nullableNumber(r.bucket),
      successes: Number(r.successes ?? 0),
      terminal: Number(r.terminal ?? 0),
      failed: Number(r.failed ?? 0),
      unrecovered: Number(r.unrecovered ?? 0),
      deploymentBasisServices: Number(r.deployment_services ?? 0),
      incidentBasisServices: Number(r.incident_services ?? 0),
    })),
    recovery: recovery.map(durationRow),
    leadFromCommits: leadFromCommits.map(durationRow),
    leadFromParents: leadFromParents.map(durationRow),
    deploymentDuration: deploymentDuration.map(durationRow),
  };
}
