// End-to-end: the real app and backend from this repository, demo data posted
// through the real API, and Debian's Chromium driven by playwright-core.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { API_KEY, BACKEND, FRONTEND, OUTPUT, guestToken } from './servers.mjs';
import { CHROMIUM_ARGS } from './chromium.mjs';
import { SCREENSHOTS, openSignedIn as signIn, startSession } from './session.mjs';
import { countMatrixRequests, postBatches, postEach, scrollMatrix, servicesOf, walkMatrix } from './scale.mjs';

let session;
let browser;
let page;

before(async () => {
  session = await startSession();
  ({ browser, page } = session);
});

after(async () => {
  await session?.stop();
});

const openSignedIn = (path, ready) => signIn(page, path, ready);

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
  await openSignedIn('/deployments', 'deployments-matrix');
  const matrix = page.getByTestId('deployments-matrix');
  await matrix.waitFor({ timeout: 60_000 });
  for (const service of ['checkout', 'payments', 'catalog-api', 'web-frontend', 'search-indexer', 'legacy-batch']) {
    await page.locator(`[data-testid="deployments-matrix-row"][data-service="${service}"]`).waitFor();
  }
  const columns = await page.getByTestId('deployments-matrix-column').evaluateAll(cells => cells.map(c => c.dataset.columnName));
  // edge: the environment group of app-config.yaml, one collapsed column.
  assert.deepEqual(columns, ['dev', 'staging', 'prod', 'edge']);
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
  await openSignedIn('/catalog/default/component/search/deployments', 'entity-deployments');
  const tab = page.locator('[data-testid="entity-deployments"][data-service="search-indexer"]');
  await tab.waitFor({ timeout: 60_000 });
  for (const env of ['dev', 'staging', 'prod']) {
    await page.locator(`[data-testid="environment-card"][data-environment="${env}"]`).waitFor();
  }
  await page.getByTestId('recent-deployments').waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'entity-tab.png'), fullPage: true });
});

/** Reads the API with the guest's token, as the frontend does. */
async function readApi(path) {
  const res = await fetch(`${BACKEND}/api/deployments${path}`, {
    headers: { Authorization: `Bearer ${await guestToken()}` },
  });
  assert.equal(res.status, 200, `${path} answered ${res.status}`);
  return res.json();
}

test('a slot that lags a lower environment for over a day carries a drift badge', async () => {
  await openSignedIn('/deployments', 'deployments-matrix');
  await page.getByTestId('deployments-matrix').waitFor({ timeout: 60_000 });
  // The demo's catalog-api 9.0.0 has waited in staging for about two days.
  const badge = slot('catalog-api', 'prod').getByTestId('drift-badge');
  await badge.waitFor({ timeout: 15_000 });
  assert.match(await badge.getAttribute('aria-label'), /^\d+ versions? from staging waiting since/);
  assert.equal(await slot('checkout', 'prod').getByTestId('drift-badge').count(), 0);
  await page.screenshot({ path: join(SCREENSHOTS, 'matrix.png') });
});

test('test deployments stay out of the matrix but are stored', async () => {
  const prod = (await readApi('/matrix?service=checkout')).services[0].slots.prod;
  assert.notEqual(prod.current.version, 'ci-wiring-check');
  const tests = await readApi('/?service=checkout&environment=prod&include_tests=true&limit=500');
  assert.ok(tests.items.some(e => e.is_test && e.version === 'ci-wiring-check'));
  const plain = await readApi('/?service=checkout&environment=prod&limit=500');
  assert.ok(!plain.items.some(e => e.is_test));
});

