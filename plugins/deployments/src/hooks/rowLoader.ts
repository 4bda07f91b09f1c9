import {
  compareCodePoints,
  DeploymentEvent,
  MatrixEnvironmentGroup,
  MatrixResponse,
  MatrixService,
} from '@deploydash/plugin-deployments-common';
import { DeploymentsApi, MatrixQuery } from '../api/DeploymentsApi';
import { FrameJournal } from '../state/frameJournal';
import { applyFrames } from '../state/matrixReducer';
import { MatrixRows, NO_ROWS } from '../state/matrixRows';
import { joinRows, replaceRows } from '../state/mergeRows';
import {
  hasCatalogFilter,
  matchesQuery,
  PageFilters,
  visibleRows,
} from '../state/pageFilters';
import { toSummaryEvent } from '../state/summaryEvent';
import { replaceRow, servicesShowing } from '../state/voidedEvents';
import { LookupBatcher } from './lookupBatcher';
import { childController, retryUntilDone } from './retry';

/** The most services one `GET /matrix` page may ask for. */
const MAX_LIMIT = 1_000;

/** Where a page's rows come from and how they are asked for. */
export interface MatrixSource {
  api: DeploymentsApi;
  /** One service's row only (the entity tab): no paging. */
  service?: string;
  view: 'summary' | 'full';
  pageSize: number;
  /** `deployments.environments.order`, for placing new columns. */
  environmentOrder: string[];
}

export interface RowLoaderOptions extends MatrixSource {
  filters: PageFilters;
  /** The loader's life: one set of filters. */
  signal: AbortSignal;
  /** Rows, paging or errors changed after a fetch landed. */
  onChange(): void;
  now: () => number;
}

/** A fetch's answer and its journal mark (see FrameJournal). */
interface Marked {
  response: MatrixResponse;
  mark: number;
}

function lastService(services: MatrixService[]): string | undefined {
  return services[services.length - 1]?.service;
}

/**
 * The rows of one set of filters: the pages loaded so far, the frames
 * folded into them, and the catalog lookups of services frames introduced.
 * Every fetch is retried with backoff until it lands; a filter change
 * replaces the whole loader (its signal aborts what is in flight).
 */
export class RowLoader {
  rows: MatrixRows = NO_ROWS;
  loaded = false;
  loadingMore = false;
  /** The failure of the fetch being retried, if any. */
  error?: Error;
  /** The last service of the pages loaded: rows up to it are all held. */
  private through?: string;
  private nextCursor: string | null = null;
  private syncRun?: AbortController;
  private moreRun?: AbortController;
  private readonly journal = new FrameJournal();
  readonly lookups: LookupBatcher<Marked>;
  /** Services an owner- or team-filtered lookup did not return: not theirs. */
  private readonly excluded = new Set<string>();
  /** Catalog links learnt from lookups, for rows frames re-create. */
  private readonly links = new Map<string, string | null>();
  private shown?: {
    rows: MatrixRows;
    groups: MatrixEnvironmentGroup[];
    matrix: MatrixResponse;
  };
  /** `environment_groups` of the latest answer: the same array while equal. */
  private groups: MatrixEnvironmentGroup[] = [];
  /** Ids of events voided while this loader lives: never shown again. */
  private readonly voidedIds = new Set<string>();
  /** Services whose row is being fetched again after a void. */
  private readonly refetching = new Set<string>();

  constructor(private readonly options: RowLoaderOptions) {
    this.lookups = new LookupBatcher<Marked>({
      signal: options.signal,
      now: options.now,
      lookup: (services, signal) =>
        this.fetchMarked(this.lookupQuery(services), signal),
      onResult: (services, result) => this.lookedUp(services, result),
      onPendingChange: options.onChange,
    });
  }

  get hasMore(): boolean {
    return this.loaded && this.nextCursor !== null;
  }

  get syncing(): boolean {
    return this.syncRun !== undefined;
  }

  /** What the page shows: held rows that match the filters. */
  get matrix(): MatrixResponse | undefined {
    if (!this.loaded) return undefined;
    if (this.shown?.rows !== this.rows || this.shown.groups !== this.groups) {
      const { environments, services } = this.rows;
      const visible = visibleRows(services, this.options.filters);
      this.shown = {
        rows: this.rows,
        groups: this.groups,
        matrix: {
          environments,
          environment_groups: this.groups,
          services: visible,
        },
      };
    }
    return this.shown.matrix;
  }

