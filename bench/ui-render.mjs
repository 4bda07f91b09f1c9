// Frontend scale: the matrix page with 5,000 services × 12 environments in
// Debian's Chromium, next to the same page filtered (on the server) to 50
// services as the baseline; scrolling to the end; and the DOM work one stream
// frame causes with the whole catalog on the page.
//
//   source scripts/env.sh; node bench/ui-render.mjs --production [--teams 100] [--envs 12] [--runs 5]
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { API_KEY, BACKEND, FRONTEND, startBackstage } from '../e2e/servers.mjs';
import { CHROMIUM_ARGS } from '../e2e/chromium.mjs';
import { postBatches, servicesOf, walkMatrix } from '../e2e/scale.mjs';

const { values } = parseArgs({
  options: {
    // Services are named t<team>-svc-<n>, 50 per team: `?q=t000-` shows 50.
    teams: { type: 'string', default: '100' },
    envs: { type: 'string', default: '12' },
    runs: { type: 'string', default: '5' },
    // The production build served by the backend, instead of the dev server.
    production: { type: 'boolean', default: false },
  },
});
const APP = values.production ? BACKEND : FRONTEND;
const teams = Number(values.teams);
const envs = Number(values.envs);
const runs = Number(values.runs);
const PER_TEAM = 50;
const services = teams * PER_TEAM;
const name = (t, s) => `t${String(t).padStart(3, '0')}-svc-${String(s).padStart(2, '0')}`;

async function seed() {
  const events = [];
  for (let t = 0; t < teams; t++) {
    for (let s = 0; s < PER_TEAM; s++) {
      for (let e = 0; e < envs; e++) {
        events.push({
          deployment_id: `ui-${t}-${s}-${e}`,
          service: name(t, s),
          environment: `env-${String(e).padStart(2, '0')}`,
          status: (t + s + e) % 7 === 0 ? 'failure' : 'success',
          happened_at: new Date(Date.now() - (events.length + 1) * 1000).toISOString(),
          version: `1.${s}.${e}`,
          actor: 'bench',
          run_url: `https://ci.example.com/runs/${t}-${s}-${e}`,
        });
      }
    }
  }
  const started = Date.now();
  await postBatches(events);
  return { events: events.length, seconds: (Date.now() - started) / 1000 };
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Client-side navigation to the page until its first `rows` rows are in the DOM. */
async function timeFirstRows(page, query, rows) {
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
      n => document.querySelectorAll('[data-testid="deployments-matrix-row"]').length >= n,
      rows,
      { timeout: 30_000, polling: 'raf' },
    );
    samples.push(Date.now() - started);
  }
  return median(samples);
}

/** DOM nodes touched by one stream frame, for a service on screen. */
async function mutationsPerFrame(page, service) {
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
    const res = await fetch(`${BACKEND}/api/deployments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': API_KEY },
      body: JSON.stringify({
        deployment_id: `frame-${i}`,
        service,
        environment: 'env-00',
        status: 'success',
        happened_at: new Date().toISOString(),
        version,
      }),
    });
    if (res.status !== 201) throw new Error(`POST answered ${res.status}`);
    await page.getByText(version).first().waitFor({ timeout: 5000 });
    await page.waitForTimeout(300);
    counts.push(await page.evaluate(() => window.__mutations));
  }
  return median(counts);
}

const backstage = await startBackstage({ production: values.production });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});
try {
  const seeded = await seed();
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`${APP}/deployments`);
  await page.getByRole('button', { name: 'Enter' }).click({ timeout: 60_000 });
  await page.getByTestId('deployments-matrix').waitFor({ timeout: 120_000 });
  const full = await timeFirstRows(page, '', 10);
  const fifty = await timeFirstRows(page, '?q=t000-', 10);
  await page.locator('[data-testid="deployments-live-indicator"][data-status="live"]').waitFor({ timeout: 30_000 });
  const frame = await mutationsPerFrame(page, name(0, 0));
  await page.getByRole('link', { name: 'Catalog' }).first().click();
  await page.getByRole('link', { name: 'Deployments' }).first().click();
  await page.getByTestId('deployments-matrix-row').first().waitFor();
  const walkStarted = Date.now();
  const walked = servicesOf(await walkMatrix(page)).length;
  const walkSeconds = (Date.now() - walkStarted) / 1000;
  const domRows = await page.getByTestId('deployments-matrix-row').count();

  console.log(`\nMatrix page in Chromium (${values.production ? 'production build' : 'dev server'}), ${services} services × ${envs} environments, median of ${runs}\n`);
  console.log('| measure | value |');
  console.log('| --- | --- |');
  console.log(`| seeded ${seeded.events.toLocaleString()} events through POST /batch | ${seeded.seconds.toFixed(1)} s |`);
  console.log(`| navigate → first rows rendered, ${services} services | ${full} ms |`);
  console.log(`| baseline: navigate → first rows, 50 services (?q=t000-) | ${fifty} ms |`);
  console.log(`| ratio | ${(full / fifty).toFixed(2)} |`);
  console.log(`| DOM mutations per stream frame, ${services} services | ${frame} |`);
  console.log(`| scrolled to the end: services rendered on the way | ${walked} of ${services} |`);
  console.log(`| time to scroll to the end, one screen per step | ${walkSeconds.toFixed(1)} s |`);
  console.log(`| rows in the DOM at the end | ${domRows} |`);
} finally {
  await browser.close();
  await backstage.stop();
}
