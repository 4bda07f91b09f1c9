import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ArrowForwardIcon from '@material-ui/icons/ArrowForward';
import {
  DeploymentEvent,
  PromotionStage,
} from '@deploydash/plugin-deployments-common';
import { RelativeTime } from '../shared/RelativeTime';
import { readableColour } from '../shared/readableColour';
import { eventLabel } from '../shared/format';
import { matchedByText } from './matchedBy';

/** Waiting versions listed by name; the rest are counted. */
const SHOWN_VERSIONS = 5;
/** The backend lists at most this many waiting successes. */
const MAX_WAITING = 20;

const useStyles = makeStyles(theme => ({
  gap: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    textAlign: 'center',
    minWidth: 150,
    maxWidth: 220,
    padding: theme.spacing(0, 1),
    flexShrink: 0,
  },
  arrow: { color: theme.palette.text.secondary },
  // Text colours reach 4.5:1 on light and dark backgrounds.
  waiting: {
    color: readableColour(theme, theme.palette.warning.dark),
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  inSync: { color: readableColour(theme, theme.palette.success.main) },
  differs: {
    color: readableColour(theme, theme.palette.info.main),
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  quiet: { color: theme.palette.text.secondary },
  versions: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    fontFamily: 'monospace',
    fontSize: theme.typography.caption.fontSize,
  },
}));

export type GapState = 'waiting' | 'in-sync' | 'differs' | 'nothing';

/**
 * How a stage stands to the one before it. "In sync" only when the backend
 * linked this stage's deployment to a success below (`matched_by`) and
 * nothing newer waits: without a link, nothing waiting means this stage
 * runs something the stage before never ran (a hotfix straight to prod, a
 * rollback), not that the two agree.
 */
export function gapState(
  stage: PromotionStage,
  previous: DeploymentEvent | null,
): GapState {
  if (stage.waiting.length > 0) return 'waiting';
  if (!previous) return 'nothing';
  if (stage.current && stage.matched_by === null) return 'differs';
  return 'in-sync';
}

/**
 * The arrow into a stage from the one before it, with what waits to be
 * promoted: how many, which versions (newest first), since when and how
 * the backend matched them.
 */
export function PromotionGap(props: {
  stage: PromotionStage;
  /** What last succeeded in the previous environment, if anything. */
  previous: DeploymentEvent | null;
}) {
  const { stage, previous } = props;
  const classes = useStyles();
  const { waiting } = stage;
  const count =
    waiting.length >= MAX_WAITING ? `${MAX_WAITING}+` : `${waiting.length}`;
  const label = `From ${stage.previous_environment} to ${stage.environment}`;

  const state = gapState(stage, previous);

  return (
    <div
      className={classes.gap}
      data-testid="promotion-gap"
      data-environment={stage.environment}
      data-state={state}
      role="group"
      aria-label={label}
    >
      <ArrowForwardIcon className={classes.arrow} aria-hidden />
      {state === 'waiting' && (
        <>
          <Typography variant="body2" className={classes.waiting}>
            {count} waiting
          </Typography>
          <ol className={classes.versions} aria-label="Waiting versions">
            {waiting.slice(0, SHOWN_VERSIONS).map(event => (
              <li key={event.id}>{eventLabel(event)}</li>
            ))}
          </ol>
          {waiting.length > SHOWN_VERSIONS && (
            <Typography variant="caption" className={classes.quiet}>
              and {waiting.length - SHOWN_VERSIONS} more
            </Typography>
          )}
          {stage.lagging_since && (
            <Typography variant="caption" data-testid="promotion-since">
              waiting since <RelativeTime iso={stage.lagging_since} />
            </Typography>
          )}
        </>
      )}
      {state === 'in-sync' && (
        <Typography variant="body2" className={classes.inSync}>
          In sync
        </Typography>
      )}
      {state === 'differs' && stage.current && previous && (
        <>
          <Typography variant="body2" className={classes.differs}>
            Different versions
          </Typography>
          <Typography variant="caption" className={classes.quiet}>
            {stage.environment} runs {eventLabel(stage.current)}, which{' '}
            {stage.previous_environment} never ran ({stage.previous_environment}{' '}
            runs {eventLabel(previous)})
          </Typography>
        </>
      )}
      {state === 'nothing' && (
        <Typography variant="body2" className={classes.quiet}>
          Nothing to promote
        </Typography>
      )}
      {(state === 'waiting' || state === 'in-sync') && (
        <Typography variant="caption" className={classes.quiet}>
          {matchedByText(stage.matched_by)}
        </Typography>
      )}
    </div>
  );
}
