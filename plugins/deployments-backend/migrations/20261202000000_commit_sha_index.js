// @ts-check

/**
 * Lead time looks commits up by SHA: the commit index stores SHAs lowercased
 * (events keep them as sent) and gets an index on them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex('deployment_commits').update({ sha: knex.raw('lower(sha)') });
  await knex.schema.alterTable('deployment_commits', table => {
    table.index(['sha', 'seq'], 'deployment_commits_sha_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('deployment_commits', table => {
    table.dropIndex(['sha', 'seq'], 'deployment_commits_sha_idx');
  });
};