test('issue 17: an environment group is one collapsed column that expands into its members', async () => {
  // The demo rolls web-frontend out to edge-eu and edge-us; edge-eu failed the latest.
  const matrix = await readApi('/matrix?view=summary');
  assert.deepEqual(matrix.environment_groups, [{ name: 'edge', environments: ['edge-eu', 'edge-us'] }]);
  const headers = () => page.locator('[data-testid="deployments-matrix"] thead th[data-column-name]').evaluateAll(cells => cells.map(c => c.dataset.columnName));
  await openSignedIn('/deployments', 'deployments-matrix-row');
  const cell = page.locator('[data-testid="deployment-group-slot"][data-service="web-frontend"][data-group="edge"]');
  await cell.waitFor({ timeout: 60_000 });
  assert.equal(await cell.getAttribute('data-status'), 'failure');
  assert.equal((await cell.getByTestId('group-version').innerText()).trim(), '2 versions');
  assert.equal((await cell.getByTestId('group-count').innerText()).trim(), '2/2');
  assert.deepEqual(await headers(), ['dev', 'staging', 'prod', 'edge']);
  const expand = page.getByRole('button', { name: /^Expand edge/ });
  assert.equal(await expand.getAttribute('aria-expanded'), 'false');
  try {
    // By keyboard: the focus moves to the button that collapses it again.
    await expand.focus();
    await page.keyboard.press('Enter');
    await slot('web-frontend', 'edge-eu').waitFor();
    assert.deepEqual(await headers(), ['dev', 'staging', 'prod', 'edge-eu', 'edge-us']);
    const collapse = page.getByRole('button', { name: 'Collapse edge into one column' });
    assert.equal(await collapse.getAttribute('aria-expanded'), 'true');
    assert.equal(await collapse.evaluate(el => el === document.activeElement), true);
    assert.equal(await slot('web-frontend', 'edge-eu').getAttribute('data-status'), 'failure');
    assert.equal(await slot('web-frontend', 'edge-us').getAttribute('data-status'), 'success');
    await page.screenshot({ path: join(SCREENSHOTS, 'environment-groups.png') });
    // The grid's arrow keys cross the member columns.
    await slot('web-frontend', 'prod').getByRole('button').first().focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement.closest('[data-environment]')?.dataset.environment), 'edge-eu');
    // Dark at 800 px, for a look (not in the docs): the expanded group scrolled into view.
    const dark = await freshPage({ width: 800, theme: 'dark' });
    try {
      await openAs(dark.page, '/deployments', 'deployments-matrix-row');
      // The stored choice (user settings) arrives after the first paint.
      await dark.page.waitForTimeout(2_000);
      const expandDark = dark.page.getByRole('button', { name: /^Expand edge/ });
      if (await expandDark.count()) await expandDark.click();
      await dark.page.locator('[data-testid="deployment-slot"][data-environment="edge-us"]').first().waitFor();
      await dark.page.getByTestId('deployments-matrix-scroll').evaluate(el => { el.scrollLeft = el.scrollWidth; });
      await dark.page.screenshot({ path: join(OUTPUT, 'environment-groups-800-dark.png') });
    } finally {
      await dark.close();
    }
    // The entity tab's lane: the group is one stage showing its members' versions.
    const { services } = await readApi('/promotion?service=web-frontend');
    const edge = services[0].stages.find(s => s.environment === 'edge');
    assert.deepEqual(edge.environments, ['edge-eu', 'edge-us']);
    await openSignedIn('/catalog/default/component/web-frontend/deployments', 'promotion-lane');
    const members = page.locator('[data-testid="promotion-stage"][data-environment="edge"] [data-testid="promotion-group-members"] li');
    await members.first().waitFor({ timeout: 60_000 });
    assert.deepEqual(
      await members.evaluateAll(items => items.map(li => li.dataset.environment)),
      ['edge-eu', 'edge-us'],
    );
  } finally {
    // Collapsed again: the choice is kept per user, and later tests count columns.
    await openSignedIn('/deployments', 'deployments-matrix-row');
    // The stored choice (user settings) arrives after the first paint.
    await page.waitForTimeout(2_000);
    const collapse = page.getByRole('button', { name: 'Collapse edge into one column' });
    if (await collapse.count()) await collapse.click();
    await page.waitForTimeout(1_000);
    await page.getByRole('button', { name: /^Expand edge/ }).waitFor();
  }
});

test("the entity tab shows the promotion lane with what waits for production", async () => {
  await openSignedIn('/catalog/default/component/catalog-api/deployments', 'promotion-lane');
  const lane = page.getByTestId('promotion-lane');
  await lane.waitFor({ timeout: 60_000 });
  const prodGap = lane.locator('[data-testid="promotion-gap"][data-environment="prod"]');
  await prodGap.waitFor();
  assert.equal(await prodGap.getAttribute('data-state'), 'waiting');
  assert.match(await prodGap.innerText(), /9\.0\.0/);
  assert.equal(
    await lane.locator('[data-testid="promotion-gap"][data-environment="staging"]').getAttribute('data-state'),
    'in-sync',
  );
  await lane.scrollIntoViewIfNeeded();
  await lane.screenshot({ path: join(SCREENSHOTS, 'promotion-lane.png') });
});

test('the promotion lane lists the commits waiting for prod, linked to GitHub', async () => {
  // The demo's catalog-api 9.0.0 waits in staging; the catalog names its GitHub repository.
  const { services } = await readApi('/promotion?service=catalog-api');
  const { changes } = services[0].stages.find(s => s.environment === 'prod');
  assert.ok(changes.total >= 4, `the demo's 9.0.0 carries at least 4 commits, got ${changes.total}`);
  await openSignedIn('/catalog/default/component/catalog-api/deployments', 'promotion-lane');
  const lane = page.getByTestId('promotion-lane');
  await lane.waitFor({ timeout: 60_000 });
  const toggle = lane.getByRole('button', { name: `${changes.total} changes waiting for prod` });
  await toggle.waitFor();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  // By keyboard.
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const commits = lane.getByTestId('promotion-change');
  await commits.first().waitFor();
  assert.equal(await commits.count(), changes.items.length);
  const [newest] = changes.items;
  const link = commits.first().getByRole('link', { name: `Commit ${newest.sha.slice(0, 7)} (opens in a new tab)` });
  assert.equal(await link.getAttribute('href'), `https://github.com/acme/catalog-api/commit/${newest.sha}`);
  const compare = lane.getByRole('link', { name: /^Compare prod with staging/ });
  assert.match(await compare.getAttribute('href'), /^https:\/\/github\.com\/acme\/catalog-api\/compare\/[0-9a-f]{40}\.\.\.[0-9a-f]{40}$/);
  // Without the focus ripple in the picture.
  await toggle.evaluate(el => el.blur());
  await lane.scrollIntoViewIfNeeded();
  await lane.screenshot({ path: join(SCREENSHOTS, 'changes-waiting.png') });
  // At 800 px in the dark theme too (kept with the test output, not in docs/images).
  const { page: narrow, close } = await freshPage({ width: 800, theme: 'dark' });
  try {
    await openAs(narrow, '/catalog/default/component/catalog-api/deployments', 'promotion-lane');
    const narrowLane = narrow.getByTestId('promotion-lane');
    await narrowLane.getByRole('button', { name: `${changes.total} changes waiting for prod` }).click();
    await narrowLane.getByTestId('promotion-change').first().waitFor();
    await narrowLane.screenshot({ path: join(OUTPUT, 'changes-waiting-800-dark.png') });
  } finally {
    await close();
  }
});

