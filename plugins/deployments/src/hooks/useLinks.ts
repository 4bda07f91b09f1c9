import { useCallback } from 'react';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { rootRouteRef } from '../routes';

// useRouteRef throws when a route is not mounted (e.g. the dev app has no
// catalog). Its own hooks run before it throws, so the hook order stays
// stable and a conventional path can be used instead.

function useEntityRoute() {
  try {
    return useRouteRef(entityRouteRef);
  } catch {
    return undefined;
  }
}

function useRootRoute() {
  try {
    return useRouteRef(rootRouteRef);
  } catch {
    return undefined;
  }
}

/** Builds the catalog page link of an entity ref such as `component:default/checkout`. */
export function useEntityLink(): (entityRef: string) => string {
  const route = useEntityRoute();
  return useCallback(
    (entityRef: string) => {
      const params = entityRouteParams(entityRef, { encodeParams: true });
      return route
        ? route(params)
        : `/catalog/${params.namespace}/${params.kind}/${params.name}`;
    },
    [route],
  );
}

/** The deployment matrix page, optionally pre-filtered to one service. */
export function useMatrixPageLink(service?: string): string {
  const route = useRootRoute();
  const base = route ? route() : '/deployments';
  return service ? `${base}?q=${encodeURIComponent(service)}` : base;
}
