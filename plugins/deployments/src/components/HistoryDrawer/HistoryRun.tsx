import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DeploymentRun } from '@deploydash/plugin-deployments-common';
import { compareEvents } from '../../state/eventOrder';
import { RollbackChip } from '../shared/RollbackChip';
import { StatusLabel } from '../shared/StatusLabel';
import { plural } from '../Insights/metricFormat';
import { runDuration } from '../shared/runInfo';
import { HistoryEvent } from './HistoryEvent';

const useStyles = makeStyles(theme => ({
  run: {
    marginBottom: theme.spacing(2),
    padding: theme.spacing(1, 2),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  title: { fontWeight: theme.typography.fontWeightMedium as number },
  list: { listStyle: 'none', margin: 0, padding: 0 },
}));

/** What a run's header says after its status: id, events and duration. */
function summary(run: DeploymentRun): string {
  const parts = [`Deployment ${run.deployment_id}`];
  if (run.events.length > 1) parts.push(plural(run.events.length, 'event'));
  const duration = runDuration(run);
  if (duration.title === undefined) parts.push(`took ${duration.text}`);
  return parts.join(' · ');
}

/** One run of the slot: its status and duration, then every event, newest first. */
export function HistoryRun(props: { run: DeploymentRun }) {
  const { run } = props;
  const classes = useStyles();
  const events = [...run.events].sort((a, b) => compareEvents(b, a));
  return (
    <section
      className={classes.run}
      data-testid="history-group"
      data-deployment-id={run.deployment_id}
      data-status={run.status}
      aria-label={`Deployment ${run.deployment_id}`}
    >
      <div className={classes.header}>
        <StatusLabel status={run.status} />
        <Typography variant="body2" className={classes.title}>
          {summary(run)}
        </Typography>
        {run.rollback && <RollbackChip />}
      </div>
      <ul className={classes.list}>
        {events.map(event => (
          <HistoryEvent key={event.id} event={event} />
        ))}
      </ul>
    </section>
  );
}
