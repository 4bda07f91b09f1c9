// The installation proof: outside this repository's workspaces, generate a
// fresh Backstage app with create-app (the same Backstage version), install
// our packed tarballs into it exactly as docs/install.md says, build it,
// start its backend, post the documented curl, read the event back from the
// matrix and load the page in headless Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, createWriteStream, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './servers.mjs';

const WORK = process.env.INSTALL_PROOF_DIR ?? join(tmpdir(), 'deployments-install-proof');
const APP = join(WORK, 'app');
const PACKS = join(WORK, 'packs');
const KEY = 'install-proof-key';
const BASE = 'http://localhost:7007';
const INSTALL_DOC = readFileSync(join(ROOT, 'docs', 'install.md'), 'utf8');

/** The code blocks of docs/install.md under a heading that starts with `heading`. */
function docBlocks(heading) {
  const start = INSTALL_DOC.indexOf(`\n## ${heading}`);
  const end = INSTALL_DOC.indexOf('\n## ', start + 1);
  const section = INSTALL_DOC.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map(m => ({ lang: m[1], code: m[2] }));
}

function run(command, cwd, env = {}) {
  console.log(`# $ ${command.split('\n')[0]}${command.includes('\n') ? ' …' : ''}  (in ${cwd})`);
  execSync(command, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env }, shell: '/bin/bash' });
}

let backend;

before(() => {
  rmSync(PACKS, { recursive: true, force: true });
  mkdirSync(PACKS, { recursive: true });
});

