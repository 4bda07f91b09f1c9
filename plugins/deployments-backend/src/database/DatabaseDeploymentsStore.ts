import { Knex } from 'knex';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  compareCodePoints as byCodePoint,
  DeploymentEvent,
  DeploymentEventInput,
} from '@deploydash/plugin-deployments-common';
import {
  DeploymentsStore,
  HistoryFilter,
  HistoryPosition,
  StoredSlot,
  StoredSlotJson,
} from './DeploymentsStore';
import { commitRows, EVENT_COLUMNS, EventRow, inputToRow, rowToEvent } from './eventRows';
import { DoraAggregates, DoraQuery, queryDoraAggregates } from './doraQueries';
import { queryRuns, RunsFilter, RunsRead, StoredRun } from './runsQuery';

const EVENTS = 'deployment_events';
const SLOTS = 'deployment_slots';
const COMMITS = 'deployment_commits';
// The table keeps its shipped name; its rows are providers' checkpoints.
const CHECKPOINTS = 'deployment_import_cursors';

const migrationsDir = resolvePackagePath(
  '@deploydash/plugin-deployments-backend',
  'migrations',
);

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

const UPSERT_SLOT = `INSERT INTO ${SLOTS} (${SLOT_COLUMNS})
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
${ON_CONFLICT_KEEP_NEWER}`;

/** An event's JSON as the API returns it, minus the leading id (known only after insert). */
const ID_PREFIX = '{"id":"0",';
const eventJsonAfterId = (row: Omit<EventRow, 'seq'>) =>
  JSON.stringify(rowToEvent({ ...row, seq: 0 })).slice(ID_PREFIX.length);
const EVENT_JSON_SQL = `'{"id":"' || seq || '",' || ?::text`;

const INSERT_COLUMNS = EVENT_COLUMNS.filter(c => c !== 'seq');

/**
 * PostgreSQL: the event, its commits and its slot in one statement (atomic
 * on its own), so an append is one round trip instead of a transaction. An
 * imported event already stored inserts nothing, and so changes nothing.
 * Test deployments stay out of the projection.
 */
const APPEND_PG = `
WITH ins AS (
  INSERT INTO ${EVENTS} (${INSERT_COLUMNS.join(', ')})
  VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (source, external_id) DO NOTHING
  RETURNING ${EVENT_COLUMNS.join(', ')}
), shipped AS (
  INSERT INTO ${COMMITS} (seq, position, sha, authored_at_ms)
  SELECT ins.seq, c.position, c.sha, c.authored_at_ms
  FROM ins, json_to_recordset(?::json) AS c(position int, sha text, authored_at_ms bigint)
), slot AS (
  INSERT INTO ${SLOTS} (${SLOT_COLUMNS})
  SELECT service, environment, seq, happened_at_ms, ${EVENT_JSON_SQL},
    CASE WHEN status = 'success' THEN seq END,
    CASE WHEN status = 'success' THEN happened_at_ms END,
    CASE WHEN status = 'success' THEN ${EVENT_JSON_SQL} END
  FROM ins WHERE NOT is_test
  ${ON_CONFLICT_KEEP_NEWER}
)
SELECT * FROM ins`;

/** Where an event came from: `api`, or a provider and the event's id there. */
export interface EventOrigin {
  source: string;
  externalId?: string;
}

