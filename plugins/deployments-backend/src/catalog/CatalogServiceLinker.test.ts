import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { CatalogServiceLinker, mapServicesToEntities } from './CatalogServiceLinker';

const component = (name: string, namespace = 'default', annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace, annotations },
  spec: {},
});

describe('mapServicesToEntities', () => {
  it('prefers the annotation, then the default namespace', () => {
    const links = mapServicesToEntities([
      component('api', 'team-a'),
      component('api'),
      component('search', 'default', { 'deployments/service-name': 'indexer' }),
      component('indexer', 'default'),
    ]);
    expect(links.get('api')).toBe('component:default/api');
    expect(links.get('indexer')).toBe('component:default/search');
  });
});

describe('CatalogServiceLinker', () => {
  afterEach(() => jest.restoreAllMocks());

  it('looks the catalog up once per TTL, and retries soon while it is still empty', async () => {
    const catalog = catalogServiceMock.mock();
    catalog.getEntities
      .mockResolvedValueOnce({ items: [] })
      .mockResolvedValue({ items: [component('checkout')] });
    const linker = new CatalogServiceLinker({
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      ttlMs: 60_000,
    });
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);

    expect((await linker.current()).entityRefFor('checkout')).toBeNull();
    await linker.current();
    expect(catalog.getEntities).toHaveBeenCalledTimes(1);

    now += 6_000; // past the empty-catalog retry, well within the TTL
    await linker.current();
    await new Promise(r => setImmediate(r));
    const links = await linker.current();
    expect(links.entityRefFor('checkout')).toBe('component:default/checkout');
    expect(catalog.getEntities).toHaveBeenCalledTimes(2);

    now += 30_000; // within the TTL once the catalog answered
    await linker.current();
    expect(catalog.getEntities).toHaveBeenCalledTimes(2);
  });
});
