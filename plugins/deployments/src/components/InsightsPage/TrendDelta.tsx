import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import ArrowDownward from '@material-ui/icons/ArrowDownward';
import ArrowUpward from '@material-ui/icons/ArrowUpward';
import Check from '@material-ui/icons/Check';
import PriorityHigh from '@material-ui/icons/PriorityHigh';
import Remove from '@material-ui/icons/Remove';
import { readableColour } from '../shared/readableColour';
import { Trend } from './groupColumns';

const useStyles = makeStyles({
  root: {
    position: 'relative',
    display: 'inline-flex',
    alignItems: 'center',
    gap: 2,
    whiteSpace: 'nowrap',
  },
  icon: { fontSize: '1em' },
  srOnly: {
    position: 'absolute',
    left: 0,
    top: 0,
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

/**
 * A metric's change against the previous period: an arrow for the
 * direction, the signed change, and a mark for the verdict (✓ better,
 * ! worse; in words in the title and for screen readers), so colour is never
 * the only cue (colour repeats the verdict).
 */
export function TrendDelta(props: { trend: Trend }) {
  const { trend } = props;
  const classes = useStyles();
  const theme = useTheme();
  let colour = theme.palette.text.secondary;
  if (trend.verdict === 'better') {
    colour = readableColour(theme, theme.palette.success.main);
  } else if (trend.verdict === 'worse') {
    colour = readableColour(theme, theme.palette.error.main);
  }
  let icon = null;
  if (trend.direction === 'up') icon = <ArrowUpward className={classes.icon} />;
  else if (trend.direction === 'down') {
    icon = <ArrowDownward className={classes.icon} />;
  } else if (trend.direction === 'flat') {
    icon = <Remove className={classes.icon} />;
  }
  return (
    <Typography
      variant="caption"
      className={classes.root}
      style={{ color: colour }}
      title={trend.description}
      data-testid="trend"
      data-verdict={trend.verdict}
      data-direction={trend.direction}
    >
      <span aria-hidden="true" className={classes.root}>
        {icon}
        {trend.direction === 'none' ? 'no comparison' : trend.delta}
        {trend.verdict === 'better' && <Check className={classes.icon} />}
        {trend.verdict === 'worse' && <PriorityHigh className={classes.icon} />}
      </span>
      <span className={classes.srOnly}>{trend.description}</span>
    </Typography>
  );
}
