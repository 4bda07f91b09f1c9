import { Fragment } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard, Progress } from '@backstage/core-components';
import { usePromotion } from '../../hooks/usePromotion';
import { HorizontalScroll } from '../shared/HorizontalScroll';
import { ProblemPanel } from '../shared/ProblemPanel';
import { PromotionGap } from './PromotionGap';
import { PromotionStageCard } from './PromotionStageCard';
import { PromotionChanges } from './PromotionChanges';

const useStyles = makeStyles(theme => ({
  lane: {
    display: 'flex',
    alignItems: 'stretch',
    paddingBottom: theme.spacing(1),
  },
  quiet: { color: theme.palette.text.secondary },
}));

export interface PromotionLaneProps {
  service: string;
  /** Changes when a new event of the service arrives; the lane then reloads. */
  refreshKey?: string;
}

/**
 * The service's environments in promotion order (e.g. dev → staging →
 * prod), each with what runs there, and between them what waits to move on.
 */
export function PromotionLane(props: PromotionLaneProps) {
  const { service, refreshKey } = props;
  const classes = useStyles();
  const { value, loading, error, retry } = usePromotion(service, refreshKey);
  const stages = value?.services.find(s => s.service === service)?.stages;

  return (
    <div data-testid="promotion-lane">
      <InfoCard title="Promotion">
        {loading && <Progress />}
        {error && !value && <ProblemPanel error={error} onRetry={retry} />}
        {value && !stages?.length && (
          <Typography variant="body2" className={classes.quiet}>
            No environments to compare yet.
          </Typography>
        )}
        {stages && stages.length > 0 && (
          <HorizontalScroll
            contentKey={stages.length}
            testId="promotion-scroll"
          >
            <div className={classes.lane}>
              {stages.map((stage, i) => (
                <Fragment key={stage.environment}>
                  {i > 0 && (
                    <PromotionGap
                      stage={stage}
                      previous={stages[i - 1].current}
                    />
                  )}
                  <PromotionStageCard stage={stage} />
                </Fragment>
              ))}
            </div>
          </HorizontalScroll>
        )}
        {stages?.map(stage => (
          <PromotionChanges key={stage.environment} stage={stage} />
        ))}
      </InfoCard>
    </div>
  );
}
