import { retryUntilDone } from './retry';

/** How long new services are collected before one lookup asks for them. */
export const LOOKUP_DELAY_MS = 250;
/** The backend takes at most this many `service` parameters at once. */
export const LOOKUP_MAX_SERVICES = 100;

export interface LookupBatcherOptions<T> {
  /** Fetches the rows of these services (1 to LOOKUP_MAX_SERVICES). */
  lookup(services: string[], signal: AbortSignal): Promise<T>;
  /** Called once the batch no longer counts as pending. */
  onResult(services: string[], result: T): void;
  /** A new batch began waiting (for the `behind` clock). */
  onPendingChange(): void;
  /** Aborting drops everything queued and in flight. */
  signal: AbortSignal;
  now?: () => number;
}

/**
 * Looks up services a frame introduced (their catalog link, their
 * authoritative slots), each once: names are collected for
 * {@link LOOKUP_DELAY_MS}, then sent in batches of up to
 * {@link LOOKUP_MAX_SERVICES}, each retried with backoff until it succeeds.
 * An import of a thousand new services thus costs about ten small
 * requests per page, never a matrix download per new row.
 */
export class LookupBatcher<T> {
  private readonly seen = new Set<string>();
  private queue: string[] = [];
  private queuedSince?: number;
  private timer?: ReturnType<typeof setTimeout>;
  /** When the oldest service of each batch in flight was queued. */
  private readonly inFlight = new Set<{ since: number }>();
  private readonly now: () => number;

  constructor(private readonly options: LookupBatcherOptions<T>) {
    this.now = options.now ?? Date.now;
    options.signal.addEventListener('abort', () => clearTimeout(this.timer), {
      once: true,
    });
  }

  /** Queues a service unless it was queued before. */
  add(service: string): void {
    if (this.seen.has(service) || this.options.signal.aborted) return;
    this.seen.add(service);
    this.queue.push(service);
    if (this.timer === undefined) {
      this.queuedSince = this.now();
      this.timer = setTimeout(() => this.send(), LOOKUP_DELAY_MS);
      this.options.onPendingChange();
    }
  }

  /** When the longest-waiting lookup began, if any is outstanding. */
  get oldestPendingSince(): number | undefined {
    let oldest = this.queuedSince;
    for (const { since } of this.inFlight) {
      if (oldest === undefined || since < oldest) oldest = since;
    }
    return oldest;
  }

  private send(): void {
    const names = this.queue;
    const since = this.queuedSince ?? this.now();
    this.queue = [];
    this.queuedSince = undefined;
    this.timer = undefined;
    for (let i = 0; i < names.length; i += LOOKUP_MAX_SERVICES) {
      this.run(names.slice(i, i + LOOKUP_MAX_SERVICES), since);
    }
  }

  private async run(names: string[], since: number): Promise<void> {
    const entry = { since };
    this.inFlight.add(entry);
    const { signal } = this.options;
    const result = await retryUntilDone(
      s => this.options.lookup(names, s),
      signal,
    );
    this.inFlight.delete(entry);
    if (signal.aborted) return;
    this.options.onResult(names, result as T);
  }
}
