import { Client, ClientConfig } from 'pg';
import { Knex } from 'knex';
import { LoggerService } from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';
import { EventNotifier } from './EventNotifier';

export const NOTIFY_CHANNEL = 'deployments_events';
export const LISTENER_APPLICATION_NAME = 'deployments-listener';

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 10_000;

/**
 * Fans out across replicas with PostgreSQL LISTEN/NOTIFY. Each replica keeps
 * one dedicated LISTEN connection outside the Knex pool (a pooled connection
 * would be handed to other queries and lose the subscription). When that
 * connection drops it reconnects with backoff and then wakes the stream,
 * which catches up from the last cursor it delivered, so nothing is missed.
 * NOTIFY goes through the pool after the insert has committed: notifying
 * inside the transaction would serialise commits instance-wide.
 */
export class PostgresNotifier implements EventNotifier {
  private client?: Client;
  private stopped = false;
  private backoffMs = MIN_BACKOFF_MS;
  private reconnectTimer?: NodeJS.Timeout;
  private onNotify: () => void = () => {};
  private latestCursor?: string;
  private sending?: Promise<void>;

  constructor(
    private readonly knex: Knex,
    private readonly logger: LoggerService,
  ) {}

  async start(onNotify: () => void): Promise<void> {
    this.onNotify = onNotify;
    await this.connect();
  }

  /**
   * Under load, notifications coalesce: while one NOTIFY is on its way, later
   * cursors wait and go out as one (the latest). Readers read everything up
   * to the committed cursor anyway, so one wake-up per burst is enough.
   */
  async publish(cursor: string): Promise<void> {
    this.latestCursor = cursor;
    this.sending ??= this.sendLatest();
    return this.sending;
  }

  private async sendLatest(): Promise<void> {
    try {
      while (this.latestCursor !== undefined) {
        const cursor = this.latestCursor;
        this.latestCursor = undefined;
        await this.knex.raw('SELECT pg_notify(?, ?)', [NOTIFY_CHANNEL, cursor]);
      }
    } finally {
      this.sending = undefined;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.client?.end().catch(() => {});
  }

  private connectionConfig(): ClientConfig {
    const settings = (this.knex.client as { connectionSettings: unknown }).connectionSettings;
    const base: ClientConfig =
      typeof settings === 'string' ? { connectionString: settings } : { ...(settings as ClientConfig) };
    return { ...base, application_name: LISTENER_APPLICATION_NAME };
  }

  private async connect(): Promise<void> {
    const client = new Client(this.connectionConfig());
    client.on('notification', () => this.onNotify());
    client.on('error', error => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch (error) {
      this.lost(client, toError(error));
      return;
    }
    this.client = client;
    if (this.backoffMs > MIN_BACKOFF_MS) {
      this.logger.info('Deployments LISTEN connection restored');
    }
    this.backoffMs = MIN_BACKOFF_MS;
    // Events committed while we were not listening: read them now.
    this.onNotify();
  }

  private lost(client: Client, error?: Error): void {
    if (this.stopped || (this.client && this.client !== client)) return;
    if (this.client === client) this.client = undefined;
    client.removeAllListeners('end');
    client.end().catch(() => {});
    if (this.reconnectTimer) return;
    this.logger.warn(
      `Deployments LISTEN connection lost; reconnecting in ${this.backoffMs} ms`,
      error,
    );
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect();
    }, this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
  }
}
