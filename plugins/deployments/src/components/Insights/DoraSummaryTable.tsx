import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  BandThresholds,
  DoraBand,
  DoraMetrics,
  DoraThresholds,
  FailureBasis,
  MetricsResponse,
} from '@deploydash/plugin-deployments-common';
import { BandChip } from './BandChip';
import {
  Bucket,
  NO_VALUE,
  deploymentDuration,
  formatFrequency,
  formatPercent,
  formatSeconds,
  plural,
} from './metricFormat';

const useStyles = makeStyles(theme => ({
  // Narrow cards (800 px screens) scroll the table rather than break words.
  scroll: { overflowX: 'auto' },
  table: { '& th, & td': { wordBreak: 'normal', overflowWrap: 'normal' } },
  value: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
  quiet: { color: theme.palette.text.secondary },
  source: {
    display: 'block',
    padding: theme.spacing(1, 2),
    color: theme.palette.text.secondary,
  },
}));

type DoraKey = keyof DoraThresholds & keyof DoraMetrics;

interface Row {
  metric: keyof DoraMetrics;
  name: string;
  value: string;
  p90: string;
  /** The DORA band; left out for a metric that is not one of the four keys. */
  band?: { band: DoraBand; thresholds: BandThresholds };
  details: string;
}

function bandOf(
  metrics: DoraMetrics,
  thresholds: DoraThresholds,
  key: DoraKey,
): Row['band'] {
  return { band: metrics[key].band, thresholds: thresholds[key] };
}

/** Said only when failures do not come from deployment statuses (the default). */
const FAILURE_BASIS: Record<FailureBasis, string | undefined> = {
  deployments: undefined,
  incidents: 'from incidents',
  mixed: 'from incidents and deployments',
};

/** `details`, then the failure basis when it is not the default. */
const withBasis = (details: string, basis: FailureBasis | undefined) =>
  basis && FAILURE_BASIS[basis] ? `${details} · ${FAILURE_BASIS[basis]}` : details;

const LEAD_TIME_BASIS = {
  commits: 'from commit times',
  parent_deployments: 'through parent deployments (no commit times sent)',
};

function rowsOf(
  m: DoraMetrics,
  bucket: Bucket,
  thresholds: DoraThresholds,
): Row[] {
  const frequency = m.deployment_frequency;
  const failures = m.change_failure_rate;
  const recovery = m.recovery_time;
  const lead = m.lead_time;
  const duration = deploymentDuration(m);
  const band = (key: DoraKey) => bandOf(m, thresholds, key);
  return [
    {
      metric: 'deployment_frequency',
      name: 'Deployment frequency',
      value: formatFrequency(frequency.per_day, bucket),
      p90: NO_VALUE,
      band: band('deployment_frequency'),
      details: plural(frequency.deployments, 'successful deployment'),
    },
    {
      metric: 'change_failure_rate',
      name: 'Change failure rate',
      value: formatPercent(failures.rate),
      p90: NO_VALUE,
      band: band('change_failure_rate'),
      details: withBasis(
        `${failures.failed} of ${plural(failures.total, 'deployment')} failed`,
        failures.basis,
      ),
    },
    {
      metric: 'recovery_time',
      name: 'Time to restore',
      value: formatSeconds(recovery.median_seconds),
      p90: formatSeconds(recovery.p90_seconds),
      band: band('recovery_time'),
      details: withBasis(
        `${plural(recovery.samples, 'recovery', 'recoveries')} · ${plural(
          recovery.unrecovered,
          recovery.basis === 'incidents' ? 'open incident' : 'unrecovered failure',
        )}`,
        recovery.basis,
      ),
    },
    {
      metric: 'lead_time',
      name: 'Lead time for changes',
      value: formatSeconds(lead.median_seconds),
      p90: formatSeconds(lead.p90_seconds),
      band: band('lead_time'),
      details: lead.basis
        ? `${plural(lead.samples, 'change')} · ${LEAD_TIME_BASIS[lead.basis]}`
        : plural(lead.samples, 'change'),
    },
    {
      metric: 'deployment_duration',
      name: 'Deployment duration',
      value: formatSeconds(duration.median_seconds),
      p90: formatSeconds(duration.p90_seconds),
      details: `${plural(
        duration.samples,
        'successful run',
      )} · first event to success`,
    },
  ];
}

/**
 * The four DORA metrics of the whole period as a table, and next to them
 * how long deployments take: numbers are read, so they are text here; the
 * charts below show the trend.
 */
export function DoraSummaryTable(props: { metrics: MetricsResponse }) {
  const { metrics } = props;
  const classes = useStyles();
  const thresholds = metrics.thresholds;
  return (
    <>
      <div className={classes.scroll}>
        <Table
          size="small"
          aria-label="DORA metrics for the period"
          className={classes.table}
        >
          <TableHead>
            <TableRow>
              <TableCell>Metric</TableCell>
              <TableCell>Value (median)</TableCell>
              <TableCell>p90</TableCell>
              <TableCell>DORA band</TableCell>
              <TableCell>Details</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rowsOf(metrics.overall, metrics.bucket, thresholds).map(row => (
              <TableRow
                key={row.metric}
                data-testid="dora-summary-row"
                data-metric={row.metric}
              >
                <TableCell component="th" scope="row">
                  {row.name}
                </TableCell>
                <TableCell className={classes.value}>{row.value}</TableCell>
                <TableCell className={classes.value}>{row.p90}</TableCell>
                <TableCell>
                  {row.band ? (
                    <BandChip
                      band={row.band.band}
                      metric={row.name}
                      thresholds={row.band.thresholds}
                    />
                  ) : (
                    <Typography
                      variant="body2"
                      className={classes.quiet}
                      data-testid="dora-no-band"
                    >
                      {NO_VALUE} <span>(not a DORA key)</span>
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{row.details}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <Typography
        variant="caption"
        className={classes.source}
        data-testid="dora-source"
      >
        Bands and thresholds: {thresholds.source}
      </Typography>
    </>
  );
}
