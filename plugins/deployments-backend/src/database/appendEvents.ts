import { Knex } from 'knex';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { AppendItem } from './DeploymentsStore';
import { CommitRow, commitRows, EVENT_COLUMNS, EventRow, inputToRow, rowToEvent } from './eventRows';

/*
 * The one SQL builder behind every append: a single event, a group of
 * concurrent single ingests (GroupCommit) and a batch all go through
 * `appendEvents`, which writes the events, their commits and the slot
 * projection atomically, in input order.
 */

const EVENTS = 'deployment_events';
const SLOTS = 'deployment_slots';
const COMMITS = 'deployment_commits';
/**
 * A commit index row carries its event's slot, time and whether it counts as
 * shipped (a success, not a test): all-services lead time reads only these.
 */
const COMMIT_COLUMNS =
  'seq, position, sha, authored_at_ms, service, environment, happened_at_ms, shipped';

/**
 * Keeps the current and last successful event of a slot: a new event wins
 * when (happened_at, seq) is greater, so on equal times the later received
 * wins — whatever order concurrent appends commit in. The same SQL runs on
 * PostgreSQL and SQLite (>= 3.24); all right-hand sides read the old row.
 */
const NEWER_CURRENT = `(excluded.current_happened_at_ms, excluded.current_seq) >
  (${SLOTS}.current_happened_at_ms, ${SLOTS}.current_seq)`;
const NEWER_SUCCESS = `excluded.last_success_seq IS NOT NULL AND
  (${SLOTS}.last_success_seq IS NULL OR
   (excluded.last_success_happened_at_ms, excluded.last_success_seq) >
   (${SLOTS}.last_success_happened_at_ms, ${SLOTS}.last_success_seq))`;
const takeIf = (condition: string, column: string) =>
  `${column} = CASE WHEN ${condition} THEN excluded.${column} ELSE ${SLOTS}.${column} END`;

const SLOT_COLUMNS = `service, environment, current_seq, current_happened_at_ms, current_event,
  last_success_seq, last_success_happened_at_ms, last_success_event`;
const ON_CONFLICT_KEEP_NEWER = `ON CONFLICT (service, environment) DO UPDATE SET
  ${['current_seq', 'current_happened_at_ms', 'current_event'].map(c => takeIf(NEWER_CURRENT, c)).join(',\n  ')},
  ${['last_success_seq', 'last_success_happened_at_ms', 'last_success_event'].map(c => takeIf(NEWER_SUCCESS, c)).join(',\n  ')}`;

/** Offers one event (as current, and as last success when it is one) to its slot. */
export const UPSERT_SLOT = `INSERT INTO ${SLOTS} (${SLOT_COLUMNS})
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
${ON_CONFLICT_KEEP_NEWER}`;

/** The parameters of UPSERT_SLOT for one stored event. */
export function slotValues(event: DeploymentEvent) {
  const seq = Number(event.id);
  const happenedAtMs = Date.parse(event.happened_at);
  const json = JSON.stringify(event);
  const success = event.status === 'success';
  return [
    event.service, event.environment, seq, happenedAtMs, json,
    success ? seq : null, success ? happenedAtMs : null, success ? json : null,
  ];
}

const INSERT_COLUMNS = EVENT_COLUMNS.filter(c => c !== 'seq');
type InsertRow = Omit<EventRow, 'seq'>;

/** An item ready to write: its row, and the event every read will return, but for its id. */
interface Prepared {
  row: InsertRow;
  event: DeploymentEvent;
  commits: CommitRow[];
}

function prepare(item: AppendItem): Prepared {
  const row = inputToRow(item.input, item.receivedAtMs, item.origin ?? { source: 'api' });
  return { row, event: rowToEvent({ ...row, seq: 0 }), commits: commitRows(item.input) };
}

/** The stored event: the database returns only the seq, the rest is what was written. */
const stored = ({ event }: Prepared, seq: number | string) => ({ ...event, id: String(seq) });

/** An event's JSON as the API returns it, minus the leading id (known only after insert). */
const ID_PREFIX = '{"id":"0",';
const jsonAfterId = (event: DeploymentEvent) => JSON.stringify(event).slice(ID_PREFIX.length);

