/** How long outstanding work may wait before the page says it is behind. */
export const BEHIND_AFTER_MS = 3_000;

/**
 * The `behind` rule. The page knows it is behind when something it must
 * still apply has been outstanding for more than {@link BEHIND_AFTER_MS}:
 *
 * - a re-sync: the stream could not replay what the page missed (it
 *   forgot the cursor, or the page had none), counted from that moment
 *   until the re-fetched rows are applied, through every retry; or
 * - a catalog lookup of new services, counted from the moment the first
 *   service of its batch was queued until its answer is applied (under an
 *   owner filter, their rows and frames wait for it).
 *
 * Frames themselves are applied within one animation frame, and paging or
 * a first load is `loading`/`loadingMore`, not being behind.
 *
 * @param since when each outstanding piece of work began (ms), if any
 * @returns whether the oldest is older than the limit, and otherwise when
 * to look again (ms from now), if anything is outstanding
 */
export function behindState(
  now: number,
  since: Array<number | undefined>,
): { behind: boolean; recheckInMs?: number } {
  let oldest: number | undefined;
  for (const t of since) {
    if (t !== undefined && (oldest === undefined || t < oldest)) oldest = t;
  }
  if (oldest === undefined) return { behind: false };
  const age = now - oldest;
  if (age > BEHIND_AFTER_MS) return { behind: true };
  return { behind: false, recheckInMs: BEHIND_AFTER_MS - age + 1 };
}
