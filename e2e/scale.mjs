// Helpers of the large-organisation browser tests: posting many events
// quickly, walking a virtualized matrix from top to bottom, and counting the
// matrix requests a page makes.
import { API_KEY, BACKEND } from './servers.mjs';

/** Posts events through `POST /api/deployments/batch`, 1,000 at a time. */
export async function postBatches(events) {
  for (let start = 0; start < events.length; start += 1000) {
    const res = await fetch(`${BACKEND}/api/deployments/batch`, {
      method: 'POST',
      headers: { 'X-Api-Key': API_KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify({ events: events.slice(start, start + 1000) }),
    });
    if (res.status !== 201) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
  }
}

/** Posts events one request each, `concurrency` at a time, as many pipelines would. */
export async function postEach(events, concurrency = 16) {
  let next = 0;
  const worker = async () => {
    while (next < events.length) {
      const event = events[next++];
      const res = await fetch(`${BACKEND}/api/deployments`, {
        method: 'POST',
        headers: { 'X-Api-Key': API_KEY, 'Content-Type': 'application/json' },
        body: JSON.stringify(event),
      });
      if (res.status !== 201) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * Counts a page's matrix requests from now on: `downloads` read rows by
 * page or in full, `lookups` ask for named services only (`?service=`).
 */
export function countMatrixRequests(page) {
  const counts = { downloads: 0, lookups: 0 };
  page.on('request', request => {
    const url = new URL(request.url());
    if (!url.pathname.endsWith('/api/deployments/matrix')) return;
    if (url.searchParams.has('service')) counts.lookups += 1;
    else counts.downloads += 1;
  });
  return counts;
}

/** Scrolls the matrix's scroll container to `to` ('top', 'bottom' or a pixel offset). */
export async function scrollMatrix(page, to) {
  return page.evaluate(target => {
    const table = document.querySelector('[data-testid="deployments-matrix"]');
    let box = table;
    while (box && !(box.scrollHeight > box.clientHeight && getComputedStyle(box).overflowY !== 'visible')) {
      box = box.parentElement;
    }
    if (!box) return { top: 0, height: 0, max: 0 };
    if (target === 'top') box.scrollTop = 0;
    else if (target === 'bottom') box.scrollTop = box.scrollHeight;
    else box.scrollTop = target;
    return { top: box.scrollTop, height: box.clientHeight, max: box.scrollHeight - box.clientHeight };
  }, to);
}

/** The slots rendered right now: `service|environment` → status and shown version. */
function renderedSlots(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="deployment-slot"]')].map(el => [
      `${el.getAttribute('data-service')}|${el.getAttribute('data-environment')}`,
      `${el.getAttribute('data-status')} ${el.querySelector('[data-testid="slot-version"]')?.textContent ?? ''}`,
    ]),
  );
}

/**
 * Walks the matrix from the top to the end one screen at a time (rows are
 * virtualized, so only a window is in the DOM), until the last row stays the
 * same and no page of rows is loading. Returns every slot seen.
 */
export async function walkMatrix(page) {
  const slots = new Map();
  // A background tab gets no animation frames: rows would not follow the scroll.
  await page.bringToFront();
  const settled = () => page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
  let position = await scrollMatrix(page, 'top');
  let stableAtEnd = 0;
  for (let step = 0; step < 5000 && stableAtEnd < 3; step++) {
    await settled();
    await page.waitForTimeout(30);
    for (const [key, value] of await renderedSlots(page)) slots.set(key, value);
    const atEnd = position.top >= position.max - 1;
    const loading = (await page.getByTestId('matrix-loading-more').count()) > 0;
    stableAtEnd = atEnd && !loading ? stableAtEnd + 1 : 0;
    position = await scrollMatrix(page, position.top + Math.max(position.height - 60, 60));
  }
  return slots;
}

/** The distinct services among `slots` keys, sorted as the server sorts them. */
export function servicesOf(slots) {
  return [...new Set([...slots.keys()].map(k => k.split('|')[0]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
