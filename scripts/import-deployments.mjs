#!/usr/bin/env node
// Imports deployment events from an NDJSON file (one ingest body per line)
// into the Deployments API, in batches of up to 1,000 (POST /api/deployments/batch).
// Plain Node >= 20, no dependencies. See docs/import.md.
//
//   DASHBOARD_URL=http://localhost:7007 DEPLOYMENTS_API_KEY=... \
//     node scripts/import-deployments.mjs deployments.ndjson
//
// Resumable: batch N carries `Idempotency-Key: import-<file>-<N>`, so running
// it again after an interruption replays what was stored and stores the rest.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const USAGE = `usage: node scripts/import-deployments.mjs [options] <file.ndjson>

  --url <base>         Backstage base URL (default: $DASHBOARD_URL, e.g. http://localhost:7007)
  --key <key>          ingest API key (default: $DEPLOYMENTS_API_KEY)
  --batch-size <n>     events per batch, 1-1000 (default 1000)
  --key-prefix <text>  Idempotency-Key prefix (default: import-<file name>)
  --from-batch <n>     skip the batches before batch n (they were stored by an earlier run)
  --max-retries <n>    retries of one batch on 429, 503, 409 or a network error (default 8)`;

const MAX_BATCH_BYTES = 1024 * 1024;
const RETRYABLE = new Set([409, 429, 502, 503, 504]);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: process.env.DASHBOARD_URL },
    key: { type: 'string', default: process.env.DEPLOYMENTS_API_KEY },
    'batch-size': { type: 'string', default: '1000' },
    'key-prefix': { type: 'string' },
    'from-batch': { type: 'string', default: '1' },
    'max-retries': { type: 'string', default: '8' },
    help: { type: 'boolean', default: false },
  },
});

function fail(message) {
  process.stderr.write(`\n${message}\n`);
  process.exit(1);
}

const file = positionals[0];
const batchSize = Number(values['batch-size']);
if (values.help || !file) fail(USAGE);
if (!values.url || !values.key) fail('Set --url and --key (or DASHBOARD_URL and DEPLOYMENTS_API_KEY).');
if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 1000)) fail('--batch-size must be 1 to 1000');
const endpoint = `${values.url.replace(/\/+$/, '')}/api/deployments/batch`;
const keyPrefix = values['key-prefix'] ?? `import-${basename(file)}`;
const fromBatch = Number(values['from-batch']);
const maxRetries = Number(values['max-retries']);

const format = n => Math.round(n).toLocaleString('en');
const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Non-blank lines of the file, with their line numbers. */
async function* readEvents(path) {
  let lineNo = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    lineNo += 1;
    if (line.trim() === '') continue;
    try {
      yield { lineNo, text: line, event: JSON.parse(line) };
    } catch {
      fail(`${file}:${lineNo}: not a JSON object; nothing after it was sent`);
    }
  }
}

/** Batches of at most batchSize events and 1 MiB, cut the same way on every run (keys depend on it). */
async function* readBatches(path) {
  let batch = [];
  let bytes = 12; // {"events":[]}
  for await (const entry of readEvents(path)) {
    const size = Buffer.byteLength(entry.text) + 1;
    if (batch.length === batchSize || (batch.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      yield batch;
      batch = [];
      bytes = 12;
    }
    batch.push(entry);
    bytes += size;
  }
  if (batch.length) yield batch;
}

let total = 0;
for await (const _ of readEvents(file)) total += 1;
const started = Date.now();
let sent = 0;
let replayed = 0;

function progress(done) {
  const seconds = (Date.now() - started) / 1000;
  const rate = seconds > 0 ? sent / seconds : 0;
  const percent = total ? Math.floor((done / total) * 100) : 100;
  const line = `${format(done)}/${format(total)} events (${percent}%) ${format(rate)}/s`;
  process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
}

/** Why a batch was refused, each offending field with the file line it came from. */
function explain(status, problem, batch, batchNo) {
  const lines = [`Batch ${batchNo} was refused: ${status} ${problem.title ?? ''} — ${problem.detail ?? ''}`];
  for (const { field, message } of problem.errors ?? []) {
    const index = /^events\[(\d+)\]/.exec(field)?.[1];
    const at = index === undefined ? '' : `${file}:${batch[Number(index)].lineNo} `;
    lines.push(`  ${at}${field}: ${message}`);
  }
  lines.push(`Nothing of batch ${batchNo} was stored; batches before it were. Fix the file and run again (stored batches are replayed, not stored twice).`);
  return lines.join('\n');
}

async function post(batch, batchNo) {
  const body = `{"events":[${batch.map(e => e.text).join(',')}]}`;
  for (let attempt = 0; ; attempt++) {
    let res;
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Api-Key': values.key,
          'Idempotency-Key': `${keyPrefix}-${batchNo}`,
        },
        body,
      });
    } catch (error) {
      if (attempt >= maxRetries) fail(`Batch ${batchNo}: ${error.message}; run again to resume`);
      await sleep(Math.min(30_000, 1000 * 2 ** attempt));
      continue;
    }
    const text = await res.text();
    if (res.status === 201) return res.headers.get('idempotent-replayed') === 'true';
    let problem = {};
    try {
      problem = JSON.parse(text);
    } catch {
      problem = { detail: text.slice(0, 200) };
    }
    if (!RETRYABLE.has(res.status) || attempt >= maxRetries) fail(explain(res.status, problem, batch, batchNo));
    const retryAfter = Number(res.headers.get('retry-after'));
    const waitMs = retryAfter > 0 ? retryAfter * 1000 : Math.min(30_000, 1000 * 2 ** attempt);
    process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}batch ${batchNo}: ${res.status}, retrying in ${waitMs / 1000} s\n`);
    await sleep(waitMs);
  }
}

let batchNo = 0;
let done = 0;
for await (const batch of readBatches(file)) {
  batchNo += 1;
  if (batchNo >= fromBatch) {
    if (await post(batch, batchNo)) replayed += 1;
    sent += batch.length;
  }
  done += batch.length;
  progress(done);
}
const seconds = (Date.now() - started) / 1000;
process.stderr.write(process.stderr.isTTY ? '\n' : '');
console.log(
  `Imported ${format(done)} events from ${file} in ${batchNo} batches (${replayed} replayed) in ${seconds.toFixed(1)} s`,
);
