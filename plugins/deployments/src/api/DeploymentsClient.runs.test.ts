import { BASE, setupClient } from '../__testUtils__/clientSetup';
import { makeRun } from '../__testUtils__/runFixtures';
import { DeploymentsApiError } from './DeploymentsApiError';

const json = (body: unknown) => () => new Response(JSON.stringify(body));

describe('DeploymentsClient.getRuns', () => {
  it('reads GET /runs with every filter, encoded like history', async () => {
    const page = { items: [makeRun()], next_cursor: 'next' };
    const { client, calls, discoveryApi } = setupClient(json(page));
    const controller = new AbortController();
    await expect(
      client.getRuns(
        {
          service: 'check out',
          environment: 'prod',
          status: 'cancelled',
          since: '2026-01-01T00:00:00.000Z',
          until: '2026-02-01T00:00:00.000Z',
          limit: 20,
          cursor: 'a+b/c',
        },
        { signal: controller.signal },
      ),
    ).resolves.toEqual(page);
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('deployments');
    const url = new URL(calls[0].url);
    expect(`${url.origin}${url.pathname}`).toBe(`${BASE}/runs`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      service: 'check out',
      environment: 'prod',
      status: 'cancelled',
      since: '2026-01-01T00:00:00.000Z',
      until: '2026-02-01T00:00:00.000Z',
      limit: '20',
      cursor: 'a+b/c',
    });
    expect(calls[0].init?.signal).toBe(controller.signal);
    expect(calls[0].init?.headers).toEqual({ Accept: 'application/json' });
  });

  it('leaves unset and empty parameters out', async () => {
    const { client, calls } = setupClient(
      json({ items: [], next_cursor: null }),
    );
    await client.getRuns({ service: 'checkout', cursor: undefined });
    await client.getRuns({});
    expect(calls.map(c => c.url)).toEqual([
      `${BASE}/runs?service=checkout`,
      `${BASE}/runs`,
    ]);
  });

  it('sends include_tests as true or false, like history', async () => {
    // The backend's /runs accepts include_tests; RunsQuery (common) does not
    // declare it yet, so this documents that the client would forward it.
    const { client, calls } = setupClient(
      json({ items: [], next_cursor: null }),
    );
    await client.getRuns({ service: 'checkout', include_tests: true } as any);
    expect(calls[0].url).toBe(
      `${BASE}/runs?service=checkout&include_tests=true`,
    );
  });

  it('rejects a bad parameter as a DeploymentsApiError with the problem', async () => {
    const { client } = setupClient(
      () =>
        new Response(
          JSON.stringify({
            type: 'about:blank',
            title: 'Bad Request',
            status: 400,
            detail: "Query parameter 'limit' must be between 1 and 200",
          }),
          {
            status: 400,
            headers: { 'Content-Type': 'application/problem+json' },
          },
        ),
    );
    const error = await client.getRuns({ limit: 500 }).catch(e => e);
    expect(error).toBeInstanceOf(DeploymentsApiError);
    expect(error).toMatchObject({
      status: 400,
      title: 'Bad Request',
      detail: "Query parameter 'limit' must be between 1 and 200",
    });
  });

  it("rejects a proxy's HTML error by its status, never its body", async () => {
    const { client } = setupClient(
      () =>
        new Response('<html>oops</html>', {
          status: 504,
          headers: { 'Content-Type': 'text/html' },
        }),
    );
    const error = await client.getRuns({ service: 'checkout' }).catch(e => e);
    expect(error).toBeInstanceOf(DeploymentsApiError);
    expect(error).toMatchObject({ status: 504, title: 'Gateway Timeout' });
    expect(error.message).not.toContain('<html>');
  });
});
