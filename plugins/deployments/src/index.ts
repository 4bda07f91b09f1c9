/**
 * Deployments frontend plugin: a live deployment matrix, per-slot history
 * and an entity tab.
 *
 * @packageDocumentation
 */
export {
  deploymentsPlugin,
  DeploymentsPage,
  EntityDeploymentsContent,
  EntityDeploymentsCard,
  EntityTeamDeploymentsContent,
} from './plugin';
export type { EntityDeploymentsCardProps } from './components/EntityDeploymentsCard';
export {
  rootRouteRef as deploymentsRouteRef,
  insightsRouteRef as deploymentsInsightsRouteRef,
} from './routes';
export { isDeploymentsAvailable, deploymentsServiceName } from './entity';
export { deploymentsApiRef } from './api/DeploymentsApi';
export type {
  ActivityQuery,
  DeploymentsApi,
  DeploymentsRequestOptions,
  GroupInsightsQuery,
  MatrixQuery,
  StreamEventsOptions,
} from './api/DeploymentsApi';
export { DeploymentsClient } from './api/DeploymentsClient';
export { DeploymentsApiError } from './api/DeploymentsApiError';
export type { DeploymentsApiErrorOptions } from './api/DeploymentsApiError';
