import { Knex } from 'knex';

/** What the DORA metrics are computed over; times are epoch milliseconds. */
export interface DoraQuery {
  environments: string[];
  service?: string;
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

/** Nearest-rank median (rank ceil(n/2)) and p90 (rank ceil(9n/10)) per bucket and overall. */
const PERCENTILES = `, scoped AS (
  SELECT bucket, value FROM samples
  UNION ALL
  SELECT NULL, value FROM samples
), ranked AS (
  SELECT bucket, value,
    ROW_NUMBER() OVER (PARTITION BY bucket ORDER BY value) AS rn,
    COUNT(*) OVER (PARTITION BY bucket) AS n
  FROM scoped
)
SELECT bucket, MAX(n) AS samples,
  MAX(CASE WHEN rn = (n + 1) / 2 THEN value END) AS median_ms,
  MAX(CASE WHEN rn = (9 * n + 9) / 10 THEN value END) AS p90_ms
FROM ranked GROUP BY bucket`;

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
  const serviceClause = (alias: string) =>
    query.service === undefined ? '' : ` AND ${alias}.service = ?`;
  const scope = (alias: string) =>
    `${alias}.environment IN (${envList}) AND NOT ${alias}.is_test${serviceClause(
      alias,
    )}`;
  const scopeBindings = [
    ...query.environments,
    ...(query.service === undefined ? [] : [query.service]),
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
  const changes = `
terminal AS (
  SELECT e.status, e.happened_at_ms,
    LEAD(e.status) OVER w AS next_status,
    LEAD(e.change_type) OVER w AS next_change_type,
    MIN(CASE WHEN e.status = 'success' THEN e.happened_at_ms END) OVER (
      PARTITION BY e.service, e.environment ORDER BY e.happened_at_ms DESC, e.seq DESC
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
    ) AS next_success_ms
  FROM ${EVENTS} e
  WHERE ${inScope} AND e.status IN ('success', 'failure') AND e.happened_at_ms >= ${fromMs}
  WINDOW w AS (PARTITION BY e.service, e.environment ORDER BY e.happened_at_ms, e.seq)
), changes AS (
  SELECT ${bucketOf(
    'happened_at_ms',
  )} AS bucket, status, happened_at_ms, next_success_ms,
    CASE WHEN status = 'failure'
      OR (next_status = 'success' AND next_change_type IN ('fix', 'hotfix'))
      THEN 1 ELSE 0 END AS failed
  FROM terminal WHERE happened_at_ms < ${toMs}
)`;

  const countColumns = `
  SUM(CASE WHEN status = 'success' THEN 1 ELSE 0 END) AS successes,
  COUNT(*) AS terminal,
  SUM(failed) AS failed,
  SUM(CASE WHEN failed = 1 AND next_success_ms IS NULL THEN 1 ELSE 0 END) AS unrecovered`;
  const countsSql = `WITH ${changes}
SELECT bucket, ${countColumns} FROM changes GROUP BY bucket
UNION ALL
SELECT NULL, ${countColumns} FROM changes`;

  const recoverySql = `WITH ${changes}, samples AS (
  SELECT bucket, next_success_ms - happened_at_ms AS value
  FROM changes WHERE failed = 1 AND next_success_ms IS NOT NULL
) ${PERCENTILES}`;

  // A commit's lead time: from when it was authored to the first time it
  // reached production (later redeployments of the same commit do not count).
  // Only commits shipped in the period are looked at; an index lookup per
  // commit drops those that reached production before it. SHAs are stored
  // lowercased in deployment_commits.
  const leadFromCommitsSql = `WITH shipped AS (
  SELECT e.service, c.sha, MIN(e.happened_at_ms) AS shipped_ms,
    MIN(c.authored_at_ms) AS authored_ms
  FROM ${EVENTS} e JOIN deployment_commits c ON c.seq = e.seq
  WHERE ${inScope} AND e.status = 'success'
    AND e.happened_at_ms >= ${fromMs} AND e.happened_at_ms < ${toMs}
  GROUP BY e.service, c.sha
), firsts AS (
  SELECT s.shipped_ms, s.authored_ms FROM shipped s
  WHERE s.authored_ms IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM deployment_commits c2 JOIN ${EVENTS} e2 ON e2.seq = c2.seq
    WHERE c2.sha = s.sha AND e2.service = s.service
      AND e2.environment IN (${envList}) AND NOT e2.is_test
      AND e2.status = 'success' AND e2.happened_at_ms < ${fromMs})
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
    AND e.status IN ${COUNTED},
  ${jsonItems('e.parent_deployments')}
  WHERE u.depth < 16
), firsts AS (
  SELECT p.happened_at_ms, MIN(e.happened_at_ms) AS first_ms
  FROM prod p
  JOIN upstream u ON u.root = p.seq
  JOIN ${EVENTS} e ON e.deployment_id = u.deployment_id AND NOT e.is_test
    AND e.status IN ${COUNTED}
  GROUP BY p.seq, p.happened_at_ms
), samples AS (
  SELECT ${bucketOf('happened_at_ms')} AS bucket,
    CASE WHEN happened_at_ms > first_ms THEN happened_at_ms - first_ms ELSE 0 END AS value
  FROM firsts
) ${PERCENTILES}`;

  // Successful runs (their latest event a success) finished in the period,
  // with at least two events: a lone success has no start to measure from.
  // The start is the earliest of the run's other events (null when there is
  // none; never after the latest event), which may lie before the period.
  // Like the runs API, queue and approval time count (the run's duration_ms).
  const sameRun = (a: string) =>
    `${a}.service = e.service AND ${a}.environment = e.environment
      AND ${a}.deployment_id = e.deployment_id AND NOT ${a}.is_test`;
  const deploymentDurationSql = `WITH finished AS (
  SELECT e.happened_at_ms AS finished_ms,
    (SELECT MIN(s.happened_at_ms) FROM ${EVENTS} s WHERE ${sameRun('s')} AND s.seq <> e.seq) AS started_ms
  FROM ${EVENTS} e
  WHERE ${inScope} AND e.status = 'success'
    AND e.happened_at_ms >= ${fromMs} AND e.happened_at_ms < ${toMs}
    AND NOT EXISTS (SELECT 1 FROM ${EVENTS} x WHERE ${sameRun('x')}
      AND (x.happened_at_ms, x.seq) > (e.happened_at_ms, e.seq))
), samples AS (
  SELECT ${bucketOf('finished_ms')} AS bucket, finished_ms - started_ms AS value
  FROM finished WHERE started_ms IS NOT NULL
) ${PERCENTILES}`;

  const run = async (sql: string, bindings = scopeBindings) => {
    const result = await knex.raw(sql, bindings);
    return (isPostgres ? result.rows : result) as Record<string, unknown>[];
  };
  const [counts, recovery, leadFromCommits, leadFromParents, deploymentDuration] =
    await Promise.all([
      run(countsSql),
      run(recoverySql),
      run(leadFromCommitsSql, [...scopeBindings, ...query.environments]),
      run(leadFromParentsSql),
      run(deploymentDurationSql),
    ]);
  return {
    counts: counts.map(r => ({
      bucket: nullableNumber(r.bucket),
      successes: Number(r.successes ?? 0),
      terminal: Number(r.terminal ?? 0),
      failed: Number(r.failed ?? 0),
      unrecovered: Number(r.unrecovered ?? 0),
    })),
    recovery: recovery.map(durationRow),
    leadFromCommits: leadFromCommits.map(durationRow),
    leadFromParents: leadFromParents.map(durationRow),
    deploymentDuration: deploymentDuration.map(durationRow),
  };
}
