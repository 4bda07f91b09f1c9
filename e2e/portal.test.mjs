// End-to-end for the pieces that live in the rest of the portal (issue 16):
// the notifications bell, the entity overview card, the team tab on Group
// entities, the organisation insights page. The real app and backend, demo
// data through the real API, Debian's Chromium driven by playwright-core.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { API_KEY, BACKEND, guestToken } from './servers.mjs';
import { SCREENSHOTS, openSignedIn as signIn, startSession } from './session.mjs';

let session;
let page;

before(async () => {
  session = await startSession();
  ({ page } = session);
});

after(async () => {
  await session?.stop();
});

const openSignedIn = (path, ready) => signIn(page, path, ready);

// ---- tests for each piece follow, one block per piece ----

// ---- the entity overview card and the team tab (issue 16, parts 2 and 3) ----
{
  /** GET /api/deployments<path> as the guest user. */
  async function readDeployments(path) {
    const res = await fetch(`${BACKEND}/api/deployments${path}`, {
      headers: { Authorization: `Bearer ${await guestToken()}` },
    });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    return JSON.parse(text);
  }

  /**
   * Screenshots `locator` (or, with `fullPage`, the whole page around it) at 1440 px and at
   * 800 px wide (`<name>.png`, `<name>-800.png`).
   */
  async function shootAtBothWidths(locator, name, { fullPage = false } = {}) {
    const shoot = async path => {
      if (!fullPage) return locator.screenshot({ path });
      // A viewport as tall as the page: the sidebar (100vh) then reaches its bottom.
      const { width, height } = page.viewportSize();
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.setViewportSize({ width, height: await page.evaluate(() => document.documentElement.scrollHeight) });
      await page.waitForTimeout(500);
      await page.screenshot({ path });
      await page.setViewportSize({ width, height });
    };
    await locator.scrollIntoViewIfNeeded();
    await shoot(join(SCREENSHOTS, `${name}.png`));
    await page.setViewportSize({ width: 800, height: 900 });
    await page.waitForTimeout(500);
    await locator.scrollIntoViewIfNeeded();
    // Nothing on the page may scroll sideways at 800 px.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at 800 px`);
    await shoot(join(SCREENSHOTS, `${name}-800.png`));
    await page.setViewportSize({ width: 1440, height: 900 });
  }

  test('the overview card of a component shows each environment at a glance and links to its tab', async () => {
    const { environments, services } = await readDeployments('/matrix?service=payments');
    const [row] = services;
    await openSignedIn('/catalog/default/component/payments', 'deployments-overview-card');
    const card = page.locator('[data-testid="deployments-overview-card"][data-service="payments"]');
    await card.getByTestId('overview-environment').first().waitFor({ timeout: 60_000 });
    // One line per environment, in the matrix's order, with what the API says runs there.
    const lines = card.getByTestId('overview-environment');
    assert.deepEqual(await lines.evaluateAll(els => els.map(e => e.getAttribute('data-environment'))), environments);
    for (const environment of environments) {
      const line = card.locator(`[data-testid="overview-environment"][data-environment="${environment}"]`);
      const slot = row.slots[environment];
      assert.equal(await line.getAttribute('data-status'), slot ? slot.current.status : 'none', environment);
      if (slot?.current.version) assert.match(await line.innerText(), new RegExp(slot.current.version.replace(/\./g, '\\.')));
    }
    // The demo's payments release candidate failed in staging: named on top.
    assert.equal(row.slots.staging.current.status, 'failure');
    assert.match(await card.getByTestId('overview-failing').innerText(), /Failing in staging/);
    await shootAtBothWidths(card, 'overview-card');

    await card.getByRole('link', { name: /View deployments/ }).click();
    await page.locator('[data-testid="entity-deployments"][data-service="payments"]').waitFor({ timeout: 60_000 });
    assert.match(new URL(page.url()).pathname, /\/catalog\/default\/component\/payments\/deployments$/);
  });

  test('the team tab of a group shows its and its child group\'s services, and their DORA metrics', async () => {
    // storefront-team owns catalog-api and web-frontend; its child search-team owns search (search-indexer).
    const team = 'group:default/storefront-team';
    const expected = (await readDeployments(`/matrix?team=${encodeURIComponent(team)}`)).services.map(s => s.service);
    assert.deepEqual(expected, ['catalog-api', 'search-indexer', 'web-frontend']);
    await openSignedIn('/catalog/default/group/storefront-team/deployments', 'team-deployments');
    const tab = page.locator(`[data-testid="team-deployments"][data-team="${team}"]`);
    await tab.getByTestId('deployments-matrix-row').first().waitFor({ timeout: 60_000 });
    const shown = await tab.getByTestId('deployments-matrix-row').evaluateAll(rows => rows.map(r => r.getAttribute('data-service')));
    assert.deepEqual(shown, expected);

    // The DORA card counts the team's services together, over the picked period (30 days by default).
    const card = tab.getByTestId('dora-metrics');
    await card.locator('[data-testid="dora-summary-row"]').first().waitFor({ timeout: 60_000 });
    const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);
    const from = new Date(today - 29 * 86_400_000).toISOString();
    const to = new Date(today + 86_400_000).toISOString();
    const metrics = await readDeployments(`/metrics?team=${encodeURIComponent(team)}&from=${from}&to=${to}`);
    const everyone = await readDeployments(`/metrics?from=${from}&to=${to}`);
    const deployments = metrics.overall.deployment_frequency.deployments;
    assert.ok(deployments > 0 && deployments < everyone.overall.deployment_frequency.deployments);
    const frequency = await card.locator('[data-testid="dora-summary-row"][data-metric="deployment_frequency"]').innerText();
    assert.match(frequency, new RegExp(`\\b${deployments} successful deployment`));
    await tab.getByTestId('period-picker').waitFor();
    await shootAtBothWidths(tab, 'team-tab', { fullPage: true });
  });
}

