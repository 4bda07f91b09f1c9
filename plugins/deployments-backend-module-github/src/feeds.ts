import { ImportedDeploymentEvent } from '@deploydash/plugin-deployments-node';
import { GithubRepository, repositoryKey } from './catalogRepositories';
import { DeployWorkflow } from './config';
import { GithubClient, GithubPage } from './GithubClient';
import {
  GithubDeployment,
  GithubDeploymentStatus,
  GithubWorkflowRun,
  GithubWorkflowRunsPage,
} from './githubTypes';
import { mapDeploymentStatus } from './mapDeploymentStatus';
import { mapWorkflowRun } from './mapWorkflowRun';

/** What every item of a feed has: GitHub lists them newest `created_at` first. */
export interface FeedItem {
  created_at: string;
  updated_at: string;
}

/** A paged GitHub list that deployments are imported from. */
export interface Feed<T extends FeedItem = FeedItem> {
  /** Names the feed in checkpoints and logs. */
  key: string;
  /** Page 1, as a path under the API base URL. */
  firstPath: string;
  items(body: unknown): T[];
  /** The events of an item that changed since the last poll. */
  eventsOf(item: T): Promise<ImportedDeploymentEvent[]>;
  /** A 404 for this feed is not an error of the repository (e.g. a missing workflow file). */
  optional: boolean;
}

const repoPath = (repo: GithubRepository) =>
  `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}`;

/** A repository's GitHub Deployments; each changed deployment's statuses are its events. */
export function deploymentsFeed(
  repo: GithubRepository,
  client: GithubClient,
  signal?: AbortSignal,
): Feed<GithubDeployment> {
  return {
    key: repositoryKey(repo),
    firstPath: `${repoPath(repo)}/deployments?per_page=100`,
    items: body => (Array.isArray(body) ? (body as GithubDeployment[]) : []),
    optional: false,
    async eventsOf(deployment) {
      const statuses: GithubDeploymentStatus[] = [];
      const statusesPath = `${repoPath(repo)}/deployments/${deployment.id}`;
      let next: string | undefined = `${statusesPath}/statuses?per_page=100`;
      while (next) {
        const page: GithubPage<GithubDeploymentStatus[]> = await client.get(
          repo,
          next,
          { signal },
        );
        if (page.notModified) break; // never asked for: no ETag was sent
        statuses.push(...(Array.isArray(page.body) ? page.body : []));
        next = page.next;
      }
      return statuses.flatMap(
        status => mapDeploymentStatus(repo, deployment, status) ?? [],
      );
    },
  };
}

/** The runs of one deploy workflow; each run's current state is its event. */
export function workflowRunsFeed(
  repo: GithubRepository,
  workflow: DeployWorkflow,
): Feed<GithubWorkflowRun> {
  return {
    key: `${repositoryKey(repo)}/workflows/${workflow.file}`,
    firstPath: `${repoPath(repo)}/actions/workflows/${encodeURIComponent(
      workflow.file,
    )}/runs?per_page=100`,
    items: body => (body as GithubWorkflowRunsPage | null)?.workflow_runs ?? [],
    optional: true,
    eventsOf: async run => [mapWorkflowRun(repo, workflow, run)],
  };
}
