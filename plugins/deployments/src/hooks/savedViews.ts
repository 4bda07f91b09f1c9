/**
 * Saved views of the matrix: the columns with the filters, under a name.
 * Pure functions; useSavedViews keeps them in the StorageApi.
 */
import { COLUMNS_PARAM } from './columnsParam';

/** Where the views are kept in Backstage's StorageApi. */
export const VIEWS_BUCKET = 'deployments';
export const VIEWS_KEY = 'savedViews';
/** The most views a person keeps. */
export const MAX_VIEWS = 50;
/** The longest name, in characters. */
export const MAX_NAME_LENGTH = 60;

/**
 * One saved view, as stored: the search params it sets. (A type, not an
 * interface: the StorageApi takes JSON values.)
 */
export type SavedView = {
  name: string;
  /** The `columns` param ('' for the matrix's own columns). */
  columns: string;
  /** Search text (`q`). */
  q: string;
  /** Owner entity ref (`owner`). */
  owner: string;
  /** Failures only (`failures=1`). */
  failures: boolean;
};

/** The search params a view sets; the others (an open drawer) stay. */
const VIEW_PARAMS = [COLUMNS_PARAM, 'q', 'owner', 'failures'] as const;

const length = (text: string) => [...text].length;

/** What is wrong with a name (trimmed first), or undefined. */
export function viewNameProblem(name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return 'Give the view a name.';
  if (length(trimmed) > MAX_NAME_LENGTH) {
    return `At most ${MAX_NAME_LENGTH} characters (this has ${length(
      trimmed,
    )}).`;
  }
  return undefined;
}

const optional = <T>(value: unknown, type: string, fallback: T) =>
  value === undefined || typeof value === type ? value ?? fallback : null;

function parseView(value: unknown): SavedView | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const entry = value as Record<string, unknown>;
  if (typeof entry.name !== 'string' || viewNameProblem(entry.name)) {
    return undefined;
  }
  const columns = optional(entry.columns, 'string', '');
  const q = optional(entry.q, 'string', '');
  const owner = optional(entry.owner, 'string', '');
  const failures = optional(entry.failures, 'boolean', false);
  if (columns === null || q === null || owner === null || failures === null) {
    return undefined;
  }
  return {
    name: entry.name.trim(),
    columns: columns as string,
    q: q as string,
    owner: owner as string,
    failures: failures as boolean,
  };
}

/**
 * The views in what the StorageApi holds: malformed entries (and repeats of
 * a name, and any beyond {@link MAX_VIEWS}) are left out.
 */
export function parseSavedViews(value: unknown): SavedView[] {
  if (!Array.isArray(value)) return [];
  const views: SavedView[] = [];
  const names = new Set<string>();
  for (const item of value) {
    const view = parseView(item);
    if (view && !names.has(view.name) && views.length < MAX_VIEWS) {
      names.add(view.name);
      views.push(view);
    }
  }
  return views;
}

/** The view named `name` (trimmed), if there is one. */
export function findView(
  views: readonly SavedView[],
  name: string,
): SavedView | undefined {
  const wanted = name.trim();
  return views.find(v => v.name === wanted);
}

/**
 * The views with `view` saved: a view of the same name replaced in its
 * place, else added at the end — undefined when that would make more than
 * {@link MAX_VIEWS}.
 */
export function putView(
  views: readonly SavedView[],
  view: SavedView,
): SavedView[] | undefined {
  const saved = { ...view, name: view.name.trim() };
  if (findView(views, saved.name)) {
    return views.map(v => (v.name === saved.name ? saved : v));
  }
  if (views.length >= MAX_VIEWS) return undefined;
  return [...views, saved];
}

/** The views without the one named `name`. */
export function removeView(
  views: readonly SavedView[],
  name: string,
): SavedView[] {
  return views.filter(v => v.name !== name);
}

/** The view the search params show, named `name`. */
export function viewOfParams(params: URLSearchParams, name: string): SavedView {
  return {
    name: name.trim(),
    columns: params.get(COLUMNS_PARAM) ?? '',
    q: params.get('q') ?? '',
    owner: params.get('owner') ?? '',
    failures: params.get('failures') === '1',
  };
}

/** The search params with the view's set (others, like an open drawer, kept). */
export function paramsWithView(
  params: URLSearchParams,
  view?: Omit<SavedView, 'name'>,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of VIEW_PARAMS) next.delete(key);
  if (view?.columns) next.set(COLUMNS_PARAM, view.columns);
  if (view?.q) next.set('q', view.q);
  if (view?.owner) next.set('owner', view.owner);
  if (view?.failures) next.set('failures', '1');
  return next;
}

/** Whether the search params show exactly this view. */
export function showsView(params: URLSearchParams, view: SavedView): boolean {
  const shown = viewOfParams(params, view.name);
  return (
    shown.columns === view.columns &&
    shown.q === view.q &&
    shown.owner === view.owner &&
    shown.failures === view.failures
  );
}
