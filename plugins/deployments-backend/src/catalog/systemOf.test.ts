import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { mapServicesToEntities } from './CatalogServiceLinker';
import { mapServicesToSystems, systemRefOf } from './systemOf';

const component = (name: string, namespace: string, spec: JsonObject, annotation?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace,
    annotations: annotation ? { 'deployments/service-name': annotation } : undefined,
  },
  spec,
});

describe('systemRefOf', () => {
  it('completes spec.system as the catalog does: kind system, the entity namespace, lower case', () => {
    expect(systemRefOf(component('a', 'default', { system: 'Shop' }))).toBe('system:default/shop');
    expect(systemRefOf(component('a', 'retail', { system: 'shop' }))).toBe('system:retail/shop');
    expect(systemRefOf(component('a', 'retail', { system: 'system:default/shop' }))).toBe('system:default/shop');
    expect(systemRefOf(component('a', 'default', {}))).toBeNull();
    expect(systemRefOf(component('a', 'default', { system: '' }))).toBeNull();
    expect(systemRefOf(component('a', 'default', { system: 42 }))).toBeNull();
    // Only a System can be one: another kind is not read as a system.
    expect(systemRefOf(component('a', 'default', { system: 'group:default/shop' }))).toBeNull();
  });

  it('follows the entity the linker chose for each service', () => {
    const entities = [
      // Both are named `pay`: the one in the default namespace wins the name...
      component('pay', 'other', { system: 'legacy' }),
      component('pay', 'default', { system: 'shop' }),
      // ... and an annotation wins over a name.
      component('payments-v2', 'default', { system: 'billing' }, 'billing-api'),
      component('no-system', 'default', {}),
    ];
    const systems = mapServicesToSystems(entities, mapServicesToEntities(entities));
    expect([...systems].sort()).toEqual([
      ['billing-api', 'system:default/billing'],
      ['pay', 'system:default/shop'],
    ]);
  });
});
