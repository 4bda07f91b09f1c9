import { useCallback, useMemo, useState } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { EmptyState, Progress } from '@backstage/core-components';
import { MatrixServerFilters, useMatrix } from '../../hooks/useMatrix';
import { useEntityLink } from '../../hooks/useLinks';
import { useExpandedGroups } from '../../hooks/useExpandedGroups';
import { useThrottled } from '../../hooks/useThrottled';
import { latestCursor } from '../../state/eventOrder';
import { HistoryDrawer, HistoryTarget } from '../HistoryDrawer';
import { DoraMetricsCard } from '../Insights';
import { MatrixTable } from '../MatrixPage/MatrixTable';
import { useDriftLabels } from '../MatrixPage/useDriftLabels';
import { LiveIndicator } from '../shared/LiveIndicator';
import { ProblemPanel } from '../shared/ProblemPanel';

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1, 2),
    marginBottom: theme.spacing(2),
  },
  section: { marginTop: theme.spacing(3) },
  caption: { marginBottom: theme.spacing(1) },
}));

/** The DORA card is reloaded at most this often while events arrive. */
const METRICS_REFRESH_MS = 5_000;

export interface TeamDeploymentsProps {
  /** The Group entity ref. */
  team: string;
  /** How the group reads (its display name). */
  title: string;
}

/**
 * A team's deployments, live: the matrix of the services the group owns,
 * itself or through its child groups (`team` on `GET /matrix`), then the
 * DORA metrics of those services together over the period of the URL
 * (the card's period picker).
 */
export function TeamDeployments(props: TeamDeploymentsProps) {
  const { team, title } = props;
  const classes = useStyles();
  const filters = useMemo<MatrixServerFilters>(() => ({ team }), [team]);
  const live = useMatrix({ filters, view: 'summary' });
  const { matrix, loading, error } = live;
  const entityLink = useEntityLink();
  const [selected, setSelected] = useState<HistoryTarget>();
  const onOpen = useCallback(
    (service: string, environment: string) =>
      setSelected({ service, environment }),
    [],
  );
  const onClose = useCallback(() => setSelected(undefined), []);
  const latest = useMemo(
    () => (matrix?.services.length ? latestCursor(matrix) : undefined),
    [matrix],
  );
  const drift = useDriftLabels(latest);
  // Environment groups as on the matrix page, expanded by the same choice.
  const [expandedGroups, toggleGroup] = useExpandedGroups();
  const metricsKey = useThrottled(latest, METRICS_REFRESH_MS);

  if (loading) return <Progress />;
  // No Retry button: useMatrix keeps retrying with backoff by itself.
  if (!matrix) return <ProblemPanel error={error ?? new Error('No data')} />;
  if (matrix.services.length === 0 && !live.hasMore) {
    return (
      <div data-testid="team-deployments-empty">
        <EmptyState
          missing="data"
          title={`No deployments of ${title}'s services yet`}
          description="The services this group owns — itself or through its child groups — appear here once their pipelines post deployments. Each component's Deployments tab shows the exact command."
        />
      </div>
    );
  }

  const selectedSlot = selected
    ? matrix.services.find(s => s.service === selected.service)?.slots[
        selected.environment
      ]
    : undefined;

  return (
    <div data-testid="team-deployments" data-team={team}>
      <div className={classes.toolbar}>
        <Typography variant="h6" component="h2">
          Deployments of {title}
        </Typography>
        <LiveIndicator status={live.status} behind={live.behind} />
        <Typography variant="body2" color="textSecondary">
          Services owned by this group and its child groups
        </Typography>
      </div>
      <MatrixTable
        environments={matrix.environments}
        rows={matrix.services}
        drift={drift}
        entityLink={entityLink}
        onOpen={onOpen}
        hasMore={live.hasMore}
        loadingMore={live.loadingMore}
        loadMore={live.loadMore}
        groups={matrix.environment_groups}
        expandedGroups={expandedGroups}
        onToggleGroup={toggleGroup}
      />
      <section className={classes.section} aria-labelledby="team-dora-heading">
        <Typography
          variant="body2"
          color="textSecondary"
          id="team-dora-heading"
          className={classes.caption}
        >
          DORA metrics of these services, counted together, over the period
          picked below
        </Typography>
        {/* Without from/to the card shows the shared period picker (URL). */}
        <DoraMetricsCard team={team} refreshKey={metricsKey} />
      </section>
      <HistoryDrawer
        target={selected}
        refreshKey={selectedSlot?.current.id}
        onClose={onClose}
      />
    </div>
  );
}
