/**
 * Bulk-loads synthetic events into a deployments database (batched
 * server-side inserts, not HTTP), with a progress bar.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/load-fixtures.ts \
 *     --db pg --database deployments_bench_reads --events 10000000 [--fresh]
 */
import { parseArgs } from 'util';
import { DatabaseDeploymentsStore } from '../plugins/deployments-backend/src/database/DatabaseDeploymentsStore';
import { BenchDatabase, connect, freshPostgresDatabase } from './lib/databases';
import { loadFixtures } from './lib/fixtures';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'pg' },
    database: { type: 'string', default: 'deployments_bench_reads' },
    events: { type: 'string', default: '1000000' },
    fresh: { type: 'boolean', default: false },
  },
});

async function main() {
  const db = values.db as BenchDatabase;
  if (db === 'pg' && values.fresh) await freshPostgresDatabase(values.database!);
  const knex = connect(db, values.database!);
  try {
    await DatabaseDeploymentsStore.fromKnex(knex);
    const started = Date.now();
    await loadFixtures(knex, Number(values.events));
    console.log(`Loaded ${Number(values.events).toLocaleString()} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await knex.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
