import { useCallback, useMemo, useRef } from 'react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link, Progress } from '@backstage/core-components';
import { useEventKey } from '../../hooks/useEventKey';
import { useHistoryParam } from '../../hooks/useHistoryParam';
import { useMatrix } from '../../hooks/useMatrix';
import { useMatrixPageLink } from '../../hooks/useLinks';
import { latestCursor } from '../../state/eventOrder';
import { HistoryDrawer } from '../HistoryDrawer';
import { DoraMetricsCard, PromotionLane } from '../Insights';
import { LiveIndicator } from '../shared/LiveIndicator';
import { ProblemPanel } from '../shared/ProblemPanel';
import { FreezeBanner } from '../Freezes';
import { EnvironmentCard } from './EnvironmentCard';
import { NoDeployments } from './NoDeployments';
import { RecentDeployments } from './RecentDeployments';
import { RecentIncidents } from './RecentIncidents';

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  spacer: { flex: 1 },
}));

/**
 * One service, live: a card per environment, then what waits for promotion
 * between them, the recent history, and last the DORA metrics (the slower,
 * long-term view, and the heaviest part of the page).
 */
export function ServiceDeployments(props: { service: string }) {
  const { service } = props;
  const classes = useStyles();
  const live = useMatrix({ service });
  const { matrix, loading, error, status } = live;
  const matrixLink = useMatrixPageLink(service);
  // The open drawer is in the URL (?environment=), so it can be linked to.
  const [open, setOpen] = useHistoryParam(service);
  const selected = open?.environment;
  const setOpenRef = useRef(setOpen);
  setOpenRef.current = setOpen;
  const onOpen = useCallback(
    (environment: string) => setOpenRef.current({ service, environment }),
    [service],
  );
  const onClose = useCallback(() => setOpenRef.current(undefined), []);
  // Every event of the service, also one that changes no card (a run
  // cancelled behind a newer one), reloads the runs, lane and metrics.
  const events = useEventKey(live.subscribe);
  const slotEvents = useEventKey(
    live.subscribe,
    selected ? e => e.environment === selected : () => false,
  );

  const row = matrix?.services.find(r => r.service === service);
  // Any new event of the service refreshes the history, lane and metrics.
  const latestSlot = useMemo(
    () =>
      row && matrix
        ? latestCursor({ environments: matrix.environments, services: [row] })
        : undefined,
    [row, matrix],
  );
  const latest = events ? `${latestSlot}:${events}` : latestSlot;

  if (loading) return <Progress />;
  // useMatrix also retries by itself, with backoff; Retry asks now.
  if (!matrix) {
    return (
      <ProblemPanel
        error={error ?? new Error('No data')}
        onRetry={live.retry}
      />
    );
  }
  if (!row || Object.keys(row.slots).length === 0) {
    return <NoDeployments service={service} />;
  }

  return (
    <div data-testid="entity-deployments" data-service={service}>
      <FreezeBanner service={service} />
      <div className={classes.toolbar}>
        <Typography variant="h6" component="h2">
          Deployments of {service}
        </Typography>
        <LiveIndicator status={status} />
        <span className={classes.spacer} />
        <Link to={matrixLink}>Open the deployment matrix</Link>
      </div>
      <Grid container spacing={2}>
        {matrix.environments.map(environment => (
          <Grid item key={environment} xs={12} sm={6} md={4} lg={3}>
            <EnvironmentCard
              service={service}
              environment={environment}
              slot={row.slots[environment]}
              onOpen={onOpen}
            />
          </Grid>
        ))}
        <Grid item xs={12}>
          <PromotionLane service={service} refreshKey={latest} />
        </Grid>
        <Grid item xs={12}>
          <RecentDeployments service={service} refreshKey={latest} />
        </Grid>
        <Grid item xs={12}>
          <RecentIncidents service={service} refreshKey={latest} />
        </Grid>
        <Grid item xs={12}>
          <DoraMetricsCard service={service} refreshKey={latest} />
        </Grid>
      </Grid>
      <HistoryDrawer
        target={selected ? { service, environment: selected } : undefined}
        refreshKey={
          selected
            ? `${row.slots[selected]?.current.id}:${slotEvents}`
            : undefined
        }
        onClose={onClose}
      />
    </div>
  );
}
