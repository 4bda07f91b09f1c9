import {
  DeploymentStatus,
  TERMINAL_STATUSES,
} from '@deploydash/plugin-deployments-common';
import { ImportedDeploymentEvent } from '@deploydash/plugin-deployments-node';
import { GithubRepository } from './catalogRepositories';
import { DeployWorkflow } from './config';
import { clip, deploymentIdFor, externalIdFor, httpUrl } from './eventIds';
import { GithubWorkflowRun } from './githubTypes';

/** Conclusions of runs that stopped before they finished: not a failure of the change. */
const CANCELLED_CONCLUSIONS = new Set([
  'cancelled',
  'timed_out',
  'skipped',
  'stale',
]);

function statusOf(run: GithubWorkflowRun): DeploymentStatus {
  switch (run.status) {
    case 'completed':
      if (run.conclusion === 'success') return 'success';
      return CANCELLED_CONCLUSIONS.has(run.conclusion ?? '')
        ? 'cancelled'
        : 'failure';
    case 'requested':
    case 'queued':
    case 'pending':
      return 'queued';
    case 'waiting': // a job waits on environment protection rules (reviewers, a timer)
      return 'waiting';
    default:
      return 'in-progress'; // in_progress, and any state GitHub adds later
  }
}

/**
 * A finished run at its `updated_at`; every earlier state at the attempt's
 * start (`run_started_at`, which a re-run resets; `created_at` is the first
 * attempt's). The run tells when it started and when it last changed, not
 * when it began to wait: states seen one after another (queued, waiting,
 * in progress) share that time, and the one imported later — the newer
 * state — is the slot's current event.
 */
function happenedAt(run: GithubWorkflowRun, status: DeploymentStatus): string {
  if (TERMINAL_STATUSES.includes(status)) return run.updated_at;
  return run.run_started_at ?? run.created_at;
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
      happened_at: happenedAt(run, status),
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
