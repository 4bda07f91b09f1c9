import { DeploymentRun, RunsPage } from '@deploydash/plugin-deployments-common';
import { compareIds } from './eventOrder';

/**
 * The runs loaded so far for one filter, newest started first.
 *
 * A runs cursor carries its walk's watermark: later pages read the log as
 * it was when the walk's first page was read. So a cursor is only ever
 * taken from the latest first-page read, never kept across a reload —
 * an older cursor would bring back runs as they were before the reload
 * (a finished run still running).
 */
export interface LoadedRuns {
  items: DeploymentRun[];
  /** Runs a reload read past the ones shown: the next "load more", at once. */
  pending: DeploymentRun[];
  /** Where the next older page starts (after `pending`); null at the end. */
  nextCursor: string | null;
  loaded: boolean;
}

export const NO_RUNS: LoadedRuns = {
  items: [],
  pending: [],
  nextCursor: null,
  loaded: false,
};

/** The backend's largest page of runs. */
export const MAX_RUNS_LIMIT = 200;

/** What makes a run one run: its deployment id in its slot. */
export function runKey(run: DeploymentRun): string {
  return JSON.stringify([run.deployment_id, run.service, run.environment]);
}

function latestEventId(run: DeploymentRun): string {
  return run.events[run.events.length - 1]?.id ?? '';
}

/** Of two copies of one run, the one that has seen the later event. */
function fresher(a: DeploymentRun, b: DeploymentRun): DeploymentRun {
  return compareIds(latestEventId(b), latestEventId(a)) > 0 ? b : a;
}

export function hasMoreRuns(state: LoadedRuns): boolean {
  return state.pending.length > 0 || state.nextCursor !== null;
}

/**
 * How many runs to ask for when reloading the first page: everything on
 * screen plus room for new runs, so every run shown — however far down —
 * comes back with its latest status.
 */
export function refreshLimit(prev: LoadedRuns, pageSize: number): number {
  const wanted = prev.loaded ? prev.items.length + pageSize : pageSize;
  return Math.min(MAX_RUNS_LIMIT, Math.max(1, wanted));
}

/**
 * Folds a (re)loaded first page into what was shown. The page replaces the
 * runs down to the oldest one shown — new runs come on top, nothing shown
 * before goes away (unless the backend dropped it); what the page read past
 * that is kept for the next "load more", and its cursor is the new one.
 */
export function mergeFirstPage(prev: LoadedRuns, page: RunsPage): LoadedRuns {
  const oldest = prev.items[prev.items.length - 1];
  let shown = page.items.length;
  if (prev.loaded && oldest) {
    const oldestKey = runKey(oldest);
    const at = page.items.findIndex(run => runKey(run) === oldestKey);
    // Not found: more new runs than the page had room for, or it is gone.
    shown = at >= 0 ? at + 1 : Math.min(prev.items.length, page.items.length);
  }
  return {
    items: page.items.slice(0, shown),
    pending: page.items.slice(shown),
    nextCursor: page.next_cursor,
    loaded: true,
  };
}

/** Appends an older page; a run already shown keeps its fresher copy. */
export function appendOlderPage(prev: LoadedRuns, page: RunsPage): LoadedRuns {
  const shown = new Map(prev.items.map(run => [runKey(run), run]));
  const older: DeploymentRun[] = [];
  for (const run of page.items) {
    const key = runKey(run);
    const known = shown.get(key);
    if (known) shown.set(key, fresher(known, run));
    else older.push(run);
  }
  return {
    items: [...shown.values(), ...older],
    pending: [],
    nextCursor: page.next_cursor,
    loaded: true,
  };
}

/** Shows the runs a reload read ahead, as the next older page. */
export function showPending(prev: LoadedRuns): LoadedRuns {
  return appendOlderPage(prev, {
    items: prev.pending,
    next_cursor: prev.nextCursor,
  });
}
