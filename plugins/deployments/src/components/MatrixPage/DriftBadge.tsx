import { useState } from 'react';
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
 * the words are in the tooltip — shown on hover, and while the slot has
 * the keyboard focus (`open`) — in the slot's label for screen readers, and
 * at the top of the slot's history drawer.
 */
export function DriftBadge(props: { label: string; open?: boolean }) {
  const classes = useStyles();
  const [hovered, setHovered] = useState(false);
  return (
    <Tooltip
      title={props.label}
      open={hovered || Boolean(props.open)}
      onOpen={() => setHovered(true)}
      onClose={() => setHovered(false)}
    >
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
