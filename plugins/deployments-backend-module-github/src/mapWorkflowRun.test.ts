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

// When an event happened: a run in flight at the attempt's start (at the
// run's creation while it has none), a completed one at its last update.
const CREATED = '2026-01-01T10:00:00Z';
const STARTED = '2026-01-01T10:01:00Z';
const UPDATED = '2026-01-01T10:09:00Z';
const inFlight = (status: string, fields: Partial<GithubWorkflowRun> = {}) => ({
  status,
  conclusion: null,
  ...fields,
});
const completed = (conclusion: string) => ({ status: 'completed', conclusion });
const notStarted = { run_started_at: null };

describe('mapWorkflowRun', () => {
  it.each([
    [inFlight('requested'), 'queued', STARTED],
    [inFlight('queued'), 'queued', STARTED],
    [inFlight('pending'), 'queued', STARTED],
    [inFlight('queued', notStarted), 'queued', CREATED],
    // Held by environment protection (required reviewers, a wait timer).
    [inFlight('waiting'), 'waiting', STARTED],
    [inFlight('in_progress'), 'in-progress', STARTED],
    [inFlight('in_progress', notStarted), 'in-progress', CREATED],
    [inFlight('some_future_state'), 'in-progress', STARTED],
    [completed('success'), 'success', UPDATED],
    [completed('failure'), 'failure', UPDATED],
    [completed('startup_failure'), 'failure', UPDATED],
    // Stopped before it finished (a person, a newer run, a timeout): not a failure of the change.
    [completed('cancelled'), 'cancelled', UPDATED],
    [completed('timed_out'), 'cancelled', UPDATED],
    [completed('skipped'), 'cancelled', UPDATED],
    [completed('stale'), 'cancelled', UPDATED],
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
