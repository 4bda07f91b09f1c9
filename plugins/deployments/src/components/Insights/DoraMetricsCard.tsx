import { useState } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard, Progress } from '@backstage/core-components';
import { useMetrics } from '../../hooks/useMetrics';
import { usePeriod } from '../../hooks/usePeriod';
import { PeriodPicker } from '../shared/PeriodPicker';
import { ProblemPanel } from '../shared/ProblemPanel';
import { BucketToggle } from './BucketToggle';
import { DoraCharts } from './DoraCharts';
import { DoraSummaryTable } from './DoraSummaryTable';
import { Bucket, formatPeriod } from './metricFormat';

export interface DoraMetricsCardProps {
  /** One service's metrics ... */
  service?: string;
  /** ... or a team's (a Group entity ref): its services counted together. */
  team?: string;
  /**
   * The period (RFC 3339, e.g. from usePeriod) when the page around the
   * card picks it; without, the card shows the shared PeriodPicker itself
   * and follows the URL's period (default: the last 30 days).
   */
  from?: string;
  to?: string;
  /** Changes when a new event of the service arrives; the card then reloads. */
  refreshKey?: string;
}

const useStyles = makeStyles(theme => ({
  picker: { padding: theme.spacing(2, 2, 0) },
}));

/** The backend answers at most 400 buckets: longer periods are shown per week. */
const MAX_DAY_BUCKETS = 400;

function bucketFor(bucket: Bucket, from?: string, to?: string): Bucket {
  if (bucket !== 'day' || !from || !to) return bucket;
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  return days > MAX_DAY_BUCKETS ? 'week' : bucket;
}

/**
 * The four DORA metrics of one service (or one team's services) in the
 * production environments, with how long deployments take: a table of the
 * whole period, and per day or week as charts.
 */
export function DoraMetricsCard(props: DoraMetricsCardProps) {
  const { service, team, refreshKey } = props;
  const classes = useStyles();
  const period = usePeriod();
  // Every metrics view shares the URL's period unless its page passes one.
  const ownPeriod = props.from === undefined && props.to === undefined;
  const from = props.from ?? period.from;
  const to = props.to ?? period.to;
  const [chosen, setBucket] = useState<Bucket>('day');
  const bucket = bucketFor(chosen, from, to);
  const {
    value: metrics,
    loading,
    error,
    retry,
  } = useMetrics({ service, team, from, to }, bucket, refreshKey);
  const subheader = metrics
    ? `${
        metrics.environments.join(', ') || 'No production environment'
      } · ${formatPeriod(metrics.from, metrics.to)}`
    : undefined;

  return (
    <div data-testid="dora-metrics" data-bucket={bucket}>
      <InfoCard
        title="DORA metrics"
        subheader={subheader}
        action={<BucketToggle value={bucket} onChange={setBucket} />}
        noPadding
      >
        {ownPeriod && (
          <div className={classes.picker}>
            <PeriodPicker />
          </div>
        )}
        {loading && <Progress />}
        {/* A failed background refresh keeps the last good numbers. */}
        {error && !metrics && <ProblemPanel error={error} onRetry={retry} />}
        {metrics && (
          <>
            <DoraSummaryTable metrics={metrics} />
            <DoraCharts metrics={metrics} />
          </>
        )}
      </InfoCard>
    </div>
  );
}
