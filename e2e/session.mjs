// What every browser test file starts with: Backstage from this repository with
// the demo data, Debian's Chromium, one page at 1440 × 900, and guest sign-in.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { FRONTEND, ROOT, seedDemo, startBackstage } from './servers.mjs';
import { CHROMIUM_ARGS } from './chromium.mjs';

export const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? join(ROOT, 'docs', 'images');

/** Starts Backstage, seeds the demo and opens a page in a context of its own (tests may open more pages in it). */
export async function startSession() {
  const backstage = await startBackstage();
  await seedDemo();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    backstage,
    browser,
    page,
    async stop() {
      await browser.close();
      await backstage.stop();
    },
  };
}

/**
 * Opens a page, signing in as guest when the sign-in page shows; `ready` is a
 * test id of the page, so an already signed-in visit does not wait for a
 * sign-in button that never comes.
 */
export async function openSignedIn(page, path, ready) {
  await page.goto(`${FRONTEND}${path}`);
  const enter = page.getByRole('button', { name: 'Enter' });
  const shown = [enter.waitFor({ timeout: 20_000 }).then(() => 'sign-in')];
  if (ready) shown.push(page.getByTestId(ready).first().waitFor({ timeout: 20_000 }).then(() => 'ready'));
  const first = await Promise.race(shown).catch(() => 'neither');
  if (first === 'sign-in') await enter.click();
}
