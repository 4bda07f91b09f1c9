// @ts-check

/**
 * `Idempotency-Key`s of ingest requests, one row per (sender, key). They live
 * in the plugin's database so that every replica sees them: a retry may reach
 * another replica than the first attempt. Rows older than
 * `deployments.ingest.idempotencyKeyTtl` count as absent and are deleted by a
 * scheduled task (src/retention/IdempotencyKeyCleanup.ts).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployments_idempotency_keys', table => {
    table.comment(
      'Idempotency-Key of ingest requests per sender, and the answer to replay',
    );
    // describeSender(): key:<name> or service:<subject>, never the API key itself.
    table.text('sender').notNullable();
    table.text('key').notNullable();
    // SHA-256 hex of the body's canonical JSON (src/core/idempotency.ts).
    table.text('body_hash').notNullable();
    // 'in-flight' while the first request runs, 'done' once it was answered.
    table.text('state').notNullable();
    table.integer('response_status').nullable();
    table.text('response_body').nullable();
    table.bigInteger('created_at_ms').notNullable();
    table.primary(['sender', 'key']);
    table.index(['created_at_ms'], 'deployments_idempotency_keys_created_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deployments_idempotency_keys');
};
