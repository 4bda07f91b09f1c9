import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { DeploymentRun } from '@deploydash/plugin-deployments-common';
import { deploymentsApiRef } from '../api/DeploymentsApi';
import {
  LoadedRuns,
  NO_RUNS,
  appendOlderPage,
  hasMoreRuns,
  mergeFirstPage,
  refreshLimit,
  showPending,
} from '../state/runPages';

export interface UseRunsResult {
  runs: DeploymentRun[];
  /** True until the first page (or its error) arrived. */
  loading: boolean;
  error?: Error;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  /** Repeats the request that failed: the newest page, or the next older one. */
  retry: () => void;
}

/**
 * Pages through `GET /api/deployments/runs` for one service (and
 * environment), newest first, `limit` runs a page. When `refreshKey`
 * changes (a new event arrived) every run on screen is loaded again —
 * their status, duration and events change as events come in — in one
 * request that also reads ahead the next older page (see runPages).
 */
export function useRuns(
  query: { service: string; environment?: string; limit?: number },
  refreshKey?: string,
): UseRunsResult {
  const api = useApi(deploymentsApiRef);
  const { service, environment, limit = 20 } = query;
  const [state, setState] = useState<LoadedRuns>(NO_RUNS);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<Error>();
  // Which request failed, so a retry repeats that one.
  const [failed, setFailed] = useState<'first' | 'more'>();
  const [attempt, setAttempt] = useState(0);
  // Bumped on every filter change so late answers for an old filter are dropped.
  const generation = useRef(0);
  // What is loaded now, for sizing a reload without re-running effects.
  const loadedRef = useRef(state);
  loadedRef.current = state;

  useEffect(() => {
    generation.current++;
    loadedRef.current = NO_RUNS;
    setState(NO_RUNS);
    setError(undefined);
    setFailed(undefined);
  }, [service, environment, limit]);

  useEffect(() => {
    const controller = new AbortController();
    const gen = generation.current;
    api
      .getRuns(
        {
          service,
          environment,
          limit: refreshLimit(loadedRef.current, limit),
        },
        { signal: controller.signal },
      )
      .then(page => {
        if (controller.signal.aborted || gen !== generation.current) return;
        setState(prev => mergeFirstPage(prev, page));
        // A reload that worked clears an earlier failure.
        setError(undefined);
        setFailed(undefined);
      })
      .catch(e => {
        if (controller.signal.aborted || gen !== generation.current) return;
        setError(e);
        setFailed('first');
      });
    return () => controller.abort();
  }, [api, service, environment, limit, refreshKey, attempt]);

  const { nextCursor } = state;
  const hasPending = state.pending.length > 0;
  const loadMore = useCallback(() => {
    if (hasPending) {
      setState(showPending);
      return;
    }
    if (!nextCursor || loadingMore) return;
    const gen = generation.current;
    setLoadingMore(true);
    api
      .getRuns({ service, environment, limit, cursor: nextCursor })
      .then(page => {
        if (gen !== generation.current) return;
        // A reload meanwhile started a new walk: this page is of the old one.
        setState(prev =>
          prev.nextCursor === nextCursor ? appendOlderPage(prev, page) : prev,
        );
      })
      .catch(e => {
        if (gen !== generation.current) return;
        setError(e);
        setFailed('more');
      })
      .finally(() => setLoadingMore(false));
  }, [api, service, environment, limit, nextCursor, loadingMore, hasPending]);

  const retry = useCallback(() => {
    setError(undefined);
    setFailed(undefined);
    if (failed === 'more') loadMore();
    else setAttempt(n => n + 1);
  }, [failed, loadMore]);

  return {
    runs: state.items,
    loading: !state.loaded && !error,
    error,
    hasMore: hasMoreRuns(state),
    loadingMore,
    loadMore,
    retry,
  };
}
