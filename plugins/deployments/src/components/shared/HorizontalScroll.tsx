import { ReactNode, useRef } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import { useOverflowCue } from '../MatrixPage/useOverflowCue';

const useStyles = makeStyles(theme => {
  const shadow =
    theme.palette.type === 'dark' ? 'rgba(0,0,0,0.6)' : 'rgba(0,0,0,0.18)';
  const edge = (side: 'left' | 'right') => ({
    content: '""',
    position: 'absolute' as const,
    top: 0,
    bottom: 0,
    [side]: 0,
    width: theme.spacing(3),
    pointerEvents: 'none' as const,
    background: `linear-gradient(to ${
      side === 'left' ? 'right' : 'left'
    }, ${shadow}, transparent)`,
    opacity: 0,
    transition: 'opacity 150ms',
  });
  return {
    frame: {
      position: 'relative',
      '&::before': edge('left'),
      '&::after': edge('right'),
    },
    moreLeft: { '&::before': { opacity: 1 } },
    moreRight: { '&::after': { opacity: 1 } },
    scroll: {
      overflowX: 'auto',
      // Visible scrollbars, not overlays that show only while scrolling.
      '&::-webkit-scrollbar': { height: 10 },
      '&::-webkit-scrollbar-thumb': {
        backgroundColor: theme.palette.action.disabled,
        borderRadius: 5,
      },
      // Backstage's theme lets table cells break words anywhere
      // ("Deploy/ment", "2.28/.0"); here they wrap between words only,
      // and the table scrolls sideways when it does not fit.
      '& td, & th': { wordBreak: 'normal', overflowWrap: 'normal' },
    },
  };
});

/**
 * A sideways scroll area for content wider than a narrow window (tables,
 * the promotion lane): a shadow on each edge that hides content says that
 * it scrolls, and table cells never break inside a word.
 */
export function HorizontalScroll(props: {
  children: ReactNode;
  /** Changes when the content's width may change. */
  contentKey?: unknown;
  className?: string;
  testId?: string;
}) {
  const classes = useStyles();
  const ref = useRef<HTMLDivElement>(null);
  const cue = useOverflowCue(ref, props.contentKey);
  const frame = [
    classes.frame,
    cue.left ? classes.moreLeft : '',
    cue.right ? classes.moreRight : '',
  ].join(' ');
  return (
    <div className={frame}>
      <div
        ref={ref}
        className={`${classes.scroll} ${props.className ?? ''}`}
        data-testid={props.testId}
        data-overflow-right={cue.right ? 'true' : undefined}
      >
        {props.children}
      </div>
    </div>
  );
}