// ---- notifications: the bell (issue 16, part 1) ----
{
  /** The guest's notifications, read through the notifications backend's API as the app does. */
  async function guestNotifications() {
    const res = await fetch(`${BACKEND}/api/notifications/notifications?limit=50`, {
      headers: { Authorization: `Bearer ${await guestToken()}` },
    });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    return JSON.parse(text).notifications;
  }

  /** Posts one event with the e2e key (reads the answer once). */
  async function post(event) {
    const res = await fetch(`${BACKEND}/api/deployments`, {
      method: 'POST',
      headers: { 'X-Api-Key': API_KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify(event),
    });
    const text = await res.text();
    assert.equal(res.status, 201, text);
    return JSON.parse(text);
  }

  test('a failed production deployment of a service of the guest\'s team reaches the bell and the notifications page', async () => {
    // checkout is owned by payments-team, which guest belongs to (examples/org.yaml).
    const version = `9.9.${Date.now() % 100_000}`;
    const title = `checkout failed in prod (${version})`;
    // Notifications are sent in the background once the catalog links the service to its
    // owner: post a new failed run every 10 s until one arrives (each run notifies once).
    let found;
    for (let attempt = 0; attempt < 9 && !found; attempt++) {
      await post({
        deployment_id: `e2e-notify-${attempt}-${Date.now()}`,
        service: 'checkout',
        environment: 'prod',
        status: 'failure',
        happened_at: new Date().toISOString(),
        version,
        actor: 'e2e',
        ref: 'main',
      });
      const deadline = Date.now() + 10_000;
      while (!found && Date.now() < deadline) {
        found = (await guestNotifications()).find(n => n.payload.title === title);
        if (!found) await new Promise(r => setTimeout(r, 500));
      }
    }
    assert.ok(found, `no notification "${title}" for guest`);
    assert.equal(found.user, 'user:default/guest');
    assert.equal(found.payload.severity, 'high');
    assert.equal(found.payload.link, '/catalog/default/component/checkout/deployments');
    assert.equal(found.payload.topic, 'deployments:checkout:prod');

    await openSignedIn('/notifications');
    // The page lists it, by title (reloaded once if the dev server rebuilt meanwhile).
    const listed = timeout => page.getByText(title).first().waitFor({ timeout });
    await listed(30_000).catch(async () => {
      await page.reload();
      await listed(60_000);
    });
    // One notifications item in the sidebar (the plain page item is replaced), with the unread count.
    const items = page.locator('[data-testid="sidebar-root"] a[href="/notifications"]');
    assert.equal(await items.count(), 1);
    await items.hover();
    const badge = items.getByRole('grid', { name: 'Unread notifications' });
    await badge.waitFor({ timeout: 30_000 });
    assert.match(await badge.innerText(), /^\s*(\d+|99\+)\s*$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'notifications.png') });

    // Its link leads to the service's Deployments tab.
    await page.getByText(title).first().click();
    await page.waitForURL(/\/catalog\/default\/component\/checkout\/deployments$/, { timeout: 30_000 });
  });
}

