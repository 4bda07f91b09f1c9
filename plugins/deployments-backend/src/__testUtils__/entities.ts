import { Entity } from '@backstage/catalog-model';

/** A Component entity in the default namespace, owned by `team-a`, with the given annotations. */
export const componentEntity = (name: string, annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});
