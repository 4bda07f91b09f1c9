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
import {
  HistorySearchField,
  HistorySearchResults,
  useSearchText,
} from '../HistoryDrawer';
import { HorizontalScroll } from '../shared/HorizontalScroll';
import { LoadMoreButton } from '../shared/LoadMoreButton';
import { ProblemPanel } from '../shared/ProblemPanel';
import { RunRow } from './RunRow';

const useStyles = makeStyles(theme => ({
  quiet: { padding: theme.spacing(2), color: theme.palette.text.secondary },
  more: { margin: theme.spacing(1, 2) },
  search: { padding: theme.spacing(1, 2) },
  // Short tokens (status, environment, "5 minutes ago") stay on one line.
  table: { '& th': { whiteSpace: 'nowrap' } },
  srOnly: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
}));

/**
 * The service's latest runs across all environments, one row per run; or,
 * while text is in its search box, the service's events that match it.
 */
export function RecentDeployments(props: {
  service: string;
  /** Changes when a new event of the service arrives; the runs then reload. */
  refreshKey?: string;
}) {
  const classes = useStyles();
  const [text, setText, q] = useSearchText();
  return (
    <InfoCard title="Recent deployments" noPadding>
      <div className={classes.search}>
        <HistorySearchField
          value={text}
          onChange={setText}
          label={`Search the deployments of ${props.service}`}
        />
      </div>
      {q ? (
        <div className={classes.search}>
          <HistorySearchResults service={props.service} q={q} />
        </div>
      ) : (
        <RecentRuns service={props.service} refreshKey={props.refreshKey} />
      )}
    </InfoCard>
  );
}

function RecentRuns(props: { service: string; refreshKey?: string }) {
  const classes = useStyles();
  const runs = useRuns({ service: props.service, limit: 20 }, props.refreshKey);
  const empty = !runs.loading && !runs.error && runs.runs.length === 0;
  return (
    <div data-testid="recent-deployments">
      {runs.error && <ProblemPanel error={runs.error} onRetry={runs.retry} />}
      {runs.loading && <Progress />}
      {empty && (
        <Typography variant="body2" className={classes.quiet}>
          No deployment runs recorded yet.
        </Typography>
      )}
      {runs.runs.length > 0 && (
        <HorizontalScroll testId="recent-deployments-scroll">
          <Table
            size="small"
            aria-label={`Recent deployments of ${props.service}`}
            className={classes.table}
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
        </HorizontalScroll>
      )}
      {runs.hasMore && (
        <LoadMoreButton
          variant="text"
          className={classes.more}
          onClick={runs.loadMore}
          loading={runs.loadingMore}
          label="Load older deployments"
        />
      )}
    </div>
  );
}
