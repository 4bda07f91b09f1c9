import { toError } from '@backstage/errors';
import { LoggerService } from '@backstage/backend-plugin-api';

const PAGE = 500;

/** Where a side channel's records come from, and how each becomes a frame. */
export interface SideChannelSource<T> {
  /** For log lines: `voids`, `incident events`. */
  label: string;
  /** An id up to which every record is committed; 0 when none. */
  committedId(): Promise<number>;
  /** Records with an id in (afterId, upToId], oldest first, each with its id. */
  listAfter(afterId: number, upToId: number, limit: number): Promise<Array<{ id: number; item: T }>>;
}

/** The stream's side of one client: whether it wants a record, and writing to it. */
export interface SideChannelClients<C, T> {
  clients(): Iterable<C>;
  /** The client has its headers and wants this record (filters); false drops nothing. */
  wants(client: C, item: T): boolean;
  /** Writes a frame; answers whether the client still stays (not too far behind). */
  send(client: C, item: T): void;
}

/**
 * Records beside the log of deployment events that open streams hear of
 * as frames without an `id:` line (so Last-Event-ID stays a deployment
 * cursor): voids (`event: void`) and incident events (`event: incident`).
 * Each has its own increasing id; one reader per process follows it: a
 * notify reads everything committed since the last read and sends it to
 * every client that wants it. Clients that connect later do not get what
 * was sent before (no replay): these frames are news, not history.
 */
export class SideChannel<C, T> {
  /** The highest id sent (or skipped past). */
  private delivered = 0;
  private reading?: Promise<void>;
  private wanted = false;

  constructor(
    private readonly source: SideChannelSource<T>,
    private readonly clients: SideChannelClients<C, T>,
    private readonly logger: LoggerService,
  ) {}

  /** Moves the cursor to what is committed now: nothing before is news. */
  async skipToCommitted(): Promise<void> {
    this.delivered = await this.source.committedId();
  }

  /** Records may be new: read and send them; one read at a time, one more if asked meanwhile. */
  notify(): Promise<void> {
    this.wanted = true;
    this.reading ??= this.drain();
    return this.reading;
  }

  private async drain(): Promise<void> {
    try {
      while (this.wanted) {
        this.wanted = false;
        await this.readNew().catch(error =>
          this.logger.warn(`Stream could not read new ${this.source.label}`, toError(error)),
        );
      }
    } finally {
      this.reading = undefined;
    }
  }

  private async readNew(): Promise<void> {
    // With no client there is nobody to tell; a first client moves the cursor on.
    if ([...this.clients.clients()].length === 0) return;
    const target = await this.source.committedId();
    while (target > this.delivered) {
      const records = await this.source.listAfter(this.delivered, target, PAGE);
      for (const { item } of records) {
        for (const client of this.clients.clients()) {
          if (this.clients.wants(client, item)) this.clients.send(client, item);
        }
      }
      // A short page reached the end (some ids may be gone, e.g. retention): skip to it.
      this.delivered = records.length < PAGE ? target : records[records.length - 1].id;
    }
  }
}
