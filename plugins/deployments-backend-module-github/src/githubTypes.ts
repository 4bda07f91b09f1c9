// The parts of GitHub's REST responses this module reads. GitHub sends more;
// every field is treated as possibly missing or null.

export interface GithubUser {
  login?: string | null;
}

/** `GET /repos/{owner}/{repo}/deployments` items. */
export interface GithubDeployment {
  id: number;
  sha?: string | null;
  ref?: string | null;
  environment?: string | null;
  description?: string | null;
  /** An object, or a JSON string on older GitHub Enterprise versions. */
  payload?: unknown;
  creator?: GithubUser | null;
  created_at: string;
  updated_at: string;
}

export type GithubDeploymentState =
  | 'error'
  | 'failure'
  | 'inactive'
  | 'in_progress'
  | 'queued'
  | 'pending'
  | 'success';

/** `GET /repos/{owner}/{repo}/deployments/{id}/statuses` items. */
export interface GithubDeploymentStatus {
  id: number;
  state: GithubDeploymentState | string;
  log_url?: string | null;
  target_url?: string | null;
  created_at: string;
}

/** `GET /repos/{owner}/{repo}/actions/workflows/{file}/runs` items. */
export interface GithubWorkflowRun {
  id: number;
  run_number?: number | null;
  run_attempt?: number | null;
  status?: string | null;
  conclusion?: string | null;
  head_branch?: string | null;
  head_sha?: string | null;
  display_title?: string | null;
  html_url?: string | null;
  actor?: GithubUser | null;
  triggering_actor?: GithubUser | null;
  created_at: string;
  updated_at: string;
  run_started_at?: string | null;
}

export interface GithubWorkflowRunsPage {
  workflow_runs?: GithubWorkflowRun[];
}
