import { useEffect, useState } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { humanizeOwner } from '../components/shared/format';

/** An owner to filter the matrix by: its entity ref and how it reads. */
export interface OwnerOption {
  ref: string;
  label: string;
}

const NONE: OwnerOption[] = [];

/**
 * Every owner of a catalog component, from one facet query: the catalog
 * counts them itself, so the browser never looks up thousands of entities.
 * Without a catalog (the dev app) or when it fails there are no options;
 * the matrix does not depend on them.
 */
export function useOwnerOptions(): OwnerOption[] {
  const catalogApi = useApiHolder().get(catalogApiRef);
  const [options, setOptions] = useState<OwnerOption[]>(NONE);
  useEffect(() => {
    if (!catalogApi) return undefined;
    let cancelled = false;
    // Inside a promise: a catalog that throws at once fails the same way.
    Promise.resolve()
      .then(() =>
        catalogApi.getEntityFacets({
          facets: ['relations.ownedBy'],
          filter: { kind: 'component' },
        }),
      )
      .then(({ facets }) => {
        if (cancelled) return;
        const owners = (facets['relations.ownedBy'] ?? []).map(f => ({
          ref: f.value,
          label: humanizeOwner(f.value),
        }));
        owners.sort((a, b) => a.label.localeCompare(b.label, 'en'));
        setOptions(owners);
      })
      .catch(() => {
        if (!cancelled) setOptions(NONE);
      });
    return () => {
      cancelled = true;
    };
  }, [catalogApi]);
  return options;
}
