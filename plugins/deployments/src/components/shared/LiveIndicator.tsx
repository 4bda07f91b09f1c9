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

/** Small chip telling whether the page is receiving live updates. */
export function LiveIndicator(props: { status: LiveStatus }) {
  const classes = useStyles();
  const live = props.status === 'live';
  return (
    <Chip
      size="small"
      className={classes.chip}
      variant="outlined"
      data-testid="deployments-live-indicator"
      data-status={props.status}
      role="status"
      aria-live="polite"
      aria-label={`Live updates: ${TEXT[props.status]}`}
      icon={
        live ? (
          <FiberManualRecordIcon className={classes.live} aria-hidden />
        ) : (
          <SyncIcon className={classes.waiting} aria-hidden />
        )
      }
      label={TEXT[props.status]}
    />
  );
}
