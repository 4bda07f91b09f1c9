/**
 * DORA metrics latency at a given history length: `GET /metrics` through the
 * full backend for typical periods, next to the cheapest query over the same
 * rows (successful production deployments counted per day, the baseline).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/metrics.ts \
 *     [--events 1000000,10000000] [--requests 50] [--reuse]
 *
 * Uses the databases of bench/reads.ts (deployments_bench_<n>); production is
 * the fixture environment env-3, a tenth of the log, whose successes ship a
 * commit each.
 */
import { parseArgs } from 'util';
import { connect } from './lib/databases';
import {
  FIXTURE_PRODUCTION,
  FIXTURE_START_MS,
  FIXTURE_STEP_MS,
  preparePostgresFixtures,
} from './lib/fixtures';
import { readHeaders, startBackend } from './lib/backend';
import { printTable, summarize } from './lib/stats';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000,10000000' },
    requests: { type: 'string', default: '50' },
    reuse: { type: 'boolean', default: false },
  },
});
const requests = Number(values.requests);
const DAY_MS = 86_400_000;

async function timeEach(op: () => Promise<void>) {
  for (let i = 0; i < 3; i++) await op(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t = performance.now();
    await op();
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

/** The periods a dashboard asks for, ending where the fixture log ends. */
function periods(events: number) {
  const endMs = FIXTURE_START_MS + events * FIXTURE_STEP_MS;
  const iso = (ms: number) => new Date(ms).toISOString();
  const to = iso(endMs);
  return [
    { label: '30 days by day, all services', query: `from=${iso(endMs - 30 * DAY_MS)}&to=${to}`, days: 30 },
    { label: '12 weeks by week, all services', query: `bucket=week&from=${iso(endMs - 84 * DAY_MS)}&to=${to}`, days: 84 },
    { label: '30 days by day, one service', query: `service=svc-3&from=${iso(endMs - 30 * DAY_MS)}&to=${to}`, days: 30 },
  ].map(p => ({ ...p, fromMs: endMs - p.days * DAY_MS, toMs: endMs }));
}

async function measure(events: number) {
  const database = `deployments_bench_${events}`;
  await preparePostgresFixtures(database, events, values.reuse!);
  const backend = await startBackend({
    port: 7109,
    database: { pg: database },
    deployments: { environments: { production: [FIXTURE_PRODUCTION] } },
  });
  const knex = connect('pg', database, { pool: 1, schema: 'deployments' });
  try {
    const rows = [];
    for (const period of periods(events)) {
      const metrics = await timeEach(async () => {
        const res = await fetch(`${backend.url}/metrics?${period.query}`, { headers: readHeaders });
        if (!res.ok) throw new Error(`/metrics answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      });
      const baseline = await timeEach(async () => {
        await knex.raw(
          `SELECT happened_at_ms / ${DAY_MS} AS day, COUNT(*) FROM deployment_events
           WHERE environment = ? AND status = 'success' AND NOT is_test
             AND happened_at_ms >= ? AND happened_at_ms < ?
           GROUP BY 1`,
          [FIXTURE_PRODUCTION, period.fromMs, period.toMs],
        );
      });
      const inPeriod = await knex('deployment_events')
        .where('environment', FIXTURE_PRODUCTION)
        .where('happened_at_ms', '>=', period.fromMs)
        .where('happened_at_ms', '<', period.toMs)
        .count({ n: '*' })
        .first();
      rows.push({ period, metrics, baseline, inPeriod: Number(inPeriod?.n ?? 0) });
    }
    return rows;
  } finally {
    await knex.destroy();
    await backend.stop();
  }
}

async function main() {
  const sizes = values.events!.split(',').map(Number);
  const table: Record<string, unknown>[] = [];
  const firstPeriodP99: number[] = [];
  for (const events of sizes) {
    const rows = await measure(events);
    firstPeriodP99.push(rows[0].metrics.p99);
    for (const r of rows) {
      table.push({
        events: events.toLocaleString(),
        'GET /metrics': r.period.label,
        'prod events in period': r.inPeriod.toLocaleString(),
        'p50 ms': r.metrics.p50,
        'p99 ms': r.metrics.p99,
        'baseline p50 ms': r.baseline.p50,
        'vs baseline p50': r.metrics.p50 / r.baseline.p50,
      });
    }
  }
  console.log(`\nDORA metrics, ${requests} sequential requests each after 3 warm-up\n`);
  printTable(table);
  if (sizes.length > 1) {
    const last = sizes.length - 1;
    console.log(
      `\n30-day metrics p99 at ${sizes[last].toLocaleString()} ÷ at ${sizes[0].toLocaleString()} events: ${(firstPeriodP99[last] / firstPeriodP99[0]).toFixed(2)}`,
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
