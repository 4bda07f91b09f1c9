import { useRouteRef } from '@backstage/core-plugin-api';
import { insightsRouteRef } from '../routes';

function useInsightsRoute() {
  // useRouteRef throws when the page is not mounted (see useLinks.ts).
  try {
    return useRouteRef(insightsRouteRef);
  } catch {
    return undefined;
  }
}

/** The organisation insights page, `/deployments/insights` by convention. */
export function useInsightsPageLink(): string {
  const route = useInsightsRoute();
  return route ? route() : '/deployments/insights';
}
