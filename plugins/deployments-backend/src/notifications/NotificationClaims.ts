import { Knex } from 'knex';
import { NotificationKind } from './notificationKinds';

const TABLE = 'deployments_notifications_sent';

/** What one notification is about: once per (kind, service, environment, deployment_id). */
export interface NotificationKey {
  kind: NotificationKind;
  service: string;
  environment: string;
  deploymentId: string;
}

/**
 * The database's record of notifications sent, shared by every replica: a
 * notification is sent by whoever inserts its key first, so retried events,
 * a run's repeated failure events and replicas receiving the same events
 * notify once.
 */
export class NotificationClaims {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when this caller won the key and must send; false when it was sent already. */
  async claim(key: NotificationKey, eventId: string): Promise<boolean> {
    const rows = await this.knex(TABLE)
      .insert({
        kind: key.kind,
        service: key.service,
        environment: key.environment,
        deployment_id: key.deploymentId,
        event_seq: Number(eventId),
        sent_at_ms: this.now(),
      })
      .onConflict(['kind', 'service', 'environment', 'deployment_id'])
      .ignore()
      .returning('kind');
    return rows.length === 1;
  }

  /** Gives a key back after sending failed, so a later event of the run may send it. */
  async release(key: NotificationKey): Promise<void> {
    await this.knex(TABLE)
      .where({
        kind: key.kind,
        service: key.service,
        environment: key.environment,
        deployment_id: key.deploymentId,
      })
      .delete();
  }

  /** Forgets keys claimed before `cutoffMs`; answers how many. */
  async deleteOlderThan(cutoffMs: number): Promise<number> {
    return this.knex(TABLE).where('sent_at_ms', '<', cutoffMs).delete();
  }
}