  /** A burst of frames; `record` is false for ones replayed from the journal. */
  apply(frames: readonly DeploymentEvent[], record = true): void {
    // A voided event's frame (buffered, or replayed from the journal) never shows.
    const events = this.voidedIds.size
      ? frames.filter(e => !this.voidedIds.has(e.id))
      : frames;
    if (record) this.journal.record(events);
    if (!this.loaded || !events.length) return;
    const { rows, inserted } = applyFrames(this.rows, events, {
      environmentOrder: this.options.environmentOrder,
      canInsert: event => this.canInsert(event),
      entityRefOf: service => this.links.get(service),
      slotEvent: this.options.view === 'summary' ? toSummaryEvent : undefined,
    });
    this.rows = rows;
    // Their catalog link (and authoritative slots) come from a lookup.
    for (const service of inserted) this.lookups.add(service);
  }

  /**
   * Loads the first page, or (once loaded) re-fetches everything loaded so
   * far and replaces the rows with it. Resolves true once applied, false
   * when superseded.
   */
  async sync(): Promise<boolean> {
    this.syncRun?.abort();
    this.stopLoadMore();
    const run = childController(this.options.signal);
    this.syncRun = run;
    let upTo: string | null | undefined;
    if (this.loaded) upTo = this.nextCursor === null ? null : this.through;
    const result = await retryUntilDone(
      signal => this.fetchRange(upTo, signal),
      run.signal,
      error => this.failed(error),
    );
    if (!result) return false;
    if (run.signal.aborted) {
      this.journal.release(result.mark);
      return false;
    }
    this.syncRun = undefined;
    const { response, mark } = result;
    this.rows = replaceRows(this.rows, response);
    this.loaded = true;
    this.through = lastService(response.services);
    this.nextCursor = response.next_cursor ?? null;
    this.error = undefined;
    this.apply(this.journal.end(mark), false);
    this.dropVoided();
    return true;
  }

  /**
   * An `event: void` frame: the event leaves the matrix. Its row, if it
   * shows the event, is fetched again (the slot falls back to an older
   * event, which frames cannot tell); frames and fetches that still carry
   * it later are corrected the same way.
   */
  voided(event: DeploymentEvent): void {
    this.voidedIds.add(event.id);
    this.dropVoided();
  }

  /** Fetches again every held row that shows a voided event. */
  private dropVoided(): void {
    for (const service of servicesShowing(this.rows, this.voidedIds)) {
      if (this.refetching.has(service)) continue;
      this.refetching.add(service);
      retryUntilDone(
        signal => this.fetchMarked(this.lookupQuery([service]), signal),
        this.options.signal,
      ).then(result => {
        this.refetching.delete(service);
        if (!result || this.options.signal.aborted) return;
        this.rows = replaceRow(this.rows, service, result.response);
        this.apply(this.journal.end(result.mark), false);
        // A fetch read before the void committed still shows it: again.
        this.dropVoided();
        this.options.onChange();
      });
    }
  }

  /** Fetches the next page; a no-op while one is in flight or none is left. */
  loadMore(): void {
    if (!this.hasMore || this.loadingMore || this.syncRun) return;
    const run = childController(this.options.signal);
    const cursor = this.nextCursor!;
    this.moreRun = run;
    this.loadingMore = true;
    this.options.onChange();
    const query = this.query({ limit: this.options.pageSize, cursor });
    retryUntilDone(
      signal => this.fetchMarked(query, signal),
      run.signal,
      error => this.failed(error),
    ).then(result => {
      if (!result) return;
      if (run.signal.aborted) {
        this.journal.release(result.mark);
        return;
      }
      const { response, mark } = result;
      this.moreRun = undefined;
      this.loadingMore = false;
      this.error = undefined;
      this.rows = joinRows(this.rows, response, this.options.environmentOrder);
      this.through = lastService(response.services) ?? this.through;
      this.nextCursor = response.next_cursor ?? null;
      this.apply(this.journal.end(mark), false);
      this.dropVoided();
      this.options.onChange();
    });
  }

  /** A re-sync supersedes paging; the page asks again once it lands. */
  private stopLoadMore(): void {
    this.moreRun?.abort();
    this.moreRun = undefined;
    this.loadingMore = false;
  }

  private failed(error: Error): void {
    this.error = error;
    this.options.onChange();
  }

