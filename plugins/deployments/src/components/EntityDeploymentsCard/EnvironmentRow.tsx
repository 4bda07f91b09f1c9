import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DeploymentSlot } from '@deploydash/plugin-deployments-common';
import { useFlashOnChange } from '../../hooks/useFlashOnChange';
import { DriftBadge } from '../MatrixPage/DriftBadge';
import { readableColour } from '../shared/readableColour';
import { RunLink } from '../shared/RunLink';
import { SlotSummary } from '../shared/SlotSummary';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'grid',
    // Environment, what runs there, its CI run and drift.
    gridTemplateColumns: 'minmax(4.5rem, max-content) minmax(0, 1fr) auto',
    columnGap: theme.spacing(2),
    alignItems: 'start',
    // Lined up with the card's title.
    padding: theme.spacing(1, 2.5),
    borderTop: `1px solid ${theme.palette.divider}`,
    transition: 'background-color 1.5s ease-out',
  },
  flash: { backgroundColor: theme.palette.action.selected, transition: 'none' },
  environment: {
    fontWeight: theme.typography.fontWeightMedium as number,
    overflowWrap: 'anywhere',
  },
  quiet: { color: theme.palette.text.secondary },
  end: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    minHeight: 22,
  },
  // DriftBadge places itself top right of its positioned parent.
  badge: { position: 'relative', width: 30, height: 22 },
  drift: {
    gridColumn: '2 / 4',
    color: readableColour(theme, theme.palette.warning.dark),
    fontSize: theme.typography.caption.fontSize,
  },
}));

/** One environment of the overview card: status, version, when, drift. */
export function EnvironmentRow(props: {
  environment: string;
  slot?: DeploymentSlot;
  /** The drift label of this environment, if it drifts. */
  drift?: string;
}) {
  const { environment, slot, drift } = props;
  const classes = useStyles();
  const flashing = useFlashOnChange(slot?.current.id);
  return (
    <li
      className={`${classes.row} ${flashing ? classes.flash : ''}`}
      data-testid="overview-environment"
      data-environment={environment}
      data-status={slot?.current.status ?? 'none'}
      data-drift={drift ? 'true' : undefined}
    >
      <Typography
        variant="body2"
        component="span"
        className={classes.environment}
      >
        {environment}
      </Typography>
      {slot ? (
        <SlotSummary slot={slot} />
      ) : (
        <Typography variant="body2" component="span" className={classes.quiet}>
          Not deployed
        </Typography>
      )}
      <span className={classes.end}>
        {slot && <RunLink event={slot.current} />}
        {drift && (
          <span className={classes.badge}>
            <DriftBadge label={drift} />
          </span>
        )}
      </span>
      {drift && (
        <span className={classes.drift} data-testid="overview-drift">
          {drift}
        </span>
      )}
    </li>
  );
}
