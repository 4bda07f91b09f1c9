import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { storageApiRef, useApi } from '@backstage/core-plugin-api';

/** Where the choice is kept in Backstage's StorageApi. */
export const EXPANDED_GROUPS_BUCKET = 'deployments';
export const EXPANDED_GROUPS_KEY = 'expandedGroups';

function parse(value: unknown): ReadonlySet<string> {
  return new Set(
    Array.isArray(value)
      ? value.filter((v): v is string => typeof v === 'string')
      : [],
  );
}

/**
 * The environment groups the signed-in person expanded in the matrix (all
 * collapsed by default), kept in Backstage's StorageApi like the density
 * (useMatrixDensity): per user with the user-settings backend, else in this
 * browser.
 */
export function useExpandedGroups(): [
  ReadonlySet<string>,
  (group: string) => void,
] {
  const storage = useApi(storageApiRef);
  const bucket = useMemo(
    () => storage.forBucket(EXPANDED_GROUPS_BUCKET),
    [storage],
  );
  const [expanded, setExpanded] = useState(() =>
    parse(bucket.snapshot(EXPANDED_GROUPS_KEY).value),
  );
  const current = useRef(expanded);
  current.current = expanded;
  useEffect(() => {
    setExpanded(parse(bucket.snapshot(EXPANDED_GROUPS_KEY).value));
    const subscription = bucket
      .observe$<string[]>(EXPANDED_GROUPS_KEY)
      .subscribe(snapshot => setExpanded(parse(snapshot.value)));
    return () => subscription.unsubscribe();
  }, [bucket]);
  const toggle = useCallback(
    (group: string) => {
      const next = new Set(current.current);
      if (next.has(group)) next.delete(group);
      else next.add(group);
      current.current = next;
      // At once on screen; the store answers through observe$ as well.
      setExpanded(next);
      bucket.set(EXPANDED_GROUPS_KEY, [...next].sort()).catch(() => {
        // The store reports its own errors (errorApi); the choice still
        // holds on this page.
      });
    },
    [bucket],
  );
  return [expanded, toggle];
}
