/**
 * Ingest throughput: N concurrent HTTP clients posting for S seconds against
 * the full backend, next to a baseline of the same insert + projection
 * statements driven directly through Knex with the same concurrency. A
 * trivial GET on the same backend shows the ceiling of the HTTP stack here.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/ingest.ts \
 *     [--db pg|sqlite|both] [--seconds 30] [--concurrency 32]
 */
import { parseArgs } from 'util';
import { DatabaseDeploymentsStore } from '../plugins/deployments-backend/src/database/DatabaseDeploymentsStore';
import { BenchDatabase, connect, freshPostgresDatabase, freshSqliteDirectory } from './lib/databases';
import { ingestHeaders, startBackend } from './lib/backend';
import { printTable, summarize } from './lib/stats';
import { join } from 'path';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    seconds: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '32' },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);

let counter = 0;
function nextEvent() {
  counter += 1;
  return {
    deployment_id: `bench-${counter}`,
    service: `svc-${counter % 200}`,
    environment: `env-${counter % 10}`,
    status: counter % 3 === 0 ? 'in-progress' : 'success',
    happened_at: new Date(Date.UTC(2026, 0, 1) + counter * 1000).toISOString(),
    version: `1.0.${counter}`,
    run_url: `https://ci.example.com/runs/${counter}`,
    actor: 'bench',
  };
}

/** Runs `concurrency` loops of `op` for `seconds`; returns throughput and latencies. */
async function drive(op: () => Promise<void>) {
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const t = performance.now();
        await op();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  return { eventsPerSecond: latencies.length / elapsedS, ...summarize(latencies) };
}

async function baseline(db: BenchDatabase) {
  const name = `deployments_bench_baseline`;
  let knex;
  if (db === 'pg') {
    await freshPostgresDatabase(name);
    knex = connect('pg', name, { pool: concurrency });
  } else {
    knex = connect('sqlite', join(freshSqliteDirectory(), 'baseline.sqlite'));
  }
  const store = await DatabaseDeploymentsStore.fromKnex(knex);
  try {
    return await drive(async () => {
      await store.append(nextEvent() as never, Date.now());
    });
  } finally {
    await knex.destroy();
  }
}

async function full(db: BenchDatabase) {
  let database;
  if (db === 'pg') {
    await freshPostgresDatabase('deployments_bench_full');
    database = { pg: 'deployments_bench_full' };
  } else {
    database = { sqliteDirectory: freshSqliteDirectory() };
  }
  const backend = await startBackend({ port: 7107, database });
  try {
    // The ceiling of Backstage's HTTP stack on this machine: a trivial route.
    const floor = await drive(async () => {
      const res = await fetch(`${backend.url}/health`);
      await res.arrayBuffer();
    });
    const ingest = await drive(async () => {
      const res = await fetch(backend.url, {
        method: 'POST',
        headers: ingestHeaders,
        body: JSON.stringify(nextEvent()),
      });
      if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    });
    return { floor, ingest };
  } finally {
    await backend.stop();
  }
}

async function main() {
  const dbs: BenchDatabase[] = values.db === 'both' ? ['pg', 'sqlite'] : [values.db as BenchDatabase];
  const rows = [];
  for (const db of dbs) {
    const base = await baseline(db);
    const { floor, ingest: http } = await full(db);
    const label = db === 'pg' ? 'PostgreSQL' : 'SQLite';
    rows.push({ database: label, path: 'Knex baseline', 'events/s': base.eventsPerSecond, 'p50 ms': base.p50, 'p99 ms': base.p99, ratio: 1 });
    rows.push({
      database: label,
      path: 'full backend (HTTP)',
      'events/s': http.eventsPerSecond,
      'p50 ms': http.p50,
      'p99 ms': http.p99,
      ratio: http.eventsPerSecond / base.eventsPerSecond,
    });
    rows.push({
      database: label,
      path: 'HTTP floor: GET /health, same backend',
      'events/s': floor.eventsPerSecond,
      'p50 ms': floor.p50,
      'p99 ms': floor.p99,
      ratio: floor.eventsPerSecond / base.eventsPerSecond,
    });
  }
  console.log(`\nIngest, ${concurrency} concurrent clients, ${seconds} s each\n`);
  printTable(rows);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