after(async () => {
  if (backend && backend.exitCode === null) {
    process.kill(-backend.pid, 'SIGTERM');
    await new Promise(r => setTimeout(r, 2000));
    try {
      process.kill(-backend.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

test('packs the packages into tarballs', () => {
  run('yarn build:packages', ROOT);
  run(`yarn workspaces foreach --all --include '@deploydash/*' pack --out '${PACKS}/%s.tgz'`, ROOT);
  for (const name of ['plugin-deployments', 'plugin-deployments-backend', 'plugin-deployments-common', 'plugin-deployments-node']) {
    assert.ok(existsSync(join(PACKS, `@deploydash-${name}.tgz`)), name);
  }
});

/**
 * create-app normally seeds the new app's yarn.lock with the one of its
 * Backstage release, but fetches it from GitHub, which is unreachable here;
 * without it every `^` range floats to the newest release in the registry,
 * and plugins of later releases no longer start on this release's backend
 * (seen: plugin-signals-backend 0.3.21 needs an httpRouter method that
 * backend-defaults 0.18.0 lacks). So the app's own @backstage dependencies
 * that this repository does not use are pinned to the versions the template
 * names — the release's. Shared ones (what our packages depend on) are left
 * to resolve as a user's would, so no second copy of them is installed.
 */
function releasePins() {
  const ourLock = readFileSync(join(ROOT, 'yarn.lock'), 'utf8');
  const pins = {};
  for (const file of ['package.json', 'packages/app/package.json', 'packages/backend/package.json']) {
    const pkg = JSON.parse(readFileSync(join(APP, file), 'utf8'));
    for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      const version = /^\^(\d+\.\d+\.\d+)$/.exec(range)?.[1];
      if (name.startsWith('@backstage/') && version && !ourLock.includes(`"${name}@npm:`)) {
        pins[name] = version;
      }
    }
  }
  return pins;
}

/**
 * The generated app with its own dependencies installed is cached in WORK
 * and committed to the app's own git repository (create-app makes one), so
 * a later run resets it to that commit instead of installing ~2,000 packages
 * again. It never shares node_modules with this repository.
 */
test('generates a fresh app with create-app 0.9.2 (cached between runs)', () => {
  // This machine's registry lacks some platform binaries of the newest
  // releases (see docs/development.md): the same pins the repository uses.
  const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).resolutions;
  const pins = {
    '@swc/core': ours['@swc/core'],
    'unrs-resolver': ours['unrs-resolver'],
    rollup: ours.rollup,
    '@yarnpkg/core': ours['@yarnpkg/core'],
  };
  const cacheKey = JSON.stringify({ createApp: '0.9.2', pins, releasePins: 1 });
  const marker = join(APP, '.proof-base');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === cacheKey) {
    console.log('# reusing the cached app; resetting it to its freshly installed state');
    run("git checkout -q -- . && git clean -q -fdx -e node_modules -e .yarn -e '/.proof-base'", APP);
  } else {
    rmSync(APP, { recursive: true, force: true });
    mkdirSync(WORK, { recursive: true });
    run(`echo proof-app | npx -y @backstage/create-app@0.9.2 --skip-install --path '${APP}'`, WORK);
    const pkg = JSON.parse(readFileSync(join(APP, 'package.json'), 'utf8'));
    pkg.resolutions = { ...pkg.resolutions, ...pins, ...releasePins() };
    writeFileSync(join(APP, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    // No lockfile to keep: CI=true would make yarn refuse to write one.
    run('yarn install', APP, { YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' });
    run('git add -A && git -c user.name=proof -c user.email=proof@localhost commit -qm "fresh app, installed"', APP);
    writeFileSync(marker, cacheKey);
  }
  assert.equal(JSON.parse(readFileSync(join(APP, 'backstage.json'), 'utf8')).version, '1.55.0');
});

test('installs the tarballs exactly as docs/install.md says', () => {
  const [, tarballAdds, resolutions] = docBlocks('1. Add the packages');
  const tarballs = tarballAdds.code.replaceAll('/tmp/packs', PACKS);
  const pkg = JSON.parse(readFileSync(join(APP, 'package.json'), 'utf8'));
  const resolution = JSON.parse(`{${resolutions.code.replaceAll('/tmp/packs', PACKS)}}`).resolutions;
  pkg.resolutions = { ...pkg.resolutions, ...resolution };
  writeFileSync(join(APP, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  run(tarballs, APP);

  const [backendLine] = docBlocks('2. Backend: one line');
  const indexPath = join(APP, 'packages/backend/src/index.ts');
  const index = readFileSync(indexPath, 'utf8');
  writeFileSync(indexPath, index.replace('backend.start();', `${backendLine.code}\nbackend.start();`));

  const [config] = docBlocks('4. Configuration');
  // Served by the backend's app-backend on :7007, on an in-memory database.
  writeFileSync(
    join(APP, 'app-config.local.yaml'),
    `app:\n  baseUrl: ${BASE}\n${config.code.replace(/^#.*\n/, '')}`,
  );
});

test('type-checks and builds the app', () => {
  run('yarn tsc', APP);
  run('yarn workspace app build', APP);
});

test('starts the backend, takes the documented curl and serves the event in the matrix', async () => {
  const log = createWriteStream(join(WORK, 'backend.log'));
  backend = spawn('yarn', ['workspace', 'backend', 'start', '--config', '../../app-config.yaml', '--config', '../../app-config.local.yaml'], {
    cwd: APP,
    env: { ...process.env, DEPLOYMENTS_API_KEY: KEY },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  backend.stdout.pipe(log);
  backend.stderr.pipe(log);
  const deadline = Date.now() + 180_000;
  for (;;) {
    assert.ok(Date.now() < deadline, `backend did not start; see ${WORK}/backend.log`);
    assert.equal(backend.exitCode, null, `backend exited; see ${WORK}/backend.log`);
    if (await fetch(`${BASE}/api/deployments/health`).then(r => r.ok, () => false)) break;
    await new Promise(r => setTimeout(r, 1000));
  }

  const [curl] = docBlocks('7. Check that it works');
  run(curl.code, APP, { DEPLOYMENTS_API_KEY: KEY });

  const token = (
    await (
      await fetch(`${BASE}/api/auth/guest/refresh?env=development`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      })
    ).json()
  ).backstageIdentity.token;
  // The catalog may still be reading its locations: wait for the link.
  let row;
  for (let i = 0; i < 90; i++) {
    const matrix = await (
      await fetch(`${BASE}/api/deployments/matrix`, { headers: { Authorization: `Bearer ${token}` } })
    ).json();
    row = matrix.services.find(s => s.service === 'example-website');
    if (row?.entity_ref) break;
    await new Promise(r => setTimeout(r, 1000));
  }
  assert.equal(row.slots.prod.current.version, '1.0.0');
  assert.equal(row.entity_ref, 'component:default/example-website');
});

test('loads the page in headless Chromium after guest sign-in', async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${BASE}/deployments`);
    await page.getByRole('button', { name: 'Enter' }).click({ timeout: 30_000 });
    await page.locator('[data-testid="deployments-matrix-row"][data-service="example-website"]').waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: 'Deployments' }).first().waitFor();
    await page.screenshot({ path: join(WORK, 'installed-app.png') });
  } finally {
    await browser.close();
  }
});
