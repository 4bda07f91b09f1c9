import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { RelativeTime } from '../shared/RelativeTime';
import { RunLink } from '../shared/RunLink';
import { StatusLabel } from '../shared/StatusLabel';
import { AbsoluteTime } from '../shared/AbsoluteTime';
import { shortSha } from '../shared/format';
import { VoidEventAction } from './VoidEventAction';
import { VoidedNote } from './VoidedNote';
import { FreezeChip } from '../Freezes';

const useStyles = makeStyles(theme => ({
  root: {
    padding: theme.spacing(1, 0),
    borderTop: `1px solid ${theme.palette.divider}`,
    '&:first-child': { borderTop: 'none' },
  },
  line: {
    display: 'flex',
    gap: theme.spacing(1.5),
    alignItems: 'baseline',
    flexWrap: 'wrap',
  },
  version: { fontFamily: 'monospace' },
  environment: { fontWeight: theme.typography.fontWeightMedium as number },
  details: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(1.5),
    margin: theme.spacing(0.5, 0, 0),
    fontSize: theme.typography.body2.fontSize,
    '& dt': { color: theme.palette.text.secondary },
    // Long ids and SHAs may break where they must; words and times do not.
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
  },
  mono: { fontFamily: 'monospace' },
  // A voided event (shown only when asked for) is struck through.
  voided: { textDecoration: 'line-through' },
}));

/** Where an event came from, in words: pushed by CI, or imported by a provider. */
export function sourceLabel(source: string): string {
  if (source === 'api') return 'pushed (API)';
  if (source === 'github') return 'imported from GitHub';
  return `imported (${source})`;
}

/**
 * One event of the history: everything the backend stored about it; with
 * `showEnvironment`, its environment too (in lists across environments).
 */
export function HistoryEvent(props: {
  event: DeploymentEvent;
  showEnvironment?: boolean;
}) {
  const { event } = props;
  const classes = useStyles();
  const parents = event.parent_deployments ?? [];
  return (
    <li
      className={classes.root}
      data-testid="history-event"
      data-event-id={event.id}
      data-voided={event.voided ? 'true' : undefined}
    >
      <div
        className={
          event.voided ? `${classes.line} ${classes.voided}` : classes.line
        }
      >
        <StatusLabel status={event.status} still />
        {props.showEnvironment && (
          <Typography
            variant="body2"
            className={classes.environment}
            data-testid="history-event-environment"
          >
            {event.environment}
          </Typography>
        )}
        <Typography variant="body2" className={classes.version}>
          {event.version || '(no version)'}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          <RelativeTime iso={event.happened_at} />
        </Typography>
        <RunLink event={event} />
        {event.is_test && <Chip size="small" label="test" />}
        <FreezeChip event={event} />
        {event.change_type && event.change_type !== 'feature' && (
          <Chip size="small" label={event.change_type} />
        )}
        {event.tags.map(tag => (
          <Chip key={tag} size="small" variant="outlined" label={tag} />
        ))}
      </div>
      <VoidedNote event={event} />
      {event.title && <Typography variant="body2">{event.title}</Typography>}
      <dl className={classes.details}>
        <dt>Time</dt>
        <dd data-testid="history-event-time">
          <AbsoluteTime iso={event.happened_at} />
        </dd>
        {event.actor && (
          <>
            <dt>Actor</dt>
            <dd>{event.actor}</dd>
          </>
        )}
        <dt>Source</dt>
        <dd data-testid="history-event-source">{sourceLabel(event.source)}</dd>
        <dt>Deployment</dt>
        <dd className={classes.mono}>{event.deployment_id}</dd>
        {event.ref && (
          <>
            <dt>Ref</dt>
            <dd className={classes.mono}>{event.ref}</dd>
          </>
        )}
        {event.sha && (
          <>
            <dt>SHA</dt>
            <dd className={classes.mono} title={event.sha}>
              {shortSha(event.sha)}
            </dd>
          </>
        )}
        {event.commits.length > 0 && (
          <>
            <dt>Commits</dt>
            <dd className={classes.mono}>
              {event.commits.map(c => shortSha(c.sha)).join(', ')}
            </dd>
          </>
        )}
        {parents.length > 0 && (
          <>
            <dt>Parents</dt>
            <dd className={classes.mono}>{parents.join(', ')}</dd>
          </>
        )}
        <dt>Event id</dt>
        <dd className={classes.mono}>{event.id}</dd>
      </dl>
      <VoidEventAction event={event} />
    </li>
  );
}
