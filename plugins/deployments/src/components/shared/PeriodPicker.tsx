import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { usePeriod } from '../../hooks/usePeriod';
import { PERIOD_PRESETS, dayOf, dayStartMs } from '../../state/period';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1, 2),
  },
  dates: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
  date: { width: '11rem' },
}));

/**
 * The period of every metrics view: preset buttons (7, 30, 90 days, this
 * quarter) and a first and last day. It reads and writes the URL (see
 * {@link usePeriod}), so every view on the page and a shared link agree.
 *
 * @public
 */
export function PeriodPicker() {
  const classes = useStyles();
  const { from, to, preset, setPeriod } = usePeriod();
  const fromDay = dayOf(Date.parse(from));
  const toDay = dayOf(Date.parse(to) - 1);

  // A date input gives '' while a person is still typing: keep the period.
  const changeFrom = (day: string) => {
    const ms = dayStartMs(day);
    if (ms === undefined) return;
    setPeriod({ from: day, to: ms > dayStartMs(toDay)! ? day : toDay });
  };
  const changeTo = (day: string) => {
    const ms = dayStartMs(day);
    if (ms === undefined) return;
    setPeriod({ from: ms < dayStartMs(fromDay)! ? day : fromDay, to: day });
  };

  return (
    <div
      className={classes.root}
      data-testid="period-picker"
      role="group"
      aria-label="Period"
    >
      <ButtonGroup size="small" color="primary" aria-label="Period presets">
        {PERIOD_PRESETS.map(option => (
          <Button
            key={option.value}
            variant={option.value === preset ? 'contained' : 'outlined'}
            aria-pressed={option.value === preset}
            onClick={() => setPeriod({ from, to, preset: option.value })}
          >
            {option.label}
          </Button>
        ))}
      </ButtonGroup>
      <div className={classes.dates}>
        <TextField
          className={classes.date}
          type="date"
          size="small"
          variant="outlined"
          label="From"
          value={fromDay}
          onChange={e => changeFrom(e.target.value)}
          InputLabelProps={{ shrink: true }}
          inputProps={{ 'aria-label': 'First day (UTC)', max: toDay }}
        />
        <TextField
          className={classes.date}
          type="date"
          size="small"
          variant="outlined"
          label="To"
          value={toDay}
          onChange={e => changeTo(e.target.value)}
          InputLabelProps={{ shrink: true }}
          inputProps={{ 'aria-label': 'Last day (UTC)', min: fromDay }}
        />
      </div>
      <Typography variant="caption" color="textSecondary">
        UTC days, last day included
      </Typography>
    </div>
  );
}
