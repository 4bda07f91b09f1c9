// @ts-check

/**
 * Optional event fields added after this release are kept in one JSON
 * column instead of a column each, so that adding a field to the event
 * schema needs no migration (src/database/eventRows.ts). Existing rows have
 * none: '{}'.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployment_events', table => {
    table.text('extra').notNullable().defaultTo('{}');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('deployment_events', table => {
    table.dropColumn('extra');
  });
};