test("the entity tab charts the service's DORA metrics, as the API computes them", async () => {
  // The demo service with the most recoveries, so every chart has something to show.
  const { services } = await readApi('/matrix');
  let chosen;
  for (const row of services.filter(s => s.entity_ref)) {
    const metrics = await readApi(`/metrics?service=${encodeURIComponent(row.service)}`);
    if (!chosen || metrics.overall.recovery_time.samples > chosen.metrics.overall.recovery_time.samples) {
      chosen = { row, metrics };
    }
  }
  const { row, metrics } = chosen;
  assert.ok(metrics.overall.deployment_frequency.deployments > 0);
  assert.ok(metrics.overall.recovery_time.samples > 0, 'the demo has recovered failures');
  assert.equal(metrics.overall.lead_time.basis, 'commits');
  const [, namespace, name] = row.entity_ref.match(/^component:([^/]+)\/(.+)$/);
  await openSignedIn(`/catalog/${namespace}/component/${name}/deployments`, 'dora-metrics');
  const card = page.getByTestId('dora-metrics');
  await card.waitFor({ timeout: 60_000 });
  for (const chart of ['frequency', 'failure-rate', 'recovery', 'lead-time']) {
    await card.getByTestId(`dora-chart-${chart}`).locator('svg.recharts-surface').first().waitFor({ timeout: 15_000 });
  }
  // The table says what the API computed for the same service and period.
  const rowText = async metric =>
    card.locator(`[data-testid="dora-summary-row"][data-metric="${metric}"]`).innerText();
  assert.match(
    await rowText('deployment_frequency'),
    new RegExp(`\\b${metrics.overall.deployment_frequency.deployments} successful deployment`),
  );
  const { failed, total } = metrics.overall.change_failure_rate;
  assert.match(await rowText('change_failure_rate'), new RegExp(`\\b${failed} of ${total} deployment`));
  // One bar per day with deployments.
  const bars = await card.getByTestId('dora-chart-frequency').locator('.recharts-bar-rectangle').count();
  assert.equal(bars, metrics.buckets.filter(b => b.deployment_frequency.deployments > 0).length);
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: join(SCREENSHOTS, 'dora-metrics.png') });
  // Week buckets on request.
  await card.getByRole('button', { name: /week/i }).click();
  await page.locator('[data-testid="dora-metrics"][data-bucket="week"]').waitFor({ timeout: 15_000 });
});

test('the matrix shows cancelled, awaiting-approval and queued slots in words', async () => {
  await openSignedIn('/deployments', 'deployments-matrix');
  await page.getByTestId('deployments-matrix').waitFor({ timeout: 60_000 });
  // From the demo: a dev run superseded by a newer push, a prod deploy waiting
  // for approval, a prod deploy waiting for a runner.
  const expected = [
    ['checkout', 'dev', 'cancelled', 'Cancelled'],
    ['search-indexer', 'prod', 'waiting', 'Awaiting approval'],
    ['legacy-batch', 'prod', 'queued', 'Queued'],
  ];
  for (const [service, env, status, words] of expected) {
    const label = slot(service, env).getByTestId('status-label');
    await label.waitFor({ timeout: 15_000 });
    assert.equal(await label.getAttribute('data-status'), status, `${service}/${env}`);
    assert.match(await slot(service, env).innerText(), new RegExp(words));
  }
  // The doc image shows just these rows (the page itself is left as it is).
  await page.evaluate(services => {
    for (const row of document.querySelectorAll('[data-testid="deployments-matrix"] tbody tr')) {
      const names = [...row.querySelectorAll('[data-service]')].map(c => c.getAttribute('data-service'));
      if (!names.some(n => services.includes(n))) row.style.display = 'none';
    }
  }, expected.map(e => e[0]));
  await page.getByTestId('deployments-matrix').screenshot({ path: join(SCREENSHOTS, 'statuses.png') });
  await page.reload();
});

