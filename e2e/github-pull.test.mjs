// End-to-end for pull mode, following docs/github.md's "Try it against the
// fake GitHub" as a newcomer would: start the fake, start Backstage with the
// config it writes, and watch the matrix fill with imported deployments.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BACKEND, FRONTEND, OUTPUT, ROOT, guestToken, startBackstage } from './servers.mjs';
import { CHROMIUM_ARGS } from './chromium.mjs';

const SERVICES = ['storefront', 'inventory-api', 'notifier'];
const FAKE_PORT = 7099;

let fake;
let backstage;
let browser;
let page;

before(async () => {
  const configFile = join(mkdtempSync(join(tmpdir(), 'fake-github-')), 'app-config.fake-github.yaml');
  fake = spawn(
    process.execPath,
    [
      join(ROOT, 'plugins/deployments-backend-module-github/scripts/fake-github.mjs'),
      '--port', String(FAKE_PORT), '--write', configFile, '--every', '6',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const deadline = Date.now() + 15_000;
  while (!existsSync(configFile)) {
    if (Date.now() > deadline) throw new Error('the fake GitHub did not write its config');
    await new Promise(r => setTimeout(r, 200));
  }
  backstage = await startBackstage({ extraConfigs: [configFile] });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});

after(async () => {
  await browser?.close();
  await backstage?.stop();
  fake?.kill();
});

async function readApi(path) {
  const res = await fetch(`${BACKEND}/api/deployments${path}`, {
    headers: { Authorization: `Bearer ${await guestToken()}` },
  });
  assert.equal(res.status, 200, `${path} answered ${res.status}`);
  return res.json();
}

test('the matrix fills with the deployments imported from the fake GitHub', async () => {
  const started = Date.now();
  await page.goto(`${FRONTEND}/deployments`);
  const enter = page.getByRole('button', { name: 'Enter' });
  if (await enter.waitFor({ timeout: 20_000 }).then(() => true, () => false)) await enter.click();
  for (const service of SERVICES) {
    await page
      .locator(`[data-testid="deployments-matrix-row"][data-service="${service}"]`)
      .waitFor({ timeout: 90_000 });
  }
  console.log(`# all three GitHub services in the matrix after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const matrix = await readApi('/matrix');
  for (const service of SERVICES) {
    const row = matrix.services.find(s => s.service === service);
    assert.ok(row.slots.prod, `${service} has a prod slot`);
    assert.equal(row.slots.prod.current.source, 'github');
    assert.match(row.slots.prod.current.deployment_id, /^github:ghe\.example\.test\/acme\//);
  }
  // The entity linked through the deployments/service-name annotation.
  assert.equal(matrix.services.find(s => s.service === 'inventory-api').entity_ref, 'component:default/inventory');
});

test('a new deployment at the fake GitHub arrives later, in progress and then done', async () => {
  const since = new Date().toISOString();
  const deadline = Date.now() + 90_000;
  let statuses = new Map();
  while (Date.now() < deadline) {
    const page1 = await readApi(`/?since=${since}&limit=500`);
    statuses = new Map();
    for (const e of page1.items.filter(i => i.source === 'github')) {
      statuses.set(e.deployment_id, [...(statuses.get(e.deployment_id) ?? []), e.status]);
    }
    const finished = [...statuses.values()].find(s => s.includes('in-progress') && s.length > 1);
    if (finished) break;
    await new Promise(r => setTimeout(r, 2000));
  }
  const correlated = [...statuses.values()].filter(s => s.includes('in-progress') && s.length > 1);
  assert.ok(correlated.length > 0, `no deployment went from in-progress to done: ${JSON.stringify([...statuses])}`);
});

test('every GitHub status was imported exactly once', async () => {
  const all = [];
  for (let cursor = null; ; ) {
    const res = await readApi(`/?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    all.push(...res.items);
    cursor = res.next_cursor;
    if (!cursor) break;
  }
  const keys = all.map(e => `${e.deployment_id} ${e.status} ${e.happened_at}`);
  assert.equal(new Set(keys).size, keys.length, 'no duplicate imports');
  assert.ok(all.length > 30, `a week of history was imported (${all.length} events)`);
});

test('the history drawer says where an imported event came from', async () => {
  await page
    .locator('[data-testid="deployment-slot"][data-service="storefront"][data-environment="prod"]')
    .getByRole('button')
    .first()
    .click();
  const drawer = page.getByTestId('history-drawer');
  await drawer.getByTestId('history-event-source').first().waitFor({ timeout: 10_000 });
  assert.equal(await drawer.getByTestId('history-event-source').first().innerText(), 'imported from GitHub');
  const log = (await import('node:fs')).readFileSync(join(OUTPUT, 'backstage.log'), 'utf8');
  assert.match(log, /GitHub deployments import: 3 of 3 repositories polled/);
});
