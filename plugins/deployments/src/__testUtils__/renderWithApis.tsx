import { ReactElement } from 'react';
import { useLocation } from 'react-router-dom';
import {
  StorageApi,
  configApiRef,
  storageApiRef,
} from '@backstage/core-plugin-api';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { deploymentsApiRef } from '../api/DeploymentsApi';
import { rootRouteRef } from '../routes';
import { FakeDeploymentsApi } from './fixtures';

/** App config data as `mockApis.config` takes it. */
type ConfigData = NonNullable<Parameters<typeof mockApis.config>[0]>['data'];

/** Owners the fake catalog knows, by entity ref. */
export type CatalogOwners = Record<string, string>;

export function fakeCatalogApi(owners: CatalogOwners = {}) {
  return {
    getEntitiesByRefs: jest.fn(
      async ({ entityRefs }: { entityRefs: string[] }) => ({
        items: entityRefs.map(ref =>
          owners[ref]
            ? {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: { name: ref.split('/')[1], namespace: 'default' },
                spec: { owner: owners[ref] },
              }
            : undefined,
        ),
      }),
    ),
  };
}

/** Shows the current URL search so tests can assert filter state in it. */
export function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location-search">{location.search}</output>;
}

/** Renders inside a test app with the fake deployments API and catalog. */
export function renderWithApis(
  element: ReactElement,
  options: {
    api: FakeDeploymentsApi;
    owners?: CatalogOwners;
    routeEntries?: string[];
    /** App config, e.g. `{ deployments: { drift: { thresholdHours: 1 } } }`. */
    config?: ConfigData;
    /** A StorageApi to share between renders (a person's saved choices). */
    storage?: StorageApi;
  },
) {
  // Without `config`, the test app's own config API stays in place.
  const config = options.config
    ? ([[configApiRef, mockApis.config({ data: options.config })]] as const)
    : [];
  const storage = options.storage
    ? ([[storageApiRef, options.storage]] as const)
    : [];
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [deploymentsApiRef, options.api],
        [catalogApiRef, fakeCatalogApi(options.owners) as any],
        ...config,
        ...storage,
      ]}
    >
      {element}
      <LocationProbe />
    </TestApiProvider>,
    {
      routeEntries: options.routeEntries,
      mountedRoutes: {
        '/deployments': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}
