import { makeStyles } from '@material-ui/core/styles';
import FiberManualRecordIcon from '@material-ui/icons/FiberManualRecord';
import SyncIcon from '@material-ui/icons/Sync';
import { LiveStatus } from '../../hooks/useMatrix';
import { readableColour } from './readableColour';

const useStyles = makeStyles(theme => ({
  // A chip with a background of its own: on the page header's gradient the
  // header's white text reached only about 3.7:1 (issue 18). Paper and the
  // theme's text colour read at well over 4.5:1 wherever the chip sits.
  // Drawn here rather than with MUI's Chip, whose own colours would compete.
  chip: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    height: 24,
    padding: theme.spacing(0, 1, 0, 0.75),
    borderRadius: 12,
    border: `1px solid ${theme.palette.divider}`,
    color: theme.palette.text.primary,
    backgroundColor: theme.palette.background.paper,
    fontSize: '0.8125rem',
    lineHeight: 1,
    whiteSpace: 'nowrap',
    verticalAlign: 'middle',
  },
  icon: { fontSize: 16 },
  live: { color: readableColour(theme, theme.palette.success.main) },
  waiting: { color: readableColour(theme, theme.palette.warning.dark) },
}));

const TEXT: Record<LiveStatus, string> = {
  live: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
};

/**
 * Small chip telling whether the page is receiving live updates, and when
 * it is live but more than a few seconds behind (e.g. during a big import),
 * that it is catching up.
 */
export function LiveIndicator(props: { status: LiveStatus; behind?: boolean }) {
  const classes = useStyles();
  const catchingUp = props.status === 'live' && !!props.behind;
  const live = props.status === 'live' && !catchingUp;
  const text = catchingUp ? 'Catching up…' : TEXT[props.status];
  return (
    <span
      className={classes.chip}
      data-testid="deployments-live-indicator"
      data-status={props.status}
      data-behind={catchingUp ? 'true' : undefined}
      role="status"
      aria-live="polite"
      aria-label={`Live updates: ${text}`}
    >
      {live ? (
        <FiberManualRecordIcon
          className={`${classes.icon} ${classes.live}`}
          aria-hidden
        />
      ) : (
        <SyncIcon
          className={`${classes.icon} ${classes.waiting}`}
          aria-hidden
        />
      )}
      <span data-testid="live-indicator-text">{text}</span>
    </span>
  );
}
