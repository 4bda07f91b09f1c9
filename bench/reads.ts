/**
 * Read latency at a given history length: the matrix (2,000 slots) through
 * the full backend next to a plain SELECT of the projection (the baseline),
 * and history pages at several depths (keyset pagination).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/reads.ts \
 *     [--events 1000000,10000000] [--requests 200] [--reuse]
 *
 * Each size is loaded into its own PostgreSQL database (deployments_bench_<n>);
 * --reuse keeps a database that already holds that many events.
 */
import { parseArgs } from 'util';
import { connect } from './lib/databases';
import { preparePostgresFixtures } from './lib/fixtures';
import { postEvent, readHeaders, startBackend } from './lib/backend';
import { printTable, timeEach as timeEachOf } from './lib/stats';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000,10000000' },
    requests: { type: 'string', default: '200' },
    reuse: { type: 'boolean', default: false },
  },
});
const requests = Number(values.requests);

/** Times `op` sequentially; `before` runs untimed ahead of each sample. */
const timeEach = (op: () => Promise<void>, before?: () => Promise<void>) =>
  timeEachOf(requests, op, before);

/**
 * One read, timed until the whole body has arrived (decompressed); parsing
 * the JSON is the client's cost and is left out.
 */
async function getJson(url: string) {
  const res = await fetch(url, { headers: readHeaders });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  await res.arrayBuffer();
}

async function measure(events: number) {
  const database = `deployments_bench_${events}`;
  await preparePostgresFixtures(database, events, values.reuse!);
  const backend = await startBackend({ port: 7108, database: { pg: database } });
  const knex = connect('pg', database, { pool: 1, schema: 'deployments' });
  try {
    // Warm: the log is unchanged between reads (served from the ETag cache).
    const matrix = await timeEach(async () => {
      await getJson(`${backend.url}/matrix`);
    });
    // Cold: an event lands before every read, so each read rebuilds the body.
    let n = 0;
    const matrixCold = await timeEach(
      async () => {
        await getJson(`${backend.url}/matrix`);
      },
      async () => {
        n += 1;
        await postEvent(backend.url, {
          deployment_id: `cold-${n}`,
          service: `svc-${n % 200}`,
          environment: `env-${n % 10}`,
          status: 'success',
          happened_at: new Date().toISOString(),
        });
      },
    );
    const baseline = await timeEach(async () => {
      await knex('deployment_slots').select();
    });
    // Cursors at the top, the middle and the oldest end of the log.
    const depths: Array<[string, string | undefined]> = [['newest page', undefined]];
    const mid = await knex('deployment_events').where('seq', Math.floor(events / 2)).first();
    const old = await knex('deployment_events').where('seq', 250).first();
    for (const [label, row] of [['middle page', mid], ['oldest pages', old]] as const) {
      const cursor = Buffer.from(JSON.stringify([Number(row.happened_at_ms), Number(row.seq)])).toString('base64url');
      depths.push([label, cursor]);
    }
    const history = [];
    for (const [label, cursor] of depths) {
      const s = await timeEach(async () => {
        await getJson(`${backend.url}/?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      });
      history.push({ label, ...s });
    }
    const filtered = await timeEach(async () => {
      await getJson(`${backend.url}/?service=svc-7&environment=env-3&limit=100`);
    });
    return { matrix, matrixCold, baseline, history, filtered };
  } finally {
    await knex.destroy();
    await backend.stop();
  }
}

async function main() {
  const sizes = values.events!.split(',').map(Number);
  const rows: Record<string, unknown>[] = [];
  const matrixP99: number[] = [];
  const coldP99: number[] = [];
  for (const events of sizes) {
    const r = await measure(events);
    const n = events.toLocaleString();
    matrixP99.push(r.matrix.p99);
    coldP99.push(r.matrixCold.p99);
    rows.push({ events: n, read: 'matrix, unchanged log (HTTP, 2,000 slots)', 'p50 ms': r.matrix.p50, 'p99 ms': r.matrix.p99, 'vs baseline p50': r.matrix.p50 / r.baseline.p50 });
    rows.push({ events: n, read: 'matrix, new event before each read', 'p50 ms': r.matrixCold.p50, 'p99 ms': r.matrixCold.p99, 'vs baseline p50': r.matrixCold.p50 / r.baseline.p50 });
    rows.push({ events: n, read: 'baseline: SELECT projection', 'p50 ms': r.baseline.p50, 'p99 ms': r.baseline.p99, 'vs baseline p50': 1 });
    for (const h of r.history) {
      rows.push({ events: n, read: `history, ${h.label} (HTTP)`, 'p50 ms': h.p50, 'p99 ms': h.p99, 'vs baseline p50': h.p50 / r.baseline.p50 });
    }
    rows.push({ events: n, read: 'history, one slot (HTTP)', 'p50 ms': r.filtered.p50, 'p99 ms': r.filtered.p99, 'vs baseline p50': r.filtered.p50 / r.baseline.p50 });
  }
  console.log(`\nReads, ${requests} sequential requests each after 10 warm-up\n`);
  printTable(rows);
  if (matrixP99.length > 1) {
    const last = sizes.length - 1;
    console.log(`\nmatrix p99 at ${sizes[last].toLocaleString()} ÷ at ${sizes[0].toLocaleString()} events: unchanged log ${(matrixP99[last] / matrixP99[0]).toFixed(2)}, new event before each read ${(coldP99[last] / coldP99[0]).toFixed(2)}`);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
