import { BASE, setupClient } from '../__testUtils__/clientSetup';
import { DeploymentsApiError } from './DeploymentsApiError';

describe('DeploymentsClient organisation insights', () => {
  it('reads teams and systems from their routes with the period', async () => {
    const { client, calls } = setupClient(() => new Response(JSON.stringify({ items: [] })));
    await client.getGroupInsights({
      groupBy: 'team',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
    });
    await client.getGroupInsights({ groupBy: 'system' });
    expect(calls.map(c => c.url)).toEqual([
      `${BASE}/insights/teams?from=2026-01-01T00%3A00%3A00.000Z&to=2026-02-01T00%3A00%3A00.000Z`,
      `${BASE}/insights/systems`,
    ]);
  });

  it('sends the activity query, leaving out what is unset', async () => {
    const { client, calls } = setupClient(() => new Response(JSON.stringify({})));
    await client.getActivity({ tz: 'Europe/Berlin', team: 'group:default/payments' });
    await client.getActivity({});
    const url = new URL(calls[0].url);
    expect(url.pathname).toBe('/api/deployments/insights/activity');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tz: 'Europe/Berlin',
      team: 'group:default/payments',
    });
    expect(calls[1].url).toBe(`${BASE}/insights/activity`);
  });

  it('turns a problem answer into a DeploymentsApiError', async () => {
    const { client } = setupClient(
      () =>
        new Response(
          JSON.stringify({ type: 'about:blank', title: 'Bad Request', status: 400, detail: "Query parameter 'tz' must be an IANA time zone such as Europe/Berlin" }),
          { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
        ),
    );
    const error = await client.getActivity({ tz: 'Mars/Base' }).catch(e => e);
    expect(error).toBeInstanceOf(DeploymentsApiError);
    expect(error.status).toBe(400);
    expect(error.detail).toContain("'tz'");
  });
});