test("the entity tab lists runs with their duration, a rollback marker and their events", async () => {
  const runs = (await readApi('/runs?service=payments&environment=prod&limit=10')).items;
  const rollback = runs.find(r => r.rollback);
  assert.ok(rollback, 'the demo rolls payments back in prod');
  assert.ok(rollback.duration_ms > 0 && rollback.events.length > 1);
  await openSignedIn('/catalog/default/component/payments/deployments', 'recent-deployments');
  const list = page.getByTestId('recent-deployments');
  await list.waitFor({ timeout: 60_000 });
  const row = list.locator(`[data-testid="recent-deployment"][data-deployment-id="${rollback.deployment_id}"]`);
  await row.waitFor({ timeout: 15_000 });
  assert.equal(await row.getAttribute('data-status'), 'success');
  await row.getByTestId('rollback-chip').waitFor();
  const minutes = Math.floor(Math.round(rollback.duration_ms / 1000) / 60);
  assert.match(await row.getByTestId('run-duration').innerText(), new RegExp(`^${minutes} min`));
  // One row per run: a run's events are behind its expand button.
  assert.equal(await list.locator(`[data-deployment-id="${rollback.deployment_id}"]`).count(), 1);
  await row.getByRole('button', { name: /^Events of/ }).click();
  const events = list.getByTestId('run-events');
  await events.waitFor();
  assert.equal(await events.getByTestId('status-label').count(), rollback.events.length);
  await list.scrollIntoViewIfNeeded();
  await list.screenshot({ path: join(SCREENSHOTS, 'runs.png') });
});

// Large organisations (issues 15 and 20). Last, since they add thousands of services.

test('issue 17: the entity tab lists a posted incident — title linked, severity, open marked, the causing deployment named', async () => {
  const id = `PD-E2E-${Date.now()}`;
  const posted = JSON.parse(
    execFileSync('curl', [
      '-fsS', '-X', 'POST', `${BACKEND}/api/deployments/incidents`,
      '-H', `X-Api-Key: ${API_KEY}`,
      '-H', 'Content-Type: application/json',
      '-d', JSON.stringify({
        incident_id: id, service: 'checkout', environment: 'prod', status: 'open',
        happened_at: new Date(Date.now() - 60_000).toISOString(),
        title: 'Card payments declined at checkout', url: `https://pagerduty.example.com/incidents/${id}`,
        severity: 'sev1', caused_by_deployment_id: 'checkout-prod-e2e',
      }),
    ]).toString(),
  );
  assert.equal(posted.incident_id, id);
  await openSignedIn('/catalog/default/component/checkout/deployments', 'incident-row');
  const row = page.getByTestId('incident-row').filter({ hasText: 'Card payments declined at checkout' });
  await row.waitFor({ timeout: 30_000 });
  const text = await row.innerText();
  for (const part of ['sev1', 'prod', 'Open', 'checkout-prod-e2e']) assert.ok(text.includes(part), `"${part}" in ${text}`);
  assert.equal(
    await row.getByRole('link', { name: /Card payments declined at checkout/ }).getAttribute('href'),
    `https://pagerduty.example.com/incidents/${id}`,
  );
  // The demo's incidents are listed too: one resolved, with how long it lasted.
  assert.ok((await page.getByTestId('incident-row').count()) >= 3, 'the demo incidents and the posted one');
  // The Delivery performance card says where the failure numbers come from.
  const failures = page.locator('[data-testid="dora-summary-row"][data-metric="change_failure_rate"]');
  await failures.waitFor({ timeout: 60_000 });
  assert.match(await failures.innerText(), /from incidents/);
  const card = page.getByTestId('recent-incidents').locator('xpath=ancestor::div[contains(@class, "MuiCard-root")][1]');
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: join(SCREENSHOTS, 'incidents.png') });
  for (const theme of ['light', 'dark']) {
    const { page: p, close } = await freshPage({ width: 800, theme });
    try {
      await openAs(p, '/catalog/default/component/checkout/deployments', 'incident-row');
      const narrow = p.getByTestId('recent-incidents').locator('xpath=ancestor::div[contains(@class, "MuiCard-root")][1]');
      await narrow.scrollIntoViewIfNeeded();
      await narrow.screenshot({ path: join(SCREENSHOTS, `incidents-800-${theme}.png`) });
    } finally {
      await close();
    }
  }
});

