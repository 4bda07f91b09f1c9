import { useCallback, useEffect, useMemo, useState } from 'react';
import { storageApiRef, useApi } from '@backstage/core-plugin-api';
import { MatrixDensity } from '../components/MatrixPage/matrixLayout';

/** Where the choice is kept in Backstage's StorageApi. */
export const DENSITY_BUCKET = 'deployments';
export const DENSITY_KEY = 'matrixDensity';

function parse(value: unknown): MatrixDensity {
  return value === 'compact' ? 'compact' : 'comfortable';
}

/**
 * The matrix density the signed-in person chose, kept in Backstage's
 * StorageApi: with the user-settings backend installed (packages/backend)
 * it follows the person to every browser; otherwise it stays in this one
 * (local storage). Comfortable until the stored value has loaded.
 */
export function useMatrixDensity(): [
  MatrixDensity,
  (density: MatrixDensity) => void,
] {
  const storage = useApi(storageApiRef);
  const bucket = useMemo(() => storage.forBucket(DENSITY_BUCKET), [storage]);
  const [density, setDensity] = useState<MatrixDensity>(() =>
    parse(bucket.snapshot(DENSITY_KEY).value),
  );
  useEffect(() => {
    setDensity(parse(bucket.snapshot(DENSITY_KEY).value));
    const subscription = bucket
      .observe$<string>(DENSITY_KEY)
      .subscribe(snapshot => setDensity(parse(snapshot.value)));
    return () => subscription.unsubscribe();
  }, [bucket]);
  const choose = useCallback(
    (next: MatrixDensity) => {
      // At once on screen; the store answers through observe$ as well.
      setDensity(next);
      bucket.set(DENSITY_KEY, next).catch(() => {
        // The store reports its own errors (errorApi); the choice still
        // holds on this page.
      });
    },
    [bucket],
  );
  return [density, choose];
}
