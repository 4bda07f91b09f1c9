import { Knex } from 'knex';

/**
 * The free-text search of history (`q`): a case-insensitive substring of any
 * searchable column. The columns are searched as one lower-cased text, joined
 * by U+001F so that no match spans two of them; on PostgreSQL a trigram GIN
 * index on exactly this expression (migration 20261203000400_history_search)
 * serves `LIKE '%…%'` on it. Any change here needs a new index.
 */
export const SEARCH_TEXT_PG = `lower(service || chr(31) || environment || chr(31) || coalesce(version, '')
  || chr(31) || status || chr(31) || coalesce(actor, '') || chr(31) || coalesce(ref, '')
  || chr(31) || coalesce(sha, '') || chr(31) || deployment_id
  || chr(31) || coalesce(run_number::text, ''))`;

const SEARCH_COLUMNS = [
  'service', 'environment', 'version', 'status', 'actor', 'ref', 'sha', 'deployment_id', 'run_number',
];

/** SQLite has no index for it; the same text, for the same matches. */
const SEARCH_TEXT_SQLITE = `lower(${SEARCH_COLUMNS.map(c => `coalesce(${c}, '')`).join(' || char(31) || ')})`;

const SEPARATOR = '\u001f';

/** `%`, `_` and the escape character itself match literally. */
const likeContaining = (q: string) => `%${q.replace(/[\\%_]/g, c => `\\${c}`)}%`;

/**
 * PostgreSQL: LIKE, which the trigram index serves; SQLite: instr(), which
 * needs no escaping. Both lower-case the search text with the database's
 * own lower() (SQLite's folds ASCII letters only), as the searched text is.
 */
const matches = (text: string, isPostgres: boolean) =>
  isPostgres ? `${text} LIKE lower(?) ESCAPE '\\'` : `instr(${text}, lower(?)) > 0`;

/** Narrows a query of `deployment_events` to the events matching `q`. */
export function whereSearchMatches(query: Knex.QueryBuilder, isPostgres: boolean, q: string): void {
  const binding = isPostgres ? likeContaining(q) : q;
  if (!q.includes(SEPARATOR)) {
    query.whereRaw(matches(isPostgres ? SEARCH_TEXT_PG : SEARCH_TEXT_SQLITE, isPostgres), [binding]);
    return;
  }
  // Rare: in the joined text this could match across two columns, so test
  // each column on its own (no index).
  query.where(inner => {
    for (const column of SEARCH_COLUMNS) {
      const text = `lower(coalesce(${column}${isPostgres ? '::text' : ''}, ''))`;
      inner.orWhereRaw(matches(text, isPostgres), [binding]);
    }
  });
}
