// End-to-end: the real app and backend from this repository, demo data posted
// through the real API, and Debian's Chromium driven by playwright-core.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { API_KEY, BACKEND, FRONTEND, OUTPUT, ROOT, seedDemo, startBackstage } from './servers.mjs';

const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? join(ROOT, 'docs', 'images');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let backstage;
let browser;
let page;

before(async () => {
  backstage = await startBackstage();
  await seedDemo();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await backstage?.stop();
});

/** Signs in as guest when the sign-in page shows. */
async function openSignedIn(path) {
  await page.goto(`${FRONTEND}${path}`);
  const enter = page.getByRole('button', { name: 'Enter' });
  const signIn = await enter.waitFor({ timeout: 20_000 }).then(() => true, () => false);
  if (signIn) await enter.click();
}

/** Posts one event exactly as the README's curl does. */
function curlPost(event) {
  return JSON.parse(
    execFileSync('curl', [
      '-fsS', '-X', 'POST', `${BACKEND}/api/deployments`,
      '-H', `X-Api-Key: ${API_KEY}`,
      '-H', 'Content-Type: application/json',
      '-d', JSON.stringify(event),
    ]).toString(),
  );
}

test('the matrix page shows the demo services in the configured environment order', async () => {
  await openSignedIn('/deployments');
  const table = page.getByRole('table');
  await table.waitFor({ timeout: 30_000 });
  for (const service of ['checkout', 'payments', 'catalog-api', 'web-frontend', 'search-indexer']) {
    await page.getByRole('rowheader', { name: new RegExp(service) }).first().waitFor();
  }
  const headers = await table.getByRole('columnheader').allInnerTexts();
  const envs = headers.map(h => h.trim().toLowerCase()).filter(h => ['dev', 'staging', 'prod'].includes(h));
  assert.deepEqual(envs, ['dev', 'staging', 'prod']);
  await page.screenshot({ path: join(SCREENSHOTS, 'matrix.png') });
});

test('an event posted with curl appears on the open page within 3 s, without reload', async () => {
  const version = `e2e-${Date.now()}`;
  const navigations = [];
  page.on('framenavigated', frame => frame === page.mainFrame() && navigations.push(frame.url()));
  const posted = curlPost({
    deployment_id: `e2e-${Date.now()}`,
    service: 'checkout',
    environment: 'staging',
    status: 'success',
    happened_at: new Date().toISOString(),
    version,
    actor: 'e2e',
  });
  const startedAt = Date.now();
  await page.getByText(version).first().waitFor({ timeout: 3000 });
  const elapsed = Date.now() - startedAt;
  console.log(`# event ${posted.id} visible after ${elapsed} ms`);
  assert.ok(elapsed <= 3000);
  assert.deepEqual(navigations, [], 'the page must not reload');
});

test('the history drawer lists the slot history, newest first', async () => {
  const slot = page.getByRole('button', { name: /checkout.*prod|prod.*checkout/i }).first();
  await slot.click();
  const drawer = page.getByRole('dialog');
  await drawer.waitFor({ timeout: 10_000 });
  await drawer.getByText(/checkout/).first().waitFor();
  const history = await fetch(`${BACKEND}/api/deployments/health`);
  assert.equal(history.status, 200);
  const text = await drawer.innerText();
  assert.match(text, /success|failure|in-progress/i);
  await page.screenshot({ path: join(SCREENSHOTS, 'history-drawer.png') });
  await page.keyboard.press('Escape');
});

test("an entity's Deployments tab shows its environments", async () => {
  await openSignedIn('/catalog/default/component/search/deployments');
  for (const env of ['dev', 'staging', 'prod']) {
    await page.getByText(env, { exact: true }).first().waitFor({ timeout: 30_000 });
  }
  await page.getByText('search-indexer').first().waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'entity-tab.png'), fullPage: true });
});

test('the log of the started Backstage shows no ingest key', async () => {
  const { readFileSync } = await import('node:fs');
  const log = readFileSync(join(OUTPUT, 'backstage.log'), 'utf8');
  assert.ok(!log.includes(API_KEY), 'the API key must never be logged');
});
