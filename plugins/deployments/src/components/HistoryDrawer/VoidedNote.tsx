import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { RelativeTime } from '../shared/RelativeTime';

const useStyles = makeStyles(theme => ({
  note: {
    margin: theme.spacing(0.5, 0),
    padding: theme.spacing(0.5, 1),
    borderLeft: `3px solid ${theme.palette.error.main}`,
    // Text colour stays the primary one: full contrast in both themes.
    color: theme.palette.text.primary,
    overflowWrap: 'anywhere',
  },
  label: { fontWeight: theme.typography.fontWeightBold as number },
}));

/** Who voided an event, when and why; nothing for an event not voided. */
export function VoidedNote(props: { event: DeploymentEvent }) {
  const classes = useStyles();
  const { voided } = props.event;
  if (!voided) return null;
  return (
    <Typography
      variant="body2"
      className={classes.note}
      data-testid="voided-note"
    >
      <span className={classes.label}>Voided</span>{' '}
      <RelativeTime iso={voided.at} /> by {voided.by}: {voided.reason}
    </Typography>
  );
}
