import { makeStyles } from '@material-ui/core/styles';
import { DeploymentSlot } from '@deploydash/plugin-deployments-common';
import { RelativeTime } from '../shared/RelativeTime';
import { StatusLabel } from '../shared/StatusLabel';
import { ellipsis, slotLineStyles } from './slotStyles';

const useStyles = makeStyles(theme => ({
  ...slotLineStyles(theme),
  time: {
    ...ellipsis,
    flex: '0 0 auto',
    marginLeft: 'auto',
    fontSize: theme.typography.caption.fontSize,
    color: theme.palette.text.secondary,
  },
  // Room for the run link, which sits over this line outside the button.
  withRun: { paddingRight: theme.spacing(10) },
}));

/**
 * A slot in three short lines: status; version and when; who deployed it —
 * or, while the current deployment failed or is still running, the version
 * that last succeeded (what most likely still serves traffic). Uses only the
 * fields of the matrix's summary view. Compact: the first two lines only
 * (the last success is still in the slot's label and its history).
 */
export function SlotContent(props: {
  slot: DeploymentSlot;
  hasRun: boolean;
  /** Two lines only: status; version and when (40 px rows). */
  compact?: boolean;
}) {
  const classes = useStyles();
  const { current, last_successful: lastSuccessful } = props.slot;
  if (props.compact) {
    return (
      <>
        <div className={`${classes.status} ${classes.compactStatus}`}>
          <StatusLabel status={current.status} />
        </div>
        <div className={`${classes.second} ${classes.compactSecond}`}>
          <span
            className={classes.version}
            title={current.version ?? undefined}
            data-testid="slot-version"
          >
            {current.version || '(no version)'}
          </span>
          <RelativeTime iso={current.happened_at} className={classes.time} />
        </div>
      </>
    );
  }
  // Who deployed it, or while not settled, what last succeeded.
  let third = current.actor;
  const showsLastSuccess = current.status !== 'success' && !!lastSuccessful;
  if (current.status !== 'success') {
    third = lastSuccessful
      ? `Last success: ${lastSuccessful.version || '(no version)'}`
      : 'No successful deployment yet';
  }
  return (
    <>
      <div className={classes.status}>
        <StatusLabel status={current.status} />
      </div>
      <div className={classes.second}>
        <span
          className={classes.version}
          title={current.version ?? undefined}
          data-testid="slot-version"
        >
          {current.version || '(no version)'}
        </span>
        <RelativeTime iso={current.happened_at} className={classes.time} />
      </div>
      <span
        className={`${classes.third} ${props.hasRun ? classes.withRun : ''}`}
        title={third ?? undefined}
        data-testid={showsLastSuccess ? 'slot-last-success' : undefined}
      >
        {third}
      </span>
    </>
  );
}
