import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { compareCodePoints } from '@deploydash/plugin-deployments-common';
import {
  booleanParam,
  limitParam,
  rejectUnknownParams,
  searchParam,
  singleParam,
} from './historyQuery';
import { teamParam } from './teamParam';

const MATRIX_PARAMS = new Set(['service', 'view', 'limit', 'cursor', 'q', 'owner', 'failures_only', 'team']);
const MAX_LIMIT = 1000;
/** A `cursor` sent without `limit` reads pages of this many services. */
const DEFAULT_LIMIT = 100;
/** How many `service` values one read may name. */
const MAX_SERVICES = 100;

/** A matrix read, normalised: equal requests answer equal bodies. */
export interface MatrixRequest {
  /** Events cut down to the summary fields (`view=summary`). */
  summary: boolean;
  /** Only these services (`service`, repeatable): deduplicated, in code-point order. */
  services?: string[];
  /** Only services whose name contains this, case-insensitively. */
  q?: string;
  /** Only services whose catalog entity this owns: a full entity ref, lower case. */
  owner?: string;
  /** Only services owned by this group or a group below it: a full Group ref, lower case. */
  team?: string;
  failuresOnly: boolean;
  /** Paged (`limit` or `cursor` given): the body carries `next_cursor`. */
  page?: { limit: number; after?: string };
}

/**
 * Parses the raw query string of `GET /matrix`. Read from the URL rather than
 * Express's parsed query, which turns more than 20 repeated values into an
 * object and brackets (`service[]`) into arrays: here `service` is the one
 * repeatable parameter, and anything but the listed names is a 400.
 */
export function parseMatrixQuery(rawQuery: string): MatrixRequest {
  const params = new URLSearchParams(rawQuery);
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    query[name] = values.length === 1 ? values[0] : values;
  }
  rejectUnknownParams(query, MATRIX_PARAMS);
  const services = params.getAll('service');
  if (services.length > MAX_SERVICES) {
    throw new InputError(`Query parameter 'service' may be given at most ${MAX_SERVICES} times`);
  }
  const cursor = singleParam(query, 'cursor');
  const paged = query.limit !== undefined || cursor !== undefined;
  return {
    summary: viewParam(query),
    services: services.length ? [...new Set(services)].sort(compareCodePoints) : undefined,
    q: searchParam(query),
    owner: ownerParam(query),
    team: teamParam(query),
    failuresOnly: booleanParam(query, 'failures_only'),
    page: paged
      ? {
          limit: limitParam(query, MAX_LIMIT, DEFAULT_LIMIT),
          after: cursor === undefined ? undefined : decodeMatrixCursor(cursor),
        }
      : undefined,
  };
}

/**
 * What the answer to `request` depends on besides the log and the catalog:
 * empty for the reads v1 had (no parameter, or one `service`), whose ETag
 * stays the v1 one; otherwise a digest of the normalised request, so a tag
 * never validates another page or filter.
 */
export function matrixVariant(request: MatrixRequest): string {
  const { summary, services, q, owner, team, failuresOnly, page } = request;
  if (!summary && !q && !owner && !team && !failuresOnly && !page && (services?.length ?? 0) <= 1) return '';
  return createHash('sha256').update(JSON.stringify(request)).digest('hex').slice(0, 12);
}

/** The `next_cursor` after `service`: opaque to clients, base64url of JSON. */
export function encodeMatrixCursor(service: string): string {
  return Buffer.from(JSON.stringify({ after: service })).toString('base64url');
}

function decodeMatrixCursor(cursor: string): string {
  try {
    const position = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    // Base64url decoding skips stray characters: only a token this API wrote passes.
    if (typeof position?.after === 'string' && encodeMatrixCursor(position.after) === cursor) {
      return position.after;
    }
  } catch {
    // fall through to the error below
  }
  throw new InputError("Query parameter 'cursor' is not a cursor this API returned");
}

function viewParam(query: Record<string, unknown>): boolean {
  const view = singleParam(query, 'view');
  if (view === undefined || view === 'full') return false;
  if (view === 'summary') return true;
  throw new InputError("Query parameter 'view' must be summary or full");
}

/** An entity ref completed as the catalog completes an owner: kind `group`, namespace `default`. */
function ownerParam(query: Record<string, unknown>): string | undefined {
  const owner = singleParam(query, 'owner');
  if (owner === undefined) return undefined;
  try {
    return stringifyEntityRef(parseEntityRef(owner, { defaultKind: 'group', defaultNamespace: 'default' }));
  } catch {
    throw new InputError("Query parameter 'owner' must be an entity ref such as group:default/payments");
  }
}
