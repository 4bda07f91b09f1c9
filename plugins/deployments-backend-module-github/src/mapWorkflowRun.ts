import { DeploymentStatus } from '@deploydash/plugin-deployments-common';
import { ImportedDeploymentEvent } from '@deploydash/plugin-deployments-node';
import { GithubRepository } from './catalogRepositories';
import { DeployWorkflow } from './config';
import { clip, deploymentIdFor, externalIdFor, httpUrl } from './eventIds';
import { GithubWorkflowRun } from './githubTypes';

function statusOf(run: GithubWorkflowRun): DeploymentStatus {
  if (run.status !== 'completed') return 'in-progress'; // queued, waiting, in_progress, ...
  return run.conclusion === 'success' ? 'success' : 'failure';
}

/**
 * A deploy workflow's run, in the state it is in now, as a deployment event.
 * Each attempt is its own deployment (a re-run deploys again), and each
 * (attempt, status) is imported once however often the run is seen.
 */
export function mapWorkflowRun(
  repo: GithubRepository,
  workflow: DeployWorkflow,
  run: GithubWorkflowRun,
): ImportedDeploymentEvent {
  const status = statusOf(run);
  const attempt = run.run_attempt ?? 1;
  const runPath = `actions/runs/${run.id}/attempts/${attempt}`;
  return {
    externalId: externalIdFor(repo, `${runPath}/${status}`),
    event: {
      deployment_id: deploymentIdFor(repo, runPath),
      service: repo.service,
      environment: workflow.environment,
      status,
      happened_at:
        status === 'in-progress'
          ? run.run_started_at ?? run.created_at
          : run.updated_at,
      // As the push-mode recipe for GitHub Actions: the commit is the version.
      version: clip(run.head_sha, 128),
      ref: clip(run.head_branch, 256),
      sha: clip(run.head_sha, 64),
      actor: clip(run.triggering_actor?.login ?? run.actor?.login, 256),
      run_url: httpUrl(run.html_url),
      run_number: run.run_number ?? undefined,
      title: clip(run.display_title, 256),
    },
  };
}
