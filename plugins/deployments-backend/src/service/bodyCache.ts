import { gzipSync } from 'zlib';

interface Entry {
  json: string;
  gzip?: Buffer;
}

/**
 * The last response bodies of a read that is a pure function of the log (the
 * matrix, the promotion lanes), by a key holding the committed seq. That
 * seq changes with every committed event, so a cached body is never
 * stale; between events, repeated reads (page loads, every open matrix page
 * refreshing its drift badges) are served from memory, gzipped once instead
 * of once per request.
 */
export class BodyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 50) {}

  async get(key: string, build: () => Promise<string>): Promise<Entry> {
    const hit = this.entries.get(key);
    if (hit) return hit;
    const entry: Entry = { json: await build() };
    this.entries.set(key, entry);
    // Map keeps insertion order: drop the oldest beyond the bound.
    if (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return entry;
  }

  /** The entry's body gzipped, computed once. */
  gzipped(entry: Entry): Buffer {
    entry.gzip ??= gzipSync(entry.json);
    return entry.gzip;
  }
}
