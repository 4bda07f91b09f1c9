import { readFileSync } from 'fs';
import { resolve as resolvePath } from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import SwaggerParser from '@apidevtools/swagger-parser';
import { mockCredentials } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend, TEST_API_KEY } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { openStream } from '../__testUtils__/sseClient';

jest.setTimeout(60_000);

/*
 * Checks that the real backend answers exactly as openapi.yaml says: every
 * response's status must be declared for its route, its content type must be
 * declared, its declared required headers present and valid, and its body
 * valid against the declared schema (strict Ajv, OpenAPI 3.0 `nullable`).
 *
 * Backstage's `wrapServer` (@backstage/backend-openapi-utils/testUtils) is not
 * used: it needs an Express app it can listen with itself, fetches the spec
 * from the app's `/openapi.json`, and only supports supertest, while these
 * tests talk to a fully started backend with fetch.
 */

type Json = any;
type Method = 'get' | 'post';

const SPEC_PATH = resolvePath(__dirname, 'openapi.yaml');
const SPEC_ID = 'https://deploydash.invalid/openapi.yaml';
const spec: Json = parseYaml(readFileSync(SPEC_PATH, 'utf8'));

const escapeToken = (token: string) =>
  encodeURIComponent(token.replace(/~/g, '~0').replace(/\//g, '~1'));
const pointer = (...tokens: string[]) => `#/${tokens.map(escapeToken).join('/')}`;

/** The value at a local JSON pointer (`#/a/b`) of the spec. */
function at(ptr: string): Json {
  if (!ptr.startsWith('#/')) throw new Error(`Only local refs are supported: ${ptr}`);
  return ptr
    .slice(2)
    .split('/')
    .map(t => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node: Json, token) => {
      if (node === undefined || !(token in node)) throw new Error(`Dangling pointer ${ptr}`);
      return node[token];
    }, spec);
}

/** Follows `$ref`s; returns the object and the pointer it lives at. */
function deref(ptr: string): { node: Json; ptr: string } {
  let node = at(ptr);
  let current = ptr;
  while (node && typeof node.$ref === 'string') {
    current = node.$ref;
    node = at(current);
  }
  return { node, ptr: current };
}

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
// Annotation-only OpenAPI keywords, and the document's own top-level keys.
ajv.addVocabulary(['example', 'openapi', 'info', 'servers', 'tags', 'paths', 'components']);
ajv.addSchema({ ...spec, $id: SPEC_ID });

const compiled = new Map<string, ValidateFunction>();
/** A validator for the schema at a pointer of the spec. */
function schemaAt(ptr: string): ValidateFunction {
  let validate = compiled.get(ptr);
  if (!validate) {
    validate = ajv.compile({ $ref: `${SPEC_ID}${ptr}` });
    compiled.set(ptr, validate);
  }
  return validate;
}

function schemaErrors(ptr: string, value: unknown): string[] {
  const validate = schemaAt(ptr);
  if (validate(value)) return [];
  return (validate.errors ?? []).map(e => `${e.instancePath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`);
}

const schemaPtr = (name: string) => pointer('components', 'schemas', name);

function operationPtr(method: Method, path: string): string {
  const ptr = pointer('paths', path, method);
  if (!spec.paths?.[path]?.[method]) throw new Error(`${method.toUpperCase()} ${path} is not in openapi.yaml`);
  return ptr;
}

/** Parameters of an operation (path-level ones included), dereferenced. */
function parametersOf(method: Method, path: string): Array<{ node: Json; ptr: string }> {
  const op = operationPtr(method, path);
  const lists = [
    [pointer('paths', path), spec.paths[path].parameters ?? []],
    [op, at(op).parameters ?? []],
  ] as const;
  return lists.flatMap(([base, list]) =>
    (list as Json[]).map((_p, i) => deref(`${base}/parameters/${i}`)),
  );
}

/** A value of a query string or header, typed as its schema says. */
function coerce(schemaPointer: string, value: string): unknown {
  const { node } = deref(schemaPointer);
  if ((node.type === 'integer' || node.type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  return value;
}

/** What a request sent is wrong with, measured against the spec. */
function requestErrors(method: Method, path: string, url: string, body?: unknown): string[] {
  const errors: string[] = [];
  const params = parametersOf(method, path);
  const query = new URL(url, 'http://localhost').searchParams;
  for (const name of new Set(query.keys())) {
    const param = params.find(p => p.node.in === 'query' && p.node.name === name);
    if (!param) {
      errors.push(`query parameter '${name}' is not declared`);
      continue;
    }
    const values = query.getAll(name);
    if (values.length > 1) errors.push(`query parameter '${name}' is repeated`);
    const schema = `${param.ptr}/schema`;
    errors.push(...schemaErrors(schema, coerce(schema, values[0])).map(e => `${name}: ${e}`));
  }
  if (body !== undefined) {
    const op = at(operationPtr(method, path));
    if (!op.requestBody) errors.push('no request body is declared');
    else {
      const { ptr } = deref(`${operationPtr(method, path)}/requestBody`);
      errors.push(...schemaErrors(`${ptr}/content/${escapeToken('application/json')}/schema`, body));
    }
  }
  return errors;
}

interface ObservedResponse {
  status: number;
  headers: Headers;
  /** The raw body; undefined for a stream that is not read to the end. */
  text?: string;
}

/** What a response is wrong with, measured against the spec; empty when it conforms. */
function responseErrors(method: Method, path: string, res: ObservedResponse): string[] {
  const op = operationPtr(method, path);
  const route = `${method.toUpperCase()} ${path}`;
  if (!at(op).responses?.[String(res.status)]) {
    return [`status ${res.status} is not declared for ${route}`];
  }
  const { node: response, ptr } = deref(`${op}/responses/${res.status}`);
  const errors: string[] = [];
  for (const name of Object.keys(response.headers ?? {})) {
    const header = deref(`${ptr}/headers/${escapeToken(name)}`);
    const value = res.headers.get(name);
    if (value === null) {
      if (header.node.required) errors.push(`required header ${name} is missing`);
      continue;
    }
    const schema = `${header.ptr}/schema`;
    errors.push(...schemaErrors(schema, coerce(schema, value)).map(e => `header ${name}: ${e}`));
  }
  const content: Record<string, Json> = response.content ?? {};
  const mediaType = res.headers.get('content-type')?.split(';')[0].trim().toLowerCase();
  if (Object.keys(content).length === 0) {
    if (res.text) errors.push(`${route} ${res.status} declares no body but one was sent`);
    return errors;
  }
  if (!mediaType || !(mediaType in content)) {
    errors.push(`content type ${mediaType} is not declared for ${route} ${res.status}`);
    return errors;
  }
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    let body: unknown;
    try {
      body = JSON.parse(res.text ?? '');
    } catch {
      return [...errors, `the body is not JSON: ${res.text}`];
    }
    errors.push(...schemaErrors(`${ptr}/content/${escapeToken(mediaType)}/schema`, body));
  }
  return errors;
}

const databases = createTestDatabases();
const userAuth = { Authorization: mockCredentials.user.header() };

describe('openapi.yaml', () => {
  it('is a valid OpenAPI 3.0.3 document', async () => {
    expect(spec.openapi).toBe('3.0.3');
    await expect(SwaggerParser.validate(structuredClone(spec))).resolves.toBeDefined();
    expect(spec.servers).toEqual([expect.objectContaining({ url: '/api/deployments' })]);
  });

  it('compiles every schema with strict Ajv', () => {
    for (const name of Object.keys(spec.components.schemas)) {
      expect(() => schemaAt(schemaPtr(name))).not.toThrow();
    }
  });

  it('describes every route of the contract and the documented statuses', () => {
    const statuses = (method: Method, path: string) => Object.keys(spec.paths[path][method].responses).sort();
    expect(statuses('post', '/')).toEqual(['201', '400', '401', '403', '413', '415', '422', '429', '503']);
    expect(statuses('get', '/')).toEqual(['200', '400', '401', '403', '503']);
    expect(statuses('get', '/{id}')).toEqual(['200', '401', '403', '404', '503']);
    expect(statuses('get', '/matrix')).toEqual(['200', '304', '400', '401', '403', '503']);
    expect(statuses('get', '/services')).toEqual(['200', '401', '403', '503']);
    expect(statuses('get', '/environments')).toEqual(['200', '401', '403', '503']);
    expect(statuses('get', '/stream')).toEqual(['200', '400', '401', '403', '503']);
    expect(statuses('get', '/metrics')).toEqual(['200', '400', '401', '403', '503']);
    expect(statuses('get', '/promotion')).toEqual(['200', '400', '401', '403', '503']);
    expect(statuses('get', '/health')).toEqual(['200']);
  });

  it('agrees with the JSON examples of docs/api.md', () => {
    const docs = readFileSync(resolvePath(__dirname, '../../../../docs/api.md'), 'utf8');
    const examples = [...docs.matchAll(/^```json\n([\s\S]*?)^```$/gm)]
      .map(m => m[1])
      // The matrix example shortens its events with "...".
      .filter(text => !text.includes('"..."'))
      .map(text => JSON.parse(text));
    const schemaFor = (example: Json) => {
      if ('errors' in example) return 'ValidationProblem';
      if ('type' in example && 'title' in example) return 'Problem';
      if ('next_cursor' in example) return 'HistoryPage';
      if ('received_at' in example) return 'Event';
      return 'DeploymentEventInput';
    };
    const used = new Set<string>();
    for (const example of examples) {
      const name = schemaFor(example);
      used.add(name);
      expect({ name, example, errors: schemaErrors(schemaPtr(name), example) }).toMatchObject({ errors: [] });
    }
    expect([...used].sort()).toEqual(['Event', 'HistoryPage', 'Problem', 'ValidationProblem']);
  });

  it('has the stored event carry exactly the documented keys', () => {
    expect(Object.keys(spec.components.schemas.Event.properties).sort()).toEqual(
      [
        'id', 'deployment_id', 'service', 'environment', 'status', 'happened_at', 'received_at',
        'version', 'run_url', 'run_number', 'actor', 'ref', 'sha', 'parent_deployments',
        'commits', 'title', 'tags', 'is_test', 'change_type', 'source',
      ].sort(),
    );
    expect(spec.components.schemas.Event.additionalProperties).toBe(false);
    expect(spec.components.schemas.DeploymentEventInput.additionalProperties).toBe(false);
  });
});

describe.each(databases.eachSupportedId())('the real backend against openapi.yaml on %s', id => {
  let api: Awaited<ReturnType<typeof startDeploymentsBackend>>;
  let stored: Json;
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

  const read = (path: string, url: string, headers: Record<string, string> = {}) => {
    if (path !== '/{id}') {
      expect({ url, errors: requestErrors('get', path, url) }).toEqual({ url, errors: [] });
    }
    return call('get', path, url, { headers: { ...userAuth, ...headers } });
  };

  beforeAll(async () => {
    api = await startDeploymentsBackend({
      knex: await databases.init(id),
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

  it('POST / 201: full and minimal bodies, nulls, limits at their maximum', async () => {
    const bodies = [
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
    for (const body of bodies) {
      expect(requestErrors('post', '/', '', body)).toEqual([]);
      const res = await ingest(body);
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBe(`/api/deployments/${res.json().id}`);
    }
    stored = (await ingest(eventInput({ service: 'checkout', environment: 'dev' }))).json();
  });

  it.each([
    ['a missing field and an unknown one', { deployment_id: 'x', service: 'x', status: 'success', happened_at: '2026-01-01T00:00:00Z', colour: 'blue' }],
    ['a date without time', eventInput({ happened_at: '2024-01-01' })],
    ['a space separator', eventInput({ happened_at: '2024-01-01 10:00:00Z' })],
    ['an impossible date', eventInput({ happened_at: '2023-02-29T10:00:00Z' })],
    ['no offset', eventInput({ happened_at: '2024-01-01T10:00:00' })],
    ['run_number as a string', eventInput({ run_number: '42' })],
    ['run_number beyond 2^53 - 1', eventInput({ run_number: 2 ** 53 })],
    ['a negative run_number', eventInput({ run_number: -1 })],
    ['a relative run_url', eventInput({ run_url: '/runs/1' })],
    ['an ftp run_url', eventInput({ run_url: 'ftp://example.com/x' })],
    ['a status in capitals', eventInput({ status: 'SUCCESS' })],
    ['an empty service', eventInput({ service: '' })],
    ['a NUL character', eventInput({ environment: 'pr\u0000od' })],
    ['33 parents', eventInput({ parent_deployments: Array.from({ length: 33 }, (_, i) => `p${i}`) })],
    ['an empty parent', eventInput({ parent_deployments: [''] })],
    ['a sha over 64 chars', eventInput({ sha: 'a'.repeat(65) })],
    ['a body that is an array', []],
  ])('POST / 422 for %s, which the request schema rejects too', async (_name, body) => {
    expect(requestErrors('post', '/', '', body)).not.toEqual([]);
    const res = await ingest(body);
    expect(res.status).toBe(422);
    expect(res.json().errors.length).toBeGreaterThan(0);
  });

  it('POST / 422 lists every offending field', async () => {
    const res = await ingest({ service: 'x'.repeat(129), status: 'done', colour: 'blue' });
    expect(res.status).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['colour', 'deployment_id', 'environment', 'happened_at', 'service', 'status'],
    );
  });

  it('POST / 400, 401, 413 and 415', async () => {
    expect((await ingest('{"service": ')).status).toBe(400);
    expect((await ingest(eventInput(), { 'X-Api-Key': 'wrong' })).status).toBe(401);
    const anonymous = await call('post', '/', '', {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(eventInput()),
    });
    expect(anonymous.status).toBe(401);
    const userToken = await call('post', '/', '', {
      headers: { 'Content-Type': 'application/json', Authorization: mockCredentials.user.header() },
      body: JSON.stringify(eventInput()),
    });
    expect(userToken.status).toBe(401);
    const tooLarge = JSON.stringify(eventInput({ version: 'v'.repeat(70_000) }));
    expect((await ingest(tooLarge)).status).toBe(413);
    expect((await ingest('a=b', { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await ingest('text', { 'Content-Type': 'text/plain' })).status).toBe(415);
  });

  it('POST / 201 with a Backstage service token', async () => {
    const res = await call('post', '/', '', {
      headers: { 'Content-Type': 'application/json', Authorization: mockCredentials.service.header() },
      body: JSON.stringify(eventInput({ deployment_id: 'by-service-token' })),
    });
    expect(res.status).toBe(201);
  });

  it('GET / 200: filters and pages', async () => {
    const all = await read('/', '?limit=500');
    expect(all.status).toBe(200);
    expect(all.json().next_cursor).toBeNull();
    const page1 = await read('/', '?limit=2');
    expect(page1.json().items).toHaveLength(2);
    const cursor = page1.json().next_cursor;
    expect(typeof cursor).toBe('string');
    expect((await read('/', `?limit=2&cursor=${cursor}`)).status).toBe(200);
    const filtered = await read(
      '/',
      '?service=checkout&environment=prod&status=success&deployment_id=checkout-prod-1&since=2026-01-01T00:00:00Z&until=2026-01-02T00:00:00%2B01:00',
    );
    expect(filtered.json().items).toHaveLength(1);
  });

  it.each([
    ['limit 0', '?limit=0'],
    ['limit 501', '?limit=501'],
    ['a bad status', '?status=done'],
    ['a bad since', '?since=yesterday'],
    ['a malformed cursor', '?cursor=abc'],
    ['an unknown parameter', '?enviroment=prod'],
    ['a repeated parameter', '?service=a&service=b'],
  ])('GET / 400 for %s', async (_name, url) => {
    const res = await call('get', '/', url, { headers: userAuth });
    expect(res.status).toBe(400);
  });

  it('GET /{id} 200 and 404', async () => {
    const res = await read('/{id}', `/${stored.id}`);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual(stored);
    expect((await read('/{id}', '/999999999')).status).toBe(404);
    expect((await read('/{id}', '/not-an-id')).status).toBe(404);
  });

  it('GET /matrix 200, 304 and 400', async () => {
    const res = await read('/matrix', '/matrix');
    const matrix = res.json();
    expect(matrix.environments.slice(0, 3)).toEqual(['dev', 'staging', 'prod']);
    const checkout = matrix.services.find((s: Json) => s.service === 'checkout');
    expect(checkout.entity_ref).toBe('component:default/checkout');
    expect(checkout.slots.prod.last_successful).toEqual(checkout.slots.prod.current);
    const search = matrix.services.find((s: Json) => s.service === 'search');
    expect(search.slots.dev.last_successful).toBeNull();
    expect(search.entity_ref).toBeNull();
    const etag = res.headers.get('etag')!;
    expect((await read('/matrix', '/matrix?service=checkout')).status).toBe(200);
    expect((await read('/matrix', '/matrix', { 'If-None-Match': etag })).status).toBe(304);
    const repeated = await call('get', '/matrix', '/matrix?service=a&service=b', { headers: userAuth });
    expect(repeated.status).toBe(400);
  });

  it('GET /services and /environments 200', async () => {
    expect((await read('/services', '/services')).json().items).toContain('checkout');
    expect((await read('/environments', '/environments')).json().items.slice(0, 3)).toEqual(['dev', 'staging', 'prod']);
  });

  it('GET /stream 200: headers, and a frame whose data is an Event', async () => {
    const url = `${api.baseUrl}/stream?service=checkout&last_event_id=${stored.id}`;
    expect(requestErrors('get', '/stream', url)).toEqual([]);
    const stream = await openStream(url, { ...userAuth, 'Accept-Encoding': 'gzip' });
    const observed = { status: stream.response.status, headers: stream.response.headers };
    expect(responseErrors('get', '/stream', observed)).toEqual([]);
    seen.add(`get /stream ${observed.status}`);
    const posted = (await ingest(eventInput({ deployment_id: 'streamed' }))).json();
    const [frame] = await stream.waitFor(m => m.id === posted.id);
    await stream.close();
    expect(JSON.parse(frame.data!)).toEqual(posted);
    // Replayed frames (after last_event_id) and the live one.
    const frames = stream.deployments();
    expect(frames.length).toBeGreaterThan(1);
    for (const m of frames) {
      expect(m.event).toBe('deployment');
      const data = JSON.parse(m.data!);
      expect(data.id).toBe(m.id);
      expect(data.service).toBe('checkout');
      expect(schemaErrors(schemaPtr('Event'), data)).toEqual([]);
    }
  });

  it('GET /metrics 200 per day and per week, and 400 for bad parameters', async () => {
    const daily = await read('/metrics', '/metrics?service=checkout&from=2025-12-30T00:00:00Z&to=2026-01-03T00:00:00Z');
    expect(daily.status).toBe(200);
    const body = daily.json();
    expect(body.buckets).toHaveLength(4);
    // checkout's prod successes posted above on 2026-01-01.
    expect(body.overall.deployment_frequency.deployments).toBeGreaterThan(0);
    const weekly = await read('/metrics', '/metrics?bucket=week&environment=staging&to=2026-01-05T00:00:00Z');
    expect(weekly.json().buckets).toHaveLength(12);
    for (const url of [
      '/metrics?bucket=month',
      '/metrics?from=yesterday',
      '/metrics?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
      '/metrics?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      '/metrics?services=checkout',
    ]) {
      expect({ url, status: (await call('get', '/metrics', url, { headers: userAuth })).status }).toEqual({ url, status: 400 });
    }
  });

  it('GET /promotion 200 and 400', async () => {
    const res = await read('/promotion', '/promotion?service=checkout');
    const lane = res.json().services;
    expect(lane.map((s: Json) => s.service)).toEqual(['checkout']);
    expect(lane[0].entity_ref).toBe('component:default/checkout');
    expect(lane[0].stages.map((s: Json) => s.environment).slice(0, 3)).toEqual(['dev', 'staging', 'prod']);
    expect((await read('/promotion', '/promotion')).json().services.length).toBeGreaterThan(1);
    // Answers are cached per committed seq: a new event shows at once.
    await ingest(eventInput({ deployment_id: 'promoted-later', environment: 'staging', version: '7.7.7', happened_at: '2026-06-01T00:00:00Z' }));
    const after = (await read('/promotion', '/promotion?service=checkout')).json().services[0];
    expect(after.stages.find((s: Json) => s.environment === 'staging').current.version).toBe('7.7.7');
    expect(after.stages.find((s: Json) => s.environment === 'prod').waiting.map((e: Json) => e.version)).toContain('7.7.7');
    expect((await call('get', '/promotion', '/promotion?env=prod', { headers: userAuth })).status).toBe(400);
  });

  it('GET /stream 400 for a malformed Last-Event-ID', async () => {
    expect((await call('get', '/stream', '/stream', { headers: { ...userAuth, 'Last-Event-ID': 'abc' } })).status).toBe(400);
    expect((await call('get', '/stream', '/stream?last_event_id=-1', { headers: userAuth })).status).toBe(400);
  });

  it.each([
    ['', '/'],
    ['/1', '/{id}'],
    ['/matrix', '/matrix'],
    ['/services', '/services'],
    ['/environments', '/environments'],
    ['/stream', '/stream'],
    ['/metrics', '/metrics'],
    ['/promotion', '/promotion'],
  ])(
    'GET %s is 401 without credentials, with only an API key, or with a bad token',
    async (url, path) => {
      const attempts: Array<Record<string, string>> = [
        {},
        { 'X-Api-Key': TEST_API_KEY },
        { Authorization: 'Bearer not-a-token' },
      ];
      for (const headers of attempts) {
        expect((await call('get', path, url, { headers })).status).toBe(401);
      }
    },
  );

  it('GET /health 200 without credentials', async () => {
    expect((await call('get', '/health', '/health')).json()).toEqual({ status: 'ok' });
  });

  it('exercised every declared operation and every status the contract names', () => {
    const expected = [
      'post / 201', 'post / 400', 'post / 401', 'post / 413', 'post / 415', 'post / 422',
      'get / 200', 'get / 400', 'get / 401',
      'get /{id} 200', 'get /{id} 401', 'get /{id} 404',
      'get /matrix 200', 'get /matrix 304', 'get /matrix 400', 'get /matrix 401',
      'get /services 200', 'get /services 401',
      'get /environments 200', 'get /environments 401',
      'get /stream 200', 'get /stream 400', 'get /stream 401',
      'get /metrics 200', 'get /metrics 400', 'get /metrics 401',
      'get /promotion 200', 'get /promotion 400', 'get /promotion 401',
      'get /health 200',
    ];
    expect([...seen].sort()).toEqual(expected.sort());
    const declared = Object.entries<Json>(spec.paths).flatMap(([path, item]) =>
      Object.keys(item).map(method => `${method} ${path}`),
    );
    const exercised = new Set([...seen].map(s => s.split(' ').slice(0, 2).join(' ')));
    expect(declared.filter(op => !exercised.has(op))).toEqual([]);
  });

  it('can fail: the validator rejects responses that break the schema', async () => {
    const res = await fetch(`${api.baseUrl}/${stored.id}`, { headers: userAuth });
    const text = await res.text();
    const ok = { status: res.status, headers: res.headers, text };
    expect(responseErrors('get', '/{id}', ok)).toEqual([]);

    const withExtraKey = { ...ok, text: JSON.stringify({ ...JSON.parse(text), extra: 1 }) };
    expect(responseErrors('get', '/{id}', withExtraKey).join('\n')).toMatch(/additional properties/);
    const { parent_deployments: _dropped, ...withoutParents } = JSON.parse(text);
    expect(responseErrors('get', '/{id}', { ...ok, text: JSON.stringify(withoutParents) })).not.toEqual([]);
    const notUtc = { ...ok, text: JSON.stringify({ ...JSON.parse(text), happened_at: '2026-01-01T10:00:00+02:00' }) };
    expect(responseErrors('get', '/{id}', notUtc).join('\n')).toMatch(/pattern/);
    const runNumberAsText = { ...ok, text: JSON.stringify({ ...JSON.parse(text), run_number: '42' }) };
    expect(responseErrors('get', '/{id}', runNumberAsText)).not.toEqual([]);

    expect(responseErrors('get', '/{id}', { ...ok, status: 418 })).toEqual([
      'status 418 is not declared for GET /{id}',
    ]);
    const htmlError = { status: 404, headers: new Headers({ 'content-type': 'text/html' }), text: '<p>' };
    expect(responseErrors('get', '/{id}', htmlError)).toEqual([
      'content type text/html is not declared for GET /{id} 404',
    ]);
    const created = { status: 201, headers: new Headers({ 'content-type': 'application/json' }), text };
    expect(responseErrors('post', '/', created)).toEqual(['required header Location is missing']);
    const matrixWithoutEtag = {
      status: 200,
      headers: new Headers({ 'content-type': 'application/json' }),
      text: '{"environments":[],"services":[]}',
    };
    expect(responseErrors('get', '/matrix', matrixWithoutEtag)).toEqual(['required header ETag is missing']);
    expect(requestErrors('get', '/', '?limit=0&colour=blue')).toHaveLength(2);
  });
});