/** The Knex implementation of {@link DeploymentsStore}, for SQLite and PostgreSQL. */
export class DatabaseDeploymentsStore implements DeploymentsStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseDeploymentsStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseDeploymentsStore(knex);
  }

  /** For tests: a store on an existing Knex, migrated. */
  static async fromKnex(knex: Knex): Promise<DatabaseDeploymentsStore> {
    await knex.migrate.latest({ directory: migrationsDir });
    return new DatabaseDeploymentsStore(knex);
  }

  private readonly isPostgres: boolean;

  private constructor(private readonly knex: Knex) {
    this.isPostgres = knex.client.config.client === 'pg';
  }

  async append(
    input: DeploymentEventInput,
    receivedAtMs: number,
  ): Promise<DeploymentEvent> {
    return (await this.insertEvent(input, receivedAtMs, { source: 'api' }))!;
  }

  async appendImported(
    input: DeploymentEventInput,
    receivedAtMs: number,
    origin: Required<EventOrigin>,
  ): Promise<DeploymentEvent | undefined> {
    return this.insertEvent(input, receivedAtMs, origin);
  }

  private async insertEvent(
    input: DeploymentEventInput,
    receivedAtMs: number,
    origin: EventOrigin,
  ): Promise<DeploymentEvent | undefined> {
    const commits = commitRows(input);
    const row = inputToRow(input, receivedAtMs, origin);
    if (this.isPostgres) {
      const json = eventJsonAfterId(row);
      const values = INSERT_COLUMNS.map(c => row[c as keyof typeof row]);
      const result = await this.knex.raw(APPEND_PG, [
        ...values,
        JSON.stringify(commits),
        json,
        json,
      ]);
      return result.rows.length ? rowToEvent(result.rows[0]) : undefined;
    }
    // SQLite has no INSERT inside WITH; its round trips are in-process anyway.
    return this.knex.transaction(async tx => {
      const [stored] = await tx<EventRow>(EVENTS)
        .insert({ ...row, is_test: row.is_test ? 1 : 0 })
        .onConflict(['source', 'external_id'])
        .ignore()
        .returning([...EVENT_COLUMNS]);
      if (!stored) return undefined;
      const event = rowToEvent(stored);
      if (commits.length) {
        await tx(COMMITS).insert(commits.map(c => ({ seq: stored.seq, ...c })));
      }
      if (!event.is_test) await this.upsertSlot(tx, event);
      return event;
    });
  }

  async getImportCheckpoint(provider: string, key: string): Promise<string | undefined> {
    const row = await this.knex(CHECKPOINTS).where({ provider, key }).first('value');
    return row?.value;
  }

  async setImportCheckpoint(provider: string, key: string, value: string): Promise<void> {
    await this.knex(CHECKPOINTS)
      .insert({ provider, key, value, updated_at_ms: Date.now() })
      .onConflict(['provider', 'key'])
      .merge(['value', 'updated_at_ms']);
  }

  /** Offers one event to its slot of the projection. */
  private async upsertSlot(tx: Knex, event: DeploymentEvent): Promise<void> {
    const seq = Number(event.id);
    const happenedAtMs = Date.parse(event.happened_at);
    const json = JSON.stringify(event);
    const success = event.status === 'success';
    await tx.raw(UPSERT_SLOT, [
      event.service,
      event.environment,
      seq,
      happenedAtMs,
      json,
      success ? seq : null,
      success ? happenedAtMs : null,
      success ? json : null,
    ]);
  }

  /**
   * Recomputes the projection from the log: for every (service, environment)
   * its latest and latest successful event. For bulk loads and repairs; the
   * projection is otherwise maintained by `append`.
   */
  async rebuildSlots(): Promise<void> {
    const pairs = await this.knex(EVENTS).distinct('service', 'environment').whereRaw('NOT is_test');
    const latest = (service: string, environment: string, status?: string) => {
      const query = this.knex<EventRow>(EVENTS)
        .select(...EVENT_COLUMNS)
        .where({ service, environment })
        .whereRaw('NOT is_test')
        .orderBy([
          { column: 'happened_at_ms', order: 'desc' },
          { column: 'seq', order: 'desc' },
        ])
        .first();
      return status ? query.where('status', status) : query;
    };
    for (const { service, environment } of pairs) {
      const success = await latest(service, environment, 'success');
      const current = await latest(service, environment);
      await this.knex.transaction(async tx => {
        await tx(SLOTS).where({ service, environment }).delete();
        if (success) await this.upsertSlot(tx, rowToEvent(success));
        if (current) await this.upsertSlot(tx, rowToEvent(current));
      });
    }
  }

  async deleteHistoryBefore(cutoffMs: number): Promise<number> {
    let deleted = 0;
    // In batches, so no statement holds its locks for long.
    for (;;) {
      const n: number = await this.knex.transaction(async tx => {
        const batch = await tx(EVENTS)
          .select('seq')
          .where('happened_at_ms', '<', cutoffMs)
          .whereNotIn('seq', tx(SLOTS).select('current_seq'))
          .whereNotIn('seq', tx(SLOTS).select('last_success_seq').whereNotNull('last_success_seq'))
          .limit(5000);
        const seqs = batch.map(r => r.seq);
        await tx(COMMITS).whereIn('seq', seqs).delete();
        return (await tx(EVENTS).whereIn('seq', seqs).delete()) as number;
      });
      deleted += n;
      if (n < 5000) return deleted;
    }
  }

  async getEvent(id: string): Promise<DeploymentEvent | undefined> {
    if (!/^[1-9]\d{0,15}$/.test(id)) return undefined;
    const row = await this.knex<EventRow>(EVENTS)
      .select(...EVENT_COLUMNS)
      .where('seq', Number(id))
      .first();
    return row ? rowToEvent(row) : undefined;
  }

  async listHistory(
    filter: HistoryFilter,
    limit: number,
    after?: HistoryPosition,
  ): Promise<DeploymentEvent[]> {
    const query = this.knex<EventRow>(EVENTS).select(...EVENT_COLUMNS);
    if (filter.service !== undefined) query.where('service', filter.service);
    if (filter.environment !== undefined) query.where('environment', filter.environment);
    if (filter.status !== undefined) query.where('status', filter.status);
    if (filter.deploymentId !== undefined) query.where('deployment_id', filter.deploymentId);
    if (filter.sinceMs !== undefined) query.where('happened_at_ms', '>=', filter.sinceMs);
    if (filter.untilMs !== undefined) query.where('happened_at_ms', '<', filter.untilMs);
    if (!filter.includeTests) query.whereRaw('NOT is_test');
    if (after) {
      query.whereRaw('(happened_at_ms, seq) < (?, ?)', [after.happenedAtMs, after.seq]);
    }
    const rows = await query
      .orderBy([
        { column: 'happened_at_ms', order: 'desc' },
        { column: 'seq', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(rowToEvent);
  }

  listRuns(filter: RunsFilter, limit: number, read: RunsRead): Promise<StoredRun[]> {
    return queryRuns(this.knex, filter, limit, read);
  }

  async listAfterSeq(
    afterSeq: number,
    limit: number,
    options: { service?: string; upToSeq?: number } = {},
  ): Promise<DeploymentEvent[]> {
    const query = this.knex<EventRow>(EVENTS)
      .select(...EVENT_COLUMNS)
      .where('seq', '>', afterSeq);
    if (options.service !== undefined) query.where('service', options.service);
    if (options.upToSeq !== undefined) query.where('seq', '<=', options.upToSeq);
    const rows = await query.orderBy('seq', 'asc').limit(limit);
    return rows.map(rowToEvent);
  }

  async committedSeq(): Promise<number> {
    if (!this.isPostgres) {
      // SQLite has one writer: whatever is visible is committed in order.
      const row = await this.knex(EVENTS).max({ max: 'seq' }).first();
      return Number(row?.max ?? 0);
    }
    // Appends run concurrently and may commit out of seq order. SHARE mode
    // waits for every in-flight insert (they hold ROW EXCLUSIVE from before
    // they draw a seq) and holds new ones back for the instant this takes,
    // so every seq drawn so far is committed or rolled back.
    // Writers never wait for each other; readers pay this brief barrier.
    return this.knex.transaction(async tx => {
      await tx.raw(`LOCK TABLE ${EVENTS} IN SHARE MODE`);
      const row = await tx(EVENTS).max({ max: 'seq' }).first();
      return Number(row?.max ?? 0);
    });
  }

  async listSlots(options: { service?: string } = {}): Promise<StoredSlot[]> {
    return (await this.listSlotsJson(options)).map(slot => ({
      current: JSON.parse(slot.currentJson),
      lastSuccessful: slot.lastSuccessfulJson === null ? null : JSON.parse(slot.lastSuccessfulJson),
    }));
  }

  async listSlotsJson(options: { service?: string } = {}): Promise<StoredSlotJson[]> {
    const query = this.knex(SLOTS).select(
      'service',
      'environment',
      'current_event as currentJson',
      'last_success_event as lastSuccessfulJson',
    );
    if (options.service !== undefined) query.where('service', options.service);
    return query;
  }

  doraAggregates(query: DoraQuery): Promise<DoraAggregates> {
    return queryDoraAggregates(this.knex, query);
  }

  async listServices(): Promise<string[]> {
    const rows = await this.knex(SLOTS).distinct('service');
    return rows.map(r => r.service as string).sort(byCodePoint);
  }

  async listEnvironments(): Promise<string[]> {
    const rows = await this.knex(SLOTS).distinct('environment');
    return rows.map(r => r.environment as string).sort(byCodePoint);
  }
}
