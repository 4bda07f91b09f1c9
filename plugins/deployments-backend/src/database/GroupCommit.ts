interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items added while a write is running, or within `maxWaitMs`
 * of each other, are written together by one call of `write` (one statement
 * or one transaction), which answers one result per item in their order.
 * Each caller is answered only when its group is written; when a write
 * fails, every caller of that group gets the error and the next group is
 * written on its own. At most one write runs at a time, so groups commit in
 * arrival order and a group holds at most `maxItems`.
 */
export class GroupCommit<T, R> {
  private queue: Array<Waiting<T, R>> = [];
  private writing = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly options: { maxItems: number; maxWaitMs: number } = { maxItems: 500, maxWaitMs: 2 },
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      // While a write runs, the queue is written as soon as it ends.
      if (this.writing) return;
      if (this.queue.length >= this.options.maxItems) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const group = this.queue.splice(0, this.options.maxItems);
    this.writing = true;
    Promise.resolve()
      .then(() => this.write(group.map(w => w.item)))
      .then(
        results => group.forEach((w, i) => w.resolve(results[i])),
        error => group.forEach(w => w.reject(error)),
      )
      .finally(() => {
        this.writing = false;
        // These have waited a whole write already: no further wait.
        if (this.queue.length > 0) this.flush();
      });
  }
}
