import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { compareEvents } from '../../state/eventOrder';
import { RelativeTime } from '../shared/RelativeTime';
import { StatusLabel } from '../shared/StatusLabel';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: theme.spacing(0.5, 0) },
  item: {
    display: 'flex',
    gap: theme.spacing(1.5),
    alignItems: 'baseline',
    padding: theme.spacing(0.25, 0),
  },
  when: { minWidth: 120 },
}));

/** A run's events as a timeline, oldest first: status, time and actor. */
export function RunEvents(props: { events: DeploymentEvent[]; label: string }) {
  const classes = useStyles();
  const events = [...props.events].sort(compareEvents);
  return (
    <ol className={classes.list} aria-label={props.label}>
      {events.map(event => (
        <li
          key={event.id}
          className={classes.item}
          data-testid="run-event"
          data-event-id={event.id}
        >
          <StatusLabel status={event.status} still />
          <Typography variant="body2" className={classes.when}>
            <RelativeTime iso={event.happened_at} />
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {event.actor ?? ''}
          </Typography>
        </li>
      ))}
    </ol>
  );
}
