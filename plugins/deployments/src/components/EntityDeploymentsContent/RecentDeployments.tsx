import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { InfoCard, Progress } from '@backstage/core-components';
import { useDeploymentHistory } from '../../hooks/useDeploymentHistory';
import { ProblemPanel } from '../shared/ProblemPanel';
import { RelativeTime } from '../shared/RelativeTime';
import { RunLink } from '../shared/RunLink';
import { StatusLabel } from '../shared/StatusLabel';

/** The service's latest events across all environments. */
export function RecentDeployments(props: {
  service: string;
  refreshKey?: string;
}) {
  const history = useDeploymentHistory(
    { service: props.service, limit: 20 },
    props.refreshKey,
  );
  return (
    <InfoCard title="Recent deployments" noPadding>
      <div data-testid="recent-deployments">
        {history.error && (
          <ProblemPanel error={history.error} onRetry={history.retry} />
        )}
        {history.loading && <Progress />}
        {!history.loading && (
          <Table
            size="small"
            aria-label={`Recent deployments of ${props.service}`}
          >
            <TableHead>
              <TableRow>
                <TableCell>When</TableCell>
                <TableCell>Environment</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Version</TableCell>
                <TableCell>Actor</TableCell>
                <TableCell>Run</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {history.items.map(event => (
                <TableRow
                  key={event.id}
                  data-testid="recent-deployment"
                  data-event-id={event.id}
                >
                  <TableCell>
                    <RelativeTime iso={event.happened_at} />
                  </TableCell>
                  <TableCell>{event.environment}</TableCell>
                  <TableCell>
                    <StatusLabel status={event.status} />
                  </TableCell>
                  <TableCell>{event.version ?? ''}</TableCell>
                  <TableCell>{event.actor ?? ''}</TableCell>
                  <TableCell>
                    <RunLink event={event} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {history.hasMore && (
          <Button onClick={history.loadMore} disabled={history.loadingMore}>
            Load more
          </Button>
        )}
      </div>
    </InfoCard>
  );
}
