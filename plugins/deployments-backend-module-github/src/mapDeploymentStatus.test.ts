import { validateDeploymentEventInput } from '@deploydash/plugin-deployments-common';
import { githubRepository } from './__testUtils__/testBackend';
import { GithubDeployment } from './githubTypes';
import { mapDeploymentStatus } from './mapDeploymentStatus';

const repo = githubRepository('checkout');
const deployment: GithubDeployment = {
  id: 42,
  sha: 'abc1234def',
  ref: 'refs/tags/v3',
  environment: 'prod',
  creator: { login: 'octocat' },
  payload: {},
  created_at: '2026-01-01T10:00:00Z',
  updated_at: '2026-01-01T10:05:00Z',
};
const status = (state: string, extra: object = {}) => ({
  id: 7,
  state,
  created_at: '2026-01-01T10:05:00Z',
  ...extra,
});

describe('mapDeploymentStatus', () => {
  it.each([
    ['queued', 'queued'],
    ['pending', 'queued'],
    ['waiting', 'waiting'],
    ['in_progress', 'in-progress'],
    ['success', 'success'],
    ['failure', 'failure'],
    ['error', 'failure'],
    ['inactive', undefined],
    ['some_future_state', undefined],
  ])('maps state %s to %s', (state, expected) => {
    const mapped = mapDeploymentStatus(repo, deployment, status(state));
    expect((mapped?.event as { status?: string } | undefined)?.status).toBe(
      expected,
    );
  });

  it('builds a valid ingest body with stable ids', () => {
    const mapped = mapDeploymentStatus(
      repo,
      deployment,
      status('success', { log_url: 'https://ci.test/run/1' }),
    )!;
    expect(mapped.externalId).toBe(
      'github.com/acme/checkout/deployment-statuses/7',
    );
    expect(mapped.event).toEqual({
      deployment_id: 'github:github.com/acme/checkout/deployments/42',
      service: 'checkout',
      environment: 'prod',
      status: 'success',
      happened_at: '2026-01-01T10:05:00Z',
      version: 'refs/tags/v3',
      ref: 'refs/tags/v3',
      sha: 'abc1234def',
      actor: 'octocat',
      run_url: 'https://ci.test/run/1',
      title: undefined,
    });
    expect(validateDeploymentEventInput(mapped.event)).toMatchObject({
      ok: true,
    });
  });

  it('prefers payload.version (also from a JSON string payload) and an http(s) log or target URL', () => {
    const withPayload = { ...deployment, payload: '{"version":"3.1.0"}' };
    const mapped = mapDeploymentStatus(
      repo,
      withPayload,
      status('success', { log_url: 'ftp://x', target_url: 'http://t.test' }),
    );
    expect(mapped?.event).toMatchObject({
      version: '3.1.0',
      run_url: 'http://t.test',
    });
    expect(
      mapDeploymentStatus(
        repo,
        { ...deployment, payload: 'not json' },
        status('success'),
      )?.event,
    ).toMatchObject({
      version: 'refs/tags/v3',
      run_url: undefined,
    });
  });

  it('keeps ids within the contract limits for very long names', () => {
    const long = {
      ...repo,
      host: `${'h'.repeat(150)}.test`,
      name: 'r'.repeat(100),
    };
    const mapped = mapDeploymentStatus(
      long,
      { ...deployment, ref: 'x'.repeat(300) },
      status('success'),
    )!;
    const event = mapped.event as {
      deployment_id: string;
      ref: string;
      version: string;
    };
    expect(event.deployment_id).toMatch(/^github:sha256:[0-9a-f]{64}$/);
    expect(mapped.externalId.length).toBeLessThanOrEqual(300);
    expect(event.ref).toHaveLength(256);
    expect(event.version).toHaveLength(128);
    expect(validateDeploymentEventInput(event)).toMatchObject({ ok: true });
    // Stable: the same deployment always gets the same id.
    expect(
      (
        mapDeploymentStatus(long, deployment, status('queued'))!
          .event as typeof event
      ).deployment_id,
    ).toBe(event.deployment_id);
  });
});
