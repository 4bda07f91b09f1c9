import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard, Progress } from '@backstage/core-components';
import { useRuns } from '../../hooks/useRuns';
import { runKey } from '../../state/runPages';
import { ProblemPanel } from '../shared/ProblemPanel';
import { RunRow } from './RunRow';

const useStyles = makeStyles(theme => ({
  quiet: { padding: theme.spacing(2), color: theme.palette.text.secondary },
  more: { margin: theme.spacing(1, 2) },
  srOnly: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
}));

/** The service's latest runs across all environments, one row per run. */
export function RecentDeployments(props: {
  service: string;
  /** Changes when a new event of the service arrives; the runs then reload. */
  refreshKey?: string;
}) {
  const classes = useStyles();
  const runs = useRuns({ service: props.service, limit: 20 }, props.refreshKey);
  const empty = !runs.loading && !runs.error && runs.runs.length === 0;
  return (
    <InfoCard title="Recent deployments" noPadding>
      <div data-testid="recent-deployments">
        {runs.error && <ProblemPanel error={runs.error} onRetry={runs.retry} />}
        {runs.loading && <Progress />}
        {empty && (
          <Typography variant="body2" className={classes.quiet}>
            No deployment runs recorded yet.
          </Typography>
        )}
        {runs.runs.length > 0 && (
          <Table
            size="small"
            aria-label={`Recent deployments of ${props.service}`}
          >
            <TableHead>
              <TableRow>
                <TableCell padding="checkbox">
                  <span className={classes.srOnly}>Events</span>
                </TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Environment</TableCell>
                <TableCell>Version</TableCell>
                <TableCell>Started</TableCell>
                <TableCell>Duration</TableCell>
                <TableCell>Actor</TableCell>
                <TableCell>Run</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {runs.runs.map(run => (
                <RunRow key={runKey(run)} run={run} />
              ))}
            </TableBody>
          </Table>
        )}
        {runs.hasMore && (
          <Button
            className={classes.more}
            onClick={runs.loadMore}
            disabled={runs.loadingMore}
            aria-label="Load older deployments"
          >
            {runs.loadingMore ? 'Loading…' : 'Load more'}
          </Button>
        )}
      </div>
    </InfoCard>
  );
}
