import { NotFoundError } from '@backstage/errors';
import { GithubCredentialsProvider } from '@backstage/integration';
import { githubRepository } from './__testUtils__/testBackend';
import { FakeGitHub } from './__testUtils__/fakeGitHub';
import { GithubApiError, GithubClient, RateLimitedError } from './GithubClient';

const repo = githubRepository('api', 'ghe.test');
const credentials: GithubCredentialsProvider = {
  getCredentials: async () => ({
    type: 'token',
    token: 't',
    headers: { Authorization: 'Bearer t' },
  }),
};

describe('GithubClient', () => {
  let fake: FakeGitHub;
  let clock: number;
  const client = () =>
    new GithubClient({
      host: 'ghe.test',
      apiBaseUrl: fake.baseUrl,
      credentials,
      now: () => clock,
    });

  beforeAll(async () => {
    fake = await FakeGitHub.start();
    fake.addDeployment('acme/api', { created_at: '2026-01-01T00:00:00Z' });
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('pauses for retry-after on a secondary rate limit, without sending anything meanwhile', async () => {
    const github = client();
    fake.failNext('/repos/acme/api/deployments', 403, 1, {
      'retry-after': '30',
    });
    const error = await github
      .get(repo, '/repos/acme/api/deployments')
      .catch(e => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.untilMs).toBe(clock + 30_000);

    const before = fake.requests.length;
    clock += 29_000;
    await expect(
      github.get(repo, '/repos/acme/api/deployments'),
    ).rejects.toMatchObject({ fresh: false });
    expect(fake.requests.length).toBe(before);
    clock += 2_000;
    await expect(
      github.get(repo, '/repos/acme/api/deployments'),
    ).resolves.toMatchObject({ notModified: false });
  });

  it('tells a 403 without rate-limit signs, a 404 and a 500 apart', async () => {
    const github = client();
    fake.failNext('/repos/acme/api/deployments', 403);
    await expect(
      github.get(repo, '/repos/acme/api/deployments'),
    ).rejects.toBeInstanceOf(GithubApiError);
    await expect(
      github.get(repo, '/repos/acme/gone/deployments'),
    ).rejects.toBeInstanceOf(NotFoundError);
    fake.failNext('/repos/acme/api/deployments', 500);
    await expect(
      github.get(repo, '/repos/acme/api/deployments'),
    ).rejects.toMatchObject({ status: 500 });
    await expect(
      github.get(repo, '/repos/acme/api/deployments'),
    ).resolves.toMatchObject({ notModified: false });
  });

  it('never sends credentials to a link outside the API base URL', async () => {
    const before = fake.requests.length;
    await expect(
      client().get(repo, 'https://elsewhere.test/repos/acme/api/deployments'),
    ).rejects.toThrow(/Refusing to follow/);
    expect(fake.requests.length).toBe(before);
  });
});
