import { MatrixService } from '@deploydash/plugin-deployments-common';

/** The filters the backend applies to `GET /matrix` (and frames mirror). */
export interface PageFilters {
  /** Service-name substring, trimmed, or '' for none. */
  q: string;
  /** Owner entity ref, or '' for none. */
  owner: string;
  /** Group entity ref whose services (its own and its child groups'), or '' for none. */
  team: string;
  failuresOnly: boolean;
}

export function pageFilters(filters?: {
  q?: string;
  owner?: string;
  team?: string;
  failuresOnly?: boolean;
}): PageFilters {
  return {
    q: filters?.q?.trim() ?? '',
    owner: filters?.owner?.trim() ?? '',
    team: filters?.team?.trim() ?? '',
    failuresOnly: !!filters?.failuresOnly,
  };
}

export function sameFilters(a: PageFilters, b: PageFilters): boolean {
  return (
    a.q === b.q &&
    a.owner === b.owner &&
    a.team === b.team &&
    a.failuresOnly === b.failuresOnly
  );
}

/**
 * Owner and team filters depend on the catalog: whether a service new to
 * the page belongs is known only once a lookup with them answers.
 */
export function hasCatalogFilter(filters: PageFilters): boolean {
  return !!filters.owner || !!filters.team;
}

/** The backend's `q`: a case-insensitive substring of the service name. */
export function matchesQuery(service: string, filters: PageFilters): boolean {
  return !filters.q || service.toLowerCase().includes(filters.q.toLowerCase());
}

/** The backend's `failures_only`: some slot's current event failed. */
export function hasFailure(row: MatrixService): boolean {
  for (const env in row.slots) {
    if (row.slots[env].current.status === 'failure') return true;
  }
  return false;
}

/**
 * The held rows a fresh load with these filters would return. `q` and
 * `owner` are settled before a row is held (a row never changes its name
 * or owner), but a frame can fix or break a slot, so `failuresOnly` is
 * applied here; the row stays held (hidden), ready for its next failure.
 */
export function visibleRows(
  services: MatrixService[],
  filters: PageFilters,
): MatrixService[] {
  return filters.failuresOnly ? services.filter(hasFailure) : services;
}
