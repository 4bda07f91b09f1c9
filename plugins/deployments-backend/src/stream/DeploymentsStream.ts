import { toError } from '@backstage/errors';
import { Response } from 'express';
import { LoggerService } from '@backstage/backend-plugin-api';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { deploymentFrame, PING_FRAME } from './sseFrames';
import { EventNotifier } from './EventNotifier';

const PAGE = 500;

interface StreamClient {
  res: Response;
  service?: string;
  /** Test deployments are sent only to clients that ask for them. */
  includeTests: boolean;
  /** The last cursor this client has been sent (or has skipped past). */
  cursor: number;
  /** While replaying from the database, live dispatch leaves it alone. */
  live: boolean;
}

function wants(client: StreamClient, event: DeploymentEvent): boolean {
  return (
    (client.service === undefined || client.service === event.service) &&
    (client.includeTests || !event.is_test)
  );
}

/**
 * Fans new events out to every open SSE response of this process.
 *
 * One reader per process follows the log by cursor: `notify()` (after a
 * commit here, or — for several replicas — from a database notification)
 * wakes it, it reads the rows after the last cursor it delivered, and writes
 * each to the clients. A client that connects with `Last-Event-ID` first
 * replays from the database up to the reader's cursor, then joins the live
 * fan-out at exactly that cursor: no gap, no duplicate. Reads stop at the
 * store's committed cursor, below which no event is still being written.
 */
export class DeploymentsStream {
  private readonly clients = new Set<StreamClient>();
  private cursor = 0;
  private reading?: Promise<void>;
  private readWanted = false;
  private pingTimer?: NodeJS.Timeout;

  private pollTimer?: NodeJS.Timeout;

  constructor(
    private readonly options: {
      store: DeploymentsStore;
      notifier: EventNotifier;
      logger: LoggerService;
      pingIntervalMs: number;
      /** A safety net: read the log this often even without notifications. */
      pollIntervalMs: number;
      /** A client that lets more than this pile up unread is disconnected. */
      maxBufferedBytes: number;
    },
  ) {}

  private get store() {
    return this.options.store;
  }

  private get logger() {
    return this.options.logger;
  }

  async start(): Promise<void> {
    this.cursor = await this.store.committedCursor();
    await this.options.notifier.start(() => this.notify());
    this.pingTimer = setInterval(() => this.ping(), this.options.pingIntervalMs);
    this.pingTimer.unref();
    this.pollTimer = setInterval(() => this.notify(), this.options.pollIntervalMs);
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.pingTimer);
    clearInterval(this.pollTimer);
    await this.options.notifier.stop();
    for (const client of this.clients) client.res.end();
    this.clients.clear();
  }

  /**
   * A new event was committed here: deliver it to this replica's clients at
   * once, and tell the other replicas (after the commit, never inside it).
   */
  announce(cursor: string): void {
    this.notify();
    this.options.notifier
      .publish(cursor)
      .catch(error => this.logger.warn('Could not notify other replicas', toError(error)));
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /**
   * New events may be in the log: read and deliver them. Calls coalesce into
   * one reader; the promise resolves after a read that began after this call.
   */
  notify(): Promise<void> {
    this.readWanted = true;
    this.reading ??= this.drain();
    return this.reading;
  }

  private async drain(): Promise<void> {
    try {
      while (this.readWanted) {
        this.readWanted = false;
        await this.readNew().catch(error =>
          this.logger.warn('Stream could not read new events', toError(error)),
        );
      }
    } finally {
      // In the same tick as the last check, so no notify() can slip between.
      this.reading = undefined;
    }
  }

  /** Serves `GET /stream`: headers at once, replay after `lastEventId`, then live. */
  async connect(
    res: Response,
    options: { service?: string; lastEventId?: number; includeTests?: boolean },
  ) {
    // Counted at once (for the connection cap), but not live until it has
    // caught up: live dispatch leaves it alone meanwhile.
    const wasIdle = this.clients.size === 0;
    const client: StreamClient = {
      res,
      service: options.service,
      includeTests: options.includeTests ?? false,
      cursor: 0,
      live: false,
    };
    this.clients.add(client);
    res.on('close', () => this.clients.delete(client));
    let start = options.lastEventId;
    if (start === undefined) {
      // Fixed before the headers go out: whatever the client posts once it
      // sees them has a later cursor, so it is delivered.
      try {
        start = wasIdle ? await this.store.committedCursor() : this.cursor;
      } catch (error) {
        this.clients.delete(client);
        throw error;
      }
      this.cursor = Math.max(this.cursor, start);
    }
    client.cursor = start;
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    write(res, 'retry: 2000\n\n');
    await this.replay(client);
    // Catch up with anything committed while this client was joining.
    this.notify();
  }

  private async replay(client: StreamClient): Promise<void> {
    try {
      for (;;) {
        const target = this.cursor;
        const events = await this.store.listAfterCursor(client.cursor, PAGE, {
          service: client.service,
          upToSeq: target,
        });
        if (!this.clients.has(client)) return;
        for (const event of events) {
          if (wants(client, event)) this.send(client, deploymentFrame(event));
          client.cursor = Number(event.id);
        }
        if (events.length < PAGE) {
          client.cursor = Math.max(client.cursor, target);
          // Synchronous check-and-join: no live dispatch can run in between.
          if (this.cursor === target) {
            client.live = true;
            return;
          }
        }
      }
    } catch (error) {
      this.logger.warn('Stream replay failed; closing the connection', toError(error));
      this.clients.delete(client);
      client.res.end();
    }
  }

  private async readNew(): Promise<void> {
    // With no client there is nobody to deliver to; connect() catches up.
    if (this.clients.size === 0) return;
    // Stop at the committed cursor: a later cursor may already be visible
    // while an earlier one is still being written.
    const target = await this.store.committedCursor();
    for (;;) {
      const events = await this.store.listAfterCursor(this.cursor, PAGE, { upToSeq: target });
      if (events.length === 0) return;
      this.dispatch(events);
      if (events.length < PAGE) return;
    }
  }

  private dispatch(events: DeploymentEvent[]): void {
    for (const event of events) {
      const seq = Number(event.id);
      if (seq <= this.cursor) continue;
      const frame = deploymentFrame(event);
      for (const client of this.clients) {
        if (!client.live || seq <= client.cursor) continue;
        client.cursor = seq;
        if (wants(client, event)) this.send(client, frame);
      }
      this.cursor = seq;
    }
  }

  private ping(): void {
    for (const client of this.clients) this.send(client, PING_FRAME);
  }

  /**
   * Writes to one client, or drops it when it has stopped reading: its unsent
   * bytes would otherwise grow without bound. It reconnects with Last-Event-ID
   * and replays from the database once it reads again.
   */
  private send(client: StreamClient, chunk: string): void {
    if (client.res.writableLength > this.options.maxBufferedBytes) {
      this.logger.warn(
        `Dropping a stream client with ${client.res.writableLength} unread bytes`,
      );
      this.clients.delete(client);
      client.res.destroy();
      return;
    }
    write(client.res, chunk);
  }
}

/** Writes and flushes past Backstage's compression middleware. */
function write(res: Response, chunk: string): void {
  res.write(chunk);
  (res as Response & { flush?: () => void }).flush?.();
}
