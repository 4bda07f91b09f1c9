import { readEventStream, SseMessage } from './readEventStream';

/** A body delivering the given pieces of text (UTF-8 encoded), then ending. */
function bodyOf(
  pieces: Array<string | Uint8Array>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) {
        controller.enqueue(
          typeof piece === 'string' ? encoder.encode(piece) : piece,
        );
      }
      controller.close();
    },
  });
}

async function read(pieces: Array<string | Uint8Array>): Promise<SseMessage[]> {
  const messages: SseMessage[] = [];
  await readEventStream(bodyOf(pieces), m => messages.push(m));
  return messages;
}

describe('readEventStream', () => {
  it('reads a deployment frame with id and event type', async () => {
    expect(
      await read(['id: 42\nevent: deployment\ndata: {"id":"42"}\n\n']),
    ).toEqual([{ id: '42', event: 'deployment', data: '{"id":"42"}' }]);
  });

  it('reassembles frames split mid-line and mid-field, one character per chunk', async () => {
    const text =
      'id: 7\nevent: deployment\ndata: {"a":1}\n\nid: 8\ndata: two\n\n';
    expect(await read([...text])).toEqual([
      { id: '7', event: 'deployment', data: '{"a":1}' },
      { id: '8', event: 'message', data: 'two' },
    ]);
  });

  it('decodes multi-byte characters cut between chunks', async () => {
    const bytes = new TextEncoder().encode('data: ünï😀\n\n');
    const chunks = [...bytes].map(b => Uint8Array.of(b));
    expect(await read(chunks)).toEqual([
      { id: undefined, event: 'message', data: 'ünï😀' },
    ]);
  });

  it('joins multi-line data with newlines', async () => {
    expect(await read(['data: first\ndata:second\ndata\n\n'])).toEqual([
      { id: undefined, event: 'message', data: 'first\nsecond\n' },
    ]);
  });

  it('skips comments such as pings, and events without data', async () => {
    expect(
      await read([
        ': ping\n\n',
        ': ping\n\nevent: deployment\n\n',
        'data: after\n\n',
      ]),
    ).toEqual([{ id: undefined, event: 'message', data: 'after' }]);
  });

  it('handles CRLF and CR line endings, including CRLF split across chunks', async () => {
    expect(
      await read(['id: 1\r', '\ndata: a\r\n\r', '\ndata: b\r\r', ': next\n']),
    ).toEqual([
      { id: '1', event: 'message', data: 'a' },
      { id: '1', event: 'message', data: 'b' },
    ]);
  });

  it('keeps the last event id for later events, as Last-Event-ID needs', async () => {
    const messages = await read([
      'id: 5\ndata: a\n\n',
      ': ping\n\n',
      'data: b\n\n',
      'id: 6\nevent: deployment\ndata: c\n\n',
    ]);
    expect(messages.map(m => m.id)).toEqual(['5', '5', '6']);
  });

  it('removes only one leading space and keeps colons in values', async () => {
    const [message] = await read(['data:  two spaces: yes\n\n']);
    expect(message.data).toBe(' two spaces: yes');
  });

  it('ignores retry fields and a leading BOM', async () => {
    expect(await read(['\uFEFFretry: 2000\n\ndata: x\n\n'])).toEqual([
      { id: undefined, event: 'message', data: 'x' },
    ]);
  });

  it('drops an unterminated trailing event at the end of the stream', async () => {
    expect(await read(['data: complete\n\ndata: partial'])).toEqual([
      { id: undefined, event: 'message', data: 'complete' },
    ]);
  });

  it('stops delivering and resolves once the signal aborts', async () => {
    let push: ((text: string) => void) | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = text => controller.enqueue(new TextEncoder().encode(text));
      },
    });
    const controller = new AbortController();
    const messages: SseMessage[] = [];
    const done = readEventStream(
      body,
      m => messages.push(m),
      controller.signal,
    );
    push!('data: one\n\n');
    await new Promise(r => setTimeout(r, 0));
    controller.abort();
    await expect(done).resolves.toBeUndefined();
    expect(messages.map(m => m.data)).toEqual(['one']);
  });

  it('rejects when the body fails', async () => {
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('connection reset'));
      },
    });
    await expect(readEventStream(body, () => {})).rejects.toThrow(
      'connection reset',
    );
  });
});