/** json_to_recordset's column list: the row, its position and its JSON tail. */
const PG_TYPES: Record<string, string> = {
  happened_at_ms: 'bigint', received_at_ms: 'bigint', run_number: 'bigint', is_test: 'boolean',
};
const RECORD_COLUMNS = ['ord int', ...INSERT_COLUMNS.map(c => `${c} ${PG_TYPES[c] ?? 'text'}`), 'tail text'];

/** The newest event (by happened_at, then seq) of each slot among the stored ones, `where` holding. */
const latestPerSlot = (where: string) => `SELECT DISTINCT ON (service, environment)
    service, environment, seq, happened_at_ms, json
  FROM fresh WHERE ${where}
  ORDER BY service, environment, happened_at_ms DESC, seq DESC`;

/** Inserts the rows of `numbered` that pass `where`; answers their seqs. */
const insertEvents = (where: string, onConflict = '') => `INSERT INTO ${EVENTS} (seq, ${INSERT_COLUMNS.join(', ')})
  SELECT seq, ${INSERT_COLUMNS.join(', ')} FROM numbered WHERE ${where} ORDER BY seq
  ${onConflict}
  RETURNING seq`;

/**
 * PostgreSQL: all events of a group in ONE statement (atomic on its own, one
 * round trip, one commit). Seqs are drawn inside the statement, which holds
 * the table's insert lock before it draws any (committedSeq relies on it),
 * and handed out in input order. Pushed events (no external id) never
 * conflict, so only imported ones pay for ON CONFLICT; those already stored
 * insert nothing. ON CONFLICT DO UPDATE may touch a row once per statement,
 * so the group is first reduced to the newest event and newest success per
 * slot; slots are written in key order, so concurrent groups never
 * deadlock. Test deployments stay out of the projection.
 */
const APPEND_PG = `
WITH incoming AS (
  SELECT * FROM json_to_recordset(?::json) AS r(${RECORD_COLUMNS.join(', ')})
), drawn AS (
  SELECT nextval((SELECT pg_get_serial_sequence('${EVENTS}', 'seq'))::regclass) AS seq FROM incoming
), numbered AS (
  SELECT incoming.*, d.seq
  FROM incoming JOIN (SELECT seq, row_number() OVER (ORDER BY seq) AS ord FROM drawn) d USING (ord)
), pushed AS (
  ${insertEvents('external_id IS NULL')}
), imported AS (
  ${insertEvents('external_id IS NOT NULL', 'ON CONFLICT (source, external_id) DO NOTHING')}
), ins AS (
  SELECT seq FROM pushed UNION ALL SELECT seq FROM imported
), shipped AS (
  INSERT INTO ${COMMITS} (${COMMIT_COLUMNS})
  SELECT ins.seq, c.position, c.sha, c.authored_at_ms, n.service, n.environment,
    n.happened_at_ms, n.status = 'success' AND NOT n.is_test
  FROM json_to_recordset(?::json) AS c(ord int, position int, sha text, authored_at_ms bigint)
  JOIN numbered n ON n.ord = c.ord JOIN ins ON ins.seq = n.seq
), fresh AS (
  SELECT n.service, n.environment, n.seq, n.happened_at_ms, n.status,
    '{"id":"' || n.seq || '",' || n.tail AS json
  FROM numbered n JOIN ins ON ins.seq = n.seq WHERE NOT n.is_test
), cur AS (${latestPerSlot('true')}
), won AS (${latestPerSlot(`status = 'success'`)}
), slot AS (
  INSERT INTO ${SLOTS} (${SLOT_COLUMNS})
  SELECT cur.service, cur.environment, cur.seq, cur.happened_at_ms, cur.json,
    won.seq, won.happened_at_ms, won.json
  FROM cur LEFT JOIN won ON won.service = cur.service AND won.environment = cur.environment
  ORDER BY cur.service, cur.environment
  ${ON_CONFLICT_KEEP_NEWER}
)
SELECT ins.seq FROM numbered n LEFT JOIN ins ON ins.seq = n.seq ORDER BY n.ord`;

/** SQLite: one event; appendSqlite wraps the group in one transaction. */
const INSERT_SQLITE = `INSERT INTO ${EVENTS} (${INSERT_COLUMNS.join(', ')})
VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')})
ON CONFLICT (source, external_id) DO NOTHING
RETURNING seq`;

