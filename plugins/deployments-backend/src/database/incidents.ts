import { Knex } from 'knex';
import { ConflictError } from '@backstage/errors';
import {
  Incident,
  IncidentEvent,
  IncidentEventInput,
  IncidentStatus,
  parseRfc3339,
} from '@deploydash/plugin-deployments-common';

/*
 * Incident events (migration 20261218000000_incident_events): appended,
 * never updated. GET /incidents groups them per (service, incident_id);
 * the DORA metrics read them in doraQueries.ts.
 */

export const INCIDENTS = 'deployment_incidents';

/** A row of `deployment_incidents`; PostgreSQL returns bigints as strings. */
interface IncidentRow {
  id: number | string;
  incident_id: string;
  service: string;
  environment: string;
  status: string;
  happened_at_ms: number | string;
  received_at_ms: number | string;
  title: string | null;
  url: string | null;
  severity: string | null;
  caused_by_deployment_id: string | null;
  source: string;
}

/** What an append did: stored a new record, or found the same one stored (a repeat). */
export interface IncidentAppendResult {
  record: IncidentEvent;
  created: boolean;
}

/** Filters and page of `GET /incidents`; times are epoch milliseconds. */
export interface IncidentsFilter {
  service?: string;
  environment?: string;
  fromMs: number;
  toMs: number;
  status?: 'open' | 'resolved';
}

/** Keyset position of an incident in the list: its opened_at (or first record) and first record id. */
export interface IncidentPosition {
  anchorMs: number;
  firstId: number;
}

/** One incident of a page and where it stands in the order. */
export interface ListedIncident {
  incident: Incident;
  position: IncidentPosition;
}

