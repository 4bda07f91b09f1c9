// @ts-check

/**
 * The append-only event log and the per-slot projection the matrix reads.
 *
 * Times are stored as epoch milliseconds (bigint) so ordering and arithmetic
 * behave the same on SQLite and PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployment_events', table => {
    table.comment('Append-only log of deployment events; rows are never updated');
    // Monotonic cursor: event id, stream cursor and insertion order in one.
    table.bigIncrements('seq').primary();
    table.string('deployment_id', 200).notNullable();
    table.string('service', 128).notNullable();
    table.string('environment', 64).notNullable();
    table.string('status', 16).notNullable();
    table.bigInteger('happened_at_ms').notNullable();
    table.bigInteger('received_at_ms').notNullable();
    table.string('version', 128).nullable();
    table.text('run_url').nullable();
    table.bigInteger('run_number').nullable();
    table.string('actor', 256).nullable();
    table.string('ref', 256).nullable();
    table.string('sha', 64).nullable();
    table.text('parent_deployments').notNullable().defaultTo('[]');

    // History reads walk (happened_at_ms, seq) newest first, optionally filtered.
    table.index(['happened_at_ms', 'seq'], 'deployment_events_time_idx');
    table.index(
      ['service', 'environment', 'happened_at_ms', 'seq'],
      'deployment_events_slot_time_idx',
    );
    table.index(['environment', 'happened_at_ms', 'seq'], 'deployment_events_env_time_idx');
    table.index(['status', 'happened_at_ms', 'seq'], 'deployment_events_status_time_idx');
    table.index(['deployment_id', 'happened_at_ms', 'seq'], 'deployment_events_deployment_idx');
    // The stream replays one service after a cursor.
    table.index(['service', 'seq'], 'deployment_events_service_seq_idx');
  });

  await knex.schema.createTable('deployment_slots', table => {
    table.comment(
      'Projection of the log: current and last successful event per (service, environment)',
    );
    table.string('service', 128).notNullable();
    table.string('environment', 64).notNullable();
    table.bigInteger('current_seq').notNullable();
    table.bigInteger('current_happened_at_ms').notNullable();
    table.bigInteger('last_success_seq').nullable();
    table.bigInteger('last_success_happened_at_ms').nullable();
    // The two events as the API returns them, so a matrix read is one scan
    // of at most a few thousand rows with no join into the log.
    table.text('current_event').notNullable();
    table.text('last_success_event').nullable();
    table.primary(['service', 'environment']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deployment_slots');
  await knex.schema.dropTable('deployment_events');
};
