import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend, TEST_API_KEY } from '../__testUtils__/testBackend';
import { countStoredEvents, eventInput } from '../__testUtils__/events';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('hardening on %s', id => {
  it('denies every read and service-token ingest when the policy says no', async () => {
    const knex = await databases.init(id);
    const api = await startDeploymentsBackend({
      knex,
      services: [mockServices.permissions.factory({ result: AuthorizeResult.DENY })],
    });
    for (const path of ['', '/matrix', '/services', '/environments', '/1', '/stream', '/metrics', '/promotion']) {
      const res = await api.get(path);
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const viaToken = await fetch(api.baseUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: mockCredentials.service.header() },
      body: JSON.stringify(eventInput()),
    });
    expect(viaToken.status).toBe(403);
    expect(await countStoredEvents(knex)).toBe(0);
    // Keys are not Backstage principals: their scope comes from configuration.
    expect((await api.post(eventInput())).status).toBe(201);
    await api.backend.stop();
  });

  it('refuses, with 403 and nothing stored, a key posting outside its scope', async () => {
    const knex = await databases.init(id);
    const api = await startDeploymentsBackend({
      knex,
      config: {
        deployments: {
          ingest: {
            apiKeys: [
              {
                name: 'payments-ci',
                key: TEST_API_KEY,
                services: ['checkout', 'payments-*'],
                environments: ['dev', 'staging'],
              },
            ],
          },
        },
      },
    });
    expect((await api.post(eventInput({ service: 'checkout', environment: 'dev' }))).status).toBe(201);
    expect((await api.post(eventInput({ service: 'payments-eu', environment: 'staging' }))).status).toBe(201);
    for (const body of [
      eventInput({ service: 'search', environment: 'dev' }),
      eventInput({ service: 'payments', environment: 'dev' }),
      eventInput({ service: 'checkout', environment: 'prod' }),
    ]) {
      const res = await api.post(body);
      expect(res.status).toBe(403);
      expect((await res.json()).detail).toMatch(/may not post/);
    }
    expect(await countStoredEvents(knex)).toBe(2);
    await api.backend.stop();
  });

  it('answers 429 with Retry-After once a key passes its rate limit', async () => {
    const knex = await databases.init(id);
    const api = await startDeploymentsBackend({
      knex,
      config: { deployments: { ingest: { rateLimit: { eventsPerSecond: 1, burst: 2 } } } },
    });
    const statuses = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const res = await api.post(eventInput());
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toEqual([201, 201, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(await countStoredEvents(knex)).toBe(2);
    await api.backend.stop();
  });

  it('caps open streams per process with 503 and Retry-After', async () => {
    const knex = await databases.init(id);
    const api = await startDeploymentsBackend({
      knex,
      config: { deployments: { stream: { maxConnections: 1 } } },
    });
    const first = await api.get('/stream');
    expect(first.status).toBe(200);
    const second = await api.get('/stream');
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('5');
    await first.body?.cancel();
    await api.backend.stop();
  });
});
