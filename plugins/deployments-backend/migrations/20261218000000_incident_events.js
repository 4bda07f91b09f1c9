// @ts-check

/**
 * Incident events (`POST /incidents`): an incident's opening and
 * resolution, append-only like deployment events — rows are never updated.
 * A repeat (same service, incident_id, status and happened_at: a retried
 * webhook) stores nothing: the unique key decides, also between two
 * replicas. `id` orders the records for the stream's `event: incident`
 * frames. Times are epoch milliseconds, as in deployment_events.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployment_incidents', table => {
    table.comment('Append-only log of incident events (POST /incidents)');
    table.bigIncrements('id').primary();
    table.string('incident_id', 200).notNullable();
    table.string('service', 128).notNullable();
    table.string('environment', 64).notNullable();
    table.string('status', 16).notNullable();
    table.bigInteger('happened_at_ms').notNullable();
    table.bigInteger('received_at_ms').notNullable();
    table.text('title').nullable();
    table.text('url').nullable();
    table.string('severity', 50).nullable();
    table.string('caused_by_deployment_id', 200).nullable();
    table.string('source', 32).notNullable();
    table.unique(['service', 'incident_id', 'status', 'happened_at_ms'], {
      indexName: 'deployment_incidents_repeat_idx',
    });
    // Reads (GET /incidents) and the metrics' basis: a service's incidents by time.
    table.index(['service', 'environment', 'happened_at_ms'], 'deployment_incidents_slot_time_idx');
    // Change failure rate: is this deployment named as a cause?
    table.index(['caused_by_deployment_id'], 'deployment_incidents_cause_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deployment_incidents');
};
