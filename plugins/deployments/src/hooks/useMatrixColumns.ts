import { useCallback, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  COLUMNS_PARAM,
  ColumnEntry,
  ColumnGroup,
  applyColumns,
  columnKeys,
  columnsParamOf,
  parseColumns,
  visibleColumns,
} from './columnsParam';

/** The matrix's columns as the page URL orders and hides them. */
export interface MatrixColumns<G extends ColumnGroup> {
  /** Every column (environment or group), in the chosen order. */
  layout: ColumnEntry[];
  /** The environments to show, in column order. */
  environments: string[];
  /** The groups to show. */
  groups: G[];
  /** Puts a changed layout into the URL (the shortest `columns` param). */
  setLayout: (layout: ColumnEntry[]) => void;
  /** Every column, in the matrix's order: no `columns` param. */
  reset: () => void;
}

const NO_GROUPS: never[] = [];

/** `next`, or the previous array while it has the same items. */
function useSameArray<T>(next: T[]): T[] {
  const last = useRef(next);
  const same =
    last.current.length === next.length &&
    last.current.every((item, i) => item === next[i]);
  if (!same) last.current = next;
  return last.current;
}

/**
 * The `columns` search param applied to the matrix's environments (and
 * groups). Changes replace the history entry, like the filters do; every
 * other search param is kept.
 */
export function useMatrixColumns<G extends ColumnGroup>(
  environments: readonly string[],
  groups: readonly G[] = NO_GROUPS,
): MatrixColumns<G> {
  const [params, setParams] = useSearchParams();
  const param = params.get(COLUMNS_PARAM);
  const keys = useMemo(
    () => columnKeys(environments, groups),
    [environments, groups],
  );
  const layout = useMemo(
    () => applyColumns(keys, parseColumns(param)),
    [keys, param],
  );
  const visible = useMemo(
    () => visibleColumns(environments, groups, layout),
    [environments, groups, layout],
  );
  // The same arrays until a column changes: the memoised rows stay put.
  const shownEnvironments = useSameArray(visible.environments);
  const shownGroups = useSameArray(visible.groups);
  const put = useCallback(
    (value: string) =>
      setParams(
        prev => {
          const next = new URLSearchParams(prev);
          if (value) next.set(COLUMNS_PARAM, value);
          else next.delete(COLUMNS_PARAM);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const setLayout = useCallback(
    (next: ColumnEntry[]) => put(columnsParamOf(keys, next)),
    [put, keys],
  );
  const reset = useCallback(() => put(''), [put]);
  return {
    layout,
    environments: shownEnvironments,
    groups: shownGroups,
    setLayout,
    reset,
  };
}
