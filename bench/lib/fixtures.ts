import { Knex } from 'knex';
import { DatabaseDeploymentsStore } from '../../plugins/deployments-backend/src/database/DatabaseDeploymentsStore';
import { progress } from './stats';

export const FIXTURE_SERVICES = 200;
export const FIXTURE_ENVIRONMENTS = 10;
const BATCH = 100_000;
const START_MS = Date.UTC(2020, 0, 1);
const STEP_MS = 15_000;

/**
 * Appends `count` synthetic events (200 services × 10 environments = 2,000
 * slots, one event every 15 s of simulated time) with batched server-side
 * INSERT … SELECT, not HTTP, then rebuilds the slot projection from the log.
 * Works on PostgreSQL and SQLite.
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
           CASE g % 10 WHEN 0 THEN 'failure' WHEN 1 THEN 'in-progress' ELSE 'success' END,
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
  process.stderr.write('rebuilding the slot projection...\n');
  await (await DatabaseDeploymentsStore.fromKnex(knex)).rebuildSlots();
  if (isPg) await knex.raw('ANALYZE deployment_events, deployment_slots');
}

