// @ts-check

/**
 * Runs (`GET /runs`) group events by (deployment_id, service, environment).
 * Finding a run's first and latest event, and telling whether an event is
 * the latest of its run, are index lookups here instead of scans of a
 * deployment_id shared by many slots. Rollback detection looks up earlier
 * successes of one version in one slot; without the second index that is a
 * scan of the slot's whole history for every new version.
 *
 * The indexes as [columns, name], in the order `up` creates them.
 *
 * @type {Array<[string[], string]>}
 */
const INDEXES = [
  [
    ['service', 'environment', 'deployment_id', 'happened_at_ms', 'seq'],
    'deployment_events_run_idx',
  ],
  [
    ['service', 'environment', 'version', 'happened_at_ms', 'seq'],
    'deployment_events_slot_version_idx',
  ],
];

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployment_events', table => {
    for (const [columns, name] of INDEXES) table.index(columns, name);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('deployment_events', table => {
    // The reverse order of `up`.
    for (const [columns, name] of [...INDEXES].reverse()) {
      table.dropIndex(columns, name);
    }
  });
};