test('a 2,000-service matrix scrolls to its end, and a row that was off screen updates live', async () => {
  const at = new Date(Date.now() - 60_000).toISOString();
  const names = Array.from({ length: 2000 }, (_, i) => `scale-${String(i).padStart(4, '0')}`);
  await postBatches(
    names.map((service, i) => ({ deployment_id: `scale-${i}`, service, environment: 'dev', status: 'success', version: '1.0.0', happened_at: at })),
  );
  await openSignedIn('/deployments', 'deployments-matrix');
  await page.locator('[data-testid="deployments-live-indicator"][data-status="live"]').waitFor({ timeout: 30_000 });
  const { items: expected } = await readApi('/services');
  const started = Date.now();
  const seen = await walkMatrix(page);
  console.log(`# walked ${servicesOf(seen).length} services in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  assert.deepEqual(servicesOf(seen), expected, 'scrolling to the end renders every service once loaded');
  assert.ok(
    (await page.getByTestId('deployments-matrix-row').count()) < 200,
    'rows are virtualized: only a window of them is in the DOM',
  );

  // Back at the top, scale-1500 is far out of the rendered window.
  await scrollMatrix(page, 'top');
  const target = slot('scale-1500', 'dev');
  await page.waitForTimeout(200);
  assert.equal(await target.count(), 0);
  const counts = countMatrixRequests(page);
  curlPost({ deployment_id: 'scale-live', service: 'scale-1500', environment: 'dev', status: 'failure', version: '2.0.0-live', happened_at: new Date().toISOString() });
  await page.waitForTimeout(1500);
  // Scrolled into view one screen at a time, as a person would.
  for (let offset = 600; (await target.count()) === 0; offset += 600) {
    const { max } = await scrollMatrix(page, offset);
    if (offset > max + 600) break;
    await page.waitForTimeout(30);
  }
  await target.getByTestId('slot-version').getByText('2.0.0-live').waitFor({ timeout: 3000 });
  assert.equal(await target.getAttribute('data-status'), 'failure');
  assert.equal(counts.downloads, 0, 'the frame updated the row without downloading the matrix');
  await page.screenshot({ path: join(OUTPUT, 'scale-matrix.png') });
});

test('pages open during an import of 1,000 new services stay live, download little, and end equal to a fresh load', async () => {
  const context = page.context();
  const pages = [page, await context.newPage(), await context.newPage()];
  const counts = pages.map(countMatrixRequests);
  for (const open of pages) {
    await open.setViewportSize({ width: 1440, height: 1600 });
    await open.goto(`${FRONTEND}/deployments?q=imp-`);
    await open.locator('[data-testid="deployments-live-indicator"][data-status="live"]').waitFor({ timeout: 60_000 });
  }
  for (const c of counts) Object.assign(c, { downloads: 0, lookups: 0 });
  const at = Date.now() - 30_000;
  // 1,000 new services; the last 100 also open a new environment column.
  const events = Array.from({ length: 1000 }, (_, i) => ({
    deployment_id: `imp-${i}`,
    service: `imp-${String(i).padStart(4, '0')}`,
    environment: i >= 900 ? 'perf' : 'staging',
    status: i % 10 === 0 ? 'failure' : 'success',
    version: `3.${i}.0`,
    happened_at: new Date(at + i).toISOString(),
  }));
  const started = Date.now();
  await postEach(events, 16);
  console.log(`# imported 1,000 events in ${((Date.now() - started) / 1000).toFixed(1)} s with 3 pages open`);

  const fresh = await context.newPage();
  await fresh.setViewportSize({ width: 1440, height: 1600 });
  await fresh.goto(`${FRONTEND}/deployments?q=imp-`);
  await fresh.locator('[data-testid="deployments-live-indicator"][data-status="live"]').waitFor({ timeout: 60_000 });
  const expected = await walkMatrix(fresh);
  assert.equal(servicesOf(expected).length, 1000);
  const expectedColumns = await fresh.getByTestId('deployments-matrix-column').allInnerTexts();
  for (const [i, open] of pages.entries()) {
    const deadline = Date.now() + 5000;
    let shown = await walkMatrix(open);
    while (JSON.stringify([...shown].sort()) !== JSON.stringify([...expected].sort()) && Date.now() < deadline) {
      await open.waitForTimeout(250);
      shown = await walkMatrix(open);
    }
    assert.deepEqual([...shown].sort(), [...expected].sort(), `page ${i + 1} shows what a fresh page shows`);
    assert.deepEqual(await open.getByTestId('deployments-matrix-column').allInnerTexts(), expectedColumns);
    console.log(`# page ${i + 1}: ${counts[i].downloads} matrix downloads, ${counts[i].lookups} link lookups during the import`);
    assert.ok(counts[i].downloads <= 10, `page ${i + 1} downloaded the matrix ${counts[i].downloads} times`);
  }
  await fresh.close();
  for (const extra of pages.slice(1)) await extra.close();
  await page.setViewportSize({ width: 1440, height: 900 });
});

test('the log of the started Backstage never shows the ingest key', async () => {
  const { readFileSync } = await import('node:fs');
  const log = readFileSync(join(OUTPUT, 'backstage.log'), 'utf8');
  assert.ok(!log.includes(API_KEY), 'the API key must never be logged');
});

// ---- Issue 18: a newcomer's first hour — the app shell, every page at 1440
// and 800 px in both themes, and the screenshots of docs/images. Last, so the
// matrix also shows the thousands of services added above (its huge state).

/** A fresh browser session (own cookies and local storage) in `theme`, signed in as guest. */
async function freshPage({ width = 1440, height = 900, theme = 'light', showScrollbars = false } = {}) {
  const owner = showScrollbars
    ? await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: CHROMIUM_ARGS,
        // Real scrollbars, so a scrollbar that comes and goes moves the columns.
        ignoreDefaultArgs: ['--hide-scrollbars'],
      })
    : browser;
  const context = await owner.newContext({ viewport: { width, height } });
  await context.addInitScript(t => window.localStorage.setItem('theme', t), theme);
  const fresh = await context.newPage();
  const close = async () => {
    await context.close();
    if (owner !== browser) await owner.close();
  };
  return { page: fresh, close };
}

