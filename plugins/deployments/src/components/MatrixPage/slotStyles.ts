import { createStyles, Theme } from '@material-ui/core/styles';
import { focusRing } from './gridStyles';
import { COMPACT_SLOT_LINES, SLOT_LINES } from './matrixLayout';

export const ellipsis = {
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
} as const;

/** A slot's cell and the button filling it (SlotCell, GroupSlotCell). */
export const slotCellStyles = (theme: Theme) =>
  createStyles({
    cell: {
      position: 'relative',
      verticalAlign: 'top',
      transition: 'background-color 1.5s ease-out',
    },
    flash: {
      backgroundColor: theme.palette.action.selected,
      transition: 'none',
    },
    button: {
      height: '100%',
      cursor: 'pointer',
      borderRadius: theme.shape.borderRadius,
      padding: theme.spacing(0, 0.5),
      margin: theme.spacing(0, -0.5),
      '&:hover': { backgroundColor: theme.palette.action.hover },
      ...focusRing(theme),
    },
    empty: {
      color: theme.palette.text.disabled,
      verticalAlign: 'middle',
      ...focusRing(theme),
    },
    hidden: {
      position: 'absolute',
      width: 1,
      height: 1,
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
    },
  });

/**
 * A slot's lines of fixed height (SlotContent, GroupSlotCell), so every row
 * is ROW_HEIGHT (or, compact, COMPACT_ROW_HEIGHT) tall.
 */
export const slotLineStyles = (theme: Theme) =>
  createStyles({
    status: {
      display: 'flex',
      alignItems: 'center',
      height: SLOT_LINES[0],
      fontSize: '0.8125rem',
    },
    second: {
      display: 'flex',
      alignItems: 'baseline',
      gap: theme.spacing(1),
      height: SLOT_LINES[1],
      lineHeight: `${SLOT_LINES[1]}px`,
    },
    version: {
      ...ellipsis,
      flex: '0 1 auto',
      minWidth: 0,
      fontFamily: 'monospace',
      fontSize: '0.8125rem',
    },
    third: {
      ...ellipsis,
      display: 'block',
      height: SLOT_LINES[2],
      lineHeight: `${SLOT_LINES[2]}px`,
      fontSize: theme.typography.caption.fontSize,
      color: theme.palette.text.secondary,
    },
    compactStatus: { height: COMPACT_SLOT_LINES[0] },
    compactSecond: {
      height: COMPACT_SLOT_LINES[1],
      lineHeight: `${COMPACT_SLOT_LINES[1]}px`,
    },
  });
