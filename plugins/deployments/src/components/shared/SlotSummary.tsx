import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DeploymentSlot } from '@deploydash/plugin-deployments-common';
import { RelativeTime } from './RelativeTime';
import { StatusLabel } from './StatusLabel';

const useStyles = makeStyles(theme => ({
  root: { display: 'flex', flexDirection: 'column', gap: 2, minWidth: 0 },
  version: {
    fontFamily: 'monospace',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  meta: {
    color: theme.palette.text.secondary,
    fontSize: theme.typography.caption.fontSize,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  lastSuccess: {
    fontSize: theme.typography.caption.fontSize,
    color: theme.palette.text.secondary,
  },
}));

/**
 * What a slot shows: status, version, when, who — and, while the current
 * deployment failed or is still running, the version that last succeeded
 * (what is most likely still serving traffic).
 */
export function SlotSummary(props: { slot: DeploymentSlot }) {
  const classes = useStyles();
  const { current, last_successful: lastSuccessful } = props.slot;
  const showLastSuccess =
    current.status !== 'success' &&
    lastSuccessful &&
    lastSuccessful !== current;
  return (
    <div className={classes.root}>
      <StatusLabel status={current.status} />
      <Typography
        variant="body2"
        className={classes.version}
        title={current.version ?? undefined}
        data-testid="slot-version"
      >
        {current.version || '(no version)'}
      </Typography>
      <span className={classes.meta}>
        <RelativeTime iso={current.happened_at} />
        {current.actor ? ` · ${current.actor}` : ''}
      </span>
      {showLastSuccess && (
        <span className={classes.lastSuccess} data-testid="slot-last-success">
          Last success: {lastSuccessful.version || '(no version)'}
        </span>
      )}
      {current.status !== 'success' && !lastSuccessful && (
        <span className={classes.lastSuccess}>
          No successful deployment yet
        </span>
      )}
    </div>
  );
}
