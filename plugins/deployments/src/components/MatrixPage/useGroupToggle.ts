import {
  KeyboardEvent,
  RefObject,
  useCallback,
  useLayoutEffect,
  useRef,
} from 'react';

/** The element of a grid cell that takes the focus: the cell or its control. */
function focusableIn(cell: HTMLElement | null | undefined): HTMLElement | null {
  if (!cell) return null;
  return cell.hasAttribute('data-grid-focus')
    ? cell
    : cell.querySelector<HTMLElement>('[data-grid-focus]');
}

type Pending = { group: string } | { index: string; col: string };

/**
 * Expanding or collapsing a group replaces the control that did it (a
 * header button, a collapsed cell): the keyboard focus goes to what takes
 * its place — the group's other toggle button, or the grid cell now at the
 * same position (the group's first member) — instead of being lost.
 */
export function useGroupToggle(
  tableRef: RefObject<HTMLElement>,
  onToggle: ((group: string) => void) | undefined,
): (group: string) => void {
  const pending = useRef<Pending>();
  useLayoutEffect(() => {
    const table = tableRef.current;
    const at = pending.current;
    if (!table || !at) return;
    pending.current = undefined;
    let target: HTMLElement | null;
    if ('group' in at) {
      target = table.querySelector<HTMLElement>(
        `[data-group-toggle="${CSS.escape(at.group)}"]`,
      );
    } else {
      const cell = table.querySelector<HTMLElement>(
        `tr[data-index="${at.index}"] > [data-grid-col="${at.col}"]`,
      );
      target = focusableIn(cell);
    }
    target?.focus();
  });
  return useCallback(
    (group: string) => {
      const active = document.activeElement;
      if (active instanceof HTMLElement && tableRef.current?.contains(active)) {
        const cell = active.closest<HTMLElement>('[data-grid-col]');
        const row = cell?.closest<HTMLElement>('tr[data-index]');
        pending.current =
          cell && row
            ? { index: row.dataset.index!, col: cell.dataset.gridCol! }
            : { group };
      }
      onToggle?.(group);
    },
    [tableRef, onToggle],
  );
}

/**
 * The group toggles in the header are no tab stops (the grid is one): the
 * grid reaches them with ArrowUp from its first row, in a group's column,
 * and ArrowDown goes back to the first row. Returns whether it handled the
 * key; keys pressed on a toggle never move the grid.
 */
export function groupHeaderKey(
  table: HTMLElement | null,
  e: KeyboardEvent,
): boolean {
  const target = e.target as HTMLElement;
  const toggle = target.closest?.<HTMLElement>('[data-group-toggle]');
  if (toggle) {
    if (e.key === 'ArrowDown') {
      const th = toggle.closest('th');
      const col = th ? [...th.parentElement!.children].indexOf(th) : -1;
      const cell = table?.querySelector<HTMLElement>(
        `tbody tr[data-index] > [data-grid-col="${col}"]`,
      );
      const focusable = focusableIn(cell);
      if (focusable) {
        e.preventDefault();
        focusable.focus();
      }
    }
    return true;
  }
  if (e.key !== 'ArrowUp' || !table) return false;
  const cell = target.closest<HTMLElement>('[data-grid-col]');
  const row = cell?.closest<HTMLElement>('tr[data-index]');
  if (!cell || row?.dataset.index !== '0') return false;
  const th = table.querySelectorAll('thead th')[Number(cell.dataset.gridCol)];
  const group =
    th?.getAttribute('data-column-group') ??
    th?.getAttribute('data-column-member-of');
  const button = group
    ? table.querySelector<HTMLElement>(
        `[data-group-toggle="${CSS.escape(group)}"]`,
      )
    : null;
  if (!button) return false;
  e.preventDefault();
  button.focus();
  return true;
}
