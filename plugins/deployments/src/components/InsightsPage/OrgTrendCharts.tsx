import { useMemo } from 'react';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { MetricsResponse } from '@deploydash/plugin-deployments-common';
import { ChartFrame } from '../Insights/ChartFrame';
import { toChartPoints } from '../Insights/chartData';

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))',
    gap: theme.spacing(3),
    padding: theme.spacing(2),
  },
}));

const asPercent = (percent: unknown) =>
  typeof percent === 'number' ? `${percent}%` : '–';

/** Every service's deployments and failure rate per day or week of the period. */
export function OrgTrendCharts(props: { metrics: MetricsResponse }) {
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
      <ChartFrame title={`Deployments per ${per}`} testId="org-chart-frequency">
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
      <ChartFrame
        title={`Change failure rate per ${per}`}
        testId="org-chart-failure-rate"
      >
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={axis} />
          <YAxis domain={[0, 100]} unit="%" tick={axis} width={48} />
          <Tooltip formatter={asPercent} />
          <Line
            isAnimationActive={false}
            strokeWidth={2}
            dot={{ r: 2 }}
            dataKey="failureRatePercent"
            name="Failure rate"
            stroke={theme.palette.error.main}
          />
        </LineChart>
      </ChartFrame>
    </div>
  );
}
