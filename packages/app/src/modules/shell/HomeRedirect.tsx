import { Navigate } from 'react-router-dom';
import {
  coreExtensionData,
  createExtension,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import { deploymentsRouteRef } from '@deploydash/plugin-deployments';

/** Sends `/` to the deployment matrix (the catalog when it is not installed). */
export function HomeRedirect() {
  const deployments = useRouteRef(deploymentsRouteRef);
  return <Navigate to={deployments ? deployments() : '/catalog'} replace />;
}

/**
 * The app's home: `/` was a 404 ("someone dropped the mic!"), and both
 * signing in and the sidebar logo land there. A route of its own on
 * `app/routes` (matched exactly, so every other path still reaches its
 * page or the 404), without a nav item.
 */
export const homeRedirect = createExtension({
  name: 'home-redirect',
  attachTo: { id: 'app/routes', input: 'routes' },
  output: [coreExtensionData.routePath, coreExtensionData.reactElement],
  factory: () => [
    coreExtensionData.routePath('/'),
    coreExtensionData.reactElement(<HomeRedirect />),
  ],
});
