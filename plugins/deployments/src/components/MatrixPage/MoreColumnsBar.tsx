import { RefObject } from 'react';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import ChevronLeftIcon from '@material-ui/icons/ChevronLeft';
import ChevronRightIcon from '@material-ui/icons/ChevronRight';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    justifyContent: 'flex-end',
    alignItems: 'center',
    gap: theme.spacing(1),
    minHeight: 30,
    marginBottom: theme.spacing(0.5),
  },
  button: { textTransform: 'none', whiteSpace: 'nowrap' },
}));

/** "prod", "staging and prod", "3 more environments". */
export function hiddenColumnsText(hidden: string[]): string {
  if (hidden.length === 1) return hidden[0];
  if (hidden.length === 2) return `${hidden[0]} and ${hidden[1]}`;
  return `${hidden.length} more environments`;
}

const escapeAttr = (value: string) => value.replace(/["\\]/g, '\\$&');

/**
 * While the matrix is wider than the window (800 px, many environments),
 * a line above it says which environments are off to the right and
 * scrolls to them — overlay scrollbars (macOS, touch) show nothing until
 * one scrolls — and back to the first column. It stays while the table
 * overflows, so the table does not jump as one scrolls. Keyboard users
 * reach the same columns with the arrow keys inside the grid.
 */
export function MoreColumnsBar(props: {
  /** The table is wider than its scroll area. */
  overflowing: boolean;
  /** Scrolled away from the first column. */
  scrolledLeft: boolean;
  hidden: string[];
  scrollRef: RefObject<HTMLElement>;
}) {
  const classes = useStyles();
  const { overflowing, scrolledLeft, hidden, scrollRef } = props;
  if (!overflowing) return null;
  const reveal = () => {
    const area = scrollRef.current;
    const cell = area?.querySelector<HTMLElement>(
      `[data-column-name="${escapeAttr(hidden[0])}"]`,
    );
    if (!area || !cell) return;
    area.scrollTo({
      left: cell.offsetLeft + cell.offsetWidth - area.clientWidth,
      behavior: 'smooth',
    });
  };
  const back = () =>
    scrollRef.current?.scrollTo({ left: 0, behavior: 'smooth' });
  const text = hidden.length ? hiddenColumnsText(hidden) : '';
  return (
    <div className={classes.bar} data-testid="matrix-more-columns">
      {scrolledLeft && (
        <Button
          size="small"
          className={classes.button}
          onClick={back}
          startIcon={<ChevronLeftIcon aria-hidden />}
        >
          First columns
        </Button>
      )}
      {hidden.length > 0 && (
        <Button
          size="small"
          variant="outlined"
          className={classes.button}
          onClick={reveal}
          endIcon={<ChevronRightIcon aria-hidden />}
          aria-label={`Scroll right to ${text}`}
          data-hidden-columns={hidden.join(',')}
        >
          More to the right: {text}
        </Button>
      )}
    </div>
  );
}
