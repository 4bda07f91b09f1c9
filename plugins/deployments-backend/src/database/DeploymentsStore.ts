import { DoraAggregates, DoraQuery } from './doraQueries';
import { ActivityAggregates, ActivityQuery } from './activityQueries';
import { RunsFilter, RunsRead, StoredRun } from './runsQuery';
import { StoredVoid, VoidOutcome, VoidRequestRecord } from './voids';
import {
  IncidentAppendResult,
  IncidentPosition,
  IncidentsFilter,
  ListedIncident,
} from './incidents';
import {
  DeploymentEvent,
  DeploymentEventInput,
  DeploymentStatus,
  IncidentEvent,
  IncidentEventInput,
} from '@deploydash/plugin-deployments-common';

/**
 * A slot as stored: its events already serialised exactly as the API returns
 * them, so the matrix can be written without parsing and re-serialising.
 */
export interface StoredSlotJson {
  service: string;
  environment: string;
  currentJson: string;
  lastSuccessfulJson: string | null;
}

/**
 * Which slots a matrix read wants: all of them, or those of the services that
 * pass every filter given, optionally one keyset page of services.
 */
export interface SlotsQuery {
  /** Only this service (exact match). */
  service?: string;
  /** Only these services (exact matches). */
  services?: string[];
  /** Only services whose name contains this, case-insensitively. */
  serviceContains?: string;
  /** Only services with at least one slot whose current event is a failure. */
  failuresOnly?: boolean;
  /**
   * The first `limit` services in code-point order (after `after`, when
   * given), with all their slots.
   */
  page?: { limit: number; after?: string };
}

/** A stored slot of the projection: the current and last successful event. */
export interface StoredSlot {
  current: DeploymentEvent;
  lastSuccessful: DeploymentEvent | null;
}

/** Filters of a history read; times are epoch milliseconds. */
export interface HistoryFilter {
  service?: string;
  environment?: string;
  status?: DeploymentStatus;
  deploymentId?: string;
  sinceMs?: number;
  untilMs?: number;
  /** Test deployments are left out unless asked for. */
  includeTests?: boolean;
  /** Voided events are left out unless asked for. */
  includeVoided?: boolean;
  /**
   * Free text: a case-insensitive substring of service, environment,
   * version, status, actor, ref, sha, deployment_id or run_number.
   */
  q?: string;
}

/** Position of the last row of a page, for keyset pagination. */
export interface HistoryPosition {
  happenedAtMs: number;
  seq: number;
}

/** One event to append: as validated, when received, and from where (default `api`). */
export interface AppendItem {
  input: DeploymentEventInput;
  receivedAtMs: number;
  origin?: { source: string; externalId?: string };
}

/**
 * The append-only deployment log and its projection. Implementations never
 * update or delete an event.
 */
export interface DeploymentsStore {
  /** Appends one event and updates the slot projection in one transaction. */
  append(input: DeploymentEventInput, receivedAtMs: number): Promise<DeploymentEvent>;
  /**
   * Appends an event imported by a pull-mode provider, recorded with its
   * source. Returns undefined, storing nothing, when an event with the same
   * (source, externalId) is already stored: importing is idempotent.
   */
  appendImported(
    input: DeploymentEventInput,
    receivedAtMs: number,
    origin: { source: string; externalId: string },
  ): Promise<DeploymentEvent | undefined>;
  /**
   * Appends events in their order, all or none, in one transaction (a batch).
   * An imported event already stored is undefined in its place.
   */
  appendMany(items: AppendItem[]): Promise<Array<DeploymentEvent | undefined>>;
  /** A provider's checkpoint in one of its sources (e.g. a repository): where its import stands. */
  getImportCheckpoint(provider: string, key: string): Promise<string | undefined>;
  setImportCheckpoint(provider: string, key: string, value: string): Promise<void>;
  /**
   * Retention: deletes events that happened before `cutoffMs`, except any
   * that is the current or last successful event of its slot. The only
   * deletion of events anywhere. Returns how many were deleted.
   */
  deleteHistoryBefore(cutoffMs: number): Promise<number>;
  /** Recomputes the slot projection from the log (bulk loads, repairs). */
  rebuildSlots(): Promise<void>;
  getEvent(id: string): Promise<DeploymentEvent | undefined>;
  /** Newest first by (happened_at, seq), strictly after `after` when given. */
  listHistory(
    filter: HistoryFilter,
    limit: number,
    after?: HistoryPosition,
  ): Promise<DeploymentEvent[]>;
  /**
   * Runs (events grouped by deployment_id, service and environment) as the
   * log stood at `read.upToSeq`, newest first by (started_at, latest seq),
   * strictly after `read.after` when given.
   */
  listRuns(filter: RunsFilter, limit: number, read: RunsRead): Promise<StoredRun[]>;
  /** Events with a seq greater than `afterSeq`, oldest first. */
  listAfterSeq(
    afterSeq: number,
    limit: number,
    options?: { service?: string; upToSeq?: number },
  ): Promise<DeploymentEvent[]>;
  /**
   * A seq W such that every event with a seq up to W is committed: readers
   * that stop at W never skip an event still being written, even though
   * concurrent appends may commit out of seq order. 0 when empty.
   */
  committedSeq(): Promise<number>;
  /** Every slot of the projection, optionally for one service. */
  listSlots(options?: { service?: string }): Promise<StoredSlot[]>;
  /** The slots a matrix read wants, with their events as JSON text. */
  listSlotsJson(options?: SlotsQuery): Promise<StoredSlotJson[]>;
  listServices(): Promise<string[]>;
  /**
   * Of `shas` (lower case), those listed by a success of `service` in any of
   * `environments` that is neither a test nor voided (promotion's `changes`).
   */
  shippedShas(service: string, environments: string[], shas: string[]): Promise<Set<string>>;
  /** Counts and duration percentiles behind the DORA metrics, computed in SQL. */
  doraAggregates(query: DoraQuery): Promise<DoraAggregates>;
  /** Production deploys per 15-minute slot and runs per duration bucket (the insights page). */
  activityAggregates(query: ActivityQuery): Promise<ActivityAggregates>;
  listEnvironments(): Promise<string[]>;
  /**
   * Voids an event: appends a void record (never updating the event) and
   * recomputes its slot, atomically; a second void of the same event is
   * `already-voided`, also when both race on two replicas.
   */
  voidEvent(request: VoidRequestRecord): Promise<VoidOutcome>;
  /** How many voids were ever recorded; only grows (part of the matrix version). */
  voidCount(): Promise<number>;
  /** A void id up to which every void is committed (the stream's void cursor); 0 when none. */
  committedVoidId(): Promise<number>;
  /** Voids with an id in (afterId, upToId], oldest first, with their (voided) events. */
  listVoidsAfter(afterId: number, upToId: number, limit: number): Promise<StoredVoid[]>;
  /**
   * Appends one incident event (src/database/incidents.ts); a repeat stores
   * nothing and answers the stored record, or throws a 409 when its other
   * fields differ.
   */
  appendIncident(input: IncidentEventInput, receivedAtMs: number): Promise<IncidentAppendResult>;
  /** Incidents (per service and incident_id), newest first, strictly after `after`. */
  listIncidents(
    filter: IncidentsFilter,
    limit: number,
    after?: IncidentPosition,
  ): Promise<ListedIncident[]>;
  /** An incident event id up to which every one is committed (the stream's cursor); 0 when none. */
  committedIncidentId(): Promise<number>;
  /** Incident events with an id in (afterId, upToId], oldest first. */
  listIncidentEventsAfter(afterId: number, upToId: number, limit: number): Promise<IncidentEvent[]>;
}
