import { DeploymentEvent } from '@deploydash/plugin-deployments-common';

/**
 * The frames applied while fetches are in flight. A fetched page, lookup
 * or re-sync may have been read before some of those frames' events were
 * committed, and frames for rows the page did not hold yet were skipped; so
 * when a fetch lands, the frames since it began are applied again on top
 * (harmless twice: the reducer takes maxima). Kept only while some fetch
 * is open, from the oldest one on.
 */
export class FrameJournal {
  private entries: DeploymentEvent[] = [];
  /** Absolute position of entries[0]. */
  private start = 0;
  private readonly marks = new Map<number, number>();
  private nextMark = 0;

  /** A fetch begins: returns its mark. */
  begin(): number {
    const mark = this.nextMark++;
    this.marks.set(mark, this.start + this.entries.length);
    return mark;
  }

  record(events: readonly DeploymentEvent[]): void {
    if (!this.marks.size) return;
    for (const event of events) this.entries.push(event);
  }

  /** The fetch landed: the frames recorded since its mark. */
  end(mark: number): DeploymentEvent[] {
    const from = this.marks.get(mark);
    const since =
      from === undefined ? [] : this.entries.slice(from - this.start);
    this.release(mark);
    return since;
  }

  /** The fetch failed or was abandoned. */
  release(mark: number): void {
    this.marks.delete(mark);
    if (!this.marks.size) {
      this.start += this.entries.length;
      this.entries = [];
      return;
    }
    const oldest = Math.min(...this.marks.values());
    // Trim in halves, so dropping the head stays amortised O(1) a frame.
    if (oldest - this.start > this.entries.length / 2) {
      this.entries = this.entries.slice(oldest - this.start);
      this.start = oldest;
    }
  }

  /** How many frames are kept (for tests). */
  get size(): number {
    return this.entries.length;
  }
}
