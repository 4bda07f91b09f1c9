import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { CatalogServiceLinker, mapServicesToEntities } from './CatalogServiceLinker';
import { descendantGroups, digestWithHierarchy, mapGroupChildren } from './groupHierarchy';

const group = (
  name: string,
  spec: { parent?: string; children?: string[] } = {},
  relations: Array<{ type: string; targetRef: string }> = [],
  namespace = 'default',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace },
  spec: { type: 'team', children: [], ...spec },
  relations,
});

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', owner },
});

describe('mapGroupChildren', () => {
  it('reads edges from either group, by spec or relation, completed as the catalog completes them', () => {
    const children = mapGroupChildren([
      // spec.parent on the child, in another namespace: completed there.
      group('web', { parent: 'Commerce' }, [], 'shop'),
      group('commerce', {}, [], 'shop'),
      // spec.children on the parent.
      group('platform', { children: ['infra', 'group:default/SRE'] }),
      // Relations only (what the real catalog returns).
      group('data', {}, [{ type: 'childOf', targetRef: 'group:default/platform' }]),
      group('ml', {}, [{ type: 'parentOf', targetRef: 'group:default/vision' }]),
      // Not group edges: ignored.
      group('odd', { parent: 'user:jane' }, [{ type: 'childOf', targetRef: 'system:default/shop' }]),
      group('self', { parent: 'self' }),
      group('broken', { parent: 'group:' }),
      component('api', 'platform'),
    ]);
    expect(Object.fromEntries(children)).toEqual({
      'group:shop/commerce': ['group:shop/web'],
      'group:default/platform': ['group:default/data', 'group:default/infra', 'group:default/sre'],
      'group:default/ml': ['group:default/vision'],
    });
  });

  it('never links a group as a service unless it carries the annotation', () => {
    const links = mapServicesToEntities([
      group('checkout'),
      { ...group('billing'), metadata: { name: 'billing', annotations: { 'deployments/service-name': 'billing-svc' } } },
    ]);
    expect(Object.fromEntries(links)).toEqual({ 'billing-svc': 'group:default/billing' });
  });
});

describe('descendantGroups', () => {
  it('walks every level and stops at a cycle', () => {
    const children = new Map([
      ['group:default/a', ['group:default/b']],
      ['group:default/b', ['group:default/c', 'group:default/a']],
      ['group:default/c', ['group:default/b']],
      ['group:default/x', ['group:default/a']],
    ]);
    expect([...descendantGroups(children, 'group:default/a')].sort()).toEqual([
      'group:default/a',
      'group:default/b',
      'group:default/c',
    ]);
    expect([...descendantGroups(children, 'group:default/nobody')]).toEqual(['group:default/nobody']);
  });
});

describe('digestWithHierarchy', () => {
  it('leaves a digest without groups unchanged and changes with any edge', () => {
    expect(digestWithHierarchy('abc', new Map())).toBe('abc');
    const one = digestWithHierarchy('abc', new Map([['group:default/a', ['group:default/b']]]));
    expect(one).toMatch(/^[0-9a-f]{16}$/);
    expect(digestWithHierarchy('abc', new Map([['group:default/a', ['group:default/c']]]))).not.toBe(one);
    expect(digestWithHierarchy('abd', new Map([['group:default/a', ['group:default/b']]]))).not.toBe(one);
  });
});

describe('CatalogServiceLinker.servicesOwnedByTeam', () => {
  afterEach(() => jest.restoreAllMocks());

  const ENTITIES = [
    group('commerce', { children: ['checkout-squad'] }),
    group('checkout-squad', { parent: 'commerce', children: ['fraud'] }),
    // A cycle back to the top must not loop.
    group('fraud', { parent: 'checkout-squad', children: ['commerce'] }),
    group('other'),
    component('shop-web', 'commerce'),
    component('cart', 'checkout-squad'),
    component('risk', 'group:default/fraud'),
    component('search', 'other'),
    component('tool', 'user:jane'),
  ];

  const linkerFor = (catalog: ReturnType<typeof catalogServiceMock.mock>) =>
    new CatalogServiceLinker({ catalog, auth: mockServices.auth(), logger: mockServices.logger.mock(), ttlMs: 60_000 });

  it('answers the services of a group and of every group below it, from the real in-memory catalog', async () => {
    const real = new CatalogServiceLinker({
      catalog: catalogServiceMock({ entities: ENTITIES }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      ttlMs: 60_000,
    });
    const current = await real.current();
    expect(current.servicesOwnedByTeam('group:default/commerce').sort()).toEqual(['cart', 'risk', 'shop-web']);
    expect(current.servicesOwnedByTeam('group:default/checkout-squad').sort()).toEqual(['cart', 'risk', 'shop-web']);
    expect(current.servicesOwnedByTeam('group:default/other')).toEqual(['search']);
    expect(current.servicesOwnedByTeam('group:default/nobody')).toEqual([]);
    // The contract's owner stays "owned directly"; groups are no services.
    expect(current.servicesOwnedBy('group:default/commerce')).toEqual(['shop-web']);
    expect(current.entityRefFor('commerce')).toBeNull();
  });

  it('changes the digest when only the hierarchy changes', async () => {
    const before = [group('commerce'), group('squad'), component('cart', 'squad')];
    const after = [group('commerce', { children: ['squad'] }), group('squad'), component('cart', 'squad')];
    const catalog = catalogServiceMock.mock();
    catalog.getEntities.mockResolvedValueOnce({ items: before }).mockResolvedValueOnce({ items: after });
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const linker = linkerFor(catalog);

    const first = await linker.current();
    expect(first.servicesOwnedByTeam('group:default/commerce')).toEqual([]);
    expect(catalog.getEntities.mock.calls[0][0]?.filter).toEqual(expect.arrayContaining([{ kind: 'group' }]));

    now += 61_000;
    await linker.current();
    await new Promise(r => setImmediate(r));
    const second = await linker.current();
    expect(second.servicesOwnedByTeam('group:default/commerce')).toEqual(['cart']);
    expect(second.digest).not.toBe(first.digest);
    // The links and owners alone did not change.
    expect(second.entityRefFor('cart')).toBe(first.entityRefFor('cart'));
  });
});
