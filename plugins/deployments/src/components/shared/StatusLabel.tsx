import { ComponentType } from 'react';
import CircularProgress from '@material-ui/core/CircularProgress';
import { Theme, makeStyles } from '@material-ui/core/styles';
import { SvgIconProps } from '@material-ui/core/SvgIcon';
import BlockIcon from '@material-ui/icons/Block';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpIcon from '@material-ui/icons/Help';
import HourglassEmptyIcon from '@material-ui/icons/HourglassEmpty';
import PlayCircleOutlineIcon from '@material-ui/icons/PlayCircleOutline';
import ScheduleIcon from '@material-ui/icons/Schedule';
import { DeploymentStatus } from '@deploydash/plugin-deployments-common';
import { readableColour } from './readableColour';
import { statusText } from './format';

type Look = 'neutral' | 'waiting' | 'running' | 'success' | 'failure';

/** Each status's icon and colour; the words come from `statusText`. */
const STATUS_LOOK: Record<
  DeploymentStatus,
  { look: Look; Icon?: ComponentType<SvgIconProps> }
> = {
  queued: { look: 'neutral', Icon: ScheduleIcon },
  waiting: { look: 'waiting', Icon: HourglassEmptyIcon },
  // No icon: a spinner shows that it is running.
  'in-progress': { look: 'running' },
  success: { look: 'success', Icon: CheckCircleIcon },
  failure: { look: 'failure', Icon: ErrorIcon },
  cancelled: { look: 'neutral', Icon: BlockIcon },
};

const UNKNOWN = { look: 'neutral' as Look, Icon: HelpIcon };

function neutralGrey(theme: Theme): string {
  return theme.palette.type === 'dark'
    ? theme.palette.grey[400]
    : theme.palette.grey[700];
}

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    fontWeight: theme.typography.fontWeightMedium as number,
    whiteSpace: 'nowrap',
  },
  // Every colour reaches 4.5:1 on the theme's backgrounds (readableColour).
  neutral: { color: readableColour(theme, neutralGrey(theme)) },
  waiting: { color: readableColour(theme, theme.palette.warning.main) },
  running: { color: readableColour(theme, theme.palette.info.main) },
  success: { color: readableColour(theme, theme.palette.success.main) },
  failure: { color: readableColour(theme, theme.palette.error.main) },
  icon: { fontSize: '1rem' },
}));

/**
 * Status as icon + words + colour, so it never relies on colour alone.
 * Only a current `in-progress` spins: a queued, waiting or finished
 * deployment shows a still icon, and so does a past event (`still`) — an
 * event list of a finished run must not look like it is still running.
 */
export function StatusLabel(props: { status: string; still?: boolean }) {
  const classes = useStyles();
  const { status, still } = props;
  const found = STATUS_LOOK[status as DeploymentStatus] ?? UNKNOWN;
  const look = found.look;
  const Icon = found.Icon ?? (still ? PlayCircleOutlineIcon : undefined);
  return (
    <span
      className={`${classes.root} ${classes[look]}`}
      data-status={status}
      data-testid="status-label"
    >
      {Icon ? (
        <Icon className={classes.icon} aria-hidden data-icon={status} />
      ) : (
        <CircularProgress
          size={12}
          thickness={6}
          color="inherit"
          aria-hidden
          data-icon={status}
        />
      )}
      <span>{statusText(status)}</span>
    </span>
  );
}
