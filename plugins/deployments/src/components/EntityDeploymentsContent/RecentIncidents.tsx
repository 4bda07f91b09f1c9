import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import { Incident } from '@deploydash/plugin-deployments-common';
import { useIncidents } from '../../hooks/useIncidents';
import { HorizontalScroll } from '../shared/HorizontalScroll';
import { ProblemPanel } from '../shared/ProblemPanel';
import { RelativeTime } from '../shared/RelativeTime';
import { formatRunDuration, NO_DURATION } from '../shared/format';
import { useNow } from '../shared/clock';

const useStyles = makeStyles(theme => ({
  quiet: { padding: theme.spacing(2), color: theme.palette.text.secondary },
  // Short tokens (severity, times, ids) stay on one line; titles wrap between words.
  table: { '& th, & td:not(:first-child)': { whiteSpace: 'nowrap' } },
  title: { minWidth: 200 },
  // An id never wraps, not even at its hyphens.
  id: { display: 'block', color: theme.palette.text.secondary, fontFamily: 'monospace', whiteSpace: 'nowrap' },
  // White on #c62828 is 5.6:1 in light and dark themes alike.
  open: { backgroundColor: '#c62828', color: '#fff', fontWeight: 600 },
  // Doubled class: stronger than the theme's zebra stripes of table rows.
  openRow: {
    '&&': { backgroundColor: theme.palette.type === 'dark' ? 'rgba(198,40,40,0.16)' : 'rgba(198,40,40,0.06)' },
    '& > td:first-child': { boxShadow: 'inset 4px 0 0 #c62828' },
  },
  cause: { fontFamily: 'monospace' },
  duration: { fontVariantNumeric: 'tabular-nums' },
}));

/** How long the incident lasted, or has lasted so far while open. */
function incidentDuration(incident: Incident, now: number): string {
  if (!incident.opened_at) return NO_DURATION;
  const end = incident.resolved_at ? Date.parse(incident.resolved_at) : now;
  const text = formatRunDuration(end - Date.parse(incident.opened_at));
  return incident.resolved_at ? text : `${text} so far`;
}

function IncidentRow(props: { incident: Incident }) {
  const { incident } = props;
  const classes = useStyles();
  const now = useNow();
  const open = incident.resolved_at === null;
  const name = incident.title ?? incident.incident_id;
  return (
    <TableRow className={open ? classes.openRow : undefined} data-testid="incident-row">
      <TableCell className={classes.title}>
        {incident.url ? <Link to={incident.url}>{name}</Link> : name}
        {incident.title && <span className={classes.id}>{incident.incident_id}</span>}
      </TableCell>
      <TableCell>
        {incident.severity ? <Chip size="small" variant="outlined" label={incident.severity} /> : NO_DURATION}
      </TableCell>
      <TableCell>{incident.environment}</TableCell>
      <TableCell>{incident.opened_at ? <RelativeTime iso={incident.opened_at} /> : NO_DURATION}</TableCell>
      <TableCell>
        {open ? (
          <Chip size="small" label="Open" className={classes.open} />
        ) : (
          <RelativeTime iso={incident.resolved_at!} />
        )}
      </TableCell>
      <TableCell className={classes.duration}>{incidentDuration(incident, now)}</TableCell>
      <TableCell>
        {incident.caused_by_deployment_id ? (
          <span className={classes.cause}>{incident.caused_by_deployment_id}</span>
        ) : (
          <Typography variant="body2" color="textSecondary" component="span">
            not named
          </Typography>
        )}
      </TableCell>
    </TableRow>
  );
}

/**
 * The service's incidents of the last 90 days, newest first: what broke,
 * how bad, when it opened and was resolved (open ones highlighted), how
 * long it lasted and the deployment that caused it, when the incident tool
 * named one.
 */
export function RecentIncidents(props: { service: string; refreshKey?: string }) {
  const classes = useStyles();
  const { value, loading, error, retry } = useIncidents(props.service, props.refreshKey);
  const incidents = value?.items ?? [];
  return (
    <InfoCard title="Incidents" subheader="The last 90 days" noPadding>
      <div data-testid="recent-incidents">
        {error && <ProblemPanel error={error} onRetry={retry} />}
        {loading && <Progress />}
        {!loading && !error && incidents.length === 0 && (
          <Typography variant="body2" className={classes.quiet}>
            No incidents recorded in the last 90 days. Incident tools post them to
            POST /api/deployments/incidents (see the webhook recipes in docs/ci-recipes.md).
          </Typography>
        )}
        {incidents.length > 0 && (
          <HorizontalScroll testId="recent-incidents-scroll">
            <Table size="small" aria-label={`Incidents of ${props.service}`} className={classes.table}>
              <TableHead>
                <TableRow>
                  <TableCell>Incident</TableCell>
                  <TableCell>Severity</TableCell>
                  <TableCell>Environment</TableCell>
                  <TableCell>Opened</TableCell>
                  <TableCell>Resolved</TableCell>
                  <TableCell>Duration</TableCell>
                  <TableCell>Caused by deployment</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {incidents.map(incident => (
                  <IncidentRow key={`${incident.service}/${incident.incident_id}`} incident={incident} />
                ))}
              </TableBody>
            </Table>
          </HorizontalScroll>
        )}
      </div>
    </InfoCard>
  );
}
