import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The matrix page. A legacy route ref also satisfies the new frontend
 * system's RouteRef, so both systems share this one.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'deployments' });