/** Opens `path` in `p`, entering as guest when asked, and waits for `ready`. */
async function openAs(p, path, ready) {
  await p.goto(`${FRONTEND}${path}`);
  const enter = p.getByRole('button', { name: 'Enter' });
  const first = await Promise.race([
    enter.waitFor({ timeout: 30_000 }).then(() => 'sign-in'),
    p.getByTestId(ready).first().waitFor({ timeout: 30_000 }).then(() => 'ready'),
  ]).catch(() => 'neither');
  if (first === 'sign-in') await enter.click();
  await p.getByTestId(ready).first().waitFor({ timeout: 60_000 });
}

test('issue 18: signing in lands on the deployments page, the logo goes there, /settings switches the theme', async () => {
  const { page: p, close } = await freshPage();
  try {
    await p.goto(`${FRONTEND}/`);
    await p.getByRole('button', { name: 'Enter' }).click();
    await p.getByTestId('deployments-matrix').waitFor({ timeout: 60_000 });
    assert.equal(new URL(p.url()).pathname, '/deployments');

    await p.goto(`${FRONTEND}/catalog`);
    await p.getByRole('link', { name: 'Home' }).click();
    await p.waitForURL(/\/deployments$/, { timeout: 30_000 });

    await p.goto(`${FRONTEND}/settings`);
    const dark = p.getByRole('button', { name: /^Dark/ });
    await dark.waitFor({ timeout: 30_000 });
    await dark.click();
    await p.locator('body[data-theme-mode="dark"]').waitFor({ timeout: 10_000 });
    assert.equal(await p.evaluate(() => window.localStorage.getItem('theme')), 'dark');
  } finally {
    await close();
  }
});

test('issue 18: at 800 px the matrix shows that it scrolls, compact rows stay 40 px for this user, columns stay put', async () => {
  const { page: p, close } = await freshPage({ width: 800, showScrollbars: true });
  try {
    await openAs(p, '/deployments', 'deployments-matrix');
    const scroll = p.getByTestId('deployments-matrix-scroll');
    await p.locator('[data-testid="deployments-matrix-scroll"][data-overflow-right="true"]').waitFor({ timeout: 15_000 });
    const more = p.getByTestId('matrix-more-columns').getByRole('button', { name: /^Scroll right to/ });
    assert.match(await more.getAttribute('data-hidden-columns'), /\bprod\b/);
    await more.click();
    await p.waitForFunction(() => document.querySelector('[data-testid="deployments-matrix-scroll"]').scrollLeft > 0, null, { timeout: 10_000 });
    await p.getByTestId('matrix-more-columns').getByRole('button', { name: 'First columns' }).click();
    await p.waitForFunction(() => document.querySelector('[data-testid="deployments-matrix-scroll"]').scrollLeft === 0, null, { timeout: 10_000 });
    assert.equal(await scroll.getAttribute('data-overflow-right'), 'true');

    // Stable columns: a filter that leaves one row (no vertical scrollbar) keeps every width.
    const widths = () => p.getByTestId('deployments-matrix-column').evaluateAll(cells => cells.map(c => c.getBoundingClientRect().width));
    const before = await widths();
    await p.getByRole('searchbox', { name: 'Search services' }).fill('checkout');
    await p.getByTestId('deployments-matrix-row').first().waitFor();
    await p.waitForFunction(() => document.querySelectorAll('[data-testid="deployments-matrix-row"]').length === 1, null, { timeout: 15_000 });
    assert.deepEqual(await widths(), before, 'column widths do not change with the filter');
    await p.getByRole('searchbox', { name: 'Search services' }).fill('');

    // Compact rows, remembered for the user by the user-settings backend.
    const density = p.getByRole('checkbox', { name: 'Compact rows' });
    if (!(await density.isChecked())) await density.click();
    const rowHeights = () => p.getByTestId('deployments-matrix-row').evaluateAll(rows => rows.slice(0, 10).map(r => r.getBoundingClientRect().height));
    await p.waitForFunction(() => document.querySelector('[data-testid="deployments-matrix-row"]')?.getBoundingClientRect().height <= 40, null, { timeout: 10_000 });
    for (const h of await rowHeights()) assert.ok(h <= 40, `row ${h} px tall`);
    await p.reload();
    await p.getByTestId('deployments-matrix-row').first().waitFor({ timeout: 60_000 });
    await p.waitForFunction(() => document.querySelector('[data-testid="deployments-matrix-row"]')?.getBoundingClientRect().height <= 40, null, { timeout: 15_000 });
    assert.ok(await density.isChecked());
  } finally {
    await close();
  }
  // Another browser, same user: the choice came from the server, not local storage.
  const other = await freshPage({ width: 800 });
  try {
    await openAs(other.page, '/deployments', 'deployments-matrix-row');
    const density = other.page.getByRole('checkbox', { name: 'Compact rows' });
    await other.page.waitForFunction(() => document.querySelector('[data-testid="matrix-density"] input')?.checked, null, { timeout: 15_000 });
    for (const h of await other.page.getByTestId('deployments-matrix-row').evaluateAll(rows => rows.slice(0, 10).map(r => r.getBoundingClientRect().height))) {
      assert.ok(h <= 40, `row ${h} px tall in the other browser`);
    }
    await density.click(); // back to comfortable for the screenshots below
    await other.page.waitForFunction(() => document.querySelector('[data-testid="deployments-matrix-row"]')?.getBoundingClientRect().height > 40, null, { timeout: 10_000 });
  } finally {
    await other.close();
  }
});

