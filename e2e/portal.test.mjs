// End-to-end for the pieces that live in the rest of the portal (issue 16):
// the notifications bell, the entity overview card, the team tab on Group
// entities, the organisation insights page. The real app and backend, demo
// data through the real API, Debian's Chromium driven by playwright-core.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { API_KEY, BACKEND, FRONTEND, ROOT, guestToken, seedDemo, startBackstage } from './servers.mjs';
import { CHROMIUM_ARGS } from './chromium.mjs';

const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? join(ROOT, 'docs', 'images');

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
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await backstage?.stop();
});

/** Opens a page, signing in as guest when the sign-in page shows. */
async function openSignedIn(path, ready) {
  await page.goto(`${FRONTEND}${path}`);
  const enter = page.getByRole('button', { name: 'Enter' });
  const shown = [enter.waitFor({ timeout: 20_000 }).then(() => 'sign-in')];
  if (ready) shown.push(page.getByTestId(ready).first().waitFor({ timeout: 20_000 }).then(() => 'ready'));
  const first = await Promise.race(shown).catch(() => 'neither');
  if (first === 'sign-in') await enter.click();
}

/** Posts one event through the ingest API with the e2e key. */
async function postEvent(event) {
  const res = await fetch(`${BACKEND}/api/deployments`, {
    method: 'POST',
    headers: { 'X-Api-Key': API_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify(event),
  });
  assert.equal(res.status, 201, await res.text());
  return res.json();
}

// Keep the imports used until every piece has its test.
void assert; void guestToken; void openSignedIn; void postEvent;

// ---- tests for each piece follow, one block per piece ----
