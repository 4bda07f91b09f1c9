import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DeploymentSlot } from '@deploydash/plugin-deployments-common';
import { useFlashOnChange } from '../../hooks/useFlashOnChange';
import { RunLink } from '../shared/RunLink';
import { SlotSummary } from '../shared/SlotSummary';

const useStyles = makeStyles(theme => ({
  card: {
    height: '100%',
    display: 'flex',
    flexDirection: 'column',
    transition: 'background-color 1.5s ease-out',
  },
  flash: { backgroundColor: theme.palette.action.selected, transition: 'none' },
  content: { flex: 1 },
  quiet: { color: theme.palette.text.secondary },
}));

export interface EnvironmentCardProps {
  service: string;
  environment: string;
  slot?: DeploymentSlot;
  onOpen: (environment: string) => void;
}

/** What runs in one environment, as a card on the entity tab. */
export function EnvironmentCard(props: EnvironmentCardProps) {
  const { service, environment, slot, onOpen } = props;
  const classes = useStyles();
  const flashing = useFlashOnChange(slot?.current.id);
  const headingId = `deployments-card-${environment}`;
  return (
    <Card
      variant="outlined"
      className={`${classes.card} ${flashing ? classes.flash : ''}`}
      data-testid="environment-card"
      data-environment={environment}
      data-status={slot?.current.status ?? 'none'}
      component="section"
      aria-labelledby={headingId}
    >
      <CardContent className={classes.content}>
        <Typography variant="h6" component="h3" id={headingId} gutterBottom>
          {environment}
        </Typography>
        {slot ? (
          <SlotSummary slot={slot} />
        ) : (
          <Typography variant="body2" className={classes.quiet}>
            Not deployed to {environment}
          </Typography>
        )}
      </CardContent>
      {slot && (
        <CardActions>
          <Button
            size="small"
            onClick={() => onOpen(environment)}
            aria-label={`Show history of ${service} in ${environment}`}
          >
            History
          </Button>
          <RunLink event={slot.current} />
        </CardActions>
      )}
    </Card>
  );
}
