import { Knex } from 'knex';
import { mockCredentials, TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { startDeploymentsBackend, TEST_API_KEY } from './testBackend';
import { createTestDatabases } from './testDatabases';
import { eventInput } from './events';
import { Json, Method, requestErrors, responseErrors } from './openapiOracle';

/*
 * A real backend whose every answer is checked against openapi.yaml (see
 * openapiOracle.ts), for the contract tests in src/schema/openapi*.test.ts.
 * Each of those files records the `METHOD path status` it saw and must see
 * exactly its share below; the document checks hold the union of the shares
 * to CONTRACT_RESPONSES and every declared operation.
 */

/** `METHOD path status` of every response the backend contract tests must exercise. */
export const CONTRACT_RESPONSES = [
  'post / 201', 'post / 400', 'post / 401', 'post / 409', 'post / 413', 'post / 415', 'post / 422',
  'post /batch 201', 'post /batch 400', 'post /batch 401', 'post /batch 403', 'post /batch 409',
  'post /batch 413', 'post /batch 415', 'post /batch 422', 'post /batch 429',
  'get / 200', 'get / 400', 'get / 401',
  'get /{id} 200', 'get /{id} 401', 'get /{id} 404',
  'get /matrix 200', 'get /matrix 304', 'get /matrix 400', 'get /matrix 401',
  'get /services 200', 'get /services 401',
  'get /environments 200', 'get /environments 401',
  'get /stream 200', 'get /stream 400', 'get /stream 401',
  'get /metrics 200', 'get /metrics 400', 'get /metrics 401',
  'get /promotion 200', 'get /promotion 400', 'get /promotion 401',
  'get /runs 200', 'get /runs 400', 'get /runs 401',
  'get /freezes 200', 'get /freezes 400', 'get /freezes 401',
  'get /health 200',
  'post /{id}/void 200', 'post /{id}/void 400', 'post /{id}/void 401', 'post /{id}/void 403',
  'post /{id}/void 404', 'post /{id}/void 409',
  'post /incidents 200', 'post /incidents 201', 'post /incidents 400', 'post /incidents 401',
  'post /incidents 403', 'post /incidents 409', 'post /incidents 413', 'post /incidents 415',
  'post /incidents 422', 'get /incidents 200', 'get /incidents 400', 'get /incidents 401',
];

/** What each backend contract test file must exercise, exactly: its share of CONTRACT_RESPONSES. */
export const EXERCISED_BY = {
  ingest: CONTRACT_RESPONSES.filter(s => s.startsWith('post / ')),
  batch: CONTRACT_RESPONSES.filter(s => s.startsWith('post /batch ')),
  // The read tests store events too.
  reads: [
    ...CONTRACT_RESPONSES.filter(
      s => s.startsWith('get ') && !s.startsWith('get /runs ') && !s.startsWith('get /freezes ') && !s.startsWith('get /incidents '),
    ),
    'post / 201',
  ],
  runs: [...CONTRACT_RESPONSES.filter(s => s.startsWith('get /runs ')), 'post / 201'],
  // Freeze windows, and in_freeze on the events of history, one event and runs.
  freezes: [
    ...CONTRACT_RESPONSES.filter(s => s.startsWith('get /freezes ')),
    'post / 201', 'get / 200', 'get /{id} 200', 'get /runs 200',
  ],
  // The void tests store and read events too.
  void: [
    ...CONTRACT_RESPONSES.filter(s => s.startsWith('post /{id}/void ')),
    'post / 201', 'get / 200', 'get /{id} 200', 'get /matrix 200', 'get /runs 200',
  ],
  // Incident events, their reads, and the metrics' basis.
  incidents: [...CONTRACT_RESPONSES.filter(s => s.includes(' /incidents ')), 'post / 201', 'get /metrics 200'],
};

/** The bodies the POST / 201 test stores, in its order; the read tests start from the same log. */
export const INGESTED_BODIES = [
  eventInput({
    deployment_id: 'checkout-staging-1',
    environment: 'staging',
    version: '1.2.3',
    run_url: 'https://ci.example.com/runs/1',
    run_number: 9007199254740991,
    actor: 'Zoë 🚀\nline two',
    ref: 'refs/heads/main',
    sha: 'a'.repeat(64),
    happened_at: '2026-01-01T09:00:00.123456+02:00',
  }),
  eventInput({
    deployment_id: 'checkout-prod-1',
    parent_deployments: ['checkout-staging-1'],
    version: '1.2.3',
  }),
  eventInput({ service: 'search', environment: 'dev', status: 'in-progress', version: null, run_number: null, parent_deployments: null }),
  eventInput({ service: 's'.repeat(128), environment: 'e'.repeat(64), deployment_id: 'd'.repeat(200) }),
  eventInput({
    deployment_id: 'checkout-prod-2',
    commits: ['abc1234', { sha: 'F'.repeat(64), authored_at: '2026-01-01T08:00:00+01:00' }, { sha: 'def5678', authored_at: null }],
    title: 't'.repeat(256),
    tags: Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(64, 'x')),
    is_test: false,
    change_type: 'hotfix',
  }),
  eventInput({ deployment_id: 'checkout-prod-3', commits: null, title: null, tags: null, is_test: null, change_type: null }),
];
/** Stored last by the POST / 201 test; the tests read it back by id. */
export const STORED_BODY = eventInput({ service: 'checkout', environment: 'dev' });
/** Stored with a Backstage service token right after. */
export const SERVICE_TOKEN_BODY = eventInput({ deployment_id: 'by-service-token' });

