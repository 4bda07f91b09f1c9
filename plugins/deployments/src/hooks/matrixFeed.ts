import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { behindState } from '../state/behind';
import { PageFilters, sameFilters } from '../state/pageFilters';
import { createFrameBuffer, FrameBuffer } from './frameBuffer';
import { childController } from './retry';
import { MatrixSource, RowLoader } from './rowLoader';
import { LiveStatus, runStreamLoop } from './streamLoop';
import type { UseMatrixResult } from './useMatrix';

/** Everything the page renders from; a new object only when it changed. */
export type MatrixFeedView = Omit<
  UseMatrixResult,
  'loadMore' | 'retry' | 'subscribe'
>;

export interface MatrixFeedOptions extends MatrixSource {
  filters: PageFilters;
  onChange(view: MatrixFeedView): void;
  /**
   * Every event the stream brought (and every voided one), whether or not
   * it changed a slot: a run can finish without becoming its slot's current
   * event, and what lists runs must still reload.
   */
  onEvents?(events: readonly DeploymentEvent[]): void;
  now?: () => number;
}

const KEYS: Array<keyof MatrixFeedView> = [
  'matrix',
  'loading',
  'error',
  'status',
  'hasMore',
  'loadingMore',
  'behind',
];

/**
 * The live matrix of one page: one stream for the page's life, frames
 * buffered and applied once per animation frame, and a RowLoader per set
 * of filters. The stream opens first and the rows load once it is open,
 * so every event is either in the loaded rows or in a frame; the rows
 * are re-fetched only when the stream cannot replay a gap (see onGap).
 */
export class MatrixFeed {
  private readonly life = new AbortController();
  private readonly buffer: FrameBuffer<DeploymentEvent>;
  private readonly now: () => number;
  private loader!: RowLoader;
  private loaderRun!: AbortController;
  private filters: PageFilters;
  private status: LiveStatus = 'connecting';
  /** The next stream open must re-fetch the rows. */
  private needsSync = true;
  /** Since when shown rows have been waiting for a re-sync. */
  private resyncSince?: number;
  private gaps = 0;
  /** Why the stream failed while nothing is loaded. */
  private streamError?: Error;
  private view?: MatrixFeedView;
  private behindTimer?: ReturnType<typeof setTimeout>;

  constructor(private readonly options: MatrixFeedOptions) {
    this.now = options.now ?? Date.now;
    this.filters = options.filters;
    this.buffer = createFrameBuffer(events => {
      this.loader.apply(events);
      this.emit();
      options.onEvents?.(events);
    });
    this.replaceLoader();
  }

  start(): void {
    const { api, service } = this.options;
    runStreamLoop({
      api,
      service,
      signal: this.life.signal,
      onStatus: status => {
        this.status = status;
        this.emit();
      },
      onOpen: () => {
        this.streamError = undefined;
        if (this.needsSync) {
          this.needsSync = false;
          this.sync();
        }
      },
      onEvent: event => this.buffer.push(event),
      // At once, not buffered: the loader also drops the event from frames still buffered.
      onVoid: event => {
        this.loader.voided(event);
        this.emit();
        this.options.onEvents?.([event]);
      },
      onGap: () => {
        this.needsSync = true;
        this.gaps++;
        if (this.loader.loaded) this.resyncSince ??= this.now();
      },
      onDrop: (error, opened) => {
        // No stream yet: show the rows anyway (the next open re-syncs).
        if (!opened && error && !this.loader.loaded) {
          this.streamError = error;
          if (!this.loader.syncing) this.sync();
        }
      },
    });
    this.emit();
  }

  stop(): void {
    this.life.abort();
    this.buffer.dispose();
    clearTimeout(this.behindTimer);
  }

  /** New filters restart from the first page; the stream stays. */
  setFilters(filters: PageFilters): void {
    if (sameFilters(filters, this.filters)) return;
    this.filters = filters;
    this.replaceLoader();
    // At once, even while the stream is down: should it reopen without a
    // cursor, that open re-syncs (needsSync) as it would anyway.
    this.sync();
    this.emit();
  }

  loadMore(): void {
    this.loader.loadMore();
  }

  /**
   * The Retry button: fetches again now instead of after the backoff's
   * wait (the rows already shown stay until the answer replaces them).
   */
  retry(): void {
    this.sync();
    this.emit();
  }

  private replaceLoader(): void {
    this.loaderRun?.abort();
    this.loaderRun = childController(this.life.signal);
    this.resyncSince = undefined;
    this.loader = new RowLoader({
      ...this.options,
      filters: this.filters,
      signal: this.loaderRun.signal,
      onChange: () => this.emit(),
      now: this.now,
    });
  }

  private sync(): void {
    const loader = this.loader;
    const gaps = this.gaps;
    loader.sync().then(landed => {
      if (!landed || loader !== this.loader) return;
      // A gap seen after this sync began still needs the next one.
      if (gaps === this.gaps) this.resyncSince = undefined;
      this.emit();
    });
  }

  private emit(): void {
    if (this.life.signal.aborted) return;
    const loader = this.loader;
    clearTimeout(this.behindTimer);
    const { behind, recheckInMs } = behindState(this.now(), [
      loader.loaded ? this.resyncSince : undefined,
      loader.lookups.oldestPendingSince,
    ]);
    if (recheckInMs !== undefined) {
      this.behindTimer = setTimeout(() => this.emit(), recheckInMs);
    }
    const error =
      loader.error ?? (loader.loaded ? undefined : this.streamError);
    const next: MatrixFeedView = {
      matrix: loader.matrix,
      loading: !loader.loaded && !error,
      error,
      status: this.status,
      hasMore: loader.hasMore,
      loadingMore: loader.loadingMore,
      behind,
    };
    const previous = this.view;
    if (previous && KEYS.every(key => previous[key] === next[key])) return;
    this.view = next;
    this.options.onChange(next);
  }
}
