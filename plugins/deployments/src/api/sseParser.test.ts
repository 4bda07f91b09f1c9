import { SseParser } from './sseParser';

describe('SseParser', () => {
  it('parses a deployment frame with id and event type', () => {
    const parser = new SseParser();
    expect(
      parser.push('id: 42\nevent: deployment\ndata: {"id":"42"}\n\n'),
    ).toEqual([{ id: '42', event: 'deployment', data: '{"id":"42"}' }]);
  });

  it('reassembles frames split mid-line and mid-field across chunks', () => {
    const parser = new SseParser();
    const text =
      'id: 7\nevent: deployment\ndata: {"a":1}\n\nid: 8\ndata: two\n\n';
    const messages = [];
    for (const ch of text) messages.push(...parser.push(ch));
    expect(messages).toEqual([
      { id: '7', event: 'deployment', data: '{"a":1}' },
      { id: '8', event: 'message', data: 'two' },
    ]);
  });

  it('does not dispatch until the blank line arrives', () => {
    const parser = new SseParser();
    expect(parser.push('id: 1\ndata: x\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([
      { id: '1', event: 'message', data: 'x' },
    ]);
  });

  it('joins multi-line data with newlines', () => {
    const parser = new SseParser();
    expect(parser.push('data: first\ndata:second\ndata\n\n')).toEqual([
      { id: undefined, event: 'message', data: 'first\nsecond\n' },
    ]);
  });

  it('ignores comments such as pings, and events without data', () => {
    const parser = new SseParser();
    expect(parser.push(': ping\n\n: ping\n\nevent: deployment\n\n')).toEqual(
      [],
    );
    expect(parser.push('data: after\n\n')).toEqual([
      { id: undefined, event: 'message', data: 'after' },
    ]);
  });

  it('handles CRLF and CR line endings, including CRLF split across chunks', () => {
    const parser = new SseParser();
    expect(parser.push('id: 1\r')).toEqual([]);
    expect(parser.push('\ndata: a\r\n\r')).toEqual([]);
    expect(parser.push('\ndata: b\r\r')).toEqual([
      { id: '1', event: 'message', data: 'a' },
    ]);
    // The final CR could still be half of a CRLF: it counts once more text
    // (here a comment) arrives.
    expect(parser.push(': next\n')).toEqual([
      { id: '1', event: 'message', data: 'b' },
    ]);
  });

  it('keeps the last event id for later events, per the spec', () => {
    const parser = new SseParser();
    expect(parser.push('id: 5\ndata: a\n\ndata: b\n\n').map(m => m.id)).toEqual(
      ['5', '5'],
    );
  });

  it('removes only one leading space and keeps colons in values', () => {
    const parser = new SseParser();
    expect(parser.push('data:  two spaces: yes\n\n')[0].data).toBe(
      ' two spaces: yes',
    );
  });

  it('reads the retry field and strips a leading BOM', () => {
    const parser = new SseParser();
    expect(parser.push('\uFEFFretry: 2000\n\ndata: x\n\n')).toEqual([
      { id: undefined, event: 'message', data: 'x' },
    ]);
    expect(parser.retry).toBe(2000);
  });

  it('drops an unterminated trailing event at the end of the stream', () => {
    const parser = new SseParser();
    parser.push('data: complete\n\ndata: partial');
    expect(parser.end()).toEqual([]);
  });
});