test('issue 18: the matrix is one tab stop with arrow keys inside; the history drawer is in the URL', async () => {
  const { page: p, close } = await freshPage();
  try {
    await openAs(p, '/deployments?q=checkout', 'deployments-matrix-row');
    const stops = await p.getByTestId('deployments-matrix').evaluate(
      grid => grid.querySelectorAll('a[href]:not([tabindex="-1"]), button:not([tabindex="-1"]), [tabindex="0"]').length,
    );
    assert.equal(stops, 1, 'one tab stop in the grid');
    await p.getByTestId('deployments-matrix').locator('[tabindex="0"]').focus();
    await p.keyboard.press('ArrowRight'); // dev → staging
    await p.keyboard.press('Enter');
    const drawer = p.getByTestId('history-drawer');
    await drawer.waitFor({ timeout: 10_000 });
    const url = new URL(p.url());
    assert.equal(url.searchParams.get('q'), 'checkout');
    assert.equal(url.searchParams.get('service'), 'checkout');
    assert.equal(url.searchParams.get('environment'), await drawer.getAttribute('data-environment'));
    await p.reload();
    await p.getByTestId('history-drawer').waitFor({ timeout: 60_000 });
    await p.getByRole('button', { name: 'Close history' }).click();
    await p.waitForFunction(() => !new URL(location.href).searchParams.has('service'));
    assert.equal(new URL(p.url()).searchParams.get('q'), 'checkout');
  } finally {
    await close();
  }
});

test('issue 17: saved views — hide and reorder columns, save the view, it survives a reload, apply it after Reset', async () => {
  const headers = p => p.locator('[data-testid="deployments-matrix"] thead th[data-column-name]').evaluateAll(cells => cells.map(c => c.dataset.columnName));
  const name = 'Prod first';
  const { page: p, close } = await freshPage();
  try {
    await p.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: FRONTEND });
    await openAs(p, '/deployments', 'deployments-matrix-row');
    // Tests before this one add environments after the configured three.
    const all = await headers(p);
    assert.deepEqual(all.slice(0, 3), ['dev', 'staging', 'prod']);
    const chosen = ['prod', ...all.filter(h => h !== 'dev' && h !== 'prod')];

    // Columns: hide dev, move prod to the top (keyboard: the focus stays on the button).
    await p.getByTestId('matrix-columns-button').click();
    const columns = p.getByTestId('matrix-columns-menu');
    await columns.getByRole('checkbox', { name: 'Show dev' }).click();
    await columns.getByRole('button', { name: 'Move prod up' }).focus();
    await p.keyboard.press('Enter');
    await p.waitForFunction(() => new URL(location.href).searchParams.get('columns') === '-dev,prod');
    await p.keyboard.press('Enter');
    await p.waitForFunction(() => new URL(location.href).searchParams.get('columns') === 'prod,-dev');
    await p.keyboard.press('Escape');
    assert.deepEqual(await headers(p), chosen);

    // Views: save under a name (the database is new for each run: no view of that name yet).
    await p.getByTestId('matrix-views-button').click();
    await p.getByTestId('matrix-views-menu').getByRole('button', { name: 'Save current view…' }).click();
    const dialog = p.getByRole('dialog', { name: 'Save view' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await p.getByText(`Saved the view “${name}”`).waitFor({ timeout: 10_000 });
    await p.getByTestId('matrix-views-button').filter({ hasText: `View: ${name}` }).waitFor();

    // Copy link: the URL of the view on screen, confirmed.
    await p.getByTestId('matrix-views-button').click();
    await p.getByTestId('matrix-views-menu').getByRole('button', { name: 'Copy link' }).click();
    await p.getByText('Link copied').waitFor({ timeout: 10_000 });
    assert.equal(await p.evaluate(() => navigator.clipboard.readText()), p.url());

    // The screenshot: the Views menu open over the chosen columns.
    await p.getByTestId('matrix-views-button').click();
    await p.getByTestId('saved-view').filter({ hasText: name }).waitFor();
    // Once the menu has faded in.
    await p.waitForFunction(() => getComputedStyle(document.querySelector('[data-testid="matrix-views-menu"]').parentElement).opacity === '1');
    await p.screenshot({ path: join(SCREENSHOTS, 'saved-views.png') });
    await p.keyboard.press('Escape');

    // A reload keeps the columns (the URL) and the view (the user-settings backend).
    await p.reload();
    await p.getByTestId('deployments-matrix-row').first().waitFor({ timeout: 60_000 });
    assert.deepEqual(await headers(p), chosen);
    await p.getByTestId('matrix-views-button').click();
    const views = p.getByTestId('matrix-views-menu');
    await views.getByRole('button', { name: 'Reset' }).click();
    await p.waitForFunction(() => !new URL(location.href).searchParams.has('columns'));
    assert.deepEqual(await headers(p), all);
    await p.getByTestId('matrix-views-button').click();
    await views.getByRole('button', { name, exact: true }).click();
    await p.waitForFunction(() => new URL(location.href).searchParams.get('columns') === 'prod,-dev');
    assert.deepEqual(await headers(p), chosen);
  } finally {
    await close();
  }

  // At 800 px the toolbar wraps, each control on one line and inside the window.
  const narrow = await freshPage({ width: 800 });
  try {
    await openAs(narrow.page, '/deployments', 'deployments-matrix-row');
    const boxes = await narrow.page.locator('[role="search"] > *').evaluateAll(items =>
      items.map(i => ({ text: i.textContent, right: i.getBoundingClientRect().right, height: i.getBoundingClientRect().height })),
    );
    for (const box of boxes) {
      assert.ok(box.right <= 800, `${box.text} ends at ${box.right} px`);
      assert.ok(box.height <= 48, `${box.text} is ${box.height} px tall (wrapped)`);
    }
    await narrow.page.getByTestId('matrix-columns-button').click();
    await narrow.page.getByTestId('matrix-columns-menu').waitFor();
    await narrow.page.waitForFunction(() => getComputedStyle(document.querySelector('[data-testid="matrix-columns-menu"]').parentElement).opacity === '1');
    await narrow.page.screenshot({ path: join(OUTPUT, 'saved-views-columns-800.png') });
  } finally {
    await narrow.close();
  }
});

