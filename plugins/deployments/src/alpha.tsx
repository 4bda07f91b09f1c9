import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import CloudUploadIcon from '@material-ui/icons/CloudUpload';
import { deploymentsApiRef } from './api/DeploymentsApi';
import { DeploymentsClient } from './api/DeploymentsClient';
import { isDeploymentsAvailable, isTeamDeploymentsAvailable } from './entity';
import { insightsRouteRef, rootRouteRef } from './routes';

/** `api:deployments` — the DeploymentsApi implementation. @alpha */
export const deploymentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: deploymentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DeploymentsClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * `page:deployments` — the matrix at /deployments. Its title and icon also
 * make the sidebar nav item (1.55 derives nav items from pages). The page
 * draws its own Backstage Header, so the plugin page header is off.
 *
 * @alpha
 */
export const deploymentsPage = PageBlueprint.make({
  params: {
    path: '/deployments',
    routeRef: rootRouteRef,
    title: 'Deployments',
    icon: <CloudUploadIcon />,
    noHeader: true,
    // The matrix at /deployments, the insights page at /deployments/insights.
    loader: () =>
      import('./components/DeploymentsRoutes').then(m => (
        <m.DeploymentsRoutes />
      )),
  },
});

/** `entity-content:deployments` — the entity tab. @alpha */
export const deploymentsEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'deployments',
    title: 'Deployments',
    filter: isDeploymentsAvailable,
    loader: () =>
      import('./components/EntityDeploymentsContent').then(m => (
        <m.EntityDeploymentsContent />
      )),
  },
});

/**
 * `entity-card:deployments/overview` — the overview card: per environment
 * what runs there, failures and drift, a link to the tab. Shown where the
 * tab is. @alpha
 */
export const deploymentsEntityCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    filter: isDeploymentsAvailable,
    loader: () =>
      import('./components/EntityDeploymentsCard').then(m => (
        <m.EntityDeploymentsCard />
      )),
  },
});

/**
 * `entity-content:deployments/team` — the Deployments tab of Group
 * entities: the services the group owns (through its child groups too)
 * and their DORA metrics. @alpha
 */
export const deploymentsTeamEntityContent = EntityContentBlueprint.make({
  name: 'team',
  params: {
    path: 'deployments',
    title: 'Deployments',
    filter: isTeamDeploymentsAvailable,
    loader: () =>
      import('./components/EntityTeamDeploymentsContent').then(m => (
        <m.EntityTeamDeploymentsContent />
      )),
  },
});

/**
 * The Deployments plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'deployments',
  title: 'Deployments',
  icon: <CloudUploadIcon />,
  routes: { root: rootRouteRef, insights: insightsRouteRef },
  extensions: [
    deploymentsApi,
    deploymentsPage,
    deploymentsEntityContent,
    deploymentsEntityCard,
    deploymentsTeamEntityContent,
  ],
});
