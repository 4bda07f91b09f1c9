export { DoraMetricsCard } from './DoraMetricsCard';
export type { DoraMetricsCardProps } from './DoraMetricsCard';
export { PromotionLane } from './PromotionLane';
export type { PromotionLaneProps } from './PromotionLane';
