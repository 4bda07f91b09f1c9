import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  DeploymentEvent,
  HistoryQuery,
} from '@deploydash/plugin-deployments-common';
import { deploymentsApiRef } from '../api/DeploymentsApi';
import { sortNewestFirst } from '../state/groupByDeployment';

/** @public */
export interface UseDeploymentHistoryResult {
  items: DeploymentEvent[];
  loading: boolean;
  error?: Error;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  /** Repeats the request that failed: the newest page, or the next older one. */
  retry: () => void;
}

interface Loaded {
  items: DeploymentEvent[];
  /** Where the next older page starts; null when everything is loaded. */
  nextCursor: string | null;
  loaded: boolean;
}

const EMPTY: Loaded = { items: [], nextCursor: null, loaded: false };

/**
 * Pages through `GET /api/deployments` for one filter, newest first.
 * When `refreshKey` changes (e.g. the slot's current event changed) the
 * first page is fetched again and merged in, keeping the older pages
 * already loaded and their cursor.
 */
export function useDeploymentHistory(
  query: Pick<HistoryQuery, 'service' | 'environment'> & { limit?: number },
  refreshKey?: string,
): UseDeploymentHistoryResult {
  const api = useApi(deploymentsApiRef);
  const { service, environment, limit = 50 } = query;
  const [state, setState] = useState<Loaded>(EMPTY);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<Error>();
  // Which request failed, so a retry repeats that one.
  const [failed, setFailed] = useState<'first' | 'more'>();
  const [attempt, setAttempt] = useState(0);
  // Bumped on every filter change so late answers for an old filter are dropped.
  const generation = useRef(0);

  useEffect(() => {
    generation.current++;
    setState(EMPTY);
    setError(undefined);
    setFailed(undefined);
  }, [service, environment, limit]);

  useEffect(() => {
    const controller = new AbortController();
    const gen = generation.current;
    api
      .getHistory(
        { service, environment, limit },
        { signal: controller.signal },
      )
      .then(page => {
        if (controller.signal.aborted || gen !== generation.current) return;
        setState(prev => ({
          items: sortNewestFirst([...page.items, ...prev.items]),
          nextCursor: prev.loaded ? prev.nextCursor : page.next_cursor,
          loaded: true,
        }));
      })
      .catch(e => {
        if (controller.signal.aborted || gen !== generation.current) return;
        setError(e);
        setFailed('first');
      });
    return () => controller.abort();
  }, [api, service, environment, limit, refreshKey, attempt]);

  const { nextCursor } = state;
  const loadMore = useCallback(() => {
    if (!nextCursor || loadingMore) return;
    const gen = generation.current;
    setLoadingMore(true);
    api
      .getHistory({ service, environment, limit, cursor: nextCursor })
      .then(page => {
        if (gen !== generation.current) return;
        setState(prev => ({
          items: sortNewestFirst([...prev.items, ...page.items]),
          nextCursor: page.next_cursor,
          loaded: true,
        }));
      })
      .catch(e => {
        if (gen !== generation.current) return;
        setError(e);
        setFailed('more');
      })
      .finally(() => setLoadingMore(false));
  }, [api, service, environment, limit, nextCursor, loadingMore]);

  const retry = useCallback(() => {
    setError(undefined);
    setFailed(undefined);
    if (failed === 'more') loadMore();
    else setAttempt(n => n + 1);
  }, [failed, loadMore]);

  return {
    items: state.items,
    loading: !state.loaded && !error,
    error,
    hasMore: state.nextCursor !== null,
    loadingMore,
    loadMore,
    retry,
  };
}
