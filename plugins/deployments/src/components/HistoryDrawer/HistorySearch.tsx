import { useState } from 'react';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import SearchIcon from '@material-ui/icons/Search';
import { Progress } from '@backstage/core-components';
import { useDebounced } from '../../hooks/useDebounced';
import {
  HistorySearchQuery,
  useHistorySearch,
} from '../../hooks/useHistorySearch';
import { LoadMoreButton } from '../shared/LoadMoreButton';
import { ProblemPanel } from '../shared/ProblemPanel';
import { HistoryEvent } from './HistoryEvent';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  quiet: { color: theme.palette.text.secondary, padding: theme.spacing(1, 0) },
}));

/** Pause in typing after which the search is sent. */
const DEBOUNCE_MS = 250;

/**
 * The text of a search box, kept by its owner, and the query it asks for:
 * trimmed, once typing has paused.
 */
export function useSearchText(): [string, (text: string) => void, string] {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), DEBOUNCE_MS);
  return [text, setText, q];
}

export function HistorySearchField(props: {
  value: string;
  onChange: (text: string) => void;
  label: string;
  className?: string;
}) {
  return (
    <TextField
      variant="outlined"
      size="small"
      fullWidth
      className={props.className}
      placeholder="Search version, actor, status, commit…"
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      inputProps={{ 'aria-label': props.label, type: 'search' }}
      InputProps={{
        startAdornment: (
          <InputAdornment position="start">
            <SearchIcon fontSize="small" aria-hidden />
          </InputAdornment>
        ),
      }}
    />
  );
}

/**
 * The events matching a search, newest first, each with all its fields;
 * with `environment` left out they say which environment they are from.
 */
export function HistorySearchResults(props: HistorySearchQuery) {
  const classes = useStyles();
  const search = useHistorySearch(props);
  const { q } = props;
  return (
    <div data-testid="history-search-results" aria-busy={search.loading}>
      {search.error && (
        <ProblemPanel error={search.error} onRetry={search.retry} />
      )}
      {search.loading && <Progress />}
      {!search.loading && !search.error && search.events.length === 0 && (
        <Typography className={classes.quiet} role="status">
          No deployments match '{q}'
        </Typography>
      )}
      {search.events.length > 0 && (
        <ul className={classes.list} aria-label={`Deployments matching '${q}'`}>
          {search.events.map(event => (
            <HistoryEvent
              key={event.id}
              event={event}
              showEnvironment={!props.environment}
            />
          ))}
        </ul>
      )}
      {search.hasMore && (
        <LoadMoreButton
          onClick={search.loadMore}
          loading={search.loadingMore}
          label="Load more matching deployments"
        />
      )}
    </div>
  );
}