test('issue 18: the entity tab at 800 px breaks no word and scrolls its tables sideways', async () => {
  const { page: p, close } = await freshPage({ width: 800 });
  try {
    await openAs(p, '/catalog/default/component/payments/deployments', 'recent-deployment');
    await p.getByTestId('dora-summary-row').first().waitFor({ timeout: 60_000 });
    const breaking = await p.evaluate(() =>
      [...document.querySelectorAll('[data-testid="recent-deployments"] td, [data-testid="dora-metrics"] td, [data-testid="dora-metrics"] th')]
        .filter(c => ['break-word', 'break-all'].includes(getComputedStyle(c).wordBreak) || getComputedStyle(c).overflowWrap === 'anywhere')
        .map(c => c.textContent),
    );
    assert.deepEqual(breaking, [], 'cells that may break inside a word');
    // One line a run: no row grows because a cell wrapped.
    const heights = await p.getByTestId('recent-deployment').evaluateAll(rows => rows.map(r => r.getBoundingClientRect().height));
    assert.ok(Math.max(...heights) < 60, `run rows up to ${Math.max(...heights)} px tall`);
    await p.locator('[data-testid="recent-deployments-scroll"][data-overflow-right="true"]').waitFor({ timeout: 10_000 });
  } finally {
    await close();
  }
});

test('issue 18: screenshots of every page at 1440 and 800 px, light and dark', async () => {
  for (const theme of ['light', 'dark']) {
    for (const width of [1440, 800]) {
      const { page: p, close } = await freshPage({ width, theme });
      const shot = name => join(SCREENSHOTS, `${name}-${width}-${theme}.png`);
      try {
        await openAs(p, '/deployments', 'deployments-matrix-row');
        await p.locator('[data-testid="deployments-live-indicator"][data-status="live"]').waitFor({ timeout: 30_000 });
        await p.screenshot({ path: shot('matrix') });

        await openAs(p, '/deployments?service=checkout&environment=prod', 'history-event');
        await p.screenshot({ path: shot('drawer') });

        await openAs(p, '/catalog/default/component/payments/deployments', 'recent-deployment');
        await p.getByTestId('promotion-stage').first().waitFor({ timeout: 30_000 });
        await p.screenshot({ path: shot('entity-tab') });
        await p.getByTestId('recent-deployments').scrollIntoViewIfNeeded();
        await p.screenshot({ path: shot('entity-runs') });

        if (width === 800) {
          // Compact rows; then an error as the API reports it (a 503 problem), with Retry.
          await openAs(p, '/deployments', 'deployments-matrix-row');
          await p.getByRole('checkbox', { name: 'Compact rows' }).click();
          await p.waitForFunction(() => document.querySelector('[data-testid="deployments-matrix-row"]')?.getBoundingClientRect().height <= 40);
          await p.screenshot({ path: shot('matrix-compact') });
          await p.getByRole('checkbox', { name: 'Compact rows' }).click();
          await p.route('**/api/deployments/matrix**', route =>
            route.fulfill({
              status: 503,
              contentType: 'application/problem+json',
              body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'The database is unavailable; retry shortly' }),
            }),
          );
          await p.goto(`${FRONTEND}/deployments`);
          await p.getByRole('button', { name: 'Retry' }).waitFor({ timeout: 30_000 });
          await p.screenshot({ path: shot('matrix-error') });
          await p.unroute('**/api/deployments/matrix**');
          await p.getByRole('button', { name: 'Retry' }).click();
          await p.getByTestId('deployments-matrix-row').first().waitFor({ timeout: 15_000 });
        }
      } finally {
        await close();
      }
    }
  }
  // The empty state: a component without deployments; its tab shows the command that sends one.
  for (const theme of ['light', 'dark']) {
    const { page: p, close } = await freshPage({ width: 800, theme });
    try {
      await openAs(p, '/catalog/default/component/deployments-dashboard/deployments', 'deployments-empty-state');
      await p.screenshot({ path: join(SCREENSHOTS, `entity-empty-800-${theme}.png`) });
    } finally {
      await close();
    }
  }
});
