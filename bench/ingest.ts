/**
 * Ingest throughput: N concurrent HTTP clients posting single events for S
 * seconds against the full backend, next to a baseline of the same appends
 * driven directly through the store (group commit included) with the same
 * concurrency. A trivial GET on the same backend shows the ceiling of the
 * HTTP stack here; `vs floor` compares each path's rate with it. Then
 * `--batch-concurrency` clients post batches of 1,000 events (POST /batch),
 * and `--import N` times importing N events that way (e.g. 1000000).
 *
 *   bash bench/run.sh ingest [--db pg|sqlite|both] [--seconds 30] \
 *     [--concurrency 32] [--batch-concurrency 4] [--import 1000000]
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
    'batch-concurrency': { type: 'string', default: '4' },
    import: { type: 'string', default: '0' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(
    'bash bench/run.sh ingest [--db pg|sqlite|both] [--seconds 30] [--concurrency 32] [--batch-concurrency 4] [--import 1000000]',
  );
  process.exit(0);
}
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const batchConcurrency = Number(values['batch-concurrency']);
const importEvents = Number(values.import);
const BATCH = 1000;

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

/**
 * Runs `clients` loops of `op` (which posts `eventsPerOp` events) until
 * `done()`; returns events per second and the latencies of the ops.
 */
async function drive(
  op: () => Promise<void>,
  options: { clients?: number; eventsPerOp?: number; done?: (ops: number) => boolean } = {},
) {
  const { clients = concurrency, eventsPerOp = 1 } = options;
  const end = Date.now() + seconds * 1000;
  const done = options.done ?? (() => Date.now() >= end);
  const latencies: number[] = [];
  let started = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (!done(started++)) {
        const t = performance.now();
        await op();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsedS = (performance.now() - t0) / 1000;
  return { eventsPerSecond: (latencies.length * eventsPerOp) / elapsedS, elapsedS, ...summarize(latencies) };
}

/** POSTs and insists on 201. */
async function post(url: string, body: unknown) {
  const res = await fetch(url, { method: 'POST', headers: ingestHeaders, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
}

const nextBatch = () => ({ events: Array.from({ length: BATCH }, nextEvent) });

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
    const ingest = await drive(() => post(backend.url, nextEvent()));
    const batchUrl = `${backend.url}/batch`;
    const batch = await drive(() => post(batchUrl, nextBatch()), { clients: batchConcurrency, eventsPerOp: BATCH });
    // A bulk import: N events in batches of 1,000, as scripts/import-deployments.mjs sends them.
    const imported = importEvents
      ? await drive(() => post(batchUrl, nextBatch()), {
          clients: batchConcurrency,
          eventsPerOp: BATCH,
          done: ops => ops >= Math.ceil(importEvents / BATCH),
        })
      : undefined;
    return { floor, ingest, batch, imported };
  } finally {
    await backend.stop();
  }
}

async function main() {
  const dbs: BenchDatabase[] = values.db === 'both' ? ['pg', 'sqlite'] : [values.db as BenchDatabase];
  const rows = [];
  for (const db of dbs) {
    const base = await baseline(db);
    const { floor, ingest: http, batch, imported } = await full(db);
    const database = db === 'pg' ? 'PostgreSQL' : 'SQLite';
    const row = (path: string, r: typeof base) => ({
      database,
      path,
      'events/s': r.eventsPerSecond,
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      'vs baseline': r.eventsPerSecond / base.eventsPerSecond,
      'vs floor': r.eventsPerSecond / floor.eventsPerSecond,
    });
    rows.push(row('store baseline (single appends)', base));
    rows.push(row('full backend: POST / (HTTP)', http));
    rows.push(row('HTTP floor: GET /health, same backend', floor));
    rows.push(row(`full backend: POST /batch of ${BATCH} (${batchConcurrency} clients)`, batch));
    if (imported) {
      rows.push(row(`import ${importEvents.toLocaleString('en')} events: ${imported.elapsedS.toFixed(1)} s`, imported));
    }
  }
  console.log(`\nIngest, ${concurrency} concurrent clients (batches: ${batchConcurrency}), ${seconds} s each; batch latencies are per request of ${BATCH}\n`);
  printTable(rows);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
