import { Knex } from 'knex';
import {
  BackendFeature,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The module's tests need the real plugin to host it (a dev dependency only).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import deploymentsPlugin from '@deploydash/plugin-deployments-backend';
import {
  DeploymentEventProviderConnection,
  deploymentsProvidersExtensionPoint,
} from '@deploydash/plugin-deployments-node';
import { GithubRepository } from '../catalogRepositories';

/**
 * A module that hands the test the connection the Deployments plugin gives a
 * provider named `github`: the real validation, store and stream, so a poller
 * can be driven directly, poll by poll.
 */
export function connectionCapture() {
  let resolve!: (connection: DeploymentEventProviderConnection) => void;
  const connection = new Promise<DeploymentEventProviderConnection>(r => {
    resolve = r;
  });
  const feature = createBackendModule({
    pluginId: 'deployments',
    moduleId: 'test-connection-capture',
    register(reg) {
      reg.registerInit({
        deps: { providers: deploymentsProvidersExtensionPoint },
        async init({ providers }) {
          providers.addProvider({
            getProviderName: () => 'github',
            connect: async c => resolve(c),
          });
        },
      });
    },
  });
  return { feature, connection };
}

/** The Deployments plugin on a test database, with the given catalog, config and extra features. */
export async function startDeployments(options: {
  knex: Knex;
  features?: BackendFeature[];
  entities?: Entity[];
  config?: JsonObject;
}) {
  const backend = await startTestBackend({
    features: [
      deploymentsPlugin,
      mockServices.database.factory({ knex: options.knex }),
      mockServices.rootConfig.factory({ data: options.config ?? {} }),
      catalogServiceMock.factory({ entities: options.entities ?? [] }),
      ...(options.features ?? []),
    ],
  });
  const baseUrl = `http://localhost:${backend.server.port()}/api/deployments`;
  return {
    backend,
    /** GET as a signed-in user. */
    get: (path: string, init: RequestInit = {}) =>
      fetch(`${baseUrl}${path}`, {
        ...init,
        headers: { Authorization: mockCredentials.user.header() },
      }),
  };
}

/** A Component entity as the catalog returns it. */
export function component(
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

/** A polled repository `acme/<name>` whose service has the same name. */
export function githubRepository(
  name: string,
  host = 'github.com',
): GithubRepository {
  return {
    host,
    owner: 'acme',
    name,
    service: name,
    entityRef: `component:default/${name}`,
  };
}
