import { makeStyles, useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { ActivityResponse } from '@deploydash/plugin-deployments-common';
import { ChartFrame } from '../Insights/ChartFrame';
import { plural } from '../Insights/metricFormat';

const useStyles = makeStyles({
  // The chart's numbers in words, for screen readers (the chart is a picture).
  srOnly: {
    position: 'absolute',
    left: 0,
    top: 0,
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

/**
 * How long successful production runs took (first event to success, as the
 * runs list and `deployment_duration` count it), as a bar per range.
 */
export function DurationHistogram(props: {
  durations: ActivityResponse['durations'];
}) {
  const { durations } = props;
  const classes = useStyles();
  const theme = useTheme();
  const axis = { fontSize: 12, fill: theme.palette.text.secondary };
  return (
    <div data-testid="duration-histogram" style={{ position: 'relative' }}>
      <ChartFrame
        title={`Run durations · ${plural(durations.samples, 'successful run')}`}
        testId="duration-chart"
      >
        <BarChart data={durations.buckets}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={axis} />
          <YAxis allowDecimals={false} tick={axis} width={40} />
          <Tooltip />
          <Bar
            dataKey="runs"
            name="Runs"
            fill={theme.palette.primary.main}
            isAnimationActive={false}
          />
        </BarChart>
      </ChartFrame>
      {/* Hidden by its wrapper: a table ignores its own overflow and would widen the page. */}
      <div className={classes.srOnly}>
        <table>
          <caption>Successful runs by duration</caption>
          <tbody>
            {durations.buckets.map(b => (
              <tr key={b.label} data-testid="duration-bucket">
                <th scope="row">{b.label}</th>
                <td>{b.runs}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {durations.samples === 0 && (
        <Typography variant="body2" color="textSecondary">
          No finished runs with a start in this period (a lone success event has
          no start to measure from).
        </Typography>
      )}
    </div>
  );
}