const iso = (ms: number | string | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

function rowToIncidentEvent(row: IncidentRow): IncidentEvent {
  return {
    id: String(row.id),
    incident_id: row.incident_id,
    service: row.service,
    environment: row.environment,
    status: row.status as IncidentStatus,
    happened_at: iso(row.happened_at_ms)!,
    received_at: iso(row.received_at_ms)!,
    title: row.title,
    url: row.url,
    severity: row.severity,
    caused_by_deployment_id: row.caused_by_deployment_id,
    source: row.source,
  };
}

/** The fields a repeat must match besides the four of the unique key. */
const OTHER_FIELDS = ['environment', 'title', 'url', 'severity', 'caused_by_deployment_id'] as const;

/**
 * Appends one incident event. A repeat (same service, incident_id, status
 * and happened_at) stores nothing: with the same other fields it answers
 * the stored record (`created: false`), with others it is a 409. The unique
 * key decides, also between concurrent posts on two replicas.
 */
export async function appendIncident(
  knex: Knex,
  input: IncidentEventInput,
  receivedAtMs: number,
  source = 'api',
): Promise<IncidentAppendResult> {
  const row = {
    incident_id: input.incident_id,
    service: input.service,
    environment: input.environment,
    status: input.status,
    happened_at_ms: parseRfc3339(input.happened_at)!,
    received_at_ms: receivedAtMs,
    title: input.title ?? null,
    url: input.url ?? null,
    severity: input.severity ?? null,
    caused_by_deployment_id: input.caused_by_deployment_id ?? null,
    source,
  };
  const inserted: IncidentRow[] = await knex(INCIDENTS)
    .insert(row)
    .onConflict(['service', 'incident_id', 'status', 'happened_at_ms'])
    .ignore()
    .returning('*');
  if (inserted.length > 0) return { record: rowToIncidentEvent(inserted[0]), created: true };
  const existing: IncidentRow | undefined = await knex(INCIDENTS)
    .where({
      service: row.service,
      incident_id: row.incident_id,
      status: row.status,
      happened_at_ms: row.happened_at_ms,
    })
    .first();
  if (!existing) throw new Error('An incident event conflicted but is not stored');
  if (OTHER_FIELDS.some(field => existing[field] !== row[field])) {
    throw new ConflictError(
      'An incident event with this incident_id, status and happened_at is already stored with other fields',
    );
  }
  return { record: rowToIncidentEvent(existing), created: false };
}

/** Incident events with an id in (afterId, upToId], oldest first (the stream). */
export async function listIncidentEventsAfter(
  knex: Knex,
  afterId: number,
  upToId: number,
  limit: number,
): Promise<IncidentEvent[]> {
  const rows: IncidentRow[] = await knex(INCIDENTS)
    .where('id', '>', afterId)
    .where('id', '<=', upToId)
    .orderBy('id', 'asc')
    .limit(limit);
  return rows.map(rowToIncidentEvent);
}

/**
 * One page of incidents, newest first by opened_at (or first record), then
 * first record id; strictly after `after` when given. Each incident is
 * built from all its records (docs/api.md "Incidents — GET").
 */
export async function listIncidents(
  knex: Knex,
  filter: IncidentsFilter,
  limit: number,
  after?: IncidentPosition,
): Promise<ListedIncident[]> {
  for (const n of [filter.fromMs, filter.toMs, limit, after?.anchorMs ?? 0, after?.firstId ?? 0]) {
    if (!Number.isSafeInteger(n)) throw new Error(`Not an integer: ${n}`);
  }
  const bindings: unknown[] = [];
  let serviceClause = '';
  if (filter.service !== undefined) {
    serviceClause = 'WHERE service = ?';
    bindings.push(filter.service);
  }
  const conditions: string[] = [];
  if (filter.environment !== undefined) {
    conditions.push('environment = ?');
    bindings.push(filter.environment);
  }
  if (filter.status === 'open') conditions.push('resolved_ms IS NULL');
  if (filter.status === 'resolved') conditions.push('resolved_ms IS NOT NULL');
  if (after) conditions.push(`(anchor_ms, first_id) < (${after.anchorMs}, ${after.firstId})`);
  const sameIncident = `r.service = g.service AND r.incident_id = g.incident_id`;
  const sql = `WITH grouped AS (
  SELECT service, incident_id, MIN(id) AS first_id,
    MIN(CASE WHEN status = 'open' THEN happened_at_ms END) AS opened_ms,
    COALESCE(MIN(CASE WHEN status = 'open' THEN happened_at_ms END), MIN(happened_at_ms)) AS anchor_ms
  FROM ${INCIDENTS} ${serviceClause}
  GROUP BY service, incident_id
), listed AS (
  SELECT g.service, g.incident_id, g.first_id, g.opened_ms, g.anchor_ms,
    (SELECT MIN(r.happened_at_ms) FROM ${INCIDENTS} r WHERE ${sameIncident} AND r.status = 'resolved'
      AND (g.opened_ms IS NULL OR r.happened_at_ms >= g.opened_ms)) AS resolved_ms,
    (SELECT r.environment FROM ${INCIDENTS} r WHERE ${sameIncident}
      ORDER BY CASE WHEN r.status = 'open' THEN 0 ELSE 1 END, r.happened_at_ms, r.id LIMIT 1) AS environment
  FROM grouped g
  WHERE g.anchor_ms >= ${filter.fromMs} AND g.anchor_ms < ${filter.toMs}
)
SELECT * FROM listed ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
ORDER BY anchor_ms DESC, first_id DESC LIMIT ${limit}`;
  const raw = await knex.raw(sql, bindings as Knex.RawBinding[]);
  const groups = (Array.isArray(raw) ? raw : raw.rows) as Array<{
    service: string;
    incident_id: string;
    first_id: number | string;
    opened_ms: number | string | null;
    anchor_ms: number | string;
    resolved_ms: number | string | null;
    environment: string;
  }>;
  if (groups.length === 0) return [];
  const records: IncidentRow[] = await knex(INCIDENTS)
    .whereIn('service', [...new Set(groups.map(g => g.service))])
    .whereIn('incident_id', [...new Set(groups.map(g => g.incident_id))])
    .orderBy([
      { column: 'happened_at_ms', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
  return groups.map(group => {
    const own = records
      .filter(r => r.service === group.service && r.incident_id === group.incident_id)
      .map(rowToIncidentEvent);
    /** The latest non-null value across the records (by happened_at, then received order). */
    const latest = (field: 'title' | 'url' | 'severity' | 'caused_by_deployment_id') =>
      own.reduce<string | null>((value, record) => record[field] ?? value, null);
    return {
      incident: {
        incident_id: group.incident_id,
        service: group.service,
        environment: group.environment,
        opened_at: iso(group.opened_ms),
        resolved_at: iso(group.resolved_ms),
        title: latest('title'),
        url: latest('url'),
        severity: latest('severity'),
        caused_by_deployment_id: latest('caused_by_deployment_id'),
        records: own,
      },
      position: { anchorMs: Number(group.anchor_ms), firstId: Number(group.first_id) },
    };
  });
}