const STATEMENT_NAME = 'deployments_append_events';
/** "does not exist", "already exists": what a pooler that swaps server connections does to named statements. */
const LOST_STATEMENT_CODES = new Set(['26000', '42P05']);
const unnamedOnly = new WeakSet<Knex>();

/**
 * APPEND_PG as a named statement, parsed and planned once per connection:
 * planning it costs more than writing a small group's rows. Behind a pooler
 * in transaction mode (pgbouncer) a connection's named statements may vanish
 * or already exist; then the statement did not run, and it runs unnamed,
 * from then on always.
 */
async function runAppendPg(knex: Knex, bindings: string[]) {
  if (!unnamedOnly.has(knex)) {
    try {
      return await knex.raw(APPEND_PG, bindings).options({ name: STATEMENT_NAME });
    } catch (error) {
      if (!LOST_STATEMENT_CODES.has((error as { code?: string }).code ?? '')) throw error;
      unnamedOnly.add(knex);
    }
  }
  return knex.raw(APPEND_PG, bindings);
}

async function appendPostgres(knex: Knex, items: Prepared[]) {
  const records = items.map(({ row, event }, i) => ({ ord: i + 1, ...row, tail: jsonAfterId(event) }));
  const commits = items.flatMap(({ commits: rows }, i) => rows.map(c => ({ ord: i + 1, ...c })));
  const result = await runAppendPg(knex, [JSON.stringify(records), JSON.stringify(commits)]);
  return (result.rows as Array<{ seq: string | null }>).map(({ seq }, i) =>
    seq === null ? undefined : stored(items[i], seq),
  );
}

/** The little of a better-sqlite3 connection used here. */
interface SqliteStatement {
  get(...values: unknown[]): unknown;
  run(...values: unknown[]): unknown;
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  transaction<T>(fn: () => T): () => T;
}

const INSERT_COMMIT = `INSERT INTO ${COMMITS} (${COMMIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const statementsOf = new WeakMap<SqliteConnection, Record<'event' | 'commit' | 'slot', SqliteStatement>>();

/**
 * SQLite: better-sqlite3 runs in-process and synchronously, so a group is
 * one synchronous transaction on the connection, with its statements
 * prepared once per connection: through Knex every statement is prepared
 * anew on every call, which cost more than the writes themselves. The
 * connection comes from Knex's pool, so nothing else uses it meanwhile.
 */
async function appendSqlite(knex: Knex, items: Prepared[]) {
  const connection: SqliteConnection = await knex.client.acquireConnection();
  try {
    let statements = statementsOf.get(connection);
    if (!statements) {
      statements = {
        event: connection.prepare(INSERT_SQLITE),
        commit: connection.prepare(INSERT_COMMIT),
        slot: connection.prepare(UPSERT_SLOT),
      };
      statementsOf.set(connection, statements);
    }
    const { event: insertEvent, commit: insertCommit, slot: upsertSlot } = statements;
    return connection.transaction(() =>
      items.map(item => {
        const { row, commits } = item;
        const values = INSERT_COLUMNS.map(c => (c === 'is_test' ? Number(row.is_test) : row[c as keyof InsertRow]));
        const inserted = insertEvent.get(...values) as { seq: number } | undefined;
        if (!inserted) return undefined;
        const shipped = Number(row.status === 'success' && !row.is_test);
        for (const c of commits) {
          insertCommit.run(inserted.seq, c.position, c.sha, c.authored_at_ms,
            row.service, row.environment, row.happened_at_ms, shipped);
        }
        const event = stored(item, inserted.seq);
        if (!event.is_test) upsertSlot.run(...slotValues(event));
        return event;
      }),
    )();
  } finally {
    await knex.client.releaseConnection(connection);
  }
}

/**
 * Appends `items` in their order, atomically: every event is stored (an
 * already imported one excepted, undefined in its place) or none is.
 * Resolves once committed, to the stored events in input order.
 */
export function appendEvents(
  knex: Knex,
  items: AppendItem[],
): Promise<Array<DeploymentEvent | undefined>> {
  if (items.length === 0) return Promise.resolve([]);
  const ready = items.map(prepare);
  return knex.client.config.client === 'pg' ? appendPostgres(knex, ready) : appendSqlite(knex, ready);
}
