import {
  FocusEvent,
  KeyboardEvent,
  RefObject,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { Virtualizer } from '@tanstack/react-virtual';
import { MatrixService } from '@deploydash/plugin-deployments-common';
import { ROW_HEIGHT, rowsPerScreen } from './matrixLayout';

/** A grid position kept by service name, so it survives rows being added. */
interface Position {
  service: string;
  col: number;
}

export interface GridKeyboard {
  /** Row index and column of the one cell Tab reaches. */
  tabStop: { index: number; col: number };
  onKeyDown: (e: KeyboardEvent) => void;
  onFocus: (e: FocusEvent) => void;
}

const clamp = (n: number, min: number, max: number) =>
  Math.max(min, Math.min(n, max));

function focusTarget(
  table: HTMLElement | null,
  index: number,
  col: number,
): HTMLElement | null {
  const cell = table?.querySelector<HTMLElement>(
    `tr[data-index="${index}"] > [data-grid-col="${col}"]`,
  );
  if (!cell) return null;
  return cell.hasAttribute('data-grid-focus')
    ? cell
    : cell.querySelector<HTMLElement>('[data-grid-focus]');
}

/**
 * Focuses a cell and scrolls it clear of the sticky header and column:
 * `scrollIntoView` honours the scroll area's scroll-padding, which a plain
 * `focus()` does not when the cell is merely covered by a sticky part.
 */
function focusInView(target: HTMLElement) {
  target.focus({ preventScroll: true });
  const cell = target.closest('[data-grid-col]') ?? target;
  // jsdom has no scrollIntoView.
  cell.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
}

/** The (row index, column) of the cell holding `element`, if any. */
function positionOf(
  element: EventTarget,
): { index: number; col: number } | undefined {
  if (!(element instanceof Element)) return undefined;
  const cell = element.closest<HTMLElement>('[data-grid-col]');
  const row = cell?.closest<HTMLElement>('tr[data-index]');
  if (!cell || !row) return undefined;
  return {
    index: Number(row.dataset.index),
    col: Number(cell.dataset.gridCol),
  };
}

/** Where a key moves from (index, col), or undefined for other keys. */
function nextPosition(
  e: KeyboardEvent,
  at: { index: number; col: number },
  page: number,
): { index: number; col: number } | undefined {
  const { index, col } = at;
  const ctrl = e.ctrlKey || e.metaKey;
  switch (e.key) {
    case 'ArrowRight':
      return { index, col: col + 1 };
    case 'ArrowLeft':
      return { index, col: col - 1 };
    case 'ArrowDown':
      return { index: index + 1, col };
    case 'ArrowUp':
      return { index: index - 1, col };
    case 'PageDown':
      return { index: index + page, col };
    case 'PageUp':
      return { index: index - page, col };
    case 'Home':
      return ctrl ? { index: 0, col: 0 } : { index, col: 0 };
    case 'End':
      return ctrl
        ? { index: Number.MAX_SAFE_INTEGER, col: Number.MAX_SAFE_INTEGER }
        : { index, col: Number.MAX_SAFE_INTEGER };
    default:
      return undefined;
  }
}

/**
 * A roving tab stop over the matrix (the ARIA grid pattern): Tab enters and
 * leaves the grid at one cell; arrows, Home/End (Ctrl: first/last cell) and
 * PageUp/PageDown move it. A row outside the rendered window is scrolled to
 * first and focused once it renders. When the remembered cell has scrolled
 * out of the window, the tab stop falls back to the first visible row so
 * Tab can still enter the grid.
 */
export function useGridKeyboard(options: {
  rows: MatrixService[];
  colCount: number;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  tableRef: RefObject<HTMLTableElement>;
  /** Rendered row indexes, first and last. */
  window: { first: number; last: number };
  /** The fixed row height (it follows the density). */
  rowHeight?: number;
}): GridKeyboard {
  const { rows, colCount, virtualizer, tableRef, window } = options;
  const rowHeight = options.rowHeight ?? ROW_HEIGHT;
  const [active, setActive] = useState<Position>();
  const pendingFocus = useRef(false);
  // Looked up only while a cell was focused: no work per frame otherwise.
  const activeIndex = useMemo(() => {
    if (!active) return undefined;
    const index = rows.findIndex(row => row.service === active.service);
    return index < 0 ? undefined : index;
  }, [rows, active]);
  const col = clamp(active?.col ?? 1, 0, colCount - 1);
  const rendered =
    activeIndex !== undefined &&
    activeIndex >= window.first &&
    activeIndex <= window.last;
  // The first row wholly below the header, within the rendered window.
  const firstInView = clamp(
    Math.ceil((virtualizer.scrollOffset ?? 0) / rowHeight),
    window.first,
    Math.max(window.first, window.last),
  );
  const tabStop = rendered
    ? { index: activeIndex, col }
    : { index: firstInView, col };

  // After a move: focus the cell once its row is rendered.
  useLayoutEffect(() => {
    if (!pendingFocus.current || activeIndex === undefined) return;
    const target = focusTarget(tableRef.current, activeIndex, col);
    if (target) {
      pendingFocus.current = false;
      focusInView(target);
    }
  });

  const onKeyDown = (e: KeyboardEvent) => {
    if (rows.length === 0) return;
    const from = positionOf(e.target) ?? tabStop;
    const page = rowsPerScreen(virtualizer.scrollRect?.height ?? 0, rowHeight);
    const next = nextPosition(e, from, page);
    if (!next) return;
    e.preventDefault();
    const index = clamp(next.index, 0, rows.length - 1);
    const nextCol = clamp(next.col, 0, colCount - 1);
    setActive({ service: rows[index].service, col: nextCol });
    const target = focusTarget(tableRef.current, index, nextCol);
    if (target) {
      focusInView(target);
    } else {
      pendingFocus.current = true;
      virtualizer.scrollToIndex(index, { align: 'auto' });
    }
  };

  // Clicks and programmatic focus move the tab stop too.
  const onFocus = (e: FocusEvent) => {
    const at = positionOf(e.target);
    const service = at && rows[at.index]?.service;
    if (!at || !service) return;
    if (active?.service !== service || active.col !== at.col) {
      setActive({ service, col: at.col });
    }
  };

  return { tabStop, onKeyDown, onFocus };
}
