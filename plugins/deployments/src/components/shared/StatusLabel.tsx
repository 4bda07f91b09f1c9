import CircularProgress from '@material-ui/core/CircularProgress';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpIcon from '@material-ui/icons/Help';
import { statusText } from './format';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    fontWeight: theme.typography.fontWeightMedium as number,
    whiteSpace: 'nowrap',
  },
  success: { color: theme.palette.success.main },
  failure: { color: theme.palette.error.main },
  running: { color: theme.palette.info.main },
  unknown: { color: theme.palette.text.secondary },
  icon: { fontSize: '1rem' },
}));

/**
 * Status as icon + words + colour. In progress shows a spinning indicator
 * so a running deployment is visibly running.
 */
export function StatusLabel(props: { status: string }) {
  const classes = useStyles();
  const { status } = props;
  let icon;
  let colour;
  if (status === 'success') {
    icon = <CheckCircleIcon className={classes.icon} aria-hidden />;
    colour = classes.success;
  } else if (status === 'failure') {
    icon = <ErrorIcon className={classes.icon} aria-hidden />;
    colour = classes.failure;
  } else if (status === 'in-progress') {
    icon = (
      <CircularProgress size={12} thickness={6} color="inherit" aria-hidden />
    );
    colour = classes.running;
  } else {
    icon = <HelpIcon className={classes.icon} aria-hidden />;
    colour = classes.unknown;
  }
  return (
    <span className={`${classes.root} ${colour}`} data-status={status}>
      {icon}
      <span>{statusText(status)}</span>
    </span>
  );
}
