import * as pkg from './index';
import { deploymentsApiRef } from './api/DeploymentsApi';
import { DeploymentsClient } from './api/DeploymentsClient';

describe('legacy exports', () => {
  it('exports the plugin, its extensions and the API', () => {
    expect(pkg.deploymentsPlugin.getId()).toBe('deployments');
    expect(pkg.DeploymentsPage).toBeDefined();
    expect(pkg.EntityDeploymentsContent).toBeDefined();
    expect(pkg.deploymentsApiRef.id).toBe('plugin.deployments.api');
    expect(pkg.DeploymentsClient).toBe(DeploymentsClient);
    expect(pkg.isDeploymentsAvailable).toBeInstanceOf(Function);
  });

  it('provides a DeploymentsClient factory using discovery and fetch', () => {
    const factory = [...pkg.deploymentsPlugin.getApis()].find(
      f => f.api.id === deploymentsApiRef.id,
    );
    expect(factory).toBeDefined();
    expect(
      Object.values(factory!.deps)
        .map(d => d.id)
        .sort(),
    ).toEqual(['core.discovery', 'core.fetch']);
    const client = factory!.factory({
      discoveryApi: { getBaseUrl: async () => '' },
      fetchApi: { fetch: jest.fn() },
    });
    expect(client).toBeInstanceOf(DeploymentsClient);
  });
});
