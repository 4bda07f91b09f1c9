import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import HourglassEmptyIcon from '@material-ui/icons/HourglassEmpty';

const useStyles = makeStyles(theme => ({
  badge: {
    position: 'absolute',
    // Top right, by the status; the last line holds the run link.
    top: 3,
    right: theme.spacing(1.5),
    display: 'inline-flex',
    padding: 2,
    borderRadius: '50%',
    color: theme.palette.warning.contrastText,
    backgroundColor: theme.palette.warning.main,
    fontSize: '0.875rem',
  },
}));

/**
 * Marks a slot that has lagged the environment before it for too long:
 * the words are in the tooltip and, for screen readers, the label.
 */
export function DriftBadge(props: { label: string }) {
  const classes = useStyles();
  return (
    <Tooltip title={props.label}>
      <span
        className={classes.badge}
        role="img"
        aria-label={props.label}
        data-testid="drift-badge"
      >
        <HourglassEmptyIcon fontSize="inherit" aria-hidden />
      </span>
    </Tooltip>
  );
}
