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

const slot = (service, environment) =>
  page.locator(`[data-testid="deployment-slot"][data-service="${service}"][data-environment="${environment}"]`);

test('the matrix page shows the demo services in the configured environment order', async () => {
  await openSignedIn('/deployments');
  const matrix = page.getByTestId('deployments-matrix');
  await matrix.waitFor({ timeout: 60_000 });
  for (const service of ['checkout', 'payments', 'catalog-api', 'web-frontend', 'search-indexer', 'legacy-batch']) {
    await page.locator(`[data-testid="deployments-matrix-row"][data-service="${service}"]`).waitFor();
  }
  const columns = await page.getByTestId('deployments-matrix-column').allInnerTexts();
  assert.deepEqual(columns.map(c => c.trim()), ['dev', 'staging', 'prod']);
  // A catalog service links to its entity; the annotation maps search-indexer to search.
  const link = page.getByRole('link', { name: 'search-indexer in the catalog' });
  assert.match(await link.getAttribute('href'), /\/catalog\/default\/component\/search$/);
  await page.locator('[data-testid="deployments-live-indicator"][data-status="live"]').waitFor({ timeout: 15_000 });
  await page.screenshot({ path: join(SCREENSHOTS, 'matrix.png') });
});

test('an event posted with curl appears on the open page within 3 s, without reload', async () => {
  const version = `9.9.${Date.now() % 1000}`;
  const navigations = [];
  page.on('framenavigated', frame => frame === page.mainFrame() && navigations.push(frame.url()));
  const posted = curlPost({
    deployment_id: `e2e-${Date.now()}`,
    service: 'checkout',
    environment: 'staging',
    status: 'failure',
    happened_at: new Date().toISOString(),
    version,
    actor: 'e2e',
  });
  const startedAt = Date.now();
  const target = slot('checkout', 'staging');
  await target.getByTestId('slot-version').getByText(version).waitFor({ timeout: 3000 });
  const elapsed = Date.now() - startedAt;
  console.log(`# event ${posted.id} visible after ${elapsed} ms`);
  assert.ok(elapsed <= 3000);
  assert.equal(await target.getAttribute('data-status'), 'failure');
  // A failed slot also shows the last successful version.
  await target.getByTestId('slot-last-success').waitFor();
  assert.deepEqual(navigations, [], 'the page must not reload');
});

test('the history drawer lists the slot history, newest first', async () => {
  await slot('checkout', 'prod').getByRole('button').first().click();
  const drawer = page.getByTestId('history-drawer');
  await drawer.waitFor({ timeout: 10_000 });
  const events = drawer.getByTestId('history-event');
  await events.first().waitFor({ timeout: 10_000 });
  const ids = (await events.evaluateAll(nodes => nodes.map(n => n.getAttribute('data-event-id')))).map(Number);
  assert.ok(ids.length >= 2, 'the demo gives checkout/prod several events');
  const res = await fetch(`${BACKEND}/api/deployments/health`);
  assert.equal(res.status, 200);
  await page.screenshot({ path: join(SCREENSHOTS, 'history-drawer.png') });
  await drawer.getByRole('button', { name: 'Close history' }).click();
});

test('the slot is reachable by keyboard: Enter opens the drawer', async () => {
  const button = slot('payments', 'dev').getByRole('button').first();
  await button.focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('history-drawer').waitFor({ timeout: 10_000 });
  await page.keyboard.press('Escape');
});

test("an entity's Deployments tab shows its environments", async () => {
  await openSignedIn('/catalog/default/component/search/deployments');
  const tab = page.locator('[data-testid="entity-deployments"][data-service="search-indexer"]');
  await tab.waitFor({ timeout: 60_000 });
  for (const env of ['dev', 'staging', 'prod']) {
    await page.locator(`[data-testid="environment-card"][data-environment="${env}"]`).waitFor();
  }
  await page.getByTestId('recent-deployments').waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'entity-tab.png'), fullPage: true });
});

test('the log of the started Backstage never shows the ingest key', async () => {
  const { readFileSync } = await import('node:fs');
  const log = readFileSync(join(OUTPUT, 'backstage.log'), 'utf8');
  assert.ok(!log.includes(API_KEY), 'the API key must never be logged');
});
