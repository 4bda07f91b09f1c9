// @ts-check

/**
 * Corrections without breaking append-only: voiding an event appends a row
 * here and never touches `deployment_events`. One void per event — the
 * unique `seq` makes a second void (even a concurrent one on another
 * replica) a conflict, answered 409. Rows are never updated or deleted,
 * not even by retention, so their count only grows: the matrix ETag carries
 * it. `id` orders voids for the stream's `event: void` frames.
 *
 * Every stored event now carries `voided` (null unless voided): slots
 * stored before this migration gain `"voided":null` as their last key, as
 * every read returns it (voided events are never in a slot).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployment_event_voids', table => {
    table.comment(
      'Append-only record of voided deployment events (POST /{id}/void)',
    );
    table.bigIncrements('id').primary();
    // deployment_events.seq; no foreign key: retention may delete an old
    // event, its void record stays (harmless, and append-only).
    table.bigInteger('seq').notNullable();
    table.bigInteger('voided_at_ms').notNullable();
    // A user entity ref, or a service principal's subject.
    table.text('voided_by').notNullable();
    table.text('reason').notNullable();
    table.unique(['seq'], { indexName: 'deployment_event_voids_seq_idx' });
  });

  for (const column of ['current_event', 'last_success_event']) {
    await knex('deployment_slots')
      .whereNotNull(column)
      .update({
        [column]: knex.raw(`substr(??, 1, length(??) - 1) || ?`, [
          column,
          column,
          ',"voided":null}',
        ]),
      });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  const suffix = ',"voided":null}';
  for (const column of ['current_event', 'last_success_event']) {
    await knex('deployment_slots')
      .whereNotNull(column)
      .update({
        [column]: knex.raw(`substr(??, 1, length(??) - ?) || '}'`, [
          column,
          column,
          suffix.length,
        ]),
      });
  }
  await knex.schema.dropTable('deployment_event_voids');
};
