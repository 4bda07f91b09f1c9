import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/** The matrix filters, as they appear in the page URL. */
export interface MatrixFilters {
  /** Text searched in service names (`?q=`). */
  query: string;
  /** Only services with a failing slot (`?failures=1`). */
  failuresOnly: boolean;
  /** Only services owned by this entity ref (`?owner=`). */
  owner: string;
}

/**
 * Filter state lives in the URL search params so a filtered view can be
 * bookmarked and shared; updates replace the history entry rather than
 * piling up one per keystroke.
 */
export function useMatrixFilters(): [
  MatrixFilters,
  (patch: Partial<MatrixFilters>) => void,
] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(
    () => ({
      query: params.get('q') ?? '',
      failuresOnly: params.get('failures') === '1',
      owner: params.get('owner') ?? '',
    }),
    [params],
  );
  const update = useCallback(
    (patch: Partial<MatrixFilters>) => {
      setParams(
        prev => {
          const next = new URLSearchParams(prev);
          const put = (key: string, value: string | undefined) => {
            if (value) next.set(key, value);
            else next.delete(key);
          };
          if (patch.query !== undefined) put('q', patch.query);
          if (patch.failuresOnly !== undefined) {
            put('failures', patch.failuresOnly ? '1' : undefined);
          }
          if (patch.owner !== undefined) put('owner', patch.owner);
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [filters, update];
}
