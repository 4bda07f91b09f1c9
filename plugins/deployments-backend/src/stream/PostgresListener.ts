import type { Client } from 'pg';
import { Knex } from 'knex';
import { LoggerService } from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';

export const NOTIFY_CHANNEL = 'deployments_events';
/** Set on the LISTEN session, so operators (and tests) find it in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'deployments-listener';

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 10_000;
// A half-open TCP connection never emits 'end'; a query on it fails instead.
const KEEPALIVE_MS = 60_000;

/** A NOTIFY payload is a seq; anything else means "something may be new". */
function parseSeq(payload: string | undefined): number | undefined {
  const seq = Number(payload);
  return payload && Number.isSafeInteger(seq) ? seq : undefined;
}

/**
 * This replica's one LISTEN session. It is a raw connection from Knex's pg
 * client, as Backstage's events bus takes it: the pool's own settings, but
 * never in the pool, which would hand it to other queries and drop the
 * subscription. When it is lost it comes back with backoff and then calls
 * `onNotify()` without a seq: what was committed meanwhile must be read.
 */
export class PostgresListener {
  private connection?: Client;
  private opening?: Promise<void>;
  private stopped = false;
  private backoffMs = MIN_BACKOFF_MS;
  private reconnectTimer?: NodeJS.Timeout;
  private keepaliveTimer?: NodeJS.Timeout;

  constructor(
    private readonly knex: Knex,
    private readonly logger: LoggerService,
    private readonly onNotify: (seq?: number) => void,
  ) {}

  /** Resolves once listening, or once a retry is scheduled: startup never waits on the database. */
  start(): Promise<void> {
    return this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.opening;
    if (this.connection) await this.release(this.connection);
    this.connection = undefined;
  }

  private open(): Promise<void> {
    this.opening ??= this.listen().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async listen(): Promise<void> {
    let connection: Client;
    try {
      connection = await this.knex.client.acquireRawConnection();
    } catch (error) {
      this.retry(toError(error));
      return;
    }
    this.connection = connection;
    connection.on('notification', message => this.onNotify(parseSeq(message.payload)));
    connection.on('error', error => this.lost(connection, error));
    connection.on('end', () => this.lost(connection));
    try {
      // The pool's settings name the pool's sessions; this one gets its own name.
      await connection.query(`SET application_name = '${LISTENER_APPLICATION_NAME}'`);
      await connection.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch (error) {
      this.lost(connection, toError(error));
      return;
    }
    if (this.connection !== connection || this.stopped) return;
    this.keepaliveTimer = setInterval(() => {
      connection.query('SELECT 1').catch(error => this.lost(connection, toError(error)));
    }, KEEPALIVE_MS);
    this.keepaliveTimer.unref();
    if (this.backoffMs > MIN_BACKOFF_MS) {
      this.logger.info('Deployments LISTEN connection restored');
    }
    this.backoffMs = MIN_BACKOFF_MS;
    // Events committed while we were not listening: read them now.
    this.onNotify();
  }

  /** Each connection is lost once: 'error', 'end' and a failed keepalive may all report it. */
  private lost(connection: Client, error?: Error): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    this.release(connection);
    this.retry(error);
  }

  private retry(error?: Error): void {
    if (this.stopped || this.reconnectTimer) return;
    this.logger.warn(
      `Deployments LISTEN connection lost; reconnecting in ${this.backoffMs} ms`,
      error,
    );
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.open();
    }, this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
  }

  private async release(connection: Client): Promise<void> {
    clearInterval(this.keepaliveTimer);
    connection.removeAllListeners();
    // A socket error after this point must not be an unhandled 'error' event.
    connection.on('error', () => {});
    await this.knex.client.destroyRawConnection(connection).catch(() => {});
  }
}
