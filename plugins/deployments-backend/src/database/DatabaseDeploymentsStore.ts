import { Knex } from 'knex';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  compareCodePoints as byCodePoint,
  DeploymentEvent,
  DeploymentEventInput,
  IncidentEvent,
  IncidentEventInput,
} from '@deploydash/plugin-deployments-common';
import {
  AppendItem,
  DeploymentsStore,
  HistoryFilter,
  HistoryPosition,
  SlotsQuery,
  StoredSlot,
  StoredSlotJson,
} from './DeploymentsStore';
import { EVENT_COLUMNS, EventRow, rowToEvent } from './eventRows';
import { appendEvents } from './appendEvents';
import { GroupCommit } from './GroupCommit';
import { DoraAggregates, DoraQuery, queryDoraAggregates } from './doraQueries';
import { ActivityAggregates, ActivityQuery, queryActivityAggregates } from './activityQueries';
import { queryRuns, RunsFilter, RunsRead, StoredRun } from './runsQuery';
import { whereSearchMatches } from './historySearch';
import { queryShippedShas } from './shippedCommits';
import { distinctEnvironments, slotsJsonQuery } from './matrixSlots';
import {
  appendIncident,
  IncidentAppendResult,
  IncidentPosition,
  IncidentsFilter,
  INCIDENTS,
  listIncidentEventsAfter,
  listIncidents,
  ListedIncident,
} from './incidents';
import {
  committedMaxId,
  committedVoidId,
  countVoids,
  eventsWithVoids,
  listVoidsAfter,
  notVoided,
  recomputeSlot,
  StoredVoid,
  voidEvent,
  VoidOutcome,
  VoidRequestRecord,
} from './voids';

const EVENTS = 'deployment_events';
const SLOTS = 'deployment_slots';
const COMMITS = 'deployment_commits';
// The table keeps its shipped name; its rows are providers' checkpoints.
const CHECKPOINTS = 'deployment_import_cursors';

