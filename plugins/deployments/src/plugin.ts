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
import { insightsRouteRef, rootRouteRef } from './routes';
import type { EntityDeploymentsCardProps } from './components/EntityDeploymentsCard';

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
    insights: insightsRouteRef,
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
    // The matrix, and the insights page at `insights` below it.
    component: () =>
      import('./components/DeploymentsRoutes').then(m => m.DeploymentsRoutes),
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

/**
 * The Deployments overview card for an entity page's Overview tab: per
 * environment the current status, version and age, failures and drift,
 * and a link to the Deployments tab (at `tabPath`, default `deployments`).
 * Use with `isDeploymentsAvailable`.
 *
 * @public
 */
export const EntityDeploymentsCard: (
  props: EntityDeploymentsCardProps,
) => JSX.Element = deploymentsPlugin.provide(
  createComponentExtension({
    name: 'EntityDeploymentsCard',
    component: {
      lazy: () =>
        import('./components/EntityDeploymentsCard').then(
          m => m.EntityDeploymentsCard,
        ),
    },
  }),
);

/**
 * The Deployments tab content for a Group entity page: the deployment
 * matrix and DORA metrics of the services the group owns, itself or
 * through its child groups.
 *
 * @public
 */
export const EntityTeamDeploymentsContent: () => JSX.Element =
  deploymentsPlugin.provide(
    createComponentExtension({
      name: 'EntityTeamDeploymentsContent',
      component: {
        lazy: () =>
          import('./components/EntityTeamDeploymentsContent').then(
            m => m.EntityTeamDeploymentsContent,
          ),
      },
    }),
  );
