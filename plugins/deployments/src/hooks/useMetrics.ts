import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { MetricsResponse } from '@deploydash/plugin-deployments-common';
import { deploymentsApiRef } from '../api/DeploymentsApi';
import { RefreshableResult, useRefreshable } from './useRefreshable';

/**
 * DORA metrics of one service over the backend's default period, per day
 * or week; loaded again whenever `refreshKey` changes.
 */
export function useMetrics(
  service: string,
  bucket: MetricsResponse['bucket'],
  refreshKey?: string,
): RefreshableResult<MetricsResponse> {
  const api = useApi(deploymentsApiRef);
  const load = useCallback(
    (signal: AbortSignal) => api.getMetrics({ service, bucket }, { signal }),
    [api, service, bucket],
  );
  return useRefreshable(load, refreshKey);
}
