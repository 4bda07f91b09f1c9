// @ts-check

/**
 * Insights (commits, title, tags, test deployments, change type) and pull
 * mode (the source of an event and its id there, per-provider cursors).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployment_events', table => {
    table.text('commits').notNullable().defaultTo('[]');
    table.string('title', 256).nullable();
    table.text('tags').notNullable().defaultTo('[]');
    table.boolean('is_test').notNullable().defaultTo(false);
    table.string('change_type', 16).nullable();
    // 'api' for pushed events, else the provider that imported the event.
    table.string('source', 32).notNullable().defaultTo('api');
    // The event's id at its source: importing it twice stores it once.
    table.string('external_id', 300).nullable();
    table.unique(['source', 'external_id'], { indexName: 'deployment_events_external_idx' });
  });

  // One row per shipped commit, so lead time is a join, not JSON parsing.
  // Derived from deployment_events.commits, written in the same transaction.
  await knex.schema.createTable('deployment_commits', table => {
    table.comment('Commits of each event (an index of deployment_events.commits)');
    table.bigInteger('seq').notNullable();
    table.integer('position').notNullable();
    table.string('sha', 64).notNullable();
    table.bigInteger('authored_at_ms').nullable();
    table.primary(['seq', 'position']);
  });

  await knex.schema.createTable('deployment_import_cursors', table => {
    table.comment('Where each pull-mode provider is in each of its sources (e.g. a repository)');
    table.string('provider', 32).notNullable();
    table.string('key', 300).notNullable();
    table.text('value').notNullable();
    table.bigInteger('updated_at_ms').notNullable();
    table.primary(['provider', 'key']);
  });

  // Events stored before this migration gain the new keys with their
  // defaults; they are appended last, as every read returns them.
  const newKeys = ',"commits":[],"title":null,"tags":[],"is_test":false,"change_type":null,"source":"api"}';
  for (const column of ['current_event', 'last_success_event']) {
    await knex('deployment_slots')
      .whereNotNull(column)
      .update({
        [column]: knex.raw(`substr(??, 1, length(??) - 1) || ?`, [column, column, newKeys]),
      });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  const position = knex.client.config.client === 'pg' ? 'strpos' : 'instr';
  for (const column of ['current_event', 'last_success_event']) {
    await knex('deployment_slots')
      .whereNotNull(column)
      .update({
        [column]: knex.raw(`substr(??, 1, ${position}(??, ',"commits":') - 1) || '}'`, [column, column]),
      });
  }
  await knex.schema.dropTable('deployment_import_cursors');
  await knex.schema.dropTable('deployment_commits');
  await knex.schema.alterTable('deployment_events', table => {
    table.dropUnique(['source', 'external_id'], 'deployment_events_external_idx');
  });
  await knex.schema.alterTable('deployment_events', table => {
    table.dropColumns('commits', 'title', 'tags', 'is_test', 'change_type', 'source', 'external_id');
  });
};
