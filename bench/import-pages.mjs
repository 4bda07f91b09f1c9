// Open pages must not slow an import (issue 20): imports 1,000 new services ×
// 12 environments with no page open, then again with three matrix pages open,
// single events 32 at a time and then through POST /batch; counts each page's
// matrix downloads and checks that every page ends equal to a fresh one.
//
//   source scripts/env.sh; node bench/import-pages.mjs [--services 1000] [--envs 12] [--pages 3] [--production]
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { BACKEND, FRONTEND, startBackstage } from '../e2e/servers.mjs';
import { CHROMIUM_ARGS } from '../e2e/chromium.mjs';
import { countMatrixRequests, postBatches, postEach, walkMatrix } from '../e2e/scale.mjs';

const { values } = parseArgs({
  options: {
    services: { type: 'string', default: '1000' },
    envs: { type: 'string', default: '12' },
    pages: { type: 'string', default: '3' },
    production: { type: 'boolean', default: false },
  },
});
const APP = values.production ? BACKEND : FRONTEND;
const services = Number(values.services);
const envs = Number(values.envs);

/** 1,000 new services × 12 environments, named after the import. */
function importEvents(label) {
  const events = [];
  const at = Date.now() - 600_000;
  for (let s = 0; s < services; s++) {
    for (let e = 0; e < envs; e++) {
      events.push({
        deployment_id: `${label}-${s}-${e}`,
        service: `${label}-${String(s).padStart(4, '0')}`,
        environment: `env-${String(e).padStart(2, '0')}`,
        status: (s + e) % 9 === 0 ? 'failure' : 'success',
        happened_at: new Date(at + events.length).toISOString(),
        version: `2.${s}.${e}`,
      });
    }
  }
  return events;
}

/** The slots a page shows for the services of `label`, walked top to bottom. */
async function shownSlots(page, label) {
  const all = await walkMatrix(page);
  return JSON.stringify([...all].filter(([key]) => key.startsWith(`${label}-`)).sort());
}

async function openPage(context, path = '/deployments') {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1440, height: 1600 });
  await page.goto(`${APP}${path}`);
  await page.locator('[data-testid="deployments-live-indicator"][data-status="live"]').waitFor({ timeout: 120_000 });
  return page;
}

/** Runs one import with `pages` pages open; returns its time and what each page did. */
async function measure(context, label, post, pageCount) {
  const pages = [];
  for (let i = 0; i < pageCount; i++) pages.push(await openPage(context));
  const counts = pages.map(countMatrixRequests);
  const started = Date.now();
  await post(importEvents(label));
  const seconds = (Date.now() - started) / 1000;
  const doneAt = Date.now();
  // What the pages requested during the import and the 5 s after it; the
  // check below scrolls every page, which loads later pages by design.
  await new Promise(r => setTimeout(r, 5000));
  const during = counts.map(c => ({ ...c }));
  let converged = '—';
  if (pages.length) {
    const fresh = await openPage(context);
    const expected = await shownSlots(fresh, label);
    await fresh.close();
    const lags = [];
    for (const page of pages) {
      let same = (await shownSlots(page, label)) === expected;
      while (!same && Date.now() - doneAt < 60_000) same = (await shownSlots(page, label)) === expected;
      lags.push(same ? 'equal' : 'DIFFERENT');
    }
    converged = `${lags.join(', ')} (checked ${((Date.now() - doneAt) / 1000).toFixed(0)} s after)`;
  }
  for (const page of pages) await page.close();
  return { seconds, downloads: during.map(c => c.downloads), lookups: during.map(c => c.lookups), converged };
}

const backstage = await startBackstage({ production: values.production });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const context = await browser.newContext();
  const signIn = await context.newPage();
  await signIn.goto(`${APP}/deployments`);
  await signIn.getByRole('button', { name: 'Enter' }).click({ timeout: 120_000 });
  await signIn.getByText('Deployments').first().waitFor();
  await signIn.close();
  const pageCount = Number(values.pages);
  const single = events => postEach(events, 32);
  const rows = [
    ['single events, 32 at a time', 'no page open', await measure(context, 'a', single, 0)],
    ['single events, 32 at a time', `${pageCount} pages open`, await measure(context, 'b', single, pageCount)],
    ['POST /batch, 1,000 per request', 'no page open', await measure(context, 'c', postBatches, 0)],
    ['POST /batch, 1,000 per request', `${pageCount} pages open`, await measure(context, 'd', postBatches, pageCount)],
  ];
  console.log(`\nImport of ${services.toLocaleString()} new services × ${envs} environments (${(services * envs).toLocaleString()} events), ${values.production ? 'production build' : 'dev server'}\n`);
  console.log('| route | pages | import s | speed vs no page | matrix downloads per page (import + 5 s) | link lookups per page (import + 5 s) | pages vs a fresh page |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [i, [route, pages, r]] of rows.entries()) {
    const baseline = rows[i - (i % 2)][2].seconds;
    console.log(`| ${route} | ${pages} | ${r.seconds.toFixed(1)} | ${(baseline / r.seconds).toFixed(2)} | ${r.downloads.join(', ') || '—'} | ${r.lookups.join(', ') || '—'} | ${r.converged} |`);
  }
} finally {
  await browser.close();
  await backstage.stop();
}
