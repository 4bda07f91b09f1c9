import { execFile } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { TEST_API_KEY, useDeploymentsBackend } from '../__testUtils__/testBackend';
import { countStoredEvents, eventInput } from '../__testUtils__/events';

jest.setTimeout(120_000);

/*
 * scripts/import-deployments.mjs (docs/import.md) against a real backend:
 * spawned as a user runs it, asynchronously (the backend runs in this process).
 */

const SCRIPT = resolve(__dirname, '../../../../scripts/import-deployments.mjs');
const databases = createTestDatabases();

/** Writes an NDJSON file of `n` events (blank lines in between, as exports have). */
function ndjson(n: number, change: (i: number) => Record<string, unknown> = () => ({})) {
  const path = join(mkdtempSync(join(tmpdir(), 'deployments-import-')), 'deploys.ndjson');
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify(eventInput({ deployment_id: `import-${i}`, service: `svc-${i % 7}`, ...change(i) })),
  );
  writeFileSync(path, `${lines.join('\n')}\n\n`);
  return path;
}

function runImport(baseUrl: string, file: string, args: string[] = []) {
  return new Promise<{ code: number; stdout: string; stderr: string }>(done => {
    execFile(
      process.execPath,
      [SCRIPT, ...args, file],
      { env: { ...process.env, DASHBOARD_URL: baseUrl.replace(/\/api\/deployments$/, ''), DEPLOYMENTS_API_KEY: TEST_API_KEY } },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.each(databases.eachSupportedId())('scripts/import-deployments.mjs on %s', id => {
  // A bucket of 1,000 that refills at 500/s: the batch after a full one meets a 429.
  const backend = useDeploymentsBackend(databases, id, {
    config: { deployments: { ingest: { rateLimit: { eventsPerSecond: 500, burst: 1000 } } } },
  });

  it('imports every event in file order, waits out 429s, and replays everything when run again', async () => {
    const file = ndjson(2500);
    const first = await runImport(backend.api.baseUrl, file);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Imported 2,500 events from .* in 3 batches \(0 replayed\)/);
    expect(first.stderr).toContain('2,500/2,500 events (100%)');
    expect(first.stderr).toMatch(/batch \d: 429, retrying in \d s/);
    const stored = await backend.knex('deployment_events').orderBy('seq').select('deployment_id');
    expect(stored.map(r => r.deployment_id)).toEqual(Array.from({ length: 2500 }, (_, i) => `import-${i}`));

    // Interrupted or not, running it again stores nothing twice.
    const again = await runImport(backend.api.baseUrl, file);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/in 3 batches \(3 replayed\)/);
    expect(await countStoredEvents(backend.knex)).toBe(2500);
  });

  it('prints every offending field with its line and stops; batches before it stay stored', async () => {
    await backend.knex('deployment_events').delete();
    const broken: Record<number, Record<string, unknown>> = { 13: { status: 'done', run_number: '7' }, 21: { colour: 'blue' } };
    const file = ndjson(25, i => broken[i] ?? {});
    const res = await runImport(backend.api.baseUrl, file, ['--batch-size', '10', '--key-prefix', 'invalid-run']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Batch 2 was refused: 422');
    expect(res.stderr).toMatch(/deploys\.ndjson:14 events\[3\]\.status: /);
    expect(res.stderr).toMatch(/deploys\.ndjson:14 events\[3\]\.run_number: /);
    expect(res.stderr).not.toContain('events[1].colour');
    expect(await countStoredEvents(backend.knex)).toBe(10);
  });
});
