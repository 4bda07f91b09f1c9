import { useState } from 'react';
import { InfoCard, Progress } from '@backstage/core-components';
import { useMetrics } from '../../hooks/useMetrics';
import { ProblemPanel } from '../shared/ProblemPanel';
import { BucketToggle } from './BucketToggle';
import { DoraCharts } from './DoraCharts';
import { DoraSummaryTable } from './DoraSummaryTable';
import { Bucket, formatPeriod } from './metricFormat';

export interface DoraMetricsCardProps {
  service: string;
  /** Changes when a new event of the service arrives; the card then reloads. */
  refreshKey?: string;
}

/**
 * The four DORA metrics of one service in its production environments,
 * with how long its deployments take: a table of the whole period, and
 * per day or week as charts.
 */
export function DoraMetricsCard(props: DoraMetricsCardProps) {
  const { service, refreshKey } = props;
  const [bucket, setBucket] = useState<Bucket>('day');
  const {
    value: metrics,
    loading,
    error,
    retry,
  } = useMetrics(service, bucket, refreshKey);
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
