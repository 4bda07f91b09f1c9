export { EntityTeamDeploymentsContent } from './EntityTeamDeploymentsContent';
