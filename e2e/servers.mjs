// Starts the repository's real Backstage (frontend :3000, backend :7007) for
// the end-to-end tests, on a throw-away SQLite database, and stops it again.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, createWriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = join(ROOT, 'e2e', 'output');
export const BACKEND = 'http://localhost:7007';
export const FRONTEND = 'http://localhost:3000';
export const API_KEY = 'e2e-key';

async function waitForUrl(url, timeoutMs, isAlive) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`Backstage exited before ${url} answered; see ${OUTPUT}/backstage.log`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s; see ${OUTPUT}/backstage.log`);
}

/**
 * `yarn start` with the e2e config (and `extraConfigs` on top); resolves once both servers answer. With
 * `production`, the app is built first and served by the backend itself
 * (app-backend) on the backend's port, as in production.
 */
export async function startBackstage({ production = false, extraConfigs = [] } = {}) {
  // Another Backstage on the port would answer the health checks below and
  // the tests would quietly run against it.
  const occupied = await fetch(`${BACKEND}/api/deployments/health`).then(() => true, () => false);
  if (occupied) throw new Error(`${BACKEND} already answers: stop that Backstage before the end-to-end tests`);
  rmSync(OUTPUT, { recursive: true, force: true });
  mkdirSync(OUTPUT, { recursive: true });
  const log = createWriteStream(join(OUTPUT, 'backstage.log'));
  const configs = ['--config', join(ROOT, 'app-config.yaml'), '--config', join(ROOT, 'e2e', 'app-config.e2e.yaml')];
  for (const file of extraConfigs) configs.push('--config', file);
  if (production) {
    configs.push('--config', join(ROOT, 'e2e', 'app-config.served.yaml'));
    const build = spawn('yarn', ['workspace', 'app', 'build', ...configs], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    build.stdout.pipe(log, { end: false });
    build.stderr.pipe(log, { end: false });
    const code = await new Promise(r => build.on('exit', r));
    if (code !== 0) throw new Error(`app build failed; see ${OUTPUT}/backstage.log`);
  }
  const child = spawn(
    'yarn',
    production ? ['workspace', 'backend', 'start', ...configs] : ['start', ...configs],
    {
      cwd: ROOT,
      env: { ...process.env, DEPLOYMENTS_API_KEY: API_KEY, BROWSER: 'none', CI: 'true' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let alive = true;
  child.on('exit', () => {
    alive = false;
  });
  const started = Date.now();
  await waitForUrl(`${BACKEND}/api/deployments/health`, 180_000, () => alive);
  console.log(`# backend answered after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await waitForUrl(production ? BACKEND : FRONTEND, 300_000, () => alive);
  console.log(`# frontend answered after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return {
    stop: async () => {
      if (!alive) return;
      const exited = new Promise(r => child.on('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
      if (alive) process.kill(-child.pid, 'SIGKILL');
    },
  };
}

/** Runs the demo loader once (history only) against the started backend. */
export async function seedDemo() {
  await new Promise((resolve, reject) => {
    const child = spawn('yarn', ['demo', '--no-live', '--days', '14'], {
      cwd: ROOT,
      env: { ...process.env, DEPLOYMENTS_API_KEY: API_KEY, DASHBOARD_URL: BACKEND },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', code => (code === 0 ? resolve() : reject(new Error(`demo exited ${code}`))));
  });
}

/** A Backstage token of the guest user, for reading the API like the frontend does. */
export async function guestToken() {
  const res = await fetch(`${BACKEND}/api/auth/guest/refresh`, { headers: { 'X-Requested-With': 'XMLHttpRequest' } });
  if (!res.ok) throw new Error(`guest sign-in answered ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}
