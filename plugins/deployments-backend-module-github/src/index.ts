/**
 * Pull mode for the Deployments backend plugin: imports GitHub deployments.
 *
 * @packageDocumentation
 */
export { deploymentsModuleGithub as default } from './module';
export { GithubDeploymentsPoller } from './GithubDeploymentsPoller';
export type {
  GithubDeploymentsPollerOptions,
  PollSummary,
} from './GithubDeploymentsPoller';
export type { DeployWorkflow, GithubImportSettings } from './config';
export type { ImportTotals } from './importFeed';
