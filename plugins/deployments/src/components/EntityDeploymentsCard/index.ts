export { EntityDeploymentsCard } from './EntityDeploymentsCard';
export type { EntityDeploymentsCardProps } from './EntityDeploymentsCard';
