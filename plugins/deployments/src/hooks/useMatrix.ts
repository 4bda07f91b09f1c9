import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { configApiRef, useApi, useApiHolder } from '@backstage/core-plugin-api';
import {
  DeploymentEvent,
  MatrixResponse,
} from '@deploydash/plugin-deployments-common';
import { deploymentsApiRef } from '../api/DeploymentsApi';
import { pageFilters } from '../state/pageFilters';
import { MatrixFeed, MatrixFeedView } from './matrixFeed';
import { LiveStatus } from './streamLoop';

export type { LiveStatus } from './streamLoop';

/** Filters the backend applies to the matrix (frames are filtered alike). */
export interface MatrixServerFilters {
  /** Case-insensitive substring of the service name. */
  q?: string;
  /** Only services whose catalog entity this entity ref owns. */
  owner?: string;
  /** Only services owned by this Group entity ref or a group below it. */
  team?: string;
  /** Only services with a slot whose current event is a failure. */
  failuresOnly?: boolean;
}

export interface UseMatrixOptions {
  /** One service only (the entity tab): its row, no paging. */
  service?: string;
  /** Changing them restarts from the first page. */
  filters?: MatrixServerFilters;
  /** Services per page; default 200. */
  pageSize?: number;
  /** Default: 'summary' without `service`, 'full' with one. */
  view?: 'summary' | 'full';
}

export interface UseMatrixResult {
  /**
   * `environments`: every environment with data, in the backend's order;
   * `services`: the rows loaded so far that match the filters, in
   * code-point order. Undefined until the first page of the current
   * filters has loaded.
   */
  matrix?: MatrixResponse;
  loading: boolean;
  /** The failure of the load being retried; cleared once one lands. */
  error?: Error;
  status: LiveStatus;
  /** More pages on the server. */
  hasMore: boolean;
  loadingMore: boolean;
  /** Fetches the next page; a no-op while one is in flight or none is left. */
  loadMore(): void;
  /** Fetches again now, e.g. from a Retry button (it also retries by itself). */
  retry(): void;
  /** The page knows it is more than ~3 s behind (see state/behind.ts). */
  behind: boolean;
  /**
   * Calls `listener` with every batch of events the stream brings, also
   * those that change no slot (see useEventKey); returns the unsubscribe.
   */
  subscribe(listener: EventsListener): () => void;
}

/** Receives the events of one stream batch. */
export type EventsListener = (events: readonly DeploymentEvent[]) => void;

const INITIAL: MatrixFeedView = {
  loading: true,
  status: 'connecting',
  hasMore: false,
  loadingMore: false,
  behind: false,
};

const DEFAULT_PAGE_SIZE = 200;

/**
 * The deployment matrix, kept live: loads a page of rows, follows the
 * stream and folds every frame in — bursts once per animation frame, new
 * rows and columns in place, their catalog links looked up in batches —
 * and re-fetches only when the stream cannot replay what was missed.
 */
export function useMatrix(options: UseMatrixOptions = {}): UseMatrixResult {
  const api = useApi(deploymentsApiRef);
  // Optional: the column order falls back to the backend's rule alone.
  const configApi = useApiHolder().get(configApiRef);
  const { service, pageSize = DEFAULT_PAGE_SIZE } = options;
  const view = options.view ?? (service === undefined ? 'summary' : 'full');
  const { q, owner, team, failuresOnly } = options.filters ?? {};
  const filters = useMemo(
    () => pageFilters({ q, owner, team, failuresOnly }),
    [q, owner, team, failuresOnly],
  );
  const orderKey = (
    configApi?.getOptionalStringArray('deployments.environments.order') ?? []
  ).join('\n');

  const [state, setState] = useState<MatrixFeedView>(INITIAL);
  const feedRef = useRef<MatrixFeed>();
  // Outlive the feeds: a listener stays subscribed when the feed restarts.
  const listeners = useRef(new Set<EventsListener>());
  // Read when a feed starts; later changes go through setFilters.
  const filtersRef = useRef(filters);
  filtersRef.current = filters;

  useEffect(() => {
    const feed = new MatrixFeed({
      api,
      service,
      view,
      pageSize,
      environmentOrder: orderKey ? orderKey.split('\n') : [],
      filters: filtersRef.current,
      onChange: setState,
      onEvents: events => listeners.current.forEach(l => l(events)),
    });
    feedRef.current = feed;
    setState(INITIAL);
    feed.start();
    return () => {
      feed.stop();
      feedRef.current = undefined;
    };
  }, [api, service, view, pageSize, orderKey]);

  useEffect(() => {
    feedRef.current?.setFilters(filters);
  }, [filters]);

  const loadMore = useCallback(() => feedRef.current?.loadMore(), []);
  const retry = useCallback(() => feedRef.current?.retry(), []);
  const subscribe = useCallback((listener: EventsListener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  return { ...state, loadMore, retry, subscribe };
}
