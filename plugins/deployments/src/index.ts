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
} from './plugin';
export { rootRouteRef as deploymentsRouteRef } from './routes';
export { isDeploymentsAvailable, deploymentsServiceName } from './entity';
export { deploymentsApiRef } from './api/DeploymentsApi';
export type {
  DeploymentsApi,
  DeploymentsRequestOptions,
  MatrixQuery,
  StreamEventsOptions,
} from './api/DeploymentsApi';
export { DeploymentsClient } from './api/DeploymentsClient';
export { DeploymentsApiError } from './api/DeploymentsApiError';
export type { DeploymentsApiErrorOptions } from './api/DeploymentsApiError';
