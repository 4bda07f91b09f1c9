import { useEffect, useState } from 'react';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import InputAdornment from '@material-ui/core/InputAdornment';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import SearchIcon from '@material-ui/icons/Search';
import { MatrixFilters as Filters } from '../../hooks/useMatrixFilters';
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
  /** Owner entity refs to choose from. */
  ownerOptions: string[];
  shown: number;
  total: number;
}

/**
 * Search, failures-only and owner filters. The search box keeps its own
 * text and writes it to the URL after a short pause, so typing stays
 * smooth and does not re-filter 300 rows per keystroke.
 */
export function MatrixFilters(props: MatrixFiltersProps) {
  const { filters, onChange, ownerOptions, shown, total } = props;
  const classes = useStyles();
  const [text, setText] = useState(filters.query);

  // The URL can change from outside (back button, a shared link).
  useEffect(() => setText(filters.query), [filters.query]);
  useEffect(() => {
    if (text === filters.query) return undefined;
    const timer = setTimeout(() => onChange({ query: text }), 200);
    return () => clearTimeout(timer);
  }, [text, filters.query, onChange]);

  const options =
    filters.owner && !ownerOptions.includes(filters.owner)
      ? [...ownerOptions, filters.owner]
      : ownerOptions;

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
          <option key={owner} value={owner}>
            {humanizeOwner(owner)}
          </option>
        ))}
      </TextField>
      <Typography variant="body2" className={classes.count} aria-live="polite">
        {shown === total
          ? `${total} service${total === 1 ? '' : 's'}`
          : `${shown} of ${total} service${total === 1 ? '' : 's'}`}
      </Typography>
    </div>
  );
}