const migrationsDir = resolvePackagePath(
  '@deploydash/plugin-deployments-backend',
  'migrations',
);

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
  /** Concurrent single appends, written together (see GroupCommit). */
  private readonly appends: GroupCommit<AppendItem, DeploymentEvent | undefined>;

  private constructor(private readonly knex: Knex) {
    this.isPostgres = knex.client.config.client === 'pg';
    this.appends = new GroupCommit(items => appendEvents(knex, items));
  }

  async append(
    input: DeploymentEventInput,
    receivedAtMs: number,
  ): Promise<DeploymentEvent> {
    return (await this.appends.add({ input, receivedAtMs }))!;
  }

  appendImported(
    input: DeploymentEventInput,
    receivedAtMs: number,
    origin: Required<EventOrigin>,
  ): Promise<DeploymentEvent | undefined> {
    return this.appends.add({ input, receivedAtMs, origin });
  }

  /** A batch: written as it is, in one statement or transaction of its own. */
  appendMany(items: AppendItem[]): Promise<Array<DeploymentEvent | undefined>> {
    return appendEvents(this.knex, items);
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

  /**
   * Recomputes the projection from the log: for every (service, environment)
   * its latest and latest successful event that is neither a test nor
   * voided. For bulk loads and repairs; the projection is otherwise
   * maintained by `append` and `voidEvent`.
   */
  async rebuildSlots(): Promise<void> {
    const pairs = await this.knex(EVENTS).distinct('service', 'environment').whereRaw('NOT is_test');
    for (const { service, environment } of pairs) {
      await this.knex.transaction(tx => recomputeSlot(tx, service, environment));
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
    // Voided events too, with their `voided`.
    const row = await eventsWithVoids(this.knex)
      .where(`${EVENTS}.seq`, Number(id))
      .first();
    return row ? rowToEvent(row) : undefined;
  }

  async listHistory(
    filter: HistoryFilter,
    limit: number,
    after?: HistoryPosition,
  ): Promise<DeploymentEvent[]> {
    // Both tables have a `seq`: it is written qualified below.
    const query = filter.includeVoided
      ? eventsWithVoids(this.knex)
      : this.knex<EventRow>(EVENTS).select(...EVENT_COLUMNS).whereRaw(notVoided(EVENTS));
    if (filter.service !== undefined) query.where('service', filter.service);
    if (filter.environment !== undefined) query.where('environment', filter.environment);
    if (filter.status !== undefined) query.where('status', filter.status);
    if (filter.deploymentId !== undefined) query.where('deployment_id', filter.deploymentId);
    if (filter.sinceMs !== undefined) query.where('happened_at_ms', '>=', filter.sinceMs);
    if (filter.untilMs !== undefined) query.where('happened_at_ms', '<', filter.untilMs);
    if (!filter.includeTests) query.whereRaw('NOT is_test');
    if (filter.q !== undefined) whereSearchMatches(query, this.isPostgres, filter.q);
    if (after) {
      query.whereRaw(`(happened_at_ms, ${EVENTS}.seq) < (?, ?)`, [after.happenedAtMs, after.seq]);
    }
    const rows = await query
      .orderBy([
        { column: 'happened_at_ms', order: 'desc' },
        { column: `${EVENTS}.seq`, order: 'desc' },
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
    // With `voided`: the stream does not send voided events as deployments.
    const seq = `${EVENTS}.seq`;
    const query = eventsWithVoids(this.knex).where(seq, '>', afterSeq);
    if (options.service !== undefined) query.where('service', options.service);
    if (options.upToSeq !== undefined) query.where(seq, '<=', options.upToSeq);
    const rows = await query.orderBy(seq, 'asc').limit(limit);
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

  listSlotsJson(options: SlotsQuery = {}): Promise<StoredSlotJson[]> {
    return slotsJsonQuery(this.knex, this.isPostgres, options);
  }

  shippedShas(service: string, environments: string[], shas: string[]): Promise<Set<string>> {
    return queryShippedShas(this.knex, service, environments, shas);
  }

  doraAggregates(query: DoraQuery): Promise<DoraAggregates> {
    return queryDoraAggregates(this.knex, query);
  }

  activityAggregates(query: ActivityQuery): Promise<ActivityAggregates> {
    return queryActivityAggregates(this.knex, query);
  }

  voidEvent(request: VoidRequestRecord): Promise<VoidOutcome> {
    return voidEvent(this.knex, request);
  }

  voidCount(): Promise<number> {
    return countVoids(this.knex);
  }

  committedVoidId(): Promise<number> {
    return committedVoidId(this.knex);
  }

  listVoidsAfter(afterId: number, upToId: number, limit: number): Promise<StoredVoid[]> {
    return listVoidsAfter(this.knex, afterId, upToId, limit);
  }

  appendIncident(input: IncidentEventInput, receivedAtMs: number): Promise<IncidentAppendResult> {
    return appendIncident(this.knex, input, receivedAtMs);
  }

  listIncidents(
    filter: IncidentsFilter,
    limit: number,
    after?: IncidentPosition,
  ): Promise<ListedIncident[]> {
    return listIncidents(this.knex, filter, limit, after);
  }

  committedIncidentId(): Promise<number> {
    return committedMaxId(this.knex, INCIDENTS);
  }

  listIncidentEventsAfter(afterId: number, upToId: number, limit: number): Promise<IncidentEvent[]> {
    return listIncidentEventsAfter(this.knex, afterId, upToId, limit);
  }

  async listServices(): Promise<string[]> {
    const rows = await this.knex(SLOTS).distinct('service');
    return rows.map(r => r.service as string).sort(byCodePoint);
  }

  async listEnvironments(): Promise<string[]> {
    return (await distinctEnvironments(this.knex)).sort(byCodePoint);
  }
}
