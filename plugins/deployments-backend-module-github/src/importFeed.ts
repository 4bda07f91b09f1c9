import {
  DeploymentEventProviderConnection,
  ImportedDeploymentEvent,
} from '@deploydash/plugin-deployments-node';
import { GithubRepository } from './catalogRepositories';
import { Feed } from './feeds';
import { parseFeedCheckpoint, serializeFeedCheckpoint } from './feedCheckpoint';
import { GithubClient, GithubPage } from './GithubClient';

/** Counts of one poll, added up as feeds are imported. @public */
export interface ImportTotals {
  imported: number;
  duplicates: number;
  rejected: number;
  /** Feeds whose first page was unchanged (304). */
  unchanged: number;
}

export const emptyTotals = (): ImportTotals => ({
  imported: 0,
  duplicates: 0,
  rejected: 0,
  unchanged: 0,
});

const IMPORT_BATCH = 200;

const byTime = (a: ImportedDeploymentEvent, b: ImportedDeploymentEvent) => {
  const at = (e: ImportedDeploymentEvent) =>
    Date.parse((e.event as { happened_at: string }).happened_at) || 0;
  return (
    at(a) - at(b) ||
    (a.externalId < b.externalId ? -1 : Number(a.externalId > b.externalId))
  );
};

const timeOf = (value: string) => {
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
};

/**
 * Imports what changed in one feed since its checkpoint, then moves the checkpoint.
 *
 * Pages are read newest first until items are older than the window: the
 * backfill window on a first poll, else the saved mark minus the look-back.
 * Only items updated after the mark are expanded into events. Events are
 * imported oldest first; the checkpoint is saved only after a complete walk, so
 * a poll that fails half-way (or a replica that dies) is simply redone —
 * events it already imported come back as duplicates and are skipped.
 */
export async function importFeed(options: {
  feed: Feed;
  repo: GithubRepository;
  client: GithubClient;
  connection: DeploymentEventProviderConnection;
  backfillMs: number;
  lookbackMs: number;
  now: () => number;
  totals: ImportTotals;
  signal?: AbortSignal;
}): Promise<void> {
  const { feed, repo, client, connection, totals, signal } = options;
  const saved = parseFeedCheckpoint(await connection.getCheckpoint(feed.key));
  const stopBeforeMs =
    saved.markMs !== undefined
      ? saved.markMs - options.lookbackMs
      : options.now() - options.backfillMs;

  const events: ImportedDeploymentEvent[] = [];
  let firstEtag: string | undefined;
  let markMs = saved.markMs;
  let walkError: unknown;
  try {
    let next: string | undefined = feed.firstPath;
    for (let first = true; next; first = false) {
      const page: GithubPage<unknown> = await client.get(repo, next, {
        etag: first ? saved.etag : undefined,
        signal,
      });
      if (page.notModified) {
        totals.unchanged += 1;
        return;
      }
      if (first) firstEtag = page.etag;
      next = page.next;
      for (const item of feed.items(page.body)) {
        const createdMs = timeOf(item.created_at);
        const updatedMs = timeOf(item.updated_at);
        if (createdMs !== undefined && createdMs < stopBeforeMs) {
          next = undefined; // everything after this is older still
          break;
        }
        if (updatedMs === undefined) continue;
        if (saved.markMs === undefined || updatedMs > saved.markMs) {
          events.push(...(await feed.eventsOf(item)));
        }
        markMs = Math.max(markMs ?? updatedMs, updatedMs);
      }
    }
  } catch (error) {
    walkError = error;
  }

  // Whatever was read is imported, even after a failure: it is progress, and
  // the retry that follows skips it by external id.
  events.sort(byTime);
  for (let i = 0; i < events.length; i += IMPORT_BATCH) {
    const result = await connection.importEvents(
      events.slice(i, i + IMPORT_BATCH),
    );
    totals.imported += result.imported.length;
    totals.duplicates += result.duplicates;
    totals.rejected += result.rejected.length;
  }
  if (walkError) throw walkError;
  await connection.setCheckpoint(
    feed.key,
    serializeFeedCheckpoint({ etag: firstEtag, markMs }),
  );
}
