import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import FiberManualRecordIcon from '@material-ui/icons/FiberManualRecord';
import SyncIcon from '@material-ui/icons/Sync';
import { LiveStatus } from '../../hooks/useMatrix';

const useStyles = makeStyles(theme => ({
  // Inherits the text colour so it reads on the page header and on cards.
  chip: { color: 'inherit', borderColor: 'currentColor' },
  live: { color: theme.palette.success.main },
  waiting: { color: theme.palette.warning.main },
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
    <Chip
      size="small"
      className={classes.chip}
      variant="outlined"
      data-testid="deployments-live-indicator"
      data-status={props.status}
      data-behind={catchingUp ? 'true' : undefined}
      role="status"
      aria-live="polite"
      aria-label={`Live updates: ${text}`}
      icon={
        live ? (
          <FiberManualRecordIcon className={classes.live} aria-hidden />
        ) : (
          <SyncIcon className={classes.waiting} aria-hidden />
        )
      }
      label={text}
    />
  );
}
