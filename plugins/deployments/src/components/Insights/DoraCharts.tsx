import { useMemo } from 'react';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { MetricsResponse } from '@deploydash/plugin-deployments-common';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDuration } from '../shared/format';
import { ChartFrame } from './ChartFrame';
import { toChartPoints } from './chartData';

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))',
    gap: theme.spacing(3),
    padding: theme.spacing(2),
  },
}));

const UNIT_MS = { h: 3600_000, min: 60_000 };
type Unit = keyof typeof UNIT_MS;

// Tooltips say "3h 20m" where the axis, for a compact scale, says hours
// (or minutes).
const asDuration = (unit: Unit) => (value: unknown) =>
  typeof value === 'number' ? formatDuration(value * UNIT_MS[unit]) : '–';
// Dots, because a bucket with data between two gaps has no line to draw.
// No animation: it only delays the picture (and tests).
const LINE = { isAnimationActive: false, strokeWidth: 2, dot: { r: 2 } };
const asPercent = (percent: unknown) =>
  typeof percent === 'number' ? `${percent}%` : '–';

type ChartPoint = ReturnType<typeof toChartPoints>[number];

/** Median and p90 of a duration metric per bucket, in hours or minutes. */
function DurationChart(props: {
  title: string;
  testId: string;
  data: ChartPoint[];
  medianKey: keyof ChartPoint;
  p90Key: keyof ChartPoint;
  unit: Unit;
}) {
  const theme = useTheme();
  const axis = { fontSize: 12, fill: theme.palette.text.secondary };
  return (
    <ChartFrame title={props.title} testId={props.testId}>
      <LineChart data={props.data}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tick={axis} />
        <YAxis unit={` ${props.unit}`} tick={axis} width={56} />
        <Tooltip formatter={asDuration(props.unit)} />
        <Legend />
        <Line
          {...LINE}
          dataKey={props.medianKey}
          name="Median"
          stroke={theme.palette.primary.main}
        />
        <Line
          {...LINE}
          dataKey={props.p90Key}
          name="p90"
          stroke={theme.palette.secondary.main}
          strokeDasharray="5 3"
        />
      </LineChart>
    </ChartFrame>
  );
}

/**
 * The four metrics and the deployment duration per bucket, to see trends
 * at a glance. Lines leave a gap
 * where a bucket has no data (null), rather than drawing a misleading zero.
 */
export function DoraCharts(props: { metrics: MetricsResponse }) {
  const classes = useStyles();
  const theme = useTheme();
  const data = useMemo(
    () => toChartPoints(props.metrics.buckets),
    [props.metrics.buckets],
  );
  const per = props.metrics.bucket === 'week' ? 'week' : 'day';
  const axis = { fontSize: 12, fill: theme.palette.text.secondary };

  return (
    <div className={classes.grid}>
      <ChartFrame
        title={`Deployments per ${per}`}
        testId="dora-chart-frequency"
      >
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={axis} />
          <YAxis allowDecimals={false} tick={axis} width={40} />
          <Tooltip />
          <Bar
            dataKey="deployments"
            name="Deployments"
            fill={theme.palette.primary.main}
            isAnimationActive={false}
          />
        </BarChart>
      </ChartFrame>
      <ChartFrame title="Change failure rate" testId="dora-chart-failure-rate">
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={axis} />
          <YAxis domain={[0, 100]} unit="%" tick={axis} width={48} />
          <Tooltip formatter={asPercent} />
          <Line
            {...LINE}
            dataKey="failureRatePercent"
            name="Failure rate"
            stroke={theme.palette.error.main}
          />
        </LineChart>
      </ChartFrame>
      <DurationChart
        title="Time to restore (hours)"
        testId="dora-chart-recovery"
        data={data}
        medianKey="recoveryMedianHours"
        p90Key="recoveryP90Hours"
        unit="h"
      />
      <DurationChart
        title="Lead time for changes (hours)"
        testId="dora-chart-lead-time"
        data={data}
        medianKey="leadMedianHours"
        p90Key="leadP90Hours"
        unit="h"
      />
      <DurationChart
        title="Deployment duration (minutes)"
        testId="dora-chart-duration"
        data={data}
        medianKey="durationMedianMinutes"
        p90Key="durationP90Minutes"
        unit="min"
      />
    </div>
  );
}
