import { ReactNode, useEffect, useState } from 'react';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import InputAdornment from '@material-ui/core/InputAdornment';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import SearchIcon from '@material-ui/icons/Search';
import { MatrixFilters as Filters } from '../../hooks/useMatrixFilters';
import { OwnerOption } from '../../hooks/useOwnerOptions';
import { humanizeOwner } from '../shared/format';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  owner: { minWidth: 200 },
  count: { marginLeft: 'auto', color: theme.palette.text.secondary },
}));

export interface MatrixFiltersProps {
  filters: Filters;
  onChange: (patch: Partial<Filters>) => void;
  /** Owners to choose from. */
  ownerOptions: OwnerOption[];
  /** Rows loaded so far (that match the filters); undefined while loading. */
  loaded?: number;
  /** Whether every matching row is loaded. */
  complete: boolean;
  /** More controls for the bar, before the count (e.g. the density). */
  children?: ReactNode;
}

/**
 * "All 6 services", "200 services loaded": the server pages the rows and
 * gives no total, so until the last page arrives only what is loaded is said.
 */
export function countText(
  loaded: number | undefined,
  complete: boolean,
  filtered: boolean,
): string {
  if (loaded === undefined) return 'Loading services…';
  const noun = `${filtered ? 'matching ' : ''}service${
    loaded === 1 ? '' : 's'
  }`;
  if (!complete) return `${loaded} ${noun} loaded`;
  return loaded > 1 ? `All ${loaded} ${noun}` : `${loaded} ${noun}`;
}

/**
 * Search, failures-only and owner filters. The search box keeps its own
 * text and writes it to the URL after a short pause, so typing stays
 * smooth and the server is asked once per pause, not per keystroke.
 */
export function MatrixFilters(props: MatrixFiltersProps) {
  const { filters, onChange, ownerOptions, loaded, complete } = props;
  const classes = useStyles();
  const [text, setText] = useState(filters.query);

  // The URL can change from outside (back button, a shared link).
  useEffect(() => setText(filters.query), [filters.query]);
  useEffect(() => {
    if (text === filters.query) return undefined;
    const timer = setTimeout(() => onChange({ query: text }), 250);
    return () => clearTimeout(timer);
  }, [text, filters.query, onChange]);

  // An owner from a shared link stays selectable even if the catalog lost it.
  const options =
    filters.owner && !ownerOptions.some(o => o.ref === filters.owner)
      ? [
          ...ownerOptions,
          { ref: filters.owner, label: humanizeOwner(filters.owner) },
        ]
      : ownerOptions;
  const filtered = Boolean(
    filters.query || filters.failuresOnly || filters.owner,
  );

  return (
    <div className={classes.root} role="search">
      <TextField
        variant="outlined"
        size="small"
        placeholder="Search services"
        value={text}
        onChange={e => setText(e.target.value)}
        inputProps={{ 'aria-label': 'Search services', type: 'search' }}
        InputProps={{
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon fontSize="small" aria-hidden />
            </InputAdornment>
          ),
        }}
      />
      <FormControlLabel
        control={
          <Switch
            checked={filters.failuresOnly}
            onChange={(_, checked) => onChange({ failuresOnly: checked })}
            color="primary"
            inputProps={{ 'aria-label': 'Failures only' }}
          />
        }
        label="Failures only"
      />
      <TextField
        select
        variant="outlined"
        size="small"
        label="Owner"
        className={classes.owner}
        value={filters.owner}
        onChange={e => onChange({ owner: e.target.value })}
        SelectProps={{ native: true }}
        inputProps={{ 'aria-label': 'Filter by owner' }}
        InputLabelProps={{ shrink: true }}
      >
        <option value="">All owners</option>
        {options.map(owner => (
          <option key={owner.ref} value={owner.ref}>
            {owner.label}
          </option>
        ))}
      </TextField>
      {props.children}
      <Typography
        variant="body2"
        className={classes.count}
        aria-live="polite"
        data-testid="matrix-count"
      >
        {countText(loaded, complete, filtered)}
      </Typography>
    </div>
  );
}
