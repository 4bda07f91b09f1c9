import { DeploymentStatus } from '@deploydash/plugin-deployments-common';
import { ImportedDeploymentEvent } from '@deploydash/plugin-deployments-node';
import { GithubRepository } from './catalogRepositories';
import { clip, deploymentIdFor, externalIdFor, httpUrl } from './eventIds';
import { GithubDeployment, GithubDeploymentStatus } from './githubTypes';

const STATUS_BY_STATE: Record<string, DeploymentStatus | undefined> = {
  // Created, not started yet.
  queued: 'queued',
  pending: 'queued',
  // Held by environment protection rules (GitHub's GraphQL API names this state).
  waiting: 'waiting',
  in_progress: 'in-progress',
  success: 'success',
  failure: 'failure',
  error: 'failure',
  // `inactive` only means a newer deployment replaced this one: not an event.
};

/** `payload.version` when the deployment was created with one. */
function payloadVersion(payload: unknown): string | undefined {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const version = (value as { version?: unknown } | null)?.version;
  return typeof version === 'string' && version ? version : undefined;
}

/**
 * One GitHub deployment status as a deployment event, or undefined for states
 * that are not events (`inactive`, or any state GitHub adds later).
 */
export function mapDeploymentStatus(
  repo: GithubRepository,
  deployment: GithubDeployment,
  status: GithubDeploymentStatus,
): ImportedDeploymentEvent | undefined {
  const mapped = STATUS_BY_STATE[status.state];
  if (!mapped) return undefined;
  return {
    externalId: externalIdFor(repo, `deployment-statuses/${status.id}`),
    event: {
      // The same for every status of the deployment, so they correlate.
      deployment_id: deploymentIdFor(repo, `deployments/${deployment.id}`),
      service: repo.service,
      environment: deployment.environment ?? '',
      status: mapped,
      happened_at: status.created_at,
      version: clip(payloadVersion(deployment.payload) ?? deployment.ref, 128),
      ref: clip(deployment.ref, 256),
      sha: clip(deployment.sha, 64),
      actor: clip(deployment.creator?.login, 256),
      run_url: httpUrl(status.log_url, status.target_url),
      title: clip(deployment.description, 256),
    },
  };
}
