/** A parsed SSE message: comments are kept so tests can see pings. */
export interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/**
 * Opens an SSE response with fetch (as the frontend does) and parses its
 * messages as they arrive, so tests can await them one by one.
 */
export async function openStream(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  const messages: SseMessage[] = [];
  const waiters: Array<() => void> = [];
  const reading = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message: SseMessage = {};
          for (const line of block.split('\n')) {
            const colon = line.indexOf(':');
            const field = line.slice(0, colon);
            const value = line.slice(colon + 1).replace(/^ /, '');
            if (field === '') message.comment = value;
            else if (field === 'id' || field === 'event' || field === 'data') message[field] = value;
          }
          messages.push(message);
          waiters.splice(0).forEach(w => w());
        }
      }
    } catch {
      // aborted
    }
  })();

  /** Resolves once `count` messages matching `predicate` have arrived. */
  async function waitFor(
    predicate: (m: SseMessage) => boolean,
    count = 1,
    timeoutMs = 5000,
  ): Promise<SseMessage[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = messages.filter(predicate);
      if (matching.length >= count) return matching;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`Timed out waiting for ${count} messages; got ${JSON.stringify(messages)}`);
      }
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  return {
    response: res,
    messages,
    waitFor,
    deployments: () => messages.filter(m => m.event === 'deployment'),
    close: async () => {
      controller.abort();
      await reading;
    },
  };
}
