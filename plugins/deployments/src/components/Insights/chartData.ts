import { MetricsBucket } from '@deploydash/plugin-deployments-common';
import { bucketLabel, deploymentDuration } from './metricFormat';

/** One bucket as the charts plot it; null leaves a gap in a line. */
export interface ChartPoint {
  /** Axis label of the bucket's start, e.g. "Jan 5". */
  label: string;
  deployments: number;
  failureRatePercent: number | null;
  recoveryMedianHours: number | null;
  recoveryP90Hours: number | null;
  leadMedianHours: number | null;
  leadP90Hours: number | null;
  durationMedianMinutes: number | null;
  durationP90Minutes: number | null;
}

function hours(seconds: number | null): number | null {
  // Two decimals: enough for a chart, and tooltips stay short.
  return seconds === null ? null : Math.round(seconds / 36) / 100;
}

function minutes(seconds: number | null): number | null {
  return seconds === null ? null : Math.round(seconds / 0.6) / 100;
}

function percent(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}

function durationPoint(b: MetricsBucket) {
  const duration = deploymentDuration(b);
  return {
    durationMedianMinutes: minutes(duration.median_seconds),
    durationP90Minutes: minutes(duration.p90_seconds),
  };
}

/** The per-bucket series of a metrics response, in the units the charts show. */
export function toChartPoints(buckets: MetricsBucket[]): ChartPoint[] {
  return buckets.map(b => ({
    label: bucketLabel(b.start),
    deployments: b.deployment_frequency.deployments,
    failureRatePercent: percent(b.change_failure_rate.rate),
    recoveryMedianHours: hours(b.recovery_time.median_seconds),
    recoveryP90Hours: hours(b.recovery_time.p90_seconds),
    leadMedianHours: hours(b.lead_time.median_seconds),
    leadP90Hours: hours(b.lead_time.p90_seconds),
    ...durationPoint(b),
  }));
}
