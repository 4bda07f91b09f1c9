import { mockCredentials } from '@backstage/backend-test-utils';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { useOwnPostgres } from '../__testUtils__/ownPostgres';

jest.setTimeout(120_000);

describe('actions during a database outage', () => {
  const own = useOwnPostgres(55437);

  it('answer 503 while the database is down, and answer again once it is back', async () => {
    const api = await startDeploymentsBackend({ knex: own.knex });
    await api.seed(eventInput({ version: '1.0.0' }));
    const invoke = (action: string, input: unknown) =>
      fetch(`${api.baseUrl}/.backstage/actions/v1/actions/deployments:${action}/invoke`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: mockCredentials.user.header() },
        body: JSON.stringify(input),
      });
    const calls: Array<[string, unknown]> = [
      ['get-deployment-status', { service: 'checkout', environment: 'prod' }],
      ['find-version', { service: 'checkout', version: '1.0.0' }],
      ['get-dora-metrics', { service: 'checkout' }],
    ];
    try {
      own.server.stop();
      for (const [action, input] of calls) {
        const res = await invoke(action, input);
        const body = await res.json();
        expect([action, res.status, body.error?.name, body.error?.message]).toEqual([
          action,
          503,
          'ServiceUnavailableError',
          'The database is unavailable; retry shortly',
        ]);
      }
    } finally {
      own.server.start();
    }
    const res = await invoke('get-deployment-status', calls[0][1]);
    expect(res.status).toBe(200);
    expect((await res.json()).output.running_version).toBe('1.0.0');
    await api.backend.stop();
  });
});
