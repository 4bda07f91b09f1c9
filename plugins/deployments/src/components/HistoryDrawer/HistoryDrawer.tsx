import { useCallback, useState } from 'react';
import Checkbox from '@material-ui/core/Checkbox';
import Drawer from '@material-ui/core/Drawer';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CloseIcon from '@material-ui/icons/Close';
import { Progress } from '@backstage/core-components';
import { UseRunsResult, useRuns } from '../../hooks/useRuns';
import { runKey } from '../../state/runPages';
import { LoadMoreButton } from '../shared/LoadMoreButton';
import { ProblemPanel } from '../shared/ProblemPanel';
import { readableColour } from '../shared/readableColour';
import { HistoryRun } from './HistoryRun';
import { SlotHistoryList } from './SlotHistoryList';
import { VoidedEventsContext } from './voidedEventsContext';
import {
  HistorySearchField,
  HistorySearchResults,
  useSearchText,
} from './HistorySearch';

const useStyles = makeStyles(theme => ({
  paper: { width: 520, maxWidth: '100vw' },
  root: { padding: theme.spacing(2, 3) },
  header: {
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    marginBottom: theme.spacing(2),
  },
  search: { marginBottom: theme.spacing(2) },
  note: {
    marginTop: theme.spacing(1),
    color: readableColour(theme, theme.palette.warning.dark),
    fontWeight: theme.typography.fontWeightMedium as number,
  },
}));

/** The (service, environment) whose history is shown. */
export interface HistoryTarget {
  service: string;
  environment: string;
}

export interface HistoryDrawerProps {
  /** Open when set. */
  target?: HistoryTarget;
  /** Changes when the slot's current event changes: newer events load. */
  refreshKey?: string;
  /** A word about the slot shown under the title, e.g. why it drifts. */
  note?: string;
  onClose: () => void;
}

/**
 * Every run of one slot, newest first, each with all its events; or, while
 * text is in its search box, the slot's events that match it.
 */
export function HistoryDrawer(props: HistoryDrawerProps) {
  const classes = useStyles();
  return (
    <Drawer
      anchor="right"
      open={!!props.target}
      onClose={props.onClose}
      classes={{ paper: classes.paper }}
    >
      {props.target && (
        <HistoryDrawerContent
          target={props.target}
          refreshKey={props.refreshKey}
          note={props.note}
          onClose={props.onClose}
        />
      )}
    </Drawer>
  );
}

function HistoryDrawerContent(props: {
  target: HistoryTarget;
  refreshKey?: string;
  note?: string;
  onClose: () => void;
}) {
  const { service, environment } = props.target;
  const classes = useStyles();
  // A void here reloads what the drawer shows (the matrix hears of it from
  // the stream).
  const [voids, setVoids] = useState(0);
  const onVoided = useCallback(() => setVoids(n => n + 1), []);
  const [showVoided, setShowVoided] = useState(false);
  const refreshKey = `${props.refreshKey ?? ''}|${voids}`;
  const history = useRuns({ service, environment }, refreshKey);
  // Local to the open drawer: closing it forgets the search.
  const [text, setText, q] = useSearchText();
  const title = `Deployment history of ${service} in ${environment}`;

  return (
    <div
      className={classes.root}
      role="dialog"
      aria-label={title}
      data-testid="history-drawer"
      data-service={service}
      data-environment={environment}
    >
      <div className={classes.header}>
        <div>
          <Typography variant="h5" component="h2">
            {service} · {environment}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {q
              ? 'Events matching the search, newest first'
              : 'Every run and its events, newest first'}
          </Typography>
          {props.note && (
            <Typography
              variant="body2"
              className={classes.note}
              data-testid="history-note"
            >
              {props.note}
            </Typography>
          )}
        </div>
        <IconButton aria-label="Close history" onClick={props.onClose}>
          <CloseIcon />
        </IconButton>
      </div>
      <HistorySearchField
        value={text}
        onChange={setText}
        label={`Search the history of ${service} in ${environment}`}
        className={classes.search}
      />
      <FormControlLabel
        control={
          <Checkbox
            checked={showVoided}
            onChange={e => setShowVoided(e.target.checked)}
            color="primary"
          />
        }
        label="Show voided events"
      />
      <VoidedEventsContext.Provider value={onVoided}>
        {q && (
          <HistorySearchResults
            service={service}
            environment={environment}
            q={q}
          />
        )}
        {!q && showVoided && (
          <SlotHistoryList
            service={service}
            environment={environment}
            refreshKey={refreshKey}
          />
        )}
        {!q && !showVoided && <RunList history={history} />}
      </VoidedEventsContext.Provider>
    </div>
  );
}

/** The runs, with loading, empty, failure and paging states. */
function RunList(props: { history: UseRunsResult }) {
  const { history } = props;
  return (
    <>
      {history.error && (
        <ProblemPanel error={history.error} onRetry={history.retry} />
      )}
      {history.loading && <Progress />}
      {!history.loading && !history.error && history.runs.length === 0 && (
        <Typography>No events recorded.</Typography>
      )}
      {history.runs.map(run => (
        <HistoryRun key={runKey(run)} run={run} />
      ))}
      {history.hasMore && (
        <LoadMoreButton
          onClick={history.loadMore}
          loading={history.loadingMore}
          label="Load older deployments"
        />
      )}
    </>
  );
}
