import { InputError } from '@backstage/errors';
import { RunsPage } from '@deploydash/plugin-deployments-common';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { RunPosition, RunsFilter } from '../database/runsQuery';
import { decodePosition, encodePosition, parseListQuery } from './historyQuery';
import { FreezeCalendar } from '../freezes/FreezeCalendar';

export interface RunsRequest {
  filter: RunsFilter;
  limit: number;
  /** From the cursor: the previous page's last run and the walk's watermark. */
  after?: RunPosition & { upToSeq: number };
}

/** Parses and validates the query of `GET /runs`: the list parameters, none of its own. */
export function parseRunsQuery(query: Record<string, unknown>): RunsRequest {
  const { filter, limit, cursor } = parseListQuery(query, { defaultLimit: 50, maxLimit: 200 });
  return {
    filter,
    limit,
    after: cursor === undefined ? undefined : decodeRunsToken(cursor),
  };
}

/**
 * The page token: the last run's (started_at, latest seq) and the walk's
 * watermark, the committed seq when its first page was read.
 */
function encodeRunsToken(position: RunPosition, upToSeq: number): string {
  return encodePosition([position.startedAtMs, position.latestSeq, upToSeq]);
}

function decodeRunsToken(token: string): RunsRequest['after'] {
  const [startedAtMs, latestSeq, upToSeq] = decodePosition(token, 3);
  // A run's latest event is one the walk's watermark covers.
  if (latestSeq < 1 || upToSeq < latestSeq) {
    throw new InputError("Query parameter 'cursor' is not a cursor this API returned");
  }
  return { startedAtMs, latestSeq, upToSeq };
}

/**
 * Serves `GET /runs`. Every page of a walk reads the log up to the
 * watermark of its first page, so new events neither move runs across
 * page boundaries nor change what later pages hold.
 */
export async function readRunsPage(
  store: DeploymentsStore,
  query: Record<string, unknown>,
  /** Flags each event with `in_freeze` (docs/api.md "Freeze windows"). */
  freezes: FreezeCalendar = new FreezeCalendar([]),
): Promise<RunsPage> {
  const { filter, limit, after } = parseRunsQuery(query);
  const upToSeq = after?.upToSeq ?? (await store.committedSeq());
  // One extra run tells whether another page exists.
  const runs = await store.listRuns(filter, limit + 1, { upToSeq, after });
  const items = runs.slice(0, limit);
  return {
    items: items.map(({ run }) => ({ ...run, events: run.events.map(e => freezes.flag(e)) })),
    next_cursor:
      runs.length > limit ? encodeRunsToken(items[items.length - 1].position, upToSeq) : null,
  };
}
