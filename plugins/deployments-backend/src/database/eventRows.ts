import { z } from 'zod';
import {
  ChangeType,
  DeploymentEvent,
  DeploymentEventInput,
  deploymentEventSchema,
  DeploymentStatus,
  parseRfc3339,
} from '@deploydash/plugin-deployments-common';

/** A row of `deployment_events`; PostgreSQL returns bigints as strings. */
export interface EventRow {
  seq: number | string;
  deployment_id: string;
  service: string;
  environment: string;
  status: string;
  happened_at_ms: number | string;
  received_at_ms: number | string;
  version: string | null;
  run_url: string | null;
  run_number: number | string | null;
  actor: string | null;
  ref: string | null;
  sha: string | null;
  parent_deployments: string;
  /** JSON array of { sha, authored_at } (authored_at RFC 3339 UTC or null). */
  commits: string;
  title: string | null;
  /** JSON array of strings. */
  tags: string;
  /** SQLite returns 0/1. */
  is_test: boolean | number;
  change_type: string | null;
  source: string;
  external_id: string | null;
  /** JSON object of the fields without a column of their own (see EXTRA_FIELDS). */
  extra: string;
  /** From a join with deployment_event_voids (see voids.ts); absent or null when not voided. */
  void_at_ms?: number | string | null;
  void_by?: string | null;
  void_reason?: string | null;
}

export const EVENT_COLUMNS = [
  'seq',
  'deployment_id',
  'service',
  'environment',
  'status',
  'happened_at_ms',
  'received_at_ms',
  'version',
  'run_url',
  'run_number',
  'actor',
  'ref',
  'sha',
  'parent_deployments',
  'commits',
  'title',
  'tags',
  'is_test',
  'change_type',
  'source',
  'external_id',
  'extra',
] as const;

/** The stored fields that have a column of their own: queried, indexed, or older than `extra`. */
const COLUMN_FIELDS = new Set<string>([
  'id', 'deployment_id', 'service', 'environment', 'status', 'happened_at', 'received_at',
  'version', 'run_url', 'run_number', 'actor', 'ref', 'sha', 'parent_deployments',
  'commits', 'title', 'tags', 'is_test', 'change_type', 'source',
  // Not stored with the event at all: read from deployment_event_voids.
  'voided',
]);

/**
 * Every other field of the event schema lives in the row's `extra` JSON,
 * stored as validated (absent → null, or [] for a list). Adding an optional
 * field to the schemas in deployments-common is therefore all it takes to
 * store, return and stream it; give it a column only to filter on it.
 */
export const EXTRA_FIELDS = Object.keys(deploymentEventSchema.shape).filter(
  field => !COLUMN_FIELDS.has(field),
);

function emptyValue(field: string): unknown {
  const schema = (deploymentEventSchema.shape as Record<string, z.ZodType>)[field];
  return schema instanceof z.ZodArray ? [] : null;
}

function extraFieldsOf(input: DeploymentEventInput): string {
  const values = input as Record<string, unknown>;
  return JSON.stringify(
    Object.fromEntries(
      EXTRA_FIELDS.filter(f => values[f] !== undefined && values[f] !== null).map(f => [f, values[f]]),
    ),
  );
}

/** The commit index's rows of one event (SHAs lowercased for lookups). */
export interface CommitRow {
  position: number;
  sha: string;
  authored_at_ms: number | null;
}

export function commitRows(input: DeploymentEventInput): CommitRow[] {
  return (input.commits ?? []).map((commit, position) => {
    const sha = (typeof commit === 'string' ? commit : commit.sha).toLowerCase();
    const authored =
      typeof commit !== 'string' && commit.authored_at ? parseRfc3339(commit.authored_at)! : null;
    return { position, sha, authored_at_ms: authored };
  });
}

/** Maps a validated ingest body to the row appended to the log. */
export function inputToRow(
  input: DeploymentEventInput,
  receivedAtMs: number,
  origin: { source: string; externalId?: string },
): Omit<EventRow, 'seq'> {
  const authored = commitRows(input).map(c => c.authored_at_ms);
  return {
    deployment_id: input.deployment_id,
    service: input.service,
    environment: input.environment,
    status: input.status,
    happened_at_ms: parseRfc3339(input.happened_at)!,
    received_at_ms: receivedAtMs,
    version: input.version ?? null,
    run_url: input.run_url ?? null,
    run_number: input.run_number ?? null,
    actor: input.actor ?? null,
    ref: input.ref ?? null,
    sha: input.sha ?? null,
    parent_deployments: JSON.stringify(input.parent_deployments ?? []),
    commits: JSON.stringify(
      (input.commits ?? []).map((c, i) => ({
        sha: typeof c === 'string' ? c : c.sha,
        authored_at: authored[i] === null ? null : new Date(authored[i]!).toISOString(),
      })),
    ),
    title: input.title ?? null,
    tags: JSON.stringify(input.tags ?? []),
    is_test: input.is_test ?? false,
    change_type: input.change_type ?? null,
    source: origin.source,
    external_id: origin.externalId ?? null,
    extra: extraFieldsOf(input),
  };
}

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();

/** Maps a stored row to the event every read returns: exactly the documented keys. */
export function rowToEvent(row: EventRow): DeploymentEvent {
  const event = {
    id: String(row.seq),
    deployment_id: row.deployment_id,
    service: row.service,
    environment: row.environment,
    status: row.status as DeploymentStatus,
    happened_at: iso(row.happened_at_ms),
    received_at: iso(row.received_at_ms),
    version: row.version,
    run_url: row.run_url,
    run_number: row.run_number === null ? null : Number(row.run_number),
    actor: row.actor,
    ref: row.ref,
    sha: row.sha,
    parent_deployments: JSON.parse(row.parent_deployments),
    // These keys stay last and in this order: the insights migration
    // appends them to stored JSON in the same order.
    commits: JSON.parse(row.commits),
    title: row.title,
    tags: JSON.parse(row.tags),
    is_test: Boolean(row.is_test),
    change_type: row.change_type as ChangeType | null,
    source: row.source,
    // `voided` is set last, below.
  } as DeploymentEvent;
  if (EXTRA_FIELDS.length) {
    const extra = JSON.parse(row.extra ?? '{}');
    for (const field of EXTRA_FIELDS) {
      (event as Record<string, unknown>)[field] = extra[field] ?? emptyValue(field);
    }
  }
  // Always the last key (slot JSON written before it ends with it too).
  event.voided =
    row.void_at_ms === undefined || row.void_at_ms === null
      ? null
      : { at: iso(row.void_at_ms), by: row.void_by!, reason: row.void_reason! };
  return event;
}
