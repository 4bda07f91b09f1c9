import { useMemo } from 'react';
import Button from '@material-ui/core/Button';
import Drawer from '@material-ui/core/Drawer';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CloseIcon from '@material-ui/icons/Close';
import { Progress } from '@backstage/core-components';
import { useDeploymentHistory } from '../../hooks/useDeploymentHistory';
import { groupByDeployment } from '../../state/groupByDeployment';
import { formatDuration } from '../shared/format';
import { ProblemPanel } from '../shared/ProblemPanel';
import { HistoryEvent } from './HistoryEvent';

const useStyles = makeStyles(theme => ({
  paper: { width: 520, maxWidth: '100vw' },
  root: { padding: theme.spacing(2, 3) },
  header: {
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    marginBottom: theme.spacing(2),
  },
  group: {
    marginBottom: theme.spacing(2),
    padding: theme.spacing(1, 2),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  groupHeader: { fontWeight: theme.typography.fontWeightMedium as number },
  list: { listStyle: 'none', margin: 0, padding: 0 },
}));

/** The (service, environment) whose history is shown. */
export interface HistoryTarget {
  service: string;
  environment: string;
}

export interface HistoryDrawerProps {
  /** Open when set. */
  target?: HistoryTarget;
  /** Changes when the slot's current event changes: newer events load. */
  refreshKey?: string;
  onClose: () => void;
}

/** Every event of one slot, newest first, grouped by deployment id. */
export function HistoryDrawer(props: HistoryDrawerProps) {
  const classes = useStyles();
  return (
    <Drawer
      anchor="right"
      open={!!props.target}
      onClose={props.onClose}
      classes={{ paper: classes.paper }}
    >
      {props.target && (
        <HistoryDrawerContent
          target={props.target}
          refreshKey={props.refreshKey}
          onClose={props.onClose}
        />
      )}
    </Drawer>
  );
}

function HistoryDrawerContent(props: {
  target: HistoryTarget;
  refreshKey?: string;
  onClose: () => void;
}) {
  const { service, environment } = props.target;
  const classes = useStyles();
  const history = useDeploymentHistory(
    { service, environment },
    props.refreshKey,
  );
  const groups = useMemo(
    () => groupByDeployment(history.items),
    [history.items],
  );
  const title = `Deployment history of ${service} in ${environment}`;

  return (
    <div
      className={classes.root}
      role="dialog"
      aria-label={title}
      data-testid="history-drawer"
      data-service={service}
      data-environment={environment}
    >
      <div className={classes.header}>
        <div>
          <Typography variant="h5" component="h2">
            {service} · {environment}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            Every event, newest first
          </Typography>
        </div>
        <IconButton aria-label="Close history" onClick={props.onClose}>
          <CloseIcon />
        </IconButton>
      </div>
      {history.error && (
        <ProblemPanel error={history.error} onRetry={history.retry} />
      )}
      {history.loading && <Progress />}
      {!history.loading && !history.error && groups.length === 0 && (
        <Typography>No events recorded.</Typography>
      )}
      {groups.map(group => (
        <section
          key={group.deploymentId}
          className={classes.group}
          data-testid="history-group"
          data-deployment-id={group.deploymentId}
          aria-label={`Deployment ${group.deploymentId}`}
        >
          <Typography variant="body2" className={classes.groupHeader}>
            Deployment {group.deploymentId}
            {group.events.length > 1 &&
              ` · ${group.events.length} events · took ${formatDuration(
                group.durationMs,
              )}`}
          </Typography>
          <ul className={classes.list}>
            {group.events.map(event => (
              <HistoryEvent key={event.id} event={event} />
            ))}
          </ul>
        </section>
      ))}
      {history.hasMore && (
        <Button
          variant="outlined"
          onClick={history.loadMore}
          disabled={history.loadingMore}
          aria-label="Load more events"
        >
          {history.loadingMore ? 'Loading…' : 'Load more'}
        </Button>
      )}
    </div>
  );
}
