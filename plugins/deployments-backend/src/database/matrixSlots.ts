import { Knex } from 'knex';
import { SlotsQuery, StoredSlotJson } from './DeploymentsStore';

const SLOTS = 'deployment_slots';

/**
 * The SQL of one dialect. Each expression is the one an index of migration
 * 20261203000410_matrix_pages is built on, so the index serves it.
 */
const DIALECTS = {
  pg: {
    // PostgreSQL's default collation is seldom code-point order; "C" is.
    name: 'service COLLATE "C"',
    failing: "(current_event::json ->> 'status') = 'failure'",
    // One JSON parameter, however many names (an owner may own thousands).
    named: 'service IN (SELECT json_array_elements_text(?::json))',
    contains: 'position(lower(?) in lower(service)) > 0',
  },
  sqlite: {
    name: 'service',
    failing: "json_extract(current_event, '$.status') = 'failure'",
    named: 'service IN (SELECT value FROM json_each(?))',
    // The database's lower() on both sides; SQLite's folds ASCII letters only.
    contains: 'instr(lower(service), lower(?)) > 0',
  },
};

/**
 * The slots of the matrix, narrowed to the services that pass the filters of
 * `options` (and to one keyset page of them). Without filters this is the
 * plain scan it always was.
 */
export function slotsJsonQuery(
  knex: Knex,
  isPostgres: boolean,
  options: SlotsQuery = {},
): Knex.QueryBuilder<any, StoredSlotJson[]> {
  const query = knex(SLOTS).select(
    'service',
    'environment',
    'current_event as currentJson',
    'last_success_event as lastSuccessfulJson',
  );
  if (options.service !== undefined) query.where('service', options.service);
  const { services, serviceContains, failuresOnly, page } = options;
  if (services !== undefined || serviceContains !== undefined || failuresOnly || page) {
    query.whereIn('service', selectServices(knex, isPostgres ? DIALECTS.pg : DIALECTS.sqlite, options));
  }
  return query;
}

/** The names of the services the filters keep, in code-point order when paged. */
function selectServices(knex: Knex, sql: (typeof DIALECTS)['pg'], options: SlotsQuery) {
  const query = knex(SLOTS).select(knex.raw(`${sql.name} AS service`)).groupByRaw('1');
  if (options.services !== undefined) query.whereRaw(sql.named, [JSON.stringify(options.services)]);
  if (options.serviceContains !== undefined) query.whereRaw(sql.contains, [options.serviceContains]);
  // A service's rows narrowed to its failing slots: it stays if it has one.
  if (options.failuresOnly) query.whereRaw(sql.failing);
  if (options.page) {
    if (options.page.after !== undefined) query.whereRaw(`${sql.name} > ?`, [options.page.after]);
    query.orderByRaw('1').limit(options.page.limit);
  }
  return query;
}

export const DISTINCT_ENVIRONMENTS = `
  WITH RECURSIVE e(environment) AS (
    SELECT min(environment) FROM ${SLOTS}
    UNION ALL
    SELECT (SELECT min(environment) FROM ${SLOTS} s WHERE s.environment > e.environment)
    FROM e WHERE e.environment IS NOT NULL
  )
  SELECT environment FROM e WHERE environment IS NOT NULL`;

/**
 * The distinct environments of the projection, one index probe each (a loose
 * index scan): a matrix read lists them every time, and a DISTINCT would read
 * every slot, events and all.
 */
export async function distinctEnvironments(knex: Knex): Promise<string[]> {
  const result = await knex.raw(DISTINCT_ENVIRONMENTS);
  // pg answers { rows }, better-sqlite3 the rows themselves.
  const rows: Array<{ environment: string }> = result.rows ?? result;
  return rows.map(r => r.environment);
}
