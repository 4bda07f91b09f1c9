import { InputError } from '@backstage/errors';
import {
  DEPLOYMENT_STATUSES,
  DeploymentEvent,
  DeploymentStatus,
  parseRfc3339,
} from '@deploydash/plugin-deployments-common';
import { HistoryFilter, HistoryPosition } from '../database/DeploymentsStore';

/** The parameters every list read (`GET /`, `GET /runs`) takes. */
const LIST_PARAMS = ['service', 'environment', 'status', 'since', 'until', 'limit', 'cursor', 'include_tests'];

export interface HistoryRequest {
  filter: HistoryFilter;
  limit: number;
  after?: HistoryPosition;
}

/** Reads one query parameter; a repeated parameter is an error, not a surprise. */
export function singleParam(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InputError(`Query parameter '${name}' must be given once`);
  }
  return value;
}

/** Rejects any query parameter not in `allowed`: a typo must not widen a query. */
export function rejectUnknownParams(query: Record<string, unknown>, allowed: ReadonlySet<string>): void {
  for (const name of Object.keys(query)) {
    if (!allowed.has(name)) throw new InputError(`Unknown query parameter '${name}'`);
  }
}

/** The longest free-text search (`q`), in UTF-16 code units like every length here. */
const MAX_SEARCH_LENGTH = 200;

/**
 * `q`, a free-text search of 1–200 characters; empty is no filter. NUL is
 * refused: PostgreSQL cannot store it, so no event could ever match.
 */
export function searchParam(query: Record<string, unknown>): string | undefined {
  const q = singleParam(query, 'q');
  if (q === undefined || q === '') return undefined;
  if (q.length > MAX_SEARCH_LENGTH || q.includes('\u0000')) {
    throw new InputError(
      `Query parameter 'q' must be at most ${MAX_SEARCH_LENGTH} characters, without NUL`,
    );
  }
  return q;
}

/** An RFC 3339 query parameter as epoch milliseconds. */
export function timeParam(query: Record<string, unknown>, name: string): number | undefined {
  const value = singleParam(query, name);
  if (value === undefined) return undefined;
  const ms = parseRfc3339(value);
  if (ms === undefined) {
    throw new InputError(`Query parameter '${name}' must be an RFC 3339 timestamp`);
  }
  return ms;
}

/** A flag parameter: `true` or `false` (the default); anything else is a 400. */
export function booleanParam(query: Record<string, unknown>, name: string): boolean {
  const value = singleParam(query, name);
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new InputError(`Query parameter '${name}' must be true or false`);
}

/** `include_tests=true|false` (default false): test deployments are left out unless asked for. */
export function includeTestsParam(query: Record<string, unknown>): boolean {
  return booleanParam(query, 'include_tests');
}

/** `limit`: plain digits from 1 to `max`, `fallback` when absent. */
export function limitParam(query: Record<string, unknown>, max: number, fallback: number): number {
  const text = singleParam(query, 'limit') ?? String(fallback);
  const limit = Number(text);
  if (!/^\d+$/.test(text) || limit < 1 || limit > max) {
    throw new InputError(`Query parameter 'limit' must be an integer from 1 to ${max}`);
  }
  return limit;
}

const BAD_CURSOR = "Query parameter 'cursor' is not a cursor this API returned";

/**
 * The page token, sent as `next_cursor` (opaque to clients): base64url of
 * the last row's (happened_at, seq).
 */
export function encodePageToken(event: DeploymentEvent): string {
  return encodePosition([Date.parse(event.happened_at), Number(event.id)]);
}

/** Reads a page token back from the `cursor` parameter. */
function decodePageToken(token: string): HistoryPosition {
  const [happenedAtMs, seq] = decodePosition(token, 2);
  if (seq < 1) throw new InputError(BAD_CURSOR);
  return { happenedAtMs, seq };
}

/** A keyset position as an opaque page token: base64url of a JSON array of integers. */
export function encodePosition(position: number[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Reads a position of `length` safe integers back from a page token; anything else is a 400. */
export function decodePosition(token: string, length: number): number[] {
  try {
    const position = JSON.parse(Buffer.from(token, 'base64url').toString());
    if (
      Array.isArray(position) &&
      position.length === length &&
      position.every(n => Number.isSafeInteger(n))
    ) {
      return position;
    }
  } catch {
    // fall through to the error below
  }
  throw new InputError(BAD_CURSOR);
}

/**
 * Parses and validates what every list read takes: the filter (service,
 * environment, status, since, until, include_tests), the page size and the
 * cursor, left for the endpoint to decode. Any parameter beyond these and
 * `moreParams` is an error.
 */
export function parseListQuery(
  query: Record<string, unknown>,
  page: { defaultLimit: number; maxLimit: number },
  moreParams: string[] = [],
) {
  rejectUnknownParams(query, new Set([...LIST_PARAMS, ...moreParams]));
  const status = singleParam(query, 'status');
  if (status !== undefined && !DEPLOYMENT_STATUSES.includes(status as DeploymentStatus)) {
    throw new InputError(
      `Query parameter 'status' must be one of ${DEPLOYMENT_STATUSES.join(', ')}`,
    );
  }
  const limit = limitParam(query, page.maxLimit, page.defaultLimit);
  const cursor = singleParam(query, 'cursor');
  return {
    filter: {
      service: singleParam(query, 'service'),
      environment: singleParam(query, 'environment'),
      status: status as DeploymentStatus | undefined,
      sinceMs: timeParam(query, 'since'),
      untilMs: timeParam(query, 'until'),
      includeTests: includeTestsParam(query),
    },
    limit,
    cursor,
  };
}

/** Parses and validates the query of `GET /api/deployments`. */
export function parseHistoryQuery(query: Record<string, unknown>): HistoryRequest {
  const { filter, limit, cursor } = parseListQuery(
    query,
    { defaultLimit: 100, maxLimit: 500 },
    ['deployment_id', 'q', 'include_voided'],
  );
  return {
    filter: {
      ...filter,
      deploymentId: singleParam(query, 'deployment_id'),
      q: searchParam(query),
      includeVoided: booleanParam(query, 'include_voided'),
    },
    limit,
    after: cursor === undefined ? undefined : decodePageToken(cursor),
  };
}
