import { spawn } from 'child_process';
import { createServer } from 'http';
import { AddressInfo } from 'net';
import { createTestDatabases } from './testDatabases';
import { startDeploymentsBackend, TEST_API_KEY } from './testBackend';

/*
 * Runs the scripts of docs/ci-recipes.md as users will: with bash (or sh)
 * against a real backend, given only the variables their CI would set.
 */

/** Runs a script with bash (never blocking the event loop: the backend runs in this process). */
export function runBash(script: string, env: Record<string, string>, shell = 'bash') {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(shell, ['-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => {
      stdout += chunk;
    });
    child.stderr.on('data', chunk => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout, stderr }));
  });
}

/** Starts a backend on SQLite before the tests of the enclosing describe, and stops it after. */
export function useRecipeBackend() {
  const databases = createTestDatabases();
  let api: Awaited<ReturnType<typeof startDeploymentsBackend>>;
  let dashboardUrl: string;

  /** What every recipe needs: the dashboard's URL and an ingest key. */
  const baseEnv = () => ({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    DASHBOARD_URL: dashboardUrl,
    DEPLOYMENTS_API_KEY: TEST_API_KEY,
  });

  const eventsOf = async (deploymentId: string) => {
    const res = await api.get(`?deployment_id=${encodeURIComponent(deploymentId)}`);
    expect(res.status).toBe(200);
    // As stored: the recipes print the ingest answer, which has no read-time
    // `in_freeze` (null here, no freezes configured).
    return (await res.json()).items.map(({ in_freeze, ...event }: { in_freeze: unknown }) => {
      expect(in_freeze).toBeNull();
      return event;
    });
  };

  beforeAll(async () => {
    api = await startDeploymentsBackend({ knex: await databases.init('SQLITE_3') });
    dashboardUrl = api.baseUrl.replace(/\/api\/deployments$/, '');
  });
  afterAll(() => api.backend.stop());

  return {
    baseEnv,
    eventsOf,
    /** The backend's base URL, as DASHBOARD_URL. */
    dashboardUrl: () => dashboardUrl,
    /** GET from the API as a signed-in user. */
    get: (path: string) => api.get(path),
  };
}

/** What the lossy proxy saw of one request: the backend's answer to it. */
export interface ProxiedAttempt {
  key?: string;
  status: number;
  replayed: string | null;
  /** The answer never reached the client. */
  lost: boolean;
}

/**
 * A proxy in front of the backend that loses the answer to the first request
 * of every Idempotency-Key: the backend has processed it, but the client
 * cannot know whether the event was stored. `bad-gateway` (the default) is a
 * load balancer that lost the backend's answer and says so with a 502, which
 * curl's `--retry` counts as transient; `drop` closes the connection without
 * a reply (curl exit 52), which it does not retry.
 */
export async function startLossyProxy(target: () => string, how: 'bad-gateway' | 'drop' = 'bad-gateway') {
  const attempts: ProxiedAttempt[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', async () => {
      const key = req.headers['idempotency-key'] as string | undefined;
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'x-api-key', 'idempotency-key']) {
        if (typeof req.headers[name] === 'string') headers[name] = req.headers[name] as string;
      }
      const answer = await fetch(`${target()}${req.url}`, {
        method: req.method,
        headers,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      const text = await answer.text();
      const lost = key !== undefined && !attempts.some(a => a.key === key);
      attempts.push({ key, status: answer.status, replayed: answer.headers.get('idempotent-replayed'), lost });
      if (lost && how === 'drop') {
        req.socket.destroy();
        return;
      }
      if (lost) {
        res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end('Bad Gateway: the upstream connection was lost');
        return;
      }
      res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(text);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    attempts,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
