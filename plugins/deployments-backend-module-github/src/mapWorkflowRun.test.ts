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
      { status: 'requested', conclusion: null },
      'queued',
      '2026-01-01T10:01:00Z',
    ],
    [{ status: 'queued', conclusion: null }, 'queued', '2026-01-01T10:01:00Z'],
    [{ status: 'pending', conclusion: null }, 'queued', '2026-01-01T10:01:00Z'],
    [
      { status: 'queued', conclusion: null, run_started_at: null },
      'queued',
      '2026-01-01T10:00:00Z',
    ],
    // Held by environment protection (required reviewers, a wait timer).
    [
      { status: 'waiting', conclusion: null },
      'waiting',
      '2026-01-01T10:01:00Z',
    ],
    [
      { status: 'in_progress', conclusion: null },
      'in-progress',
      '2026-01-01T10:01:00Z',
    ],
    [
      { status: 'in_progress', conclusion: null, run_started_at: null },
      'in-progress',
      '2026-01-01T10:00:00Z',
    ],
    [
      { status: 'some_future_state', conclusion: null },
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
      { status: 'completed', conclusion: 'startup_failure' },
      'failure',
      '2026-01-01T10:09:00Z',
    ],
    // Stopped before it finished (a person, a newer run, a timeout): not a failure of the change.
    [
      { status: 'completed', conclusion: 'cancelled' },
      'cancelled',
      '2026-01-01T10:09:00Z',
    ],
    [
      { status: 'completed', conclusion: 'timed_out' },
      'cancelled',
      '2026-01-01T10:09:00Z',
    ],
    [
      { status: 'completed', conclusion: 'skipped' },
      'cancelled',
      '2026-01-01T10:09:00Z',
    ],
    [
      { status: 'completed', conclusion: 'stale' },
      'cancelled',
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

  it('gives each state of an attempt its own external id; queued, waiting and in progress share the start time', () => {
    const seen = ['queued', 'waiting', 'in_progress'].map(state =>
      mapWorkflowRun(repo, workflow, run({ status: state, conclusion: null })),
    );
    const cancelled = mapWorkflowRun(
      repo,
      workflow,
      run({ conclusion: 'cancelled' }),
    );
    expect([...seen, cancelled].map(e => e.externalId)).toEqual([
      'github.com/acme/api/actions/runs/99/attempts/2/queued',
      'github.com/acme/api/actions/runs/99/attempts/2/waiting',
      'github.com/acme/api/actions/runs/99/attempts/2/in-progress',
      'github.com/acme/api/actions/runs/99/attempts/2/cancelled',
    ]);
    expect(
      new Set(seen.map(e => (e.event as { happened_at: string }).happened_at)),
    ).toEqual(new Set(['2026-01-01T10:01:00Z']));
    for (const { event } of [...seen, cancelled]) {
      expect(validateDeploymentEventInput(event)).toMatchObject({ ok: true });
    }
  });
});
