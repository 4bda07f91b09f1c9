import { createParser } from 'eventsource-parser';

/** One dispatched server-sent event. */
export interface SseMessage {
  /** The `event:` field, `message` when absent. */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  /** The last event id seen on the stream, as `Last-Event-ID` would send it. */
  id?: string;
}

/**
 * Reads a `text/event-stream` body to its end, calling `onMessage` for every
 * event. eventsource-parser splits lines (LF, CR or CRLF, even across chunks)
 * and skips comments such as `: ping`; this adds what it leaves to callers:
 * decoding bytes cut mid-character, the `message` default type, and an id
 * that persists across events, as the spec's last event ID does.
 *
 * Aborting the signal cancels the body and resolves quietly. An event left
 * unterminated when the stream ends is dropped, per spec.
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  onMessage: (message: SseMessage) => void,
  signal?: AbortSignal,
): Promise<void> {
  let lastEventId: string | undefined;
  const parser = createParser({
    onEvent: ({ event, data, id }) => {
      if (id !== undefined) lastEventId = id;
      if (signal?.aborted) return;
      onMessage({ event: event ?? 'message', data, id: lastEventId });
    },
  });
  const reader = body.getReader();
  // TextDecoder also strips a leading BOM, as the spec asks.
  const decoder = new TextDecoder();
  const onAbort = () => {
    reader.cancel().catch(() => {});
  };
  signal?.addEventListener('abort', onAbort);
  if (signal?.aborted) onAbort();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || signal?.aborted) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
    if (!signal?.aborted) parser.feed(decoder.decode());
  } catch (error) {
    if (!signal?.aborted) throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
