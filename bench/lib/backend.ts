import { spawn } from 'child_process';
import { writeFileSync, mkdtempSync, createWriteStream } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { PG_CONNECTION } from './databases';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const BENCH_TOKEN = 'bench-static-token-0123456789';
export const BENCH_KEY = 'bench-ingest-key';

export interface StartedBackend {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts the repository's full backend (packages/backend: catalog, auth,
 * permissions, deployments) as its own process, on the given database and
 * port, with a static service token for reads and an ingest key.
 */
export async function startBackend(options: {
  port: number;
  database: { pg: string } | { sqliteDirectory: string };
  nodeArgs?: string[];
  /** Extra `deployments` configuration, e.g. the production environments. */
  deployments?: Record<string, unknown>;
}): Promise<StartedBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'deployments-bench-config-'));
  const database =
    'pg' in options.database
      ? { client: 'pg', connection: { ...PG_CONNECTION, database: options.database.pg }, pluginDivisionMode: 'schema' }
      : { client: 'better-sqlite3', connection: { directory: options.database.sqliteDirectory } };
  const config = {
    backend: {
      baseUrl: `http://localhost:${options.port}`,
      listen: { port: options.port },
      database,
      auth: {
        externalAccess: [{ type: 'static', options: { token: BENCH_TOKEN, subject: 'bench' } }],
      },
    },
    deployments: { ingest: { apiKeys: [{ name: 'bench', key: BENCH_KEY }] }, ...options.deployments },
    catalog: { locations: [] },
  };
  const configFile = join(dir, 'app-config.bench.json');
  writeFileSync(configFile, JSON.stringify(config));
  const log = createWriteStream(join(dir, 'backend.log'));
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      join(REPO_ROOT, 'packages/backend/src/index.ts'),
      '--config',
      join(REPO_ROOT, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: join(REPO_ROOT, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const url = `http://localhost:${options.port}/api/deployments`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) throw new Error(`backend exited; see ${join(dir, 'backend.log')}`);
    if (Date.now() > deadline) throw new Error(`backend did not start; see ${join(dir, 'backend.log')}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not yet
    }
    await new Promise(r => setTimeout(r, 250));
  }
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      if (exited) return;
      const done = new Promise(r => child.on('exit', r));
      child.kill('SIGTERM');
      await Promise.race([done, new Promise(r => setTimeout(r, 10_000))]);
      if (!exited) child.kill('SIGKILL');
    },
  };
}

export const readHeaders = { Authorization: `Bearer ${BENCH_TOKEN}` };
export const ingestHeaders = { 'Content-Type': 'application/json', 'X-Api-Key': BENCH_KEY };

/** Stores one event through the running backend's ingest; anything but 201 is an error. */
export async function postEvent(url: string, event: Record<string, unknown>): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: ingestHeaders, body: JSON.stringify(event) });
  if (res.status !== 201) throw new Error(`POST answered ${res.status}`);
}
