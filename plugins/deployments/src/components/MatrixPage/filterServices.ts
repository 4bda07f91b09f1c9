import { MatrixService } from '@deploydash/plugin-deployments-common';
import { MatrixFilters } from '../../hooks/useMatrixFilters';

/** Whether any slot of the row currently shows a failure. */
export function hasFailure(row: MatrixService): boolean {
  return Object.values(row.slots).some(s => s.current.status === 'failure');
}

/**
 * Applies the page filters. Returns the same row objects (never copies) so
 * memoised rows keep rendering from cache.
 */
export function filterServices(
  services: MatrixService[],
  filters: MatrixFilters,
  owners: ReadonlyMap<string, string>,
): MatrixService[] {
  const query = filters.query.trim().toLocaleLowerCase('en-US');
  if (!query && !filters.failuresOnly && !filters.owner) return services;
  return services.filter(row => {
    if (query && !row.service.toLocaleLowerCase('en-US').includes(query)) {
      return false;
    }
    if (filters.failuresOnly && !hasFailure(row)) return false;
    if (filters.owner) {
      const owner = row.entity_ref ? owners.get(row.entity_ref) : undefined;
      if (owner !== filters.owner) return false;
    }
    return true;
  });
}
