import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  ActivityResponse,
  GroupInsightsResponse,
} from '@deploydash/plugin-deployments-common';
import { deploymentsApiRef } from '../api/DeploymentsApi';
import { RefreshableResult, useRefreshable } from './useRefreshable';

/** DORA per owning team or per system over the period, and the period before. */
export function useGroupInsights(
  groupBy: 'team' | 'system',
  from: string,
  to: string,
): RefreshableResult<GroupInsightsResponse> {
  const api = useApi(deploymentsApiRef);
  const load = useCallback(
    (signal: AbortSignal) =>
      api.getGroupInsights({ groupBy, from, to }, { signal }),
    [api, groupBy, from, to],
  );
  return useRefreshable(load);
}

/** Deploys by weekday × hour in `tz`, and run durations, over the period. */
export function useActivity(query: {
  from: string;
  to: string;
  tz: string;
  team?: string;
}): RefreshableResult<ActivityResponse> {
  const api = useApi(deploymentsApiRef);
  const { from, to, tz, team } = query;
  const load = useCallback(
    (signal: AbortSignal) =>
      api.getActivity(team ? { from, to, tz, team } : { from, to, tz }, {
        signal,
      }),
    [api, from, to, tz, team],
  );
  return useRefreshable(load);
}

/** The browser's IANA time zone (the heatmap's hours), UTC when unknown. */
export function browserTimeZone(): string {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