export const userAuth = { Authorization: mockCredentials.user.header() };

/** What a contract test file may add to its backend: more API keys, more configuration. */
type BackendOptions = Pick<Parameters<typeof startDeploymentsBackend>[0], 'config' | 'moreApiKeys' | 'services'>;

/** Starts the backend on a database before the tests of the enclosing describe, and stops it after. */
function useContractBackend(databases: TestDatabases, id: TestDatabaseId, options: BackendOptions) {
  let api: Awaited<ReturnType<typeof startDeploymentsBackend>>;
  let knex: Knex;
  /** `METHOD path status` of every checked response, for the coverage check. */
  const seen = new Set<string>();

  /** Sends a request, checks request and response against the spec, returns the response. */
  async function call(
    method: Method,
    path: string,
    url: string,
    init: { headers?: Record<string, string>; body?: string } = {},
  ): Promise<{ status: number; headers: Headers; text: string; json: () => Json }> {
    const res = await fetch(`${api.baseUrl}${url}`, {
      method: method.toUpperCase(),
      headers: init.headers,
      body: init.body,
    });
    const text = await res.text();
    const observed = { status: res.status, headers: res.headers, text };
    expect({ route: `${method.toUpperCase()} ${url}`, errors: responseErrors(method, path, observed) }).toEqual({
      route: `${method.toUpperCase()} ${url}`,
      errors: [],
    });
    seen.add(`${method} ${path} ${res.status}`);
    return { ...observed, json: () => JSON.parse(text) };
  }

  const ingest = (body: unknown, headers: Record<string, string> = {}) =>
    call('post', '/', '', {
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': TEST_API_KEY, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const ingestAsService = (body: unknown) =>
    call('post', '/', '', {
      headers: { 'Content-Type': 'application/json', Authorization: mockCredentials.service.header() },
      body: JSON.stringify(body),
    });

  const read = (path: string, url: string, headers: Record<string, string> = {}) => {
    if (path !== '/{id}') {
      expect({ url, errors: requestErrors('get', path, url) }).toEqual({ url, errors: [] });
    }
    return call('get', path, url, { headers: { ...userAuth, ...headers } });
  };

  beforeAll(async () => {
    knex = await databases.init(id);
    api = await startDeploymentsBackend({
      ...options,
      knex,
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'checkout', namespace: 'default' },
          spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
        },
      ],
    });
  });
  afterAll(() => api.backend.stop());

  /** Stores the log the ingest tests leave, in their order; returns the event of STORED_BODY. */
  async function storeIngestedLog(): Promise<Json> {
    const statuses = [];
    for (const body of INGESTED_BODIES) statuses.push((await ingest(body)).status);
    const last = await ingest(STORED_BODY);
    statuses.push(last.status, (await ingestAsService(SERVICE_TOKEN_BODY)).status);
    if (statuses.some(s => s !== 201)) throw new Error(`Storing the ingest tests' log answered ${statuses.join(', ')}`);
    return last.json();
  }

  return {
    call,
    ingest,
    ingestAsService,
    read,
    storeIngestedLog,
    seen,
    /** The API's base URL; valid once the backend has started. */
    baseUrl: () => api.baseUrl,
    /** The backend's database, e.g. to set up a state no request can produce on cue. */
    knex: () => knex,
  };
}

/** Declares `tests` against a real backend on each test database, every answer checked against openapi.yaml. */
export function describeAgainstContract(
  tests: (backend: ReturnType<typeof useContractBackend>) => void,
  options: BackendOptions = {},
) {
  const databases = createTestDatabases();
  describe.each(databases.eachSupportedId())('the real backend against openapi.yaml on %s', id => {
    tests(useContractBackend(databases, id, options));
  });
}
