import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { makeEvent } from '../__testUtils__/fixtures';
import { DeploymentsApiError } from './DeploymentsApiError';
import { BASE, setupClient } from '../__testUtils__/clientSetup';

const setup = setupClient;

/** A streamed body delivering the given chunks of bytes, then ending. */
function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

describe('DeploymentsClient', () => {
  it('asks discovery for the deployments base URL and passes history filters', async () => {
    const { client, calls, discoveryApi } = setup(
      () => new Response(JSON.stringify({ items: [], next_cursor: null })),
    );
    await client.getHistory({
      service: 'check out',
      environment: 'prod',
      limit: 50,
      cursor: 'abc',
    });
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('deployments');
    const url = new URL(calls[0].url);
    expect(`${url.origin}${url.pathname}`).toBe(BASE);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      service: 'check out',
      environment: 'prod',
      limit: '50',
      cursor: 'abc',
    });
  });

  it('sends include_tests as true or false', async () => {
    const { client, calls } = setup(
      () => new Response(JSON.stringify({ items: [], next_cursor: null })),
    );
    await client.getHistory({ service: 'checkout', include_tests: true });
    await client.getHistory({ include_tests: false });
    expect(calls.map(c => c.url)).toEqual([
      `${BASE}?service=checkout&include_tests=true`,
      `${BASE}?include_tests=false`,
    ]);
  });

  it('reads the matrix for one service', async () => {
    const matrix = { environments: ['dev'], services: [] };
    const { client, calls } = setup(() => new Response(JSON.stringify(matrix)));
    await expect(client.getMatrix({ service: 'checkout' })).resolves.toEqual(
      matrix,
    );
    expect(calls[0].url).toBe(`${BASE}/matrix?service=checkout`);
  });

  it('pages and filters the matrix, repeating service for several rows', async () => {
    const { client, calls } = setup(
      () => new Response(JSON.stringify({ environments: [], services: [] })),
    );
    await client.getMatrix({
      view: 'summary',
      limit: 200,
      cursor: 'c1',
      q: 'check out',
      owner: 'group:default/team-a',
      failuresOnly: true,
    });
    await client.getMatrix({ service: ['a', 'b c'], view: 'summary' });
    await client.getMatrix({ service: [], failuresOnly: false, q: '' });
    expect(calls.map(c => c.url)).toEqual([
      `${BASE}/matrix?view=summary&limit=200&cursor=c1&q=check+out&owner=group%3Adefault%2Fteam-a&failures_only=true`,
      `${BASE}/matrix?service=a&service=b+c&view=summary`,
      `${BASE}/matrix`,
    ]);
  });

  it('passes the free-text history search', async () => {
    const { client, calls } = setup(
      () => new Response(JSON.stringify({ items: [], next_cursor: null })),
    );
    await client.getHistory({ q: 'v1.2 alice', limit: 20 });
    expect(calls[0].url).toBe(`${BASE}?q=v1.2+alice&limit=20`);
  });

  it('reads metrics with every query parameter', async () => {
    const body = { bucket: 'week', buckets: [] };
    const { client, calls } = setup(() => new Response(JSON.stringify(body)));
    await expect(
      client.getMetrics({
        service: 'check out',
        environment: 'prod',
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-02-01T00:00:00.000Z',
        bucket: 'week',
      }),
    ).resolves.toEqual(body);
    const url = new URL(calls[0].url);
    expect(`${url.origin}${url.pathname}`).toBe(`${BASE}/metrics`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      service: 'check out',
      environment: 'prod',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
      bucket: 'week',
    });
  });

  it('leaves unset metrics parameters out', async () => {
    const { client, calls } = setup(() => new Response('{}'));
    await client.getMetrics({ service: 'checkout' });
    expect(calls[0].url).toBe(`${BASE}/metrics?service=checkout`);
  });

  it('reads the promotion lanes of one service or of all', async () => {
    const body = { services: [] };
    const { client, calls } = setup(() => new Response(JSON.stringify(body)));
    await expect(client.getPromotion({ service: 'checkout' })).resolves.toEqual(
      body,
    );
    await client.getPromotion({});
    expect(calls.map(c => c.url)).toEqual([
      `${BASE}/promotion?service=checkout`,
      `${BASE}/promotion`,
    ]);
  });

  it('passes the abort signal and rejects metrics and promotion errors', async () => {
    const { client, calls } = setup(
      () =>
        new Response(
          JSON.stringify({
            error: { name: 'InputError', message: 'bad from' },
          }),
          { status: 400, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    const controller = new AbortController();
    const metricsError = await client
      .getMetrics({ from: 'yesterday' }, { signal: controller.signal })
      .catch(e => e);
    expect(metricsError).toBeInstanceOf(DeploymentsApiError);
    expect(metricsError.status).toBe(400);
    expect(calls[0].init?.signal).toBe(controller.signal);
    await expect(client.getPromotion({})).rejects.toBeInstanceOf(
      DeploymentsApiError,
    );
  });

  it('reads a problem+json 422 into title, detail and field errors', async () => {
    const problem = {
      type: 'about:blank',
      title: 'Unprocessable Content',
      status: 422,
      detail: '2 fields failed validation',
      errors: [
        {
          field: 'status',
          message: 'must be one of in-progress, success, failure',
        },
        { field: 'happened_at', message: 'is required' },
      ],
    };
    const { client } = setup(
      () =>
        new Response(JSON.stringify(problem), {
          status: 422,
          headers: { 'Content-Type': 'application/problem+json' },
        }),
    );
    const error = await client.getHistory().catch(e => e);
    expect(error).toBeInstanceOf(DeploymentsApiError);
    expect(error).toMatchObject({
      name: 'DeploymentsApiError',
      status: 422,
      title: 'Unprocessable Content',
      detail: '2 fields failed validation',
      fieldErrors: problem.errors,
      message: 'Unprocessable Content: 2 fields failed validation',
    });
  });

  it("reads Backstage's own error JSON, e.g. its auth middleware's 401", async () => {
    const { client } = setup(
      () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'AuthenticationError',
              message: 'Missing credentials',
            },
            request: { method: 'GET', url: '/api/deployments/matrix' },
            response: { statusCode: 401 },
          }),
          { status: 401, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    const error = await client.getMatrix().catch(e => e);
    expect(error).toBeInstanceOf(DeploymentsApiError);
    expect(error).toMatchObject({
      status: 401,
      title: 'Unauthorized',
      detail: 'Missing credentials',
      fieldErrors: [],
    });
  });

  it("shows a proxy's HTML 502 as its status text, never the body", async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1>nginx</body></html>';
    const { client } = setup(
      () =>
        new Response(html, {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'Content-Type': 'text/html' },
        }),
    );
    const error = await client.getEvent('9').catch(e => e);
    expect(error).toBeInstanceOf(DeploymentsApiError);
    expect(error).toMatchObject({
      status: 502,
      title: 'Bad Gateway',
      detail: undefined,
      message: 'Bad Gateway',
    });
  });

  it('names the status itself when the response has no reason phrase', async () => {
    // HTTP/2 responses carry no status text.
    const { client } = setup(
      () => new Response('{"unexpected":true}', { status: 503 }),
    );
    const error = await client.listServices().catch(e => e);
    expect(error).toMatchObject({
      title: 'Service Unavailable',
      detail: undefined,
    });
    expect(error.message).not.toContain('{');
  });

  it('streams events from chunks split anywhere, skipping pings, with Last-Event-ID', async () => {
    const first = makeEvent({ id: '41', service: 'ünïcode' });
    const second = makeEvent({ id: '42' });
    const text =
      `: ping\n\nid: 41\nevent: deployment\ndata: ${JSON.stringify(
        first,
      )}\n\n` +
      `id: 42\nevent: deployment\ndata: ${JSON.stringify(second)}\n\n`;
    const bytes = new TextEncoder().encode(text);
    // Split into 5-byte chunks: some cut through multi-byte characters.
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 5)
      chunks.push(bytes.slice(i, i + 5));
    const { client, calls } = setup(
      () =>
        new Response(streamOf(chunks), {
          headers: { 'Content-Type': 'text/event-stream' },
        }),
    );
    const received: Array<[DeploymentEvent, string]> = [];
    const onOpen = jest.fn();
    await client.streamEvents({
      service: 'checkout',
      lastEventId: '40',
      signal: new AbortController().signal,
      onOpen,
      onEvent: (event, cursor) => received.push([event, cursor]),
    });
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(calls[0].url).toBe(`${BASE}/stream?service=checkout`);
    expect(
      (calls[0].init?.headers as Record<string, string>)['Last-Event-ID'],
    ).toBe('40');
    expect(received).toEqual([
      [first, '41'],
      [second, '42'],
    ]);
  });

  it('rejects when the stream cannot be opened', async () => {
    const { client } = setup(() => new Response('bad cursor', { status: 400 }));
    const onEvent = jest.fn();
    const error = await client
      .streamEvents({ signal: new AbortController().signal, onEvent })
      .catch(e => e);
    // useMatrix takes a 400 to mean "cursor unknown" and reloads the snapshot.
    expect(error).toBeInstanceOf(DeploymentsApiError);
    expect(error).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('resolves quietly when aborted mid-stream', async () => {
    let push: ((chunk: Uint8Array) => void) | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = chunk => controller.enqueue(chunk);
      },
    });
    const { client } = setup(() => new Response(body));
    const controller = new AbortController();
    const onEvent = jest.fn();
    const done = client.streamEvents({ signal: controller.signal, onEvent });
    await new Promise(r => setTimeout(r, 0));
    push!(
      new TextEncoder().encode(
        `event: deployment\ndata: ${JSON.stringify(
          makeEvent({ id: '1' }),
        )}\n\n`,
      ),
    );
    await new Promise(r => setTimeout(r, 0));
    controller.abort();
    await expect(done).resolves.toBeUndefined();
    expect(onEvent).toHaveBeenCalledTimes(1);
  });
});
