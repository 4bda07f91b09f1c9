import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { PromotionStage } from '@deploydash/plugin-deployments-common';
import { RelativeTime } from '../shared/RelativeTime';
import { eventLabel } from '../shared/format';
import { PromotionGroupMembers } from './PromotionGroupMembers';

const useStyles = makeStyles(theme => ({
  stage: {
    padding: theme.spacing(1.5, 2),
    minWidth: 160,
    maxWidth: 240,
    flexShrink: 0,
  },
  version: {
    fontFamily: 'monospace',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  quiet: { color: theme.palette.text.secondary },
}));

/**
 * One environment of the lane: what last succeeded there, and when; for an
 * environment group, what runs everywhere in it and each member's version.
 */
export function PromotionStageCard(props: { stage: PromotionStage }) {
  const { stage } = props;
  const classes = useStyles();
  const headingId = `promotion-stage-${stage.environment}`;
  return (
    <Paper
      variant="outlined"
      component="section"
      className={classes.stage}
      data-testid="promotion-stage"
      data-environment={stage.environment}
      aria-labelledby={headingId}
    >
      <Typography variant="subtitle1" component="h4" id={headingId}>
        {stage.environment}
      </Typography>
      {stage.current ? (
        <>
          <Typography
            variant="body2"
            className={classes.version}
            title={eventLabel(stage.current)}
            data-testid="promotion-current"
          >
            {eventLabel(stage.current)}
          </Typography>
          <Typography variant="caption" className={classes.quiet}>
            deployed <RelativeTime iso={stage.current.happened_at} />
          </Typography>
        </>
      ) : (
        <Typography variant="body2" className={classes.quiet}>
          never deployed successfully
        </Typography>
      )}
      <PromotionGroupMembers stage={stage} />
    </Paper>
  );
}
