// Frontend scale: the matrix page with 300 services × 8 environments in
// Debian's Chromium, next to the same page filtered to one service (same data
// fetched, one row rendered) as the baseline; and the DOM work one stream
// frame causes, at that size and at a small size.
//
//   bash scripts/env.sh; node bench/ui-render.mjs [--services 300] [--envs 8] [--runs 5]
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { API_KEY, BACKEND, FRONTEND, startBackstage } from '../e2e/servers.mjs';

const { values } = parseArgs({
  options: {
    services: { type: 'string', default: '300' },
    envs: { type: 'string', default: '8' },
    runs: { type: 'string', default: '5' },
    // The production build served by the backend, instead of the dev server.
    production: { type: 'boolean', default: false },
  },
});
const APP = values.production ? BACKEND : FRONTEND;
const services = Number(values.services);
const envs = Number(values.envs);
const runs = Number(values.runs);

async function post(event) {
  const res = await fetch(`${BACKEND}/api/deployments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Api-Key': API_KEY },
    body: JSON.stringify(event),
  });
  if (res.status !== 201) throw new Error(`POST answered ${res.status}`);
}

async function seed() {
  const events = [];
  for (let s = 0; s < services; s++) {
    for (let e = 0; e < envs; e++) {
      events.push({
        deployment_id: `ui-${s}-${e}`,
        service: `svc-${String(s).padStart(3, '0')}`,
        environment: `env-${e}`,
        status: (s + e) % 7 === 0 ? 'failure' : 'success',
        happened_at: new Date(Date.now() - (s * envs + e) * 60_000).toISOString(),
        version: `1.${s}.${e}`,
        actor: 'bench',
        run_url: `https://ci.example.com/runs/${s}-${e}`,
      });
    }
  }
  for (let i = 0; i < events.length; i += 16) await Promise.all(events.slice(i, i + 16).map(post));
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Client-side navigation to the page until `rows` rows are in the DOM. */
async function timeRender(page, query, rows) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    // Leave the page inside the app (no reload, the session stays signed in).
    await page.getByRole('link', { name: 'Catalog' }).first().click();
    await page.getByTestId('deployments-matrix').waitFor({ state: 'detached' });
    const started = Date.now();
    await page.evaluate(q => {
      window.history.pushState({}, '', `/deployments${q}`);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, query);
    await page.waitForFunction(
      n => document.querySelectorAll('[data-testid="deployments-matrix-row"]').length === n,
      rows,
      { timeout: 30_000, polling: 'raf' },
    );
    samples.push(Date.now() - started);
  }
  return median(samples);
}

/** DOM nodes touched by one stream frame. */
async function mutationsPerFrame(page) {
  await page.evaluate(() => {
    window.__mutations = 0;
    new MutationObserver(list => {
      window.__mutations += list.length;
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const counts = [];
  for (let i = 0; i < runs; i++) {
    await page.evaluate(() => {
      window.__mutations = 0;
    });
    const version = `9.${i}.${Date.now() % 1000}`;
    await post({
      deployment_id: `frame-${i}`,
      service: 'svc-000',
      environment: 'env-0',
      status: 'success',
      happened_at: new Date().toISOString(),
      version,
    });
    await page.getByText(version).first().waitFor({ timeout: 5000 });
    await page.waitForTimeout(300);
    counts.push(await page.evaluate(() => window.__mutations));
  }
  return median(counts);
}

const backstage = await startBackstage({ production: values.production });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  await seed();
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`${APP}/deployments`);
  await page.getByRole('button', { name: 'Enter' }).click({ timeout: 60_000 });
  await page.getByTestId('deployments-matrix').waitFor({ timeout: 120_000 });
  const full = await timeRender(page, '', services);
  const one = await timeRender(page, '?q=svc-000', 1);
  await page.getByRole('link', { name: 'Catalog' }).first().click();
  await page.getByRole('link', { name: 'Deployments' }).first().click();
  await page.waitForFunction(n => document.querySelectorAll('[data-testid="deployments-matrix-row"]').length === n, services);
  await page.locator('[data-testid="deployments-live-indicator"][data-status="live"]').waitFor({ timeout: 30_000 });
  const bigFrame = await mutationsPerFrame(page);
  await page.getByLabel('Search services').fill('svc-000');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="deployments-matrix-row"]').length === 1);
  const smallFrame = await mutationsPerFrame(page);
  console.log(`\nMatrix page in Chromium (${values.production ? 'production build' : 'dev server'}), ${services} services × ${envs} environments, median of ${runs}\n`);
  console.log('| measure | value |');
  console.log('| --- | --- |');
  console.log(`| navigate → ${services} rows rendered | ${full} ms |`);
  console.log(`| baseline: navigate → 1 row (same data fetched) | ${one} ms |`);
  console.log(`| ratio | ${(full / one).toFixed(2)} |`);
  console.log(`| DOM mutations per stream frame, ${services} rows shown | ${bigFrame} |`);
  console.log(`| DOM mutations per stream frame, 1 row shown | ${smallFrame} |`);
} finally {
  await browser.close();
  await backstage.stop();
}
