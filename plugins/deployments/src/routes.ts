import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/**
 * The matrix page. A legacy route ref also satisfies the new frontend
 * system's RouteRef, so both systems share this one.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'deployments' });

/**
 * The organisation insights page, `/insights` below the matrix page
 * (`/deployments/insights` where the page is mounted at `/deployments`).
 *
 * @public
 */
export const insightsRouteRef = createSubRouteRef({
  id: 'deployments/insights',
  parent: rootRouteRef,
  path: '/insights',
});
