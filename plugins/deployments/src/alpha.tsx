import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import CloudUploadIcon from '@material-ui/icons/CloudUpload';
import { deploymentsApiRef } from './api/DeploymentsApi';
import { DeploymentsClient } from './api/DeploymentsClient';
import { isDeploymentsAvailable } from './entity';
import { rootRouteRef } from './routes';

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
    loader: () => import('./components/MatrixPage').then(m => <m.MatrixPage />),
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
 * The Deployments plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'deployments',
  title: 'Deployments',
  icon: <CloudUploadIcon />,
  routes: { root: rootRouteRef },
  extensions: [deploymentsApi, deploymentsPage, deploymentsEntityContent],
});