// ---- the organisation insights page (issue 16, part 4) ----
{
  const DAY = 86_400_000;
  /** The period a preset stands for now: whole UTC days up to and including today. */
  function presetPeriod(days) {
    const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);
    return { from: new Date(today - (days - 1) * DAY).toISOString(), to: new Date(today + DAY).toISOString() };
  }
  async function readInsights(path) {
    const res = await fetch(`${BACKEND}/api/deployments${path}`, {
      headers: { Authorization: `Bearer ${await guestToken()}` },
    });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    return JSON.parse(text);
  }
  /** "1.5/day", as the page writes a deployment frequency. */
  const perDay = value =>
    `${new Intl.NumberFormat('en', { maximumFractionDigits: Math.abs(value) < 1 ? 2 : 1 }).format(value)}/day`;
  /** The team table's rows as the page shows them: ref → deploys cell text. */
  async function shownTeams() {
    const rows = page.locator('[data-testid="group-insights-team"] [data-testid="group-row"]');
    return Object.fromEntries(
      await rows.evaluateAll(els =>
        els.map(r => [
          r.getAttribute('data-ref'),
          r.querySelector('[data-metric="deployment_frequency"] span').textContent,
        ]),
      ),
    );
  }
  /**
   * Screenshots the whole page: Backstage scrolls inside its layout, not the document, so the
   * viewport is made as tall as the content first.
   */
  async function shootWholePage(path, width) {
    const height = await page.evaluate(() => document.querySelector('main').scrollHeight);
    await page.setViewportSize({ width, height: Math.max(900, height + 20) });
    await page.waitForTimeout(800);
    await page.screenshot({ path });
    await page.setViewportSize({ width, height: 900 });
  }
  const expectedTeams = body => Object.fromEntries(body.items.map(i => [i.ref ?? '', perDay(i.current.deployment_frequency.per_day)]));

  test('the insights page shows DORA per team from the demo data and follows the period picker', async () => {
    await openSignedIn('/deployments/insights', 'group-row');
    const teamRows = page.locator('[data-testid="group-insights-team"] [data-testid="group-row"]');
    await teamRows.first().waitFor({ timeout: 60_000 });
    const last30 = presetPeriod(30);
    const teams30 = await readInsights(`/insights/teams?from=${last30.from}&to=${last30.to}`);
    assert.ok(teams30.items.some(i => i.ref === 'group:default/payments-team'), 'the demo has payments-team');
    await page.waitForFunction(n => document.querySelectorAll('[data-testid="group-insights-team"] [data-testid="group-row"]').length === n, teams30.items.length);
    assert.deepEqual(await shownTeams(), expectedTeams(teams30));
    const systems = await readInsights(`/insights/systems?from=${last30.from}&to=${last30.to}`);
    assert.ok(systems.items.some(i => i.ref === 'system:default/shop'));
    await page.locator('[data-testid="group-insights-system"] [data-ref="system:default/shop"]').waitFor();
    // The heatmap: 7 × 24 cells, and the busiest says its count in words.
    const cells = page.getByTestId('heatmap-cell');
    await cells.first().waitFor({ timeout: 60_000 });
    assert.equal(await cells.count(), 7 * 24);

    // 7 days: the URL says so, the numbers are the API's for the new period.
    await page.getByRole('button', { name: '7 days' }).click();
    await page.waitForURL(/[?&]preset=7d/);
    const last7 = presetPeriod(7);
    const teams7 = await readInsights(`/insights/teams?from=${last7.from}&to=${last7.to}`);
    const expected7 = expectedTeams(teams7);
    assert.notDeepEqual(expected7, expectedTeams(teams30), 'the demo data differs between 7 and 30 days');
    await page.waitForFunction(
      want => {
        const rows = [...document.querySelectorAll('[data-testid="group-insights-team"] [data-testid="group-row"]')];
        const shown = Object.fromEntries(rows.map(r => [r.getAttribute('data-ref'), r.querySelector('[data-metric="deployment_frequency"] span').textContent]));
        return JSON.stringify(shown) === JSON.stringify(want);
      },
      expected7,
      { timeout: 30_000 },
    );
    await shootWholePage(join(SCREENSHOTS, 'insights.png'), 1440);

    // 800 px: nothing scrolls sideways; the tables and the heatmap scroll inside their cards if they must.
    await page.setViewportSize({ width: 800, height: 900 });
    await page.waitForTimeout(800);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at 800 px`);
    await shootWholePage(join(SCREENSHOTS, 'insights-800.png'), 800);
    await page.setViewportSize({ width: 1440, height: 900 });

    // Dark theme, switched on the settings page: the page is dark and its table text readable.
    await openSignedIn('/settings');
    await page.getByRole('button', { name: /^Dark/ }).click();
    await page.locator('body[data-theme-mode="dark"]').waitFor({ timeout: 10_000 });
    await openSignedIn('/deployments/insights?preset=7d', 'group-row');
    await teamRows.first().waitFor({ timeout: 60_000 });
    const contrast = await page.evaluate(() => {
      const rgb = s => s.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
      const lum = ([r, g, b]) => {
        const c = v => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b);
      };
      const cell = document.querySelector('[data-testid="group-row"] [data-metric="deployment_frequency"] span');
      let bgEl = cell;
      let bg = getComputedStyle(bgEl).backgroundColor;
      while (bgEl && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
        bgEl = bgEl.parentElement;
        bg = bgEl ? getComputedStyle(bgEl).backgroundColor : 'rgb(255, 255, 255)';
      }
      const [a, b] = [lum(rgb(getComputedStyle(cell).color)), lum(rgb(bg))];
      return { ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), background: lum(rgb(bg)) };
    });
    assert.ok(contrast.background < 0.1, 'the dark theme is applied');
    assert.ok(contrast.ratio >= 4.5, `table text contrast ${contrast.ratio.toFixed(2)} in the dark theme`);
    await shootWholePage(join(SCREENSHOTS, 'insights-dark.png'), 1440);
    await openSignedIn('/settings');
    await page.getByRole('button', { name: /^Light/ }).click();
    await page.locator('body[data-theme-mode="light"]').waitFor({ timeout: 10_000 });
  });
}

// ---- freeze windows: the banner and the flag (issue 17, part 4) ----
// app-config.e2e.yaml configures "e2e freeze" on staging, 2026-01-01 to 2030-01-01.
{
  /** WCAG contrast of an element's text colour against its own background. */
  async function textContrast(locator) {
    return locator.evaluate(el => {
      const rgb = value => value.match(/[\d.]+/g).slice(0, 3).map(Number);
      const luminance = ([r, g, b]) => {
        const [R, G, B] = [r, g, b].map(c => {
          const s = c / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * R + 0.7152 * G + 0.0722 * B;
      };
      const style = getComputedStyle(el);
      const [a, b] = [luminance(rgb(style.color)), luminance(rgb(style.backgroundColor))];
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    });
  }

  test('an active freeze shows a banner on the matrix page and the entity tab, and flags the events inside it', async () => {
    const res = await fetch(`${BACKEND}/api/deployments/freezes?environment=staging`, {
      headers: { Authorization: `Bearer ${await guestToken()}` },
    });
    assert.equal(res.status, 200, await res.clone().text());
    const { active } = await res.json();
    assert.deepEqual(
      active.map(w => [w.name, w.start, w.end, w.environments]),
      [['e2e freeze', '2026-01-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z', ['staging']]],
    );

    await openSignedIn('/deployments', 'deployments-matrix');
    const banner = page.getByTestId('freeze-banner');
    await banner.waitFor({ timeout: 60_000 });
    await page.getByTestId('deployments-matrix').waitFor({ timeout: 60_000 });
    assert.equal(await banner.getAttribute('role'), 'status');
    const text = await banner.innerText();
    assert.match(text, /Deployment freeze: e2e freeze — until Tue 1 Jan 2030, 00:00 UTC, in \d+ years?/);
    assert.match(text, /Staging is frozen for the end-to-end tests/);
    assert.match(text, /Covers staging · all services/);
    assert.ok((await textContrast(banner)) >= 4.5, 'banner text contrast below 4.5:1');
    const box = await banner.boundingBox();
    await page.screenshot({
      path: join(SCREENSHOTS, 'freeze-banner.png'),
      clip: { x: 0, y: 0, width: 1440, height: Math.min(900, Math.ceil(box.y + box.height + 260)) },
    });

    // The demo deployed to staging within the last 14 days: inside the freeze, flagged in the drawer.
    await page
      .locator('[data-testid="deployment-slot"][data-service="checkout"][data-environment="staging"]')
      .getByRole('button')
      .first()
      .click();
    const drawer = page.getByTestId('history-drawer');
    await drawer.getByTestId('history-event').first().waitFor({ timeout: 10_000 });
    const chip = drawer.getByTestId('freeze-chip').first();
    await chip.waitFor({ timeout: 10_000 });
    assert.equal(await chip.getAttribute('data-freeze'), 'e2e freeze');
    await drawer.getByRole('button', { name: 'Close history' }).click();

    // The entity tab of a service deployed to staging has the banner too, and fits 800 px.
    await openSignedIn('/catalog/default/component/checkout/deployments', 'entity-deployments');
    const tab = page.locator('[data-testid="entity-deployments"][data-service="checkout"]');
    await tab.getByTestId('freeze-banner').waitFor({ timeout: 60_000 });
    assert.match(await tab.getByTestId('freeze-banner').innerText(), /Deployment freeze: e2e freeze/);
    await page.setViewportSize({ width: 800, height: 900 });
    await page.waitForTimeout(500);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the entity tab scrolls sideways by ${overflow} px at 800 px`);
    await page.setViewportSize({ width: 1440, height: 900 });
  });
}
