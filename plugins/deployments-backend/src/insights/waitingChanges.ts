import {
  compareCodePoints as byCodePoint,
  DeploymentEvent,
  PromotionChange,
  PromotionChanges,
} from '@deploydash/plugin-deployments-common';
import { commitUrl, compareUrl, Repository } from '../catalog/repositoryLinks';

/** At most this many commits are listed; `total` counts them all. */
export const MAX_CHANGES = 50;

/** Every commit `events` list, one per SHA (lower case), with its earliest `authored_at`. */
export function commitsListedBy(events: DeploymentEvent[]): Map<string, string | null> {
  const commits = new Map<string, string | null>();
  for (const event of events) {
    for (const commit of event.commits) {
      const sha = commit.sha.toLowerCase();
      const known = commits.get(sha);
      if (known === undefined || (commit.authored_at !== null && (known === null || commit.authored_at < known))) {
        commits.set(sha, commit.authored_at);
      }
    }
  }
  return commits;
}

/** Newest first by `authored_at`, those without one after, then by SHA. */
function newestFirst(a: PromotionChange, b: PromotionChange): number {
  if (a.authored_at !== b.authored_at) {
    if (a.authored_at === null) return 1;
    if (b.authored_at === null) return -1;
    return a.authored_at > b.authored_at ? -1 : 1;
  }
  return byCodePoint(a.sha, b.sha);
}

/**
 * A stage's `changes` (docs/api.md, "Changes waiting"): the commits its
 * waiting lower successes list, minus those any success of the stage
 * already listed, linked to the repository when it is known. A function of
 * what waits and of the stage's own successes (through `shipped`), so a
 * stage of several environments (a group) is computed alike.
 */
export async function waitingChanges(options: {
  /** Every lower success the stage's `waiting` rule counts, not only those it returns. */
  waiting: DeploymentEvent[];
  /** Of the given SHAs (lower case), those a success of this stage listed. */
  shipped: (shas: string[]) => Promise<Set<string>>;
  repository: Repository | null;
  /** This stage's `current.sha`, the compare view's base. */
  base: string | null;
  /** The lower environment's last success's `sha`, the compare view's head. */
  head: string | null;
}): Promise<PromotionChanges> {
  const { repository } = options;
  const listed = commitsListedBy(options.waiting);
  const shipped = listed.size ? await options.shipped([...listed.keys()]) : new Set<string>();
  const items = [...listed]
    .filter(([sha]) => !shipped.has(sha))
    .map(([sha, authored_at]) => ({
      sha,
      authored_at,
      url: repository ? commitUrl(repository, sha) : null,
    }))
    .sort(newestFirst);
  const base = options.base?.toLowerCase();
  const head = options.head?.toLowerCase();
  return {
    total: items.length,
    items: items.slice(0, MAX_CHANGES),
    compare_url: repository && base && head && base !== head ? compareUrl(repository, base, head) : null,
  };
}
