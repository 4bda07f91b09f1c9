/**
 * The large-matrix parameters: latency of `GET /matrix?view=summary&limit=100`
 * (and its neighbours) on a wide matrix, through the full backend, and the
 * body size of the summary view next to the v1 matrix at 2,000 slots.
 *
 *   bash bench/run.sh matrix-pages [--services 5000] [--environments 12] [--requests 200] [--reuse]
 *
 * Databases: deployments_bench_matrix_<services>x<environments> (CI-like
 * events: sha, commits, title, tags, parents) and, for the sizes,
 * deployments_bench_matrix_200x10 and deployments_bench_matrix_fixtures
 * (bench/lib/fixtures.ts's sparse events, 200 × 10 slots).
 */
import { createHash } from 'crypto';
import { gzipSync } from 'zlib';
import { parseArgs } from 'util';
import { Knex } from 'knex';
import { DatabaseDeploymentsStore } from '../plugins/deployments-backend/src/database/DatabaseDeploymentsStore';
import { connect, freshPostgresDatabase } from './lib/databases';
import { loadFixtures } from './lib/fixtures';
import { postEvent, readHeaders, startBackend } from './lib/backend';
import { printTable, progress, timeEach as timeEachOf } from './lib/stats';

const { values } = parseArgs({
  options: {
    services: { type: 'string', default: '5000' },
    environments: { type: 'string', default: '12' },
    requests: { type: 'string', default: '200' },
    reuse: { type: 'boolean', default: false },
  },
});
const requests = Number(values.requests);
const SCHEMA = { schema: 'deployments' };

const hex = (text: string) => createHash('sha1').update(text).digest('hex');

/** Every slot gets a success; one in seven then a later failure (so `failures_only` has work). */
async function loadCiLikeEvents(knex: Knex, services: number, environments: number) {
  const store = await DatabaseDeploymentsStore.fromKnex(knex);
  const jobs: Array<() => Promise<unknown>> = [];
  for (let s = 0; s < services; s++) {
    for (let e = 0; e < environments; e++) {
      const n = s * environments + e;
      const service = `svc-${String(s).padStart(4, '0')}`;
      const environment = `env-${e}`;
      const event = (status: string, minutes: number) => ({
        deployment_id: `${service}-${environment}-${n}-${status}`,
        service,
        environment,
        status,
        happened_at: new Date(Date.UTC(2026, 0, 1) + n * 1000 + minutes * 60_000).toISOString(),
        version: `2.${n % 50}.${n % 7}`,
        run_url: `https://ci.example.com/${service}/actions/runs/${1_000_000 + n}`,
        run_number: 1_000_000 + n,
        actor: 'deploy-bot',
        ref: 'refs/heads/main',
        sha: hex(`${n}`),
        commits: [hex(`${n}a`), { sha: hex(`${n}b`), authored_at: '2025-12-31T12:00:00Z' }],
        title: `Deploy ${service} 2.${n % 50}.${n % 7} to ${environment}`,
        tags: ['release'],
        parent_deployments: e > 0 ? [`${service}-env-${e - 1}-${n - 1}-success`] : [],
      });
      jobs.push(() => store.append(event('success', 0) as never, Date.now()));
      if (n % 7 === 0) jobs.push(() => store.append(event('failure', 5) as never, Date.now()));
    }
  }
  let done = 0;
  const worker = async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      await job();
      done += 1;
      if (done % 1000 === 0) progress('appending', done, done + jobs.length);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  await knex.raw('ANALYZE deployment_events, deployment_slots');
}

/** A database holding the matrix, loaded unless --reuse finds it there. */
async function prepare(name: string, load: (knex: Knex) => Promise<void>, slots: number) {
  if (values.reuse) {
    const probe = connect('pg', name, SCHEMA);
    const n = await probe('deployment_slots')
      .count({ n: '*' })
      .then(([r]) => Number(r.n), () => -1)
      .finally(() => probe.destroy());
    if (n === slots) return;
  }
  await freshPostgresDatabase(name);
  const knex = connect('pg', name, SCHEMA);
  try {
    await knex.raw('CREATE SCHEMA deployments');
    await DatabaseDeploymentsStore.fromKnex(knex);
    await load(knex);
  } finally {
    await knex.destroy();
  }
}

