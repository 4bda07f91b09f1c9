import { toError } from '@backstage/errors';
import { Response } from 'express';
import { LoggerService } from '@backstage/backend-plugin-api';
import { DeploymentEvent, IncidentEvent } from '@deploydash/plugin-deployments-common';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { deploymentFrame, incidentFrame, PING_FRAME, voidFrame } from './sseFrames';
import { EventNotifier } from './EventNotifier';
import { SideChannel } from './SideChannel';

const PAGE = 500;

interface StreamClient {
  res: Response;
  service?: string;
  /** Test deployments are sent only to clients that ask for them. */
  includeTests: boolean;
  /** The last seq this client has been sent (or has skipped past). */
  seq: number;
  /** While replaying from the database, live dispatch leaves it alone. */
  live: boolean;
}

function wants(client: StreamClient, event: DeploymentEvent): boolean {
  return (
    (client.service === undefined || client.service === event.service) &&
    (client.includeTests || !event.is_test)
  );
}

/** A voided event is not sent as a deployment (replayed or live): its `event: void` frame says it. */
const wantsDeployment = (client: StreamClient, event: DeploymentEvent) =>
  event.voided === null && wants(client, event);

/**
 * Fans new events out to every open SSE response of this process.
 *
 * One reader per process follows the log by seq: `notify()` (after a
 * commit here, or — for several replicas — from a database notification)
 * wakes it, it reads the rows after the last seq it delivered, and writes
 * each to the clients. A client that connects with `Last-Event-ID` first
 * replays from the database up to the reader's seq, then joins the live
 * fan-out at exactly that seq: no gap, no duplicate. Reads stop at the
 * store's committed seq, below which no event is still being written.
 */
