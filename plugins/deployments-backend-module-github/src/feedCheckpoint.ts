/**
 * Where the import of one feed (a repository's deployments, or one workflow's
 * runs) stands, saved through the connection as JSON.
 */
export interface FeedCheckpoint {
  /** ETag of the first page at the last complete poll: a 304 means nothing changed. */
  etag?: string;
  /** The newest `updated_at` seen at the last complete poll, in ms. */
  markMs?: number;
}

export function parseFeedCheckpoint(value: string | undefined): FeedCheckpoint {
  if (!value) return {};
  try {
    const parsed = JSON.parse(value) as { etag?: unknown; mark?: unknown };
    const markMs =
      typeof parsed.mark === 'string' ? Date.parse(parsed.mark) : NaN;
    return {
      etag: typeof parsed.etag === 'string' ? parsed.etag : undefined,
      markMs: Number.isFinite(markMs) ? markMs : undefined,
    };
  } catch {
    // Unreadable: start over. Re-imported events are skipped as duplicates.
    return {};
  }
}

export function serializeFeedCheckpoint(checkpoint: FeedCheckpoint): string {
  return JSON.stringify({
    etag: checkpoint.etag,
    mark:
      checkpoint.markMs === undefined
        ? undefined
        : new Date(checkpoint.markMs).toISOString(),
  });
}

/** Checkpoint key of a host's rate-limit pause, shared by all replicas. */
export const pauseKey = (host: string) => `rate-limit/${host}`;
