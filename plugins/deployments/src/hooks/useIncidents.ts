import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { IncidentsResponse } from '@deploydash/plugin-deployments-common';
import { deploymentsApiRef } from '../api/DeploymentsApi';
import { RefreshableResult, useRefreshable } from './useRefreshable';

/**
 * The service's incidents of the last 90 days (the backend's default
 * period), newest opening first, at most `limit`; loaded again whenever
 * `refreshKey` changes.
 */
export function useIncidents(
  service: string,
  refreshKey?: string,
  limit = 20,
): RefreshableResult<IncidentsResponse> {
  const api = useApi(deploymentsApiRef);
  const load = useCallback(
    (signal: AbortSignal) => api.getIncidents({ service, limit }, { signal }),
    [api, service, limit],
  );
  return useRefreshable(load, refreshKey);
}