export class DeploymentsStream {
  private readonly clients = new Set<StreamClient>();
  /** The highest seq every live client has been sent or skipped past. */
  private deliveredSeq = 0;
  private reading?: Promise<void>;
  /** The highest seq announced since the running read began; Infinity when unknown. */
  private wantedSeq = 0;
  private pingTimer?: NodeJS.Timeout;
  private pollTimer?: NodeJS.Timeout;
  /** `event: void` frames: voids, each sent to the clients that want its event. */
  private readonly voids: SideChannel<StreamClient, DeploymentEvent>;
  /** `event: incident` frames: incident events, to the clients of their service (tests play no part). */
  private readonly incidents: SideChannel<StreamClient, IncidentEvent>;

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
  ) {
    const { store, logger } = options;
    const clients = () => this.clients;
    /**
     * Clients with their headers — those still replaying too: a replay
     * skips voided events, so at worst a client hears of a void for an
     * event it never got.
     */
    const ready = (client: StreamClient) => client.res.headersSent && this.keeps(client);
    this.voids = new SideChannel(
      {
        label: 'voids',
        committedId: () => store.committedVoidId(),
        listAfter: async (after, upTo, limit) =>
          (await store.listVoidsAfter(after, upTo, limit)).map(v => ({ id: v.voidId, item: v.event })),
      },
      {
        clients,
        wants: (client, event) => wants(client, event) && ready(client),
        send: (client, event) => write(client.res, voidFrame(event)),
      },
      logger,
    );
    this.incidents = new SideChannel(
      {
        label: 'incident events',
        committedId: () => store.committedIncidentId(),
        listAfter: async (after, upTo, limit) =>
          (await store.listIncidentEventsAfter(after, upTo, limit)).map(r => ({ id: Number(r.id), item: r })),
      },
      {
        clients,
        wants: (client, record) =>
          (client.service === undefined || client.service === record.service) && ready(client),
        send: (client, record) => write(client.res, incidentFrame(record)),
      },
      logger,
    );
  }

  private get store() {
    return this.options.store;
  }

  private get logger() {
    return this.options.logger;
  }

  async start(): Promise<void> {
    this.deliveredSeq = await this.store.committedSeq();
    await this.voids.skipToCommitted();
    await this.incidents.skipToCommitted();
    await this.options.notifier.start(seq => this.notify(seq));
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
   * A new event was committed here (`eventId` is its seq): deliver it to this
   * replica's clients at once, and tell the other replicas (after the
   * commit, never inside it).
   */
  announce(eventId: string): void {
    const seq = Number(eventId);
    this.notify(seq);
    this.options.notifier
      .publish(seq)
      .catch(error => this.logger.warn('Could not notify other replicas', toError(error)));
  }

  /**
   * An event was voided here: send its `event: void` frame to this
   * replica's clients at once, and tell the other replicas (after the
   * commit).
   */
  announceVoid(): void {
    this.notifyVoids();
    this.options.notifier
      .publishVoid()
      .catch(error => this.logger.warn('Could not notify other replicas of a void', toError(error)));
  }

  /** Voids may be new: read and send them. */
  notifyVoids(): Promise<void> {
    return this.voids.notify();
  }

  /**
   * An incident event was committed here: send its `event: incident` frame
   * to this replica's clients at once, and tell the other replicas (which
   * hear "anything may be new", as for a void).
   */
  announceIncident(): void {
    this.incidents.notify();
    this.options.notifier
      .publishVoid()
      .catch(error => this.logger.warn('Could not notify other replicas of an incident', toError(error)));
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /**
   * Events up to `seq` (or, without one, any events) may be new in the log:
   * read and deliver them. One read per commit: a seq already delivered
   * costs nothing (this replica's own NOTIFY coming back after announce()),
   * and wake-ups during a read cause one more read only if that read stopped
   * short of them. Resolves once they are delivered; without a seq, after a
   * read that began after this call.
   */
  notify(seq = Infinity): Promise<void> {
    // Without a seq (a poll, a reconnect, another replica's void or
    // incident) voids and incident events may be new too.
    if (seq === Infinity) {
      this.voids.notify();
      this.incidents.notify();
    }
    if (seq <= this.deliveredSeq) return Promise.resolve();
    this.wantedSeq = Math.max(this.wantedSeq, seq);
    this.reading ??= this.drain();
    return this.reading;
  }

  private async drain(): Promise<void> {
    try {
      while (this.wantedSeq > this.deliveredSeq) {
        this.wantedSeq = 0;
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
      seq: 0,
      live: false,
    };
    this.clients.add(client);
    res.on('close', () => this.clients.delete(client));
    let start = options.lastEventId;
    try {
      // Voids and incidents while nobody listened are not news to a new client.
      if (wasIdle) {
        await this.voids.skipToCommitted();
        await this.incidents.skipToCommitted();
      }
      if (start === undefined) {
        // Fixed before the headers go out: whatever the client posts once it
        // sees them has a later seq, so it is delivered.
        start = wasIdle ? await this.store.committedSeq() : this.deliveredSeq;
        this.deliveredSeq = Math.max(this.deliveredSeq, start);
      }
    } catch (error) {
      this.clients.delete(client);
      throw error;
    }
    client.seq = start;
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
        const target = this.deliveredSeq;
        const events = await this.store.listAfterSeq(client.seq, PAGE, {
          service: client.service,
          upToSeq: target,
        });
        if (!this.clients.has(client) || !this.keeps(client)) return;
        for (const event of events) {
          if (wantsDeployment(client, event)) write(client.res, deploymentFrame(event));
          client.seq = Number(event.id);
        }
        if (events.length < PAGE) {
          client.seq = Math.max(client.seq, target);
          // Synchronous check-and-join: no live dispatch can run in between.
          if (this.deliveredSeq === target) {
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
    // Stop at the committed seq: a later seq may already be visible while
    // an earlier one is still being written.
    const target = await this.store.committedSeq();
    // Nothing new (a poll, a reconnect): skip the query.
    if (target <= this.deliveredSeq) return;
    for (;;) {
      const events = await this.store.listAfterSeq(this.deliveredSeq, PAGE, { upToSeq: target });
      if (events.length === 0) return;
      this.dispatch(events);
      if (events.length < PAGE) return;
    }
  }

  private dispatch(events: DeploymentEvent[]): void {
    for (const client of this.clients) if (client.live) this.keeps(client);
    for (const event of events) {
      const seq = Number(event.id);
      if (seq <= this.deliveredSeq) continue;
      const frame = deploymentFrame(event);
      for (const client of this.clients) {
        if (!client.live || seq <= client.seq) continue;
        client.seq = seq;
        if (wantsDeployment(client, event)) write(client.res, frame);
      }
      this.deliveredSeq = seq;
    }
  }

  private ping(): void {
    for (const client of this.clients) if (this.keeps(client)) write(client.res, PING_FRAME);
  }

  /**
   * Drops a client that has stopped reading: its unsent bytes would otherwise
   * grow without bound. It reconnects with Last-Event-ID and replays from the
   * database once it reads again. Checked before each page of frames, not
   * each frame: a page (a batch, a group commit) is written in one go, so a
   * client that reads is judged by what it left unread from earlier pages,
   * never by the size of a burst. Answers whether the client stays.
   */
  private keeps(client: StreamClient): boolean {
    if (client.res.writableLength <= this.options.maxBufferedBytes) return true;
    this.logger.warn(`Dropping a stream client with ${client.res.writableLength} unread bytes`);
    this.clients.delete(client);
    client.res.destroy();
    return false;
  }
}

/** Writes and flushes past Backstage's compression middleware. */
function write(res: Response, chunk: string): void {
  res.write(chunk);
  (res as Response & { flush?: () => void }).flush?.();
}
