export { DeploymentsRoutes } from './DeploymentsRoutes';
