/**
 * Stream fan-out: C concurrent SSE clients on one backend — memory per client
 * and the time until a frame reaches all of them — and the cross-replica
 * latency from the 201 on replica A to the frame on replica B (PostgreSQL).
 * Baseline: the same measurements with a single client.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/stream.ts \
 *     [--clients 5000] [--frames 20]
 */
import { parseArgs } from 'util';
import { freshPostgresDatabase } from './lib/databases';
import { ingestHeaders, readHeaders, startBackend } from './lib/backend';
import { heapUsedBytes, rssBytes } from './lib/inspector';
import { listen } from './lib/sseListener';
import { printTable, summarize } from './lib/stats';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '5000' },
    frames: { type: 'string', default: '20' },
  },
});
const clientCount = Number(values.clients);
const frames = Number(values.frames);
const INSPECT_PORT = 9339;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

let counter = 0;
async function post(url: string): Promise<{ id: string; acceptedAt: number }> {
  counter += 1;
  const res = await fetch(url, {
    method: 'POST',
    headers: ingestHeaders,
    body: JSON.stringify({
      deployment_id: `s-${counter}`,
      service: `svc-${counter % 50}`,
      environment: 'prod',
      status: 'success',
      happened_at: new Date().toISOString(),
    }),
  });
  const acceptedAt = performance.now();
  if (res.status !== 201) throw new Error(`POST answered ${res.status}`);
  return { id: (await res.json()).id, acceptedAt };
}

/**
 * Opens `n` clients on `streamUrl`, posts `frames` events to `postUrl` one at
 * a time, and returns per frame the time until every client had it.
 */
async function fanOut(streamUrl: string, postUrl: string, n: number) {
  const arrivals = new Map<string, number[]>();
  const clients = [];
  for (let i = 0; i < n; i++) {
    clients.push(
      await listen(streamUrl, readHeaders, id => {
        const list = arrivals.get(id) ?? [];
        list.push(performance.now());
        arrivals.set(id, list);
      }),
    );
    if (i % 500 === 499) process.stderr.write(`\r${i + 1} clients connected`);
  }
  process.stderr.write('\n');
  await sleep(1000);
  const allReached: number[] = [];
  const perClient: number[] = [];
  for (let f = 0; f < frames; f++) {
    const { id, acceptedAt } = await post(postUrl);
    const deadline = performance.now() + 10_000;
    while ((arrivals.get(id)?.length ?? 0) < n && performance.now() < deadline) await sleep(2);
    const times = arrivals.get(id) ?? [];
    if (times.length < n) throw new Error(`frame ${id} reached ${times.length}/${n} clients`);
    allReached.push(Math.max(...times) - acceptedAt);
    perClient.push(...times.map(t => t - acceptedAt));
    await sleep(100);
  }
  return { clients, allReached: summarize(allReached), perClient: summarize(perClient) };
}

async function memoryPerClient(pid: number, baseline: { heap: number; rss: number }, n: number) {
  const heap = await heapUsedBytes(INSPECT_PORT);
  const rss = await rssBytes(pid);
  return { heapKiB: (heap - baseline.heap) / n / 1024, rssKiB: (rss - baseline.rss) / n / 1024 };
}

async function main() {
  await freshPostgresDatabase('deployments_bench_stream');
  const database = { pg: 'deployments_bench_stream' };
  const a = await startBackend({ port: 7110, database, nodeArgs: [`--inspect=127.0.0.1:${INSPECT_PORT}`] });
  const b = await startBackend({ port: 7111, database });
  const rows: Record<string, unknown>[] = [];
  try {
    await sleep(2000);
    const idle = { heap: await heapUsedBytes(INSPECT_PORT), rss: await rssBytes(a.pid) };

    const single = await fanOut(`${a.url}/stream`, a.url, 1);
    single.clients.forEach(c => c.close());
    rows.push({ measure: 'frame reaches all clients (1 client, baseline)', 'p50 ms': single.allReached.p50, 'p99 ms': single.allReached.p99 });

    const many = await fanOut(`${a.url}/stream`, a.url, clientCount);
    const memory = await memoryPerClient(a.pid, idle, clientCount);
    rows.push({ measure: `frame reaches all clients (${clientCount} clients)`, 'p50 ms': many.allReached.p50, 'p99 ms': many.allReached.p99 });
    rows.push({ measure: `frame reaches one client (${clientCount} clients)`, 'p50 ms': many.perClient.p50, 'p99 ms': many.perClient.p99 });
    many.clients.forEach(c => c.close());

    const cross = await fanOut(`${b.url}/stream`, a.url, 1);
    cross.clients.forEach(c => c.close());
    rows.push({ measure: '201 on replica A → frame on replica B', 'p50 ms': cross.allReached.p50, 'p99 ms': cross.allReached.p99 });

    console.log(`\nStream, ${frames} frames per measure\n`);
    printTable(rows);
    console.log(`\nMemory per open stream (${clientCount} clients): heap ${memory.heapKiB.toFixed(1)} KiB, RSS ${memory.rssKiB.toFixed(1)} KiB`);
  } finally {
    await a.stop();
    await b.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
