import { Entity } from '@backstage/catalog-model';
import { deploymentsServiceName, isDeploymentsAvailable } from './entity';

function entity(kind: string, annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'search', annotations },
  };
}

describe('isDeploymentsAvailable', () => {
  it('is true for components and annotated entities only', () => {
    expect(isDeploymentsAvailable(entity('Component'))).toBe(true);
    expect(isDeploymentsAvailable(entity('API'))).toBe(false);
    expect(
      isDeploymentsAvailable(
        entity('Resource', { 'deployments/service-name': 'db' }),
      ),
    ).toBe(true);
  });
});

describe('deploymentsServiceName', () => {
  it('prefers the annotation, else metadata.name', () => {
    expect(deploymentsServiceName(entity('Component'))).toBe('search');
    expect(
      deploymentsServiceName(
        entity('Component', { 'deployments/service-name': 'search-indexer' }),
      ),
    ).toBe('search-indexer');
  });
});
