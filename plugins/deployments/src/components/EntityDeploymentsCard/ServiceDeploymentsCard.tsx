import { useMemo } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ErrorIcon from '@material-ui/icons/Error';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useMatrix } from '../../hooks/useMatrix';
import { latestCursor } from '../../state/eventOrder';
import { ProblemPanel } from '../shared/ProblemPanel';
import { readableColour } from '../shared/readableColour';
import { EnvironmentRow } from './EnvironmentRow';
import { useServiceDrift } from './useServiceDrift';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  failing: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    padding: theme.spacing(1, 2.5),
    color: readableColour(theme, theme.palette.error.main),
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  empty: { padding: theme.spacing(2, 2.5) },
}));

export interface ServiceDeploymentsCardProps {
  service: string;
  /** The entity's Deployments tab. */
  tabLink: string;
}

/**
 * What runs where for one service, at a glance and live: one line per
 * environment in the matrix's order, the failing ones named on top.
 */
export function ServiceDeploymentsCard(props: ServiceDeploymentsCardProps) {
  const { service, tabLink } = props;
  const classes = useStyles();
  const { matrix, loading, error } = useMatrix({ service, view: 'summary' });
  const row = matrix?.services.find(r => r.service === service);
  const latest = useMemo(
    () =>
      row && matrix
        ? latestCursor({ environments: matrix.environments, services: [row] })
        : undefined,
    [row, matrix],
  );
  const drift = useServiceDrift(service, latest);
  const hasDeployments = !!row && Object.keys(row.slots).length > 0;

  let body;
  if (loading) {
    body = <Progress />;
  } else if (!matrix) {
    // No Retry button: useMatrix keeps retrying with backoff by itself.
    body = <ProblemPanel error={error ?? new Error('No data')} />;
  } else if (!row || !hasDeployments) {
    body = (
      <Typography
        variant="body2"
        className={classes.empty}
        data-testid="overview-empty"
      >
        No deployments of {service} recorded yet.{' '}
        <Link to={tabLink}>How to record them</Link>
      </Typography>
    );
  } else {
    const failing = matrix.environments.filter(
      environment => row.slots[environment]?.current.status === 'failure',
    );
    body = (
      <>
        {failing.length > 0 && (
          <Typography
            variant="body2"
            className={classes.failing}
            data-testid="overview-failing"
          >
            <ErrorIcon fontSize="small" aria-hidden />
            Failing in {failing.join(', ')}
          </Typography>
        )}
        <ul
          className={classes.list}
          aria-label={`Deployments of ${service} by environment`}
        >
          {matrix.environments.map(environment => (
            <EnvironmentRow
              key={environment}
              environment={environment}
              slot={row.slots[environment]}
              drift={drift.get(environment)}
            />
          ))}
        </ul>
      </>
    );
  }

  return (
    <div data-testid="deployments-overview-card" data-service={service}>
      <InfoCard
        title="Deployments"
        subheader={hasDeployments ? service : undefined}
        noPadding
        deepLink={
          hasDeployments
            ? { title: 'View deployments', link: tabLink }
            : undefined
        }
      >
        {body}
      </InfoCard>
    </div>
  );
}
