import { BASE, setupClient } from '../__testUtils__/clientSetup';

describe('DeploymentsClient team scope', () => {
  it('sends team on matrix and metrics reads', async () => {
    const { client, calls } = setupClient(() => new Response('{}'));
    await client.getMatrix({
      team: 'group:default/commerce',
      view: 'summary',
      limit: 50,
    });
    await client.getMetrics({
      team: 'group:default/commerce',
      bucket: 'week',
      from: '2026-01-01T00:00:00.000Z',
    });
    const [matrix, metrics] = calls.map(call => new URL(call.url));
    expect(`${matrix.origin}${matrix.pathname}`).toBe(`${BASE}/matrix`);
    expect(Object.fromEntries(matrix.searchParams)).toEqual({
      team: 'group:default/commerce',
      view: 'summary',
      limit: '50',
    });
    expect(`${metrics.origin}${metrics.pathname}`).toBe(`${BASE}/metrics`);
    expect(Object.fromEntries(metrics.searchParams)).toEqual({
      team: 'group:default/commerce',
      bucket: 'week',
      from: '2026-01-01T00:00:00.000Z',
    });
  });
});