async function getText(url: string, gzip = false): Promise<string> {
  const res = await fetch(url, { headers: { ...readHeaders, 'Accept-Encoding': gzip ? 'gzip' : 'identity' } });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return res.text();
}

const timeEach = (op: () => Promise<unknown>, before?: () => Promise<unknown>) =>
  timeEachOf(requests, op, before);

async function latencies(database: string, services: number) {
  const backend = await startBackend({ port: 7109, database: { pg: database } });
  const rows: Record<string, unknown>[] = [];
  try {
    let n = 0;
    // An event for an existing service lands before each cold read: no cached body.
    const newEvent = () => {
      n += 1;
      return postEvent(backend.url, {
        deployment_id: `cold-${n}`,
        service: `svc-${String(n % services).padStart(4, '0')}`,
        environment: 'env-0',
        status: 'success',
        happened_at: new Date().toISOString(),
      });
    };
    const middle = Buffer.from(JSON.stringify({ after: `svc-${String(services / 2).padStart(4, '0')}` })).toString('base64url');
    const reads: Array<[string, string]> = [
      ['summary, first page of 100', '/matrix?view=summary&limit=100'],
      ['summary, a middle page of 100', `/matrix?view=summary&limit=100&cursor=${middle}`],
      ['full events, first page of 100', '/matrix?limit=100'],
      ['summary, q=svc-12 (110 services)', '/matrix?view=summary&q=svc-12'],
      ['summary, failures_only, page of 100', '/matrix?view=summary&failures_only=true&limit=100'],
    ];
    for (const [label, path] of reads) {
      const warm = await timeEach(() => getText(`${backend.url}${path}`, true));
      const cold = await timeEach(() => getText(`${backend.url}${path}`, true), newEvent);
      rows.push({ read: label, 'warm p50 ms': warm.p50, 'warm p99 ms': warm.p99, 'cold p50 ms': cold.p50, 'cold p99 ms': cold.p99 });
    }
  } finally {
    await backend.stop();
  }
  return rows;
}

async function sizes(label: string, database: string) {
  const backend = await startBackend({ port: 7110, database: { pg: database } });
  try {
    const [full, summary] = [await getText(`${backend.url}/matrix`), await getText(`${backend.url}/matrix?view=summary`)];
    const slots = (JSON.parse(full).services as Array<{ slots: object }>).reduce((sum, s) => sum + Object.keys(s.slots).length, 0);
    const [fullGz, summaryGz] = [gzipSync(full).length, gzipSync(summary).length];
    return {
      events: label,
      slots,
      'v1 bytes': full.length,
      'summary bytes': summary.length,
      'summary / v1': summary.length / full.length,
      'v1 gzip': fullGz,
      'summary gzip': summaryGz,
      'gzip summary / v1': summaryGz / fullGz,
    };
  } finally {
    await backend.stop();
  }
}

async function main() {
  const services = Number(values.services);
  const environments = Number(values.environments);
  const wide = `deployments_bench_matrix_${services}x${environments}`;
  await prepare(wide, knex => loadCiLikeEvents(knex, services, environments), services * environments);
  await prepare('deployments_bench_matrix_200x10', knex => loadCiLikeEvents(knex, 200, 10), 2000);
  await prepare('deployments_bench_matrix_fixtures', knex => loadFixtures(knex, 20_000), 2000);

  console.log(`\nMatrix reads on ${services} × ${environments} slots (HTTP, gzip), ${requests} sequential requests each after 10 warm-up\n`);
  printTable(await latencies(wide, services));
  console.log('\nBody size of the whole matrix, v1 and view=summary\n');
  printTable([
    await sizes('CI-like (sha, commits, title, tags, parents)', 'deployments_bench_matrix_200x10'),
    await sizes('bench fixtures (sparse)', 'deployments_bench_matrix_fixtures'),
  ]);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
