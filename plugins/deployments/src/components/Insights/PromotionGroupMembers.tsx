import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { PromotionStage } from '@deploydash/plugin-deployments-common';
import { eventLabel } from '../shared/format';

const useStyles = makeStyles(theme => ({
  list: {
    listStyle: 'none',
    margin: theme.spacing(1, 0, 0),
    padding: theme.spacing(0.5, 0, 0),
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  item: { display: 'flex', gap: theme.spacing(1), minWidth: 0 },
  environment: { flex: '0 0 auto', color: theme.palette.text.secondary },
  version: {
    fontFamily: 'monospace',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
}));

/**
 * An environment group's stage (docs/api.md "Environment groups"): what
 * each member last ran successfully. The stage's own version is the oldest
 * of them, what runs everywhere.
 */
export function PromotionGroupMembers(props: { stage: PromotionStage }) {
  const classes = useStyles();
  const members = props.stage.members;
  if (!members?.length) return null;
  return (
    <ul
      className={classes.list}
      aria-label={`Environments of ${props.stage.environment}`}
      data-testid="promotion-group-members"
    >
      {members.map(member => {
        const label = member.current
          ? eventLabel(member.current)
          : 'never deployed successfully';
        return (
          <Typography
            key={member.environment}
            component="li"
            variant="caption"
            className={classes.item}
            data-environment={member.environment}
          >
            <span className={classes.environment}>{member.environment}</span>
            <span className={classes.version} title={label}>
              {label}
            </span>
          </Typography>
        );
      })}
    </ul>
  );
}
