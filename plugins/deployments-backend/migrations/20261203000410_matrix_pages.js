// @ts-check

/**
 * Matrix pages (`GET /matrix?limit=…&cursor=…`) walk services in code-point
 * order, and `failures_only=true` wants the services with a failing slot.
 * Without these indexes both read every row of the projection, and its rows
 * are wide (two events as JSON): at 60,000 slots that is ~100 ms per page and
 * ~900 ms (parsing every event) for the failures.
 *
 * - PostgreSQL's default collation is seldom code-point order, so the primary
 *   key cannot serve the order; `COLLATE "C"` can. SQLite's primary key
 *   (BINARY, i.e. UTF-8 byte order) already does.
 * - The failing slots: a partial index on the same expression the query
 *   writes (src/database/matrixSlots.ts), holding only those few slots.
 * - Every matrix read lists the environments: a dozen names, found by a
 *   dozen index probes instead of a DISTINCT over every slot (~20 ms).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployment_slots', table => {
    table.index(['environment'], 'deployment_slots_environment_idx');
  });
  if (knex.client.config.client === 'pg') {
    await knex.raw(
      'CREATE INDEX deployment_slots_service_order_idx ON deployment_slots (service COLLATE "C")',
    );
    await knex.raw(
      `CREATE INDEX deployment_slots_failing_idx ON deployment_slots (service COLLATE "C")
       WHERE (current_event::json ->> 'status') = 'failure'`,
    );
  } else {
    await knex.raw(
      `CREATE INDEX deployment_slots_failing_idx ON deployment_slots (service)
       WHERE json_extract(current_event, '$.status') = 'failure'`,
    );
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX IF EXISTS deployment_slots_failing_idx');
  await knex.raw('DROP INDEX IF EXISTS deployment_slots_service_order_idx');
  await knex.schema.alterTable('deployment_slots', table => {
    table.dropIndex(['environment'], 'deployment_slots_environment_idx');
  });
};
