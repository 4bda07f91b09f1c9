/**
 * Tells every replica that new events were committed. Implementations carry
 * only a cursor, never the row: each replica reads new rows from the log.
 */
export interface EventNotifier {
  /** Calls `onNotify` whenever new events may be in the log (also after a reconnect). */
  start(onNotify: () => void): Promise<void>;
  /** Announces a committed cursor. Call after the commit, never inside it. */
  publish(cursor: string): Promise<void>;
  stop(): Promise<void>;
}

/** One process (SQLite): publishing is a direct call. */
export class InProcessNotifier implements EventNotifier {
  private onNotify?: () => void;

  async start(onNotify: () => void): Promise<void> {
    this.onNotify = onNotify;
  }

  async publish(): Promise<void> {
    this.onNotify?.();
  }

  async stop(): Promise<void> {
    this.onNotify = undefined;
  }
}
