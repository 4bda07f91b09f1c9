import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { deploymentsApiRef } from './api/DeploymentsApi';
import { DeploymentsClient } from './api/DeploymentsClient';
import { rootRouteRef } from './routes';

/**
 * The Deployments plugin for the legacy frontend system.
 *
 * @public
 */
export const deploymentsPlugin = createPlugin({
  id: 'deployments',
  apis: [
    createApiFactory({
      api: deploymentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DeploymentsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The deployment matrix page; mount it at `/deployments`.
 *
 * @public
 */
export const DeploymentsPage: () => JSX.Element = deploymentsPlugin.provide(
  createRoutableExtension({
    name: 'DeploymentsPage',
    component: () => import('./components/MatrixPage').then(m => m.MatrixPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The Deployments tab content for an entity page. Use with
 * `isDeploymentsAvailable` as the tab's `if`.
 *
 * @public
 */
export const EntityDeploymentsContent: () => JSX.Element =
  deploymentsPlugin.provide(
    createComponentExtension({
      name: 'EntityDeploymentsContent',
      component: {
        lazy: () =>
          import('./components/EntityDeploymentsContent').then(
            m => m.EntityDeploymentsContent,
          ),
      },
    }),
  );
