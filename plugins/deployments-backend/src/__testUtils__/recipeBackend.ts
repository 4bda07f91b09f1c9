import { spawn } from 'child_process';
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
    return (await res.json()).items;
  };

  beforeAll(async () => {
    api = await startDeploymentsBackend({ knex: await databases.init('SQLITE_3') });
    dashboardUrl = api.baseUrl.replace(/\/api\/deployments$/, '');
  });
  afterAll(() => api.backend.stop());

  return {
    baseEnv,
    eventsOf,
    /** GET from the API as a signed-in user. */
    get: (path: string) => api.get(path),
  };
}
