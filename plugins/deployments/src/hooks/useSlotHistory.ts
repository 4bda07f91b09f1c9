import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { deploymentsApiRef } from '../api/DeploymentsApi';
import { UseHistorySearchResult } from './useHistorySearch';

const PAGE_SIZE = 50;

interface Loaded {
  /** The query these events answer: a new query never shows old answers. */
  key: string;
  events: DeploymentEvent[];
  next: string | null;
}

/**
 * Every event of one slot, voided ones included (`include_voided=true`),
 * newest first, page by page from `GET /api/deployments`. Loaded again from
 * the first page whenever `refreshKey` changes (a new event, a void).
 */
export function useSlotHistory(
  query: { service: string; environment: string },
  refreshKey?: string,
): UseHistorySearchResult {
  const api = useApi(deploymentsApiRef);
  const { service, environment } = query;
  const key = JSON.stringify([service, environment, refreshKey ?? null]);
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<{ key: string; error: Error }>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    api
      .getHistory(
        { service, environment, include_voided: true, limit: PAGE_SIZE },
        { signal: controller.signal },
      )
      .then(page => {
        if (controller.signal.aborted) return;
        setError(undefined);
        setLoaded({ key, events: page.items, next: page.next_cursor });
      })
      .catch(e => {
        if (!controller.signal.aborted) setError({ key, error: e });
      });
    return () => controller.abort();
  }, [api, service, environment, key, attempt]);

  const current = loaded?.key === key ? loaded : undefined;
  const currentError = error?.key === key ? error.error : undefined;
  const next = current?.next;

  const loadMore = useCallback(() => {
    if (!next || loadingMore) return;
    setLoadingMore(true);
    api
      .getHistory({
        service,
        environment,
        include_voided: true,
        limit: PAGE_SIZE,
        cursor: next,
      })
      .then(page =>
        setLoaded(prev =>
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
  }, [api, service, environment, key, next, loadingMore]);

  const retry = useCallback(() => {
    setError(undefined);
    if (current) loadMore();
    else setAttempt(n => n + 1);
  }, [current, loadMore]);

  return {
    events: current?.events ?? [],
    loading: !current && !currentError,
    error: currentError,
    hasMore: Boolean(next),
    loadingMore,
    loadMore,
    retry,
  };
}
