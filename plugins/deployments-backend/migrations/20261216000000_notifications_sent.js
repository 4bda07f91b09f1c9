// @ts-check

/**
 * Notifications sent through Backstage's notifications backend, one row per
 * (kind, service, environment, deployment_id): the replica whose insert wins
 * sends, so a run notifies once however often its events are retried and
 * however many replicas receive them (src/notifications/NotificationClaims.ts).
 * Rows older than a week are deleted by the notifications task; by then the
 * events they stand for are long past the window in which anything notifies.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployments_notifications_sent', table => {
    table.comment(
      'One row per notification sent: once per run, not per retry or replica',
    );
    // failure, recovered or waiting (src/notifications/notificationKinds.ts).
    table.string('kind', 16).notNullable();
    table.string('service', 128).notNullable();
    table.string('environment', 64).notNullable();
    table.string('deployment_id', 200).notNullable();
    // The event that caused it (its id, the log's seq).
    table.bigInteger('event_seq').notNullable();
    table.bigInteger('sent_at_ms').notNullable();
    table.primary(['kind', 'service', 'environment', 'deployment_id']);
    table.index(['sent_at_ms'], 'deployments_notifications_sent_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deployments_notifications_sent');
};
