export { EntityDeploymentsContent } from './EntityDeploymentsContent';
export { ServiceDeployments } from './ServiceDeployments';
