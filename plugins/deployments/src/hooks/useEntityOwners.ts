import { useEffect, useState } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';

/** Owner entity ref (e.g. `group:default/team-a`) per entity ref, as given. */
export type OwnersByEntityRef = ReadonlyMap<string, string>;

const EMPTY: OwnersByEntityRef = new Map();

/** `spec.owner` may be shorthand (`team-a`); normalise to a full ref. */
export function normalizeOwner(owner: string, namespace?: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: namespace ?? 'default',
      }),
    );
  } catch {
    return owner;
  }
}

/**
 * Looks up `spec.owner` in the catalog for the given entity refs. The refs
 * are passed as one sorted, joined string so a live frame that leaves the
 * set of services unchanged does not refetch. A catalog failure, or an app
 * without the catalog (the dev app), just leaves the owners unknown: the
 * matrix itself does not depend on them.
 */
export function useEntityOwners(entityRefsKey: string): OwnersByEntityRef {
  const catalogApi = useApiHolder().get(catalogApiRef);
  const [owners, setOwners] = useState<OwnersByEntityRef>(EMPTY);
  useEffect(() => {
    const entityRefs = entityRefsKey ? entityRefsKey.split('\n') : [];
    if (entityRefs.length === 0 || !catalogApi) {
      setOwners(EMPTY);
      return undefined;
    }
    let cancelled = false;
    catalogApi
      .getEntitiesByRefs({
        entityRefs,
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.owner'],
      })
      .then(({ items }) => {
        if (cancelled) return;
        const map = new Map<string, string>();
        items.forEach((entity, i) => {
          const owner = entity?.spec?.owner;
          if (typeof owner === 'string' && owner) {
            map.set(
              entityRefs[i],
              normalizeOwner(owner, entity?.metadata.namespace),
            );
          }
        });
        setOwners(map);
      })
      .catch(() => {
        if (!cancelled) setOwners(EMPTY);
      });
    return () => {
      cancelled = true;
    };
  }, [catalogApi, entityRefsKey]);
  return owners;
}

/** Stable key for {@link useEntityOwners}. */
export function entityRefsKeyOf(refs: Array<string | null>): string {
  return [...new Set(refs.filter((r): r is string => !!r))].sort().join('\n');
}
