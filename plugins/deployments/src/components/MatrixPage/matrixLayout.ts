/**
 * Fixed sizes of the matrix. Rows are not measured: every row has the same
 * height, so the virtualizer knows where row 4,999 is without rendering the
 * rows before it, and the table never jumps while scrolling.
 */

/** Heights of a slot's three lines (see SlotContent). */
export const SLOT_LINES = [20, 18, 16] as const;
/** Padding above and below a slot's lines. */
export const CELL_PADDING_Y = 3;
/** One service row: a slot's lines and its padding, nothing more. */
export const ROW_HEIGHT =
  SLOT_LINES[0] + SLOT_LINES[1] + SLOT_LINES[2] + 2 * CELL_PADDING_Y;
/** How tall the rows are; a person's choice, kept per user (useMatrixDensity). */
export type MatrixDensity = 'comfortable' | 'compact';
/** Compact slots: two lines (status; version and when), no actor line. */
export const COMPACT_SLOT_LINES = [18, 16] as const;
/** A compact row: 40 px, so about 17 rows fit a 900 px tall window. */
export const COMPACT_ROW_HEIGHT =
  COMPACT_SLOT_LINES[0] + COMPACT_SLOT_LINES[1] + 2 * CELL_PADDING_Y;

/** The fixed row height of a density. */
export function rowHeightOf(density: MatrixDensity): number {
  return density === 'compact' ? COMPACT_ROW_HEIGHT : ROW_HEIGHT;
}

/** The sticky header row. */
export const HEADER_HEIGHT = 40;
/** The sticky service column. */
export const SERVICE_COLUMN_WIDTH = 200;
/** Each environment column; the table is at least this wide per column. */
export const ENVIRONMENT_COLUMN_WIDTH = 216;
/** Rows rendered beyond each edge of the visible window. */
export const OVERSCAN_ROWS = 8;

/** How many whole rows fit below the header in a scroll area this tall. */
export function rowsPerScreen(
  viewportHeight: number,
  rowHeight: number = ROW_HEIGHT,
): number {
  return Math.max(1, Math.floor((viewportHeight - HEADER_HEIGHT) / rowHeight));
}
