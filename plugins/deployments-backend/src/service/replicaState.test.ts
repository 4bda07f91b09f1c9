import { Entity } from '@backstage/catalog-model';
import { MatrixResponse } from '@deploydash/plugin-deployments-common';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { countStoredEvents, eventInput } from '../__testUtils__/events';
import { startReplicas } from '../__testUtils__/replicas';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

// State that must agree across replicas: only PostgreSQL has replicas.
const databases = createTestDatabases(['POSTGRES_15']);

type Backend = Awaited<ReturnType<typeof startDeploymentsBackend>>;

const component = (name: string, namespace = 'default', annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace, annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

describe('the ingest rate limit across two replicas on one PostgreSQL', () => {
  it('accepts at most burst + rate × elapsed in total, not per replica', async () => {
    const config = { deployments: { ingest: { rateLimit: { eventsPerSecond: 5, burst: 10 } } } };
    const { knex, backends, stop } = await startReplicas(databases, [{ config }, { config }]);
    try {
      const startedAt = Date.now();
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          backends[i % 2].post(eventInput({ deployment_id: `burst-${i}` })),
        ),
      );
      const elapsedSeconds = (Date.now() - startedAt) / 1000;
      await Promise.all(responses.map(r => r.arrayBuffer()));

      const accepted = responses.filter(r => r.status === 201);
      const refused = responses.filter(r => r.status !== 201);
      expect(accepted.length).toBeGreaterThanOrEqual(10);
      expect(accepted.length).toBeLessThanOrEqual(10 + 5 * elapsedSeconds + 1);
      for (const res of refused) {
        expect(res.status).toBe(429);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      expect(await countStoredEvents(knex)).toBe(accepted.length);
    } finally {
      await stop();
    }
  });
});

describe('matrix ETags across replicas on one PostgreSQL', () => {
  const linked = [
    component('checkout'),
    component('search', 'default', { 'deployments/service-name': 'search-indexer' }),
  ];
  let replicas: Awaited<ReturnType<typeof startReplicas>>;
  let a: Backend;
  let b: Backend;
  let other: Backend;

  beforeAll(async () => {
    replicas = await startReplicas(databases, [
      { entities: linked },
      // The same links, listed in another order by the catalog.
      { entities: [...linked].reverse() },
      // Different links: checkout belongs to another namespace's entity.
      { entities: [component('checkout', 'team-b'), linked[1]] },
    ]);
    [a, b, other] = replicas.backends;
    for (const service of ['checkout', 'search-indexer']) await a.seed(eventInput({ service }));
  });
  afterAll(() => replicas.stop());

  it('is the same on every replica with the same links, and 304 there', async () => {
    const fromA = await a.get('/matrix');
    const fromB = await b.get('/matrix');
    const tag = fromA.headers.get('etag')!;
    expect(tag).toMatch(/^W\/"\d+\.\d+\.[0-9a-f]{16}"$/);
    expect(fromB.headers.get('etag')).toBe(tag);
    expect(await fromB.text()).toBe(await fromA.text());
    expect((await b.get('/matrix', { 'If-None-Match': tag })).status).toBe(304);
    // Promotion has no ETag, but its cache is keyed alike: the same answer on both.
    expect(await (await b.get('/promotion')).text()).toBe(await (await a.get('/promotion')).text());
  });

  it('differs for different links, never a 304 for a changed answer', async () => {
    const tag = (await a.get('/matrix')).headers.get('etag')!;
    const res = await other.get('/matrix', { 'If-None-Match': tag });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).not.toBe(tag);
    const matrix: MatrixResponse = await res.json();
    expect(matrix.services.find(s => s.service === 'checkout')?.entity_ref).toBe(
      'component:team-b/checkout',
    );
  });
});
