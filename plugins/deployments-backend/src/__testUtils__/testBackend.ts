import { Knex } from 'knex';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { ServiceFactory } from '@backstage/backend-plugin-api';
import { deploymentsPlugin } from '../plugin';

export const TEST_API_KEY = 'test-key-0123456789';

const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Overrides win; objects merge key by key, arrays are replaced. */
function mergeConfig(base: JsonObject, overrides: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? mergeConfig(current, value) : value!;
  }
  return out;
}

/**
 * Starts a real Backstage backend (real HTTP stack, compression included)
 * with the plugin on the given database. Requests without a token are
 * unauthenticated, as in production.
 */
export async function startDeploymentsBackend(options: {
  knex: Knex;
  config?: JsonObject;
  entities?: Entity[];
  /** API keys besides the test key (`ci`). */
  moreApiKeys?: JsonObject[];
  /** More service factories, e.g. a permissions policy. */
  services?: ServiceFactory[];
}) {
  const backend = await startTestBackend({
    features: [
      deploymentsPlugin,
      mockServices.database.factory({ knex: options.knex }),
      mockServices.rootConfig.factory({
        data: mergeConfig(
          {
            deployments: {
              ingest: {
                apiKeys: [{ name: 'ci', key: TEST_API_KEY }, ...(options.moreApiKeys ?? [])],
              },
              environments: { order: ['dev', 'staging', 'prod'] },
            },
          },
          options.config ?? {},
        ),
      }),
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      catalogServiceMock.factory({ entities: options.entities ?? [] }),
      ...(options.services ?? []),
    ],
  });
  const baseUrl = `http://localhost:${backend.server.port()}/api/deployments`;
  const userAuth = { Authorization: mockCredentials.user.header() };
  /** POST an ingest body with the test key. */
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(baseUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': TEST_API_KEY, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    backend,
    baseUrl,
    /** GET as a signed-in user. */
    get: (path: string, headers: Record<string, string> = {}) =>
      fetch(`${baseUrl}${path}`, { headers: { ...userAuth, ...headers } }),
    post,
    /** POST test data that must be stored (201, else it throws); answers the stored event. */
    seed: async (body: unknown) => {
      const res = await post(body);
      if (res.status !== 201) throw new Error(`seed failed: ${res.status} ${await res.text()}`);
      return res.json();
    },
  };
}

/**
 * A backend on a fresh test database for the tests of the enclosing describe:
 * started before them, stopped after; read `api` and `knex` inside the tests.
 */
export function useDeploymentsBackend(
  databases: TestDatabases,
  id: TestDatabaseId,
  options: Omit<Parameters<typeof startDeploymentsBackend>[0], 'knex'> = {},
) {
  const state = {} as { knex: Knex; api: Awaited<ReturnType<typeof startDeploymentsBackend>> };
  beforeAll(async () => {
    state.knex = await databases.init(id);
    state.api = await startDeploymentsBackend({ ...options, knex: state.knex });
  });
  afterAll(() => state.api.backend.stop());
  return state;
}
