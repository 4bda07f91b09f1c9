import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogServiceLinker,
  digestLinks,
  mapServicesToEntities,
  mapServicesToOwners,
} from './CatalogServiceLinker';

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

describe('mapServicesToOwners', () => {
  const owned = (name: string, namespace: string, owner?: unknown, ownedBy?: string): Entity => ({
    ...component(name, namespace),
    spec: owner === undefined ? {} : { owner: owner as string },
    ...(ownedBy ? { relations: [{ type: 'ownedBy', targetRef: ownedBy }] } : {}),
  });

  it('completes spec.owner as the catalog does, and prefers the ownedBy relation', () => {
    const owners = mapServicesToOwners([
      owned('checkout', 'default', 'Payments'),
      owned('billing', 'finance', 'payments'),
      owned('search', 'default', 'user:jane'),
      owned('ledger', 'default', 'stale-team', 'group:default/payments'),
      owned('orphan', 'default'),
      owned('broken', 'default', 'group:'),
      owned('odd', 'default', 42),
    ]);
    expect(Object.fromEntries(owners)).toEqual({
      checkout: 'group:default/payments',
      billing: 'group:finance/payments',
      search: 'user:default/jane',
      ledger: 'group:default/payments',
    });
  });

  it('takes the owner of the entity the service links to', () => {
    const owners = mapServicesToOwners([owned('api', 'team-a', 'a-team'), owned('api', 'default', 'b-team')]);
    expect(owners.get('api')).toBe('group:default/b-team');
  });
});

describe('digestLinks', () => {
  it('depends on the links and owners only, not on their order', () => {
    const one = new Map([['api', 'component:default/api'], ['web', 'component:default/web']]);
    const reversed = new Map([...one].reverse());
    expect(digestLinks(one)).toMatch(/^[0-9a-f]{16}$/);
    expect(digestLinks(reversed)).toBe(digestLinks(one));
    expect(digestLinks(new Map([['api', 'component:team-b/api'], ['web', 'component:default/web']]))).not.toBe(
      digestLinks(one),
    );
    expect(digestLinks(new Map([['api', 'component:default/api']]))).not.toBe(digestLinks(one));
    // A new owner alone changes it too.
    const owners = new Map([['api', 'group:default/a']]);
    expect(digestLinks(one, owners)).not.toBe(digestLinks(one));
    expect(digestLinks(one, new Map([['api', 'group:default/b']]))).not.toBe(digestLinks(one, owners));
  });
});

describe('CatalogServiceLinker', () => {
  afterEach(() => jest.restoreAllMocks());

  const linkerFor = (catalog: ReturnType<typeof catalogServiceMock.mock>) =>
    new CatalogServiceLinker({
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      ttlMs: 60_000,
    });

  it('gives the same digest on every replica with the same links, and a new one when they change', async () => {
    const before = [component('api'), component('web')];
    const after = [component('api', 'team-b'), component('web')];
    const catalog = catalogServiceMock.mock();
    catalog.getEntities
      .mockResolvedValueOnce({ items: before })
      .mockResolvedValueOnce({ items: after })
      .mockResolvedValueOnce({ items: [...before].reverse() });
    const otherReplica = catalogServiceMock.mock();
    otherReplica.getEntities.mockResolvedValue({ items: [...before].reverse() });
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const linker = linkerFor(catalog);

    const first = (await linker.current()).digest;
    expect((await linkerFor(otherReplica).current()).digest).toBe(first);

    now += 61_000; // past the TTL: the stale links are served while refreshing
    expect((await linker.current()).digest).toBe(first);
    await new Promise(r => setImmediate(r));
    const changed = await linker.current();
    expect(changed.entityRefFor('api')).toBe('component:team-b/api');
    expect(changed.digest).not.toBe(first);

    now += 61_000; // the links change back: the digest is the first one again
    await linker.current();
    await new Promise(r => setImmediate(r));
    expect((await linker.current()).digest).toBe(first);
  });

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
    expect(catalog.getEntities.mock.calls[1][0]?.fields).toEqual(expect.arrayContaining(['spec.owner', 'relations']));

    now += 30_000; // within the TTL once the catalog answered
    await linker.current();
    expect(catalog.getEntities).toHaveBeenCalledTimes(2);
  });
});
