// @ts-check

/**
 * All-services lead time reads the commits shipped to production in a period
 * and asks, for each, whether it had reached production before. With only
 * (seq, sha) on the commit index, both steps joined every commit row to its
 * event. The commit index rows now carry what those steps filter on — the
 * event's service, environment and time, and whether it counts as shipped
 * (a success that is not a test) — so the period is one index range and the
 * "before?" check one probe of the (sha, seq) index, without the event.
 * Written with the row, like the rest of the commit index; events are never
 * updated, so the copies cannot drift.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployment_commits', table => {
    table.string('service', 128).nullable();
    table.string('environment', 64).nullable();
    table.bigInteger('happened_at_ms').nullable();
    table.boolean('shipped').notNullable().defaultTo(false);
  });
  await knex.raw(`
    UPDATE deployment_commits SET
      service = e.service,
      environment = e.environment,
      happened_at_ms = e.happened_at_ms,
      shipped = (e.status = 'success' AND NOT e.is_test)
    FROM deployment_events e
    WHERE e.seq = deployment_commits.seq`);
  await knex.schema.alterTable('deployment_commits', table => {
    table.index(['environment', 'shipped', 'happened_at_ms'], 'deployment_commits_env_time_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('deployment_commits', table => {
    table.dropIndex([], 'deployment_commits_env_time_idx');
    table.dropColumn('shipped');
    table.dropColumn('happened_at_ms');
    table.dropColumn('environment');
    table.dropColumn('service');
  });
};
