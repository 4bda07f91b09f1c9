// @ts-check

/**
 * The ingest rate limit's token buckets, one row per key name. They live in
 * the plugin's database because every replica shares it (Backstage's cache
 * service is in-memory per process unless configured otherwise).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployments_rate_limit_buckets', table => {
    table.comment('Per-key token buckets of the ingest rate limit, shared by all replicas');
    // Key names come from configuration, with no length limit.
    table.text('key_name').primary();
    // Tokens left as of updated_at_ms; fractional, refilled lazily on take.
    table.double('tokens').notNullable();
    table.bigInteger('updated_at_ms').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deployments_rate_limit_buckets');
};
