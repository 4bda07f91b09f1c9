import { Knex } from 'knex';
import { LoggerService } from '@backstage/backend-plugin-api';
import { EventNotifier } from './EventNotifier';
import { NOTIFY_CHANNEL, PostgresListener } from './PostgresListener';

/**
 * Fans out across replicas with PostgreSQL LISTEN/NOTIFY: each replica
 * listens on one session of its own (`PostgresListener`) and NOTIFYs the
 * seqs it commits. NOTIFY goes through the pool after the insert has
 * committed: notifying inside the transaction would serialise commits
 * instance-wide.
 */
export class PostgresNotifier implements EventNotifier {
  private listener?: PostgresListener;
  private unsentSeq?: number;
  private sending?: Promise<void>;

  constructor(
    private readonly knex: Knex,
    private readonly logger: LoggerService,
  ) {}

  async start(onNotify: (seq?: number) => void): Promise<void> {
    this.listener = new PostgresListener(this.knex, this.logger, onNotify);
    await this.listener.start();
  }

  /**
   * Under load, notifications coalesce: the seqs announced in one turn of the
   * event loop (every request of a group commit is answered in the same
   * turn) and those announced while one NOTIFY is on its way go out as one,
   * the highest. A reader reads everything up to the committed seq anyway,
   * so one wake-up per burst is enough.
   */
  async publish(seq: number): Promise<void> {
    this.unsentSeq = Math.max(this.unsentSeq ?? 0, seq);
    this.sending ??= this.sendUnsent();
    return this.sending;
  }

  /** A payload that is not a seq: listeners read whatever may be new, voids included. */
  async publishVoid(): Promise<void> {
    await this.knex.raw('SELECT pg_notify(?, ?)', [NOTIFY_CHANNEL, 'void']);
  }

  private async sendUnsent(): Promise<void> {
    try {
      await new Promise(resolve => setImmediate(resolve));
      while (this.unsentSeq !== undefined) {
        const seq = this.unsentSeq;
        this.unsentSeq = undefined;
        await this.knex.raw('SELECT pg_notify(?, ?)', [NOTIFY_CHANNEL, String(seq)]);
      }
    } finally {
      this.sending = undefined;
    }
  }

  async stop(): Promise<void> {
    await this.listener?.stop();
  }
}