  /**
   * A frame for a service without a row. Its row appears only where a
   * fresh load with these filters would show it: inside the loaded range
   * (later pages bring the rest), matching `q`, failing under
   * `failuresOnly` (a non-failure cannot make a row match), and under an
   * owner filter only once a lookup said the owner's (its answer holds the
   * frames before it was sent; the journal those after).
   */
  private canInsert(event: DeploymentEvent): boolean {
    const { service } = event;
    const { filters } = this.options;
    if (!this.inRange(service) || !matchesQuery(service, filters)) {
      return false;
    }
    if (this.excluded.has(service)) return false;
    if (filters.failuresOnly && event.status !== 'failure') return false;
    if (hasCatalogFilter(filters) && !this.links.has(service)) {
      this.lookups.add(service);
      return false;
    }
    return true;
  }

  private inRange(service: string): boolean {
    if (!this.loaded) return false;
    if (this.nextCursor === null) return true;
    return (
      this.through !== undefined && compareCodePoints(service, this.through) < 0
    );
  }

  /**
   * A lookup's rows are joined in (links, authoritative slots). Under an
   * owner filter, a service it did not return is not the owner's and is
   * ignored from then on. Without one, a row the backend did not return is
   * kept: the frame that made it is a committed event all the same.
   */
  private lookedUp(services: string[], { response, mark }: Marked): void {
    for (const row of response.services) {
      this.links.set(row.service, row.entity_ref);
    }
    if (hasCatalogFilter(this.options.filters)) {
      for (const service of services) {
        if (!this.links.has(service)) this.excluded.add(service);
      }
    }
    this.rows = joinRows(this.rows, response, this.options.environmentOrder);
    this.apply(this.journal.end(mark), false);
    this.dropVoided();
    this.options.onChange();
  }

  private query(extra: MatrixQuery): MatrixQuery {
    const { service, view, filters } = this.options;
    const query: MatrixQuery = {};
    if (service !== undefined) query.service = service;
    if (view === 'summary') query.view = 'summary';
    if (filters.q) query.q = filters.q;
    if (filters.owner) query.owner = filters.owner;
    if (filters.team) query.team = filters.team;
    if (filters.failuresOnly) query.failuresOnly = true;
    // A single service's row needs no paging.
    if (service !== undefined) delete extra.limit;
    return { ...query, ...extra };
  }

  /** `q` is settled before a lookup and failures are judged on the row. */
  private lookupQuery(services: string[]): MatrixQuery {
    const query: MatrixQuery = { service: services };
    if (this.options.view === 'summary') query.view = 'summary';
    if (this.options.filters.owner) query.owner = this.options.filters.owner;
    if (this.options.filters.team) query.team = this.options.filters.team;
    return query;
  }

  private async fetchMarked(
    query: MatrixQuery,
    signal: AbortSignal,
  ): Promise<Marked> {
    const mark = this.journal.begin();
    try {
      const response = await this.options.api.getMatrix(query, { signal });
      const groups = response.environment_groups ?? [];
      if (JSON.stringify(groups) !== JSON.stringify(this.groups))
        this.groups = groups;
      return { response, mark };
    } catch (error) {
      this.journal.release(mark);
      throw error;
    }
  }

  /**
   * The first page (`upTo` undefined), everything (`null`), or every page
   * up to the service `upTo`: a re-sync fetches only what the page shows,
   * in pages as large as the backend allows.
   */
  private async fetchRange(
    upTo: string | null | undefined,
    signal: AbortSignal,
  ): Promise<Marked> {
    const limit =
      upTo === undefined
        ? this.options.pageSize
        : Math.min(
            MAX_LIMIT,
            Math.max(this.options.pageSize, this.rows.services.length),
          );
    const first = await this.fetchMarked(this.query({ limit }), signal);
    const services = first.response.services.slice();
    let page = first.response;
    try {
      while (upTo !== undefined && page.next_cursor) {
        const last = lastService(page.services);
        if (upTo !== null && last && compareCodePoints(last, upTo) >= 0) break;
        page = await this.options.api.getMatrix(
          this.query({ limit, cursor: page.next_cursor }),
          { signal },
        );
        for (const row of page.services) services.push(row);
      }
    } catch (error) {
      this.journal.release(first.mark);
      throw error;
    }
    const response = {
      environments: page.environments,
      services,
      next_cursor: page.next_cursor ?? null,
    };
    return { response, mark: first.mark };
  }
}
