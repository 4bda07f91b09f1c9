import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import AcUnitIcon from '@material-ui/icons/AcUnit';
import ScheduleIcon from '@material-ui/icons/Schedule';
import { FreezeWindow } from '@deploydash/plugin-deployments-common';
import { useFreezes } from '../../hooks/useFreezes';
import { useNow } from '../shared/clock';
import { ProblemPanel } from '../shared/ProblemPanel';
import { fromText, scopeText, untilText } from './freezeText';

/** Upcoming windows are announced this long before they start. */
const ANNOUNCE_MS = 24 * 3_600_000;

const useStyles = makeStyles(theme => ({
  root: {
    marginBottom: theme.spacing(2),
    padding: theme.spacing(1.5, 2),
    // Text in the theme's own text colour on its paper: the theme's contrast.
    backgroundColor: theme.palette.background.paper,
    color: theme.palette.text.primary,
    borderLeft: `${theme.spacing(0.75)}px solid ${theme.palette.warning.main}`,
  },
  upcomingOnly: { borderLeftColor: theme.palette.info.main },
  line: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1.5),
    '& + &': { marginTop: theme.spacing(1) },
  },
  icon: { marginTop: 2, flexShrink: 0 },
  frozenIcon: { color: theme.palette.warning.main },
  // Long names and reasons wrap, so the banner fits 800 px.
  text: { minWidth: 0, overflowWrap: 'anywhere' },
  name: { fontWeight: theme.typography.fontWeightBold as number },
}));

function ActiveFreeze(props: { window: FreezeWindow; now: number }) {
  const { window, now } = props;
  const classes = useStyles();
  return (
    <div className={classes.line} data-testid="freeze-active" data-freeze={window.name}>
      <AcUnitIcon className={`${classes.icon} ${classes.frozenIcon}`} aria-hidden />
      <div className={classes.text}>
        <Typography variant="body1">
          <span className={classes.name}>Deployment freeze: {window.name}</span>{' '}
          — {untilText(window, now)}
        </Typography>
        <Typography variant="body2">{window.reason}</Typography>
        <Typography variant="body2">Covers {scopeText(window)}</Typography>
      </div>
    </div>
  );
}

function UpcomingFreeze(props: { window: FreezeWindow; now: number }) {
  const { window, now } = props;
  const classes = useStyles();
  return (
    <div className={classes.line} data-testid="freeze-upcoming" data-freeze={window.name}>
      <ScheduleIcon className={classes.icon} aria-hidden />
      <Typography variant="body2" className={classes.text}>
        <span className={classes.name}>Next freeze: {window.name}</span> {fromText(window, now)}
        {' '}({scopeText(window)}) — {window.reason}
      </Typography>
    </div>
  );
}

/**
 * Tells that deployments are frozen right now (and which freeze starts
 * within 24 hours) for a service, an environment, or anything when both are
 * left out. Renders nothing when no freeze concerns them. Visibility only:
 * nothing stops a deployment.
 *
 * @public
 */
export function FreezeBanner(props: { service?: string; environment?: string }) {
  const classes = useStyles();
  const { value, error, retry } = useFreezes({ service: props.service, environment: props.environment });
  // Re-renders on the shared 30 s tick, so "in 2 hours" stays true and
  // ended windows go; the text itself uses the exact time.
  useNow();
  const now = Date.now();
  if (error && !value) return <ProblemPanel error={error} onRetry={retry} />;
  if (!value) return null;
  const active = value.active.filter(w => Date.parse(w.end) > now);
  const upcoming = value.upcoming.filter(w => {
    const start = Date.parse(w.start);
    return start > now && start - now <= ANNOUNCE_MS;
  });
  if (!active.length && !upcoming.length) return null;
  return (
    <Paper
      variant="outlined"
      role="status"
      aria-label={active.length ? 'Deployment freeze in effect' : 'Deployment freeze coming'}
      data-testid="freeze-banner"
      className={`${classes.root} ${active.length ? '' : classes.upcomingOnly}`}
    >
      {active.map(w => (
        <ActiveFreeze key={`${w.name}:${w.start}`} window={w} now={now} />
      ))}
      {upcoming.map(w => (
        <UpcomingFreeze key={`${w.name}:${w.start}`} window={w} now={now} />
      ))}
    </Paper>
  );
}
