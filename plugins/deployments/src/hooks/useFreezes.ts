import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { FreezesQuery, FreezesResponse } from '@deploydash/plugin-deployments-common';
import { deploymentsApiRef } from '../api/DeploymentsApi';
import { RefreshableResult, useRefreshable } from './useRefreshable';

const SECOND = 1000;
/** Asked again at least this often: the configuration may change with a restart. */
const MAX_DELAY_MS = 5 * 60 * SECOND;
const MIN_DELAY_MS = 5 * SECOND;

/**
 * How long until the freezes should be asked for again: just after the next
 * window opens or closes, or in 5 minutes, whichever is sooner.
 */
export function nextFreezesRefresh(freezes: FreezesResponse | undefined, now: number): number {
  const boundaries = [
    ...(freezes?.active ?? []).map(w => Date.parse(w.end)),
    ...(freezes?.upcoming ?? []).map(w => Date.parse(w.start)),
  ].filter(t => t > now);
  const next = Math.min(...boundaries, now + MAX_DELAY_MS);
  return Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, next - now + SECOND));
}

/**
 * The active and upcoming freeze windows covering a service and/or an
 * environment (all when both are left out), kept current: loaded again
 * when a window opens or closes, and every 5 minutes.
 */
export function useFreezes(query: FreezesQuery = {}): RefreshableResult<FreezesResponse> {
  const api = useApi(deploymentsApiRef);
  const { service, environment } = query;
  const load = useCallback(
    (signal: AbortSignal) => api.getFreezes({ service, environment }, { signal }),
    [api, service, environment],
  );
  const [tick, setTick] = useState(0);
  const result = useRefreshable(load, String(tick));
  const { value } = result;
  useEffect(() => {
    const timer = setTimeout(() => setTick(t => t + 1), nextFreezesRefresh(value, Date.now()));
    return () => clearTimeout(timer);
  }, [value, tick]);
  return result;
}
