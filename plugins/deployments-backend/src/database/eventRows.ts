import {
  ChangeType,
  DeploymentEvent,
  DeploymentStatus,
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
] as const;

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();

/** Maps a stored row to the event every read returns: exactly the documented keys. */
export function rowToEvent(row: EventRow): DeploymentEvent {
  return {
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
  };
}
