import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Progress } from '@backstage/core-components';
import { useSlotHistory } from '../../hooks/useSlotHistory';
import { LoadMoreButton } from '../shared/LoadMoreButton';
import { ProblemPanel } from '../shared/ProblemPanel';
import { HistoryEvent } from './HistoryEvent';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0 },
});

/**
 * Every event of the slot, newest first, voided ones included and struck
 * through with who voided them and why: what the drawer shows with "Show
 * voided events" on (runs never hold voided events).
 */
export function SlotHistoryList(props: {
  service: string;
  environment: string;
  refreshKey?: string;
}) {
  const classes = useStyles();
  const history = useSlotHistory(
    { service: props.service, environment: props.environment },
    props.refreshKey,
  );
  return (
    <>
      {history.error && (
        <ProblemPanel error={history.error} onRetry={history.retry} />
      )}
      {history.loading && <Progress />}
      {!history.loading && !history.error && history.events.length === 0 && (
        <Typography>No events recorded.</Typography>
      )}
      <ul
        className={classes.list}
        aria-label="Every event, voided ones included"
      >
        {history.events.map(event => (
          <HistoryEvent key={event.id} event={event} />
        ))}
      </ul>
      {history.hasMore && (
        <LoadMoreButton
          onClick={history.loadMore}
          loading={history.loadingMore}
          label="Load older events"
        />
      )}
    </>
  );
}
