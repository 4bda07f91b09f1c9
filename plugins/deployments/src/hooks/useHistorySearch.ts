import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { deploymentsApiRef } from '../api/DeploymentsApi';
import { UseRunsResult } from './useRuns';

export interface HistorySearchQuery {
  service: string;
  environment?: string;
  /** Free text; empty searches nothing. */
  q: string;
}

/** Paged like the runs: `loading` is true until the first page for the current text (or its error) arrived. */
export interface UseHistorySearchResult extends Omit<UseRunsResult, 'runs'> {
  events: DeploymentEvent[];
}

const PAGE_SIZE = 50;

interface Found {
  /** The query these events answer: a new query never shows old answers. */
  key: string;
  events: DeploymentEvent[];
  next: string | null;
}

/**
 * The events of a service (and environment) matching free text, newest
 * first, page by page from `GET /api/deployments?q=`. A point-in-time
 * answer: it is not refreshed by live events (a new text searches again).
 */
export function useHistorySearch(
  query: HistorySearchQuery,
): UseHistorySearchResult {
  const api = useApi(deploymentsApiRef);
  const { service, environment, q } = query;
  const key = JSON.stringify([service, environment ?? null, q]);
  const [found, setFound] = useState<Found>();
  const [error, setError] = useState<{ key: string; error: Error }>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!q) return undefined;
    const controller = new AbortController();
    api
      .getHistory(
        { service, environment, q, limit: PAGE_SIZE },
        { signal: controller.signal },
      )
      .then(page => {
        if (controller.signal.aborted) return;
        setFound({ key, events: page.items, next: page.next_cursor });
      })
      .catch(e => {
        if (!controller.signal.aborted) setError({ key, error: e });
      });
    return () => controller.abort();
  }, [api, service, environment, q, key, attempt]);

  const current = found?.key === key ? found : undefined;
  const currentError = error?.key === key ? error.error : undefined;
  const next = current?.next;

  const loadMore = useCallback(() => {
    if (!next || loadingMore) return;
    setLoadingMore(true);
    api
      .getHistory({ service, environment, q, limit: PAGE_SIZE, cursor: next })
      .then(page =>
        setFound(prev =>
          prev?.key === key && prev.next === next
            ? {
                key,
                events: [...prev.events, ...page.items],
                next: page.next_cursor,
              }
            : prev,
        ),
      )
      .catch(e => setError({ key, error: e }))
      .finally(() => setLoadingMore(false));
  }, [api, service, environment, q, key, next, loadingMore]);

  const retry = useCallback(() => {
    setError(undefined);
    // A failed later page is asked again; else the first one.
    if (current) loadMore();
    else setAttempt(n => n + 1);
  }, [current, loadMore]);

  return {
    events: current?.events ?? [],
    loading: Boolean(q) && !current && !currentError,
    error: currentError,
    hasMore: Boolean(next),
    loadingMore,
    loadMore,
    retry,
  };
}
