import { validateDeploymentEventInput } from '@deploydash/plugin-deployments-common';
import { githubRepository } from './__testUtils__/testBackend';
import { GithubWorkflowRun } from './githubTypes';
import { mapWorkflowRun } from './mapWorkflowRun';

const repo = githubRepository('api');
const workflow = { file: 'deploy.yml', environment: 'prod' };
const run = (fields: Partial<GithubWorkflowRun>): GithubWorkflowRun => ({
  id: 99,
  run_number: 12,
  run_attempt: 2,
  status: 'completed',
  conclusion: 'success',
  head_branch: 'main',
  head_sha: 'deadbeefcafe',
  html_url: 'https://github.com/acme/api/actions/runs/99',
  actor: { login: 'dev' },
  triggering_actor: { login: 'releaser' },
  created_at: '2026-01-01T10:00:00Z',
  run_started_at: '2026-01-01T10:01:00Z',
  updated_at: '2026-01-01T10:09:00Z',
  ...fields,
});

describe('mapWorkflowRun', () => {
  it.each([
    [
      { status: 'queued', conclusion: null },
      'in-progress',
      '2026-01-01T10:01:00Z',
    ],
    [
      { status: 'in_progress', conclusion: null, run_started_at: null },
      'in-progress',
      '2026-01-01T10:00:00Z',
    ],
    [
      { status: 'waiting', conclusion: null },
      'in-progress',
      '2026-01-01T10:01:00Z',
    ],
    [
      { status: 'completed', conclusion: 'success' },
      'success',
      '2026-01-01T10:09:00Z',
    ],
    [
      { status: 'completed', conclusion: 'failure' },
      'failure',
      '2026-01-01T10:09:00Z',
    ],
    [
      { status: 'completed', conclusion: 'cancelled' },
      'failure',
      '2026-01-01T10:09:00Z',
    ],
  ])('maps %j to %s at %s', (fields, status, happenedAt) => {
    const { event } = mapWorkflowRun(repo, workflow, run(fields));
    expect(event).toMatchObject({ status, happened_at: happenedAt });
  });

  it('builds a valid event per (run, attempt, state), correlated per attempt', () => {
    const started = mapWorkflowRun(
      repo,
      workflow,
      run({ status: 'in_progress', conclusion: null }),
    );
    const finished = mapWorkflowRun(repo, workflow, run({}));
    expect(started.externalId).toBe(
      'github.com/acme/api/actions/runs/99/attempts/2/in-progress',
    );
    expect(finished.externalId).toBe(
      'github.com/acme/api/actions/runs/99/attempts/2/success',
    );
    expect(finished.event).toMatchObject({
      deployment_id: 'github:github.com/acme/api/actions/runs/99/attempts/2',
      service: 'api',
      environment: 'prod',
      version: 'deadbeefcafe',
      sha: 'deadbeefcafe',
      ref: 'main',
      actor: 'releaser',
      run_number: 12,
      run_url: 'https://github.com/acme/api/actions/runs/99',
    });
    expect((started.event as { deployment_id: string }).deployment_id).toBe(
      (finished.event as { deployment_id: string }).deployment_id,
    );
    expect(validateDeploymentEventInput(finished.event)).toMatchObject({
      ok: true,
    });
    expect(
      mapWorkflowRun(repo, workflow, run({ run_attempt: 3 })).externalId,
    ).toContain('/attempts/3/');
  });
});
