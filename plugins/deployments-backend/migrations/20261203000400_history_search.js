// @ts-check

/**
 * History search (`GET /api/deployments?q=`) looks for a substring of the
 * lower-cased searchable columns, joined by U+001F so that no match spans two
 * of them. On PostgreSQL a trigram GIN index on exactly that expression (the
 * query in src/database/historySearch.ts writes the same text) turns the
 * search into an index lookup instead of a scan of the whole log.
 *
 * pg_trgm is an extension: where it cannot be created (not installed, no
 * right to create it) the search still works, unindexed, so that is no
 * error. SQLite searches without an index.
 *
 * The index is built CONCURRENTLY, outside a transaction, so ingest keeps
 * running while a large log is indexed (minutes for tens of millions of
 * events); startup waits for it.
 */

const INDEX = 'deployment_events_search_idx';

/** Identical to SEARCH_TEXT_PG in src/database/historySearch.ts (a test compares them). */
const SEARCH_TEXT = `lower(service || chr(31) || environment || chr(31) || coalesce(version, '')
  || chr(31) || status || chr(31) || coalesce(actor, '') || chr(31) || coalesce(ref, '')
  || chr(31) || coalesce(sha, '') || chr(31) || deployment_id
  || chr(31) || coalesce(run_number::text, ''))`;

exports.config = { transaction: false };

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  if (knex.client.config.client !== 'pg') return;
  try {
    await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  } catch {
    return; // unindexed search
  }
  // The operator class lives where the extension was installed, which need
  // not be on this plugin's search_path.
  const { rows } = await knex.raw(
    `SELECT quote_ident(n.nspname) AS schema FROM pg_extension e
     JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`,
  );
  // A build interrupted earlier leaves an invalid index behind: start over.
  await knex.raw(
    `DO $$ BEGIN
       IF EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                  WHERE c.relname = '${INDEX}' AND NOT i.indisvalid
                    AND pg_table_is_visible(c.oid)) THEN
         DROP INDEX ${INDEX};
       END IF;
     END $$`,
  );
  await knex.raw(
    `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${INDEX} ON deployment_events
     USING gin ((${SEARCH_TEXT}) ${rows[0].schema}.gin_trgm_ops)`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (knex.client.config.client !== 'pg') return;
  await knex.raw(`DROP INDEX IF EXISTS ${INDEX}`);
};

exports.SEARCH_TEXT = SEARCH_TEXT;
