import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { component } from './__testUtils__/testBackend';
import { findGithubRepositories } from './catalogRepositories';

const find = (entities: ReturnType<typeof component>[]) =>
  findGithubRepositories({
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    defaultHost: 'github.com',
    integrationHosts: new Set(['github.com', 'ghe.acme.test']),
  });

describe('findGithubRepositories', () => {
  it('takes annotated entities, their service name and host', async () => {
    const { repositories, problems } = await find([
      component('plain', {}),
      component('checkout', { 'github.com/project-slug': 'Acme/Checkout' }),
      component('search', {
        'github.com/project-slug': 'acme/search',
        'deployments/service-name': 'search-indexer',
        'backstage.io/source-location':
          'url:https://ghe.acme.test/acme/search/tree/main/',
      }),
      component('mirrored', {
        'github.com/project-slug': 'acme/mirrored',
        'backstage.io/source-location': 'url:https://gitlab.com/acme/mirrored/',
      }),
    ]);
    expect(problems).toEqual([]);
    expect(repositories).toEqual([
      {
        host: 'github.com',
        owner: 'acme',
        name: 'checkout',
        service: 'checkout',
        entityRef: 'component:default/checkout',
      },
      {
        host: 'github.com',
        owner: 'acme',
        name: 'mirrored',
        service: 'mirrored',
        entityRef: 'component:default/mirrored',
      },
      {
        host: 'ghe.acme.test',
        owner: 'acme',
        name: 'search',
        service: 'search-indexer',
        entityRef: 'component:default/search',
      },
    ]);
  });

  it('reports invalid slugs and repositories claimed twice', async () => {
    const { repositories, problems } = await find([
      component('b-second', { 'github.com/project-slug': 'acme/shared' }),
      component('a-first', { 'github.com/project-slug': 'ACME/shared' }),
      component('broken', { 'github.com/project-slug': 'not a slug' }),
    ]);
    expect(repositories.map(r => r.entityRef)).toEqual([
      'component:default/a-first',
    ]);
    expect(problems).toEqual([
      'component:default/b-second shares github.com/acme/shared with component:default/a-first; its deployments go to a-first',
      'component:default/broken has an invalid github.com/project-slug (expected owner/repo)',
    ]);
  });
});
