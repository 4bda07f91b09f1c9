/**
 * Tells every replica that new events were committed. Implementations carry
 * only a seq, never the row: each replica reads new rows from the log.
 */
export interface EventNotifier {
  /**
   * Calls `onNotify` whenever new events may be in the log: with the seq a
   * replica announced, or with none when any may be (after a reconnect).
   */
  start(onNotify: (seq?: number) => void): Promise<void>;
  /** Announces a committed seq to the other replicas. Call after the commit, never inside it. */
  publish(seq: number): Promise<void>;
  /**
   * Announces a committed void (or incident event) to the other replicas;
   * they receive it as a call of `onNotify` without a seq ("anything may be
   * new"), which also reads new voids and incident events.
   */
  publishVoid(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * One process (SQLite): there is no other replica, and `announce()` has
 * already woken this one's reader, so there is nobody to tell.
 */
export class InProcessNotifier implements EventNotifier {
  async start(): Promise<void> {}

  async publish(): Promise<void> {}

  async publishVoid(): Promise<void> {}

  async stop(): Promise<void> {}
}
