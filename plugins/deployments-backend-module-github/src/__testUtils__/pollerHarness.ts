import { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader, JsonObject } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { DeploymentEventProviderConnection } from '@deploydash/plugin-deployments-node';
import { GithubDeploymentsPoller } from '../GithubDeploymentsPoller';
import { FakeGitHub } from './fakeGitHub';
import { component, connectionCapture, startDeployments } from './testBackend';

export const HOST = 'ghe.example.test';
export const TOKEN = 'test-token-123';
export const NOW = Date.parse('2026-03-01T12:00:00Z');
const HOUR = 3_600_000;

/** A GitHub-style timestamp (no milliseconds) `hours` before NOW. */
export const hoursAgo = (hours: number) =>
  new Date(NOW - hours * HOUR).toISOString().replace('.000Z', 'Z');

/** Config pointing the GitHub integration at the fake. */
export const githubConfig = (
  fake: FakeGitHub,
  github: JsonObject = {},
): JsonObject => ({
  integrations: {
    github: [{ host: HOST, apiBaseUrl: fake.baseUrl, token: TOKEN }],
  },
  deployments: { github: { host: HOST, ...github } },
});

/** A catalog entity for `acme/<repo>`, named after the repo. */
export const repoEntity = (
  repo: string,
  annotations: Record<string, string> = {},
) =>
  component(repo, {
    'github.com/project-slug': `acme/${repo}`,
    ...annotations,
  });

/**
 * The Deployments plugin on one database, with the connection a provider
 * gets, and pollers on it driven by a test clock.
 */
export async function startHarness(knex: Knex, fake: FakeGitHub) {
  const capture = connectionCapture();
  const deployments = await startDeployments({
    knex,
    features: [capture.feature],
  });
  const connection: DeploymentEventProviderConnection =
    await capture.connection;
  const clock = { now: NOW };
  const logger = mockServices.logger.mock();

  return {
    backend: deployments.backend,
    connection,
    clock,
    logger,
    poller(entities: Entity[], github: JsonObject = {}) {
      return GithubDeploymentsPoller.fromConfig(
        new ConfigReader(githubConfig(fake, github)),
        {
          connection,
          catalog: catalogServiceMock({ entities }),
          auth: mockServices.auth(),
          logger,
          now: () => clock.now,
        },
      );
    },
    /** Stored events of a service, oldest first, read through the public API. */
    async events(service: string): Promise<DeploymentEvent[]> {
      const res = await deployments.get(
        `?service=${encodeURIComponent(service)}&limit=500`,
      );
      if (res.status !== 200)
        throw new Error(`history read failed: ${res.status}`);
      return ((await res.json()).items as DeploymentEvent[]).reverse();
    },
  };
}

/** How often each external id of the provider is stored, straight from the table. */
export async function storedExternalIds(
  knex: Knex,
  prefix: string,
): Promise<Map<string, number>> {
  const rows: Array<{ external_id: string; n: string | number }> = await knex(
    'deployment_events',
  )
    .where('source', 'github')
    .andWhere('external_id', 'like', `${prefix}%`)
    .groupBy('external_id')
    .select('external_id', knex.raw('count(*) as n'));
  return new Map(rows.map(r => [r.external_id, Number(r.n)]));
}
