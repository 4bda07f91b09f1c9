import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  MetricsQuery,
  MetricsResponse,
} from '@deploydash/plugin-deployments-common';
import { deploymentsApiRef } from '../api/DeploymentsApi';
import { RefreshableResult, useRefreshable } from './useRefreshable';

/** Whose metrics, over which period; unset fields are left out of the request. */
export interface MetricsScope {
  /** One service ... */
  service?: string;
  /** ... or a team's services together: a Group entity ref. */
  team?: string;
  /** RFC 3339; the backend's default period without them. */
  from?: string;
  to?: string;
}

/**
 * DORA metrics of one service or one team, per day or week, over the
 * given period or the backend's default; loaded again whenever
 * `refreshKey` changes.
 */
export function useMetrics(
  scope: MetricsScope,
  bucket: MetricsResponse['bucket'],
  refreshKey?: string,
): RefreshableResult<MetricsResponse> {
  const api = useApi(deploymentsApiRef);
  const { service, team, from, to } = scope;
  const load = useCallback(
    (signal: AbortSignal) => {
      const query: MetricsQuery = { bucket };
      if (service !== undefined) query.service = service;
      if (team !== undefined) query.team = team;
      if (from !== undefined) query.from = from;
      if (to !== undefined) query.to = to;
      return api.getMetrics(query, { signal });
    },
    [api, service, team, from, to, bucket],
  );
  return useRefreshable(load, refreshKey);
}
