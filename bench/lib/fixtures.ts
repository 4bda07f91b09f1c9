import { Knex } from 'knex';
import { DatabaseDeploymentsStore } from '../../plugins/deployments-backend/src/database/DatabaseDeploymentsStore';
import { connect, freshPostgresDatabase } from './databases';
import { progress } from './stats';

export const FIXTURE_SERVICES = 200;
export const FIXTURE_ENVIRONMENTS = 10;
/** The fixture environment whose successes ship a commit (for lead time). */
export const FIXTURE_PRODUCTION = 'env-3';
const BATCH = 100_000;
export const FIXTURE_START_MS = Date.UTC(2020, 0, 1);
export const FIXTURE_STEP_MS = 15_000;
const START_MS = FIXTURE_START_MS;
const STEP_MS = FIXTURE_STEP_MS;

/**
 * Appends `count` synthetic events (200 services × 10 environments = 2,000
 * slots, one event every 15 s of simulated time; each slot cycles through
 * failures, runs and successes, so failures recover) with batched server-side
 * INSERT … SELECT, not HTTP, then rebuilds the slot projection from the log.
 * Every success in FIXTURE_PRODUCTION ships one commit authored 1–3 h
 * earlier, so the DORA lead time has samples. Works on PostgreSQL and SQLite.
 */
export async function loadFixtures(knex: Knex, count: number): Promise<void> {
  const isPg = knex.client.config.client === 'pg';
  const series = isPg
    ? 'SELECT g FROM generate_series(?::bigint, ?::bigint) AS g'
    : 'WITH RECURSIVE s(g) AS (SELECT ? UNION ALL SELECT g + 1 FROM s WHERE g < ?) SELECT g FROM s';
  const insert = `
    INSERT INTO deployment_events
      (deployment_id, service, environment, status, happened_at_ms, received_at_ms,
       version, run_url, run_number, actor, ref, sha, parent_deployments)
    SELECT 'fx-' || g,
           'svc-' || (g % ${FIXTURE_SERVICES}),
           'env-' || ((g / ${FIXTURE_SERVICES}) % ${FIXTURE_ENVIRONMENTS}),
           CASE (g + g / ${FIXTURE_SERVICES * FIXTURE_ENVIRONMENTS}) % 10 WHEN 0 THEN 'failure' WHEN 1 THEN 'in-progress' ELSE 'success' END,
           ${START_MS} + g * ${STEP_MS}, ${START_MS} + g * ${STEP_MS} + 500,
           '1.' || g, 'https://ci.example.com/runs/' || g, g,
           'fixture', 'main', NULL, '[]'
    FROM (${series}) AS series`;
  const base = await knex('deployment_events').max({ max: 'seq' }).first();
  const offset = Number(base?.max ?? 0);
  for (let done = 0; done < count; ) {
    const n = Math.min(BATCH, count - done);
    await knex.raw(insert, [offset + done + 1, offset + done + n]);
    done += n;
    progress('loading events', done, count);
  }
  process.stderr.write('adding commits to the production successes...\n');
  await knex.raw(
    `INSERT INTO deployment_commits
       (seq, position, sha, authored_at_ms, service, environment, happened_at_ms, shipped)
     SELECT seq, 0, 'c0ffee' || seq, happened_at_ms - 3600000 - (seq % 120) * 60000,
       service, environment, happened_at_ms, true
     FROM deployment_events
     WHERE environment = ? AND status = 'success' AND seq > ?`,
    [FIXTURE_PRODUCTION, offset],
  );
  process.stderr.write('rebuilding the slot projection...\n');
  await (await DatabaseDeploymentsStore.fromKnex(knex)).rebuildSlots();
  if (isPg) await knex.raw('ANALYZE deployment_events, deployment_slots, deployment_commits');
}

/**
 * A PostgreSQL database `database` holding `events` fixtures in the schema the
 * backend's plugin uses; with `reuse`, one that already holds them is kept.
 */
export async function preparePostgresFixtures(database: string, events: number, reuse: boolean) {
  if (reuse) {
    const probe = connect('pg', database, { schema: 'deployments' });
    const existing = await probe('deployment_events')
      .count({ n: '*' })
      .then(([r]) => Number(r.n), () => -1)
      .finally(() => probe.destroy());
    if (existing === events) return;
  }
  await freshPostgresDatabase(database);
  const knex = connect('pg', database, { schema: 'deployments' });
  try {
    await knex.raw('CREATE SCHEMA deployments');
    await DatabaseDeploymentsStore.fromKnex(knex);
    await loadFixtures(knex, events);
  } finally {
    await knex.destroy();
  }
}

