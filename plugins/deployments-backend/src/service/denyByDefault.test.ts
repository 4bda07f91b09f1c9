import { readFileSync } from 'fs';
import { resolve as resolvePath } from 'path';
import { parse as parseYaml } from 'yaml';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend, TEST_API_KEY } from '../__testUtils__/testBackend';
import { countStoredEvents, eventInput } from '../__testUtils__/events';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const spec = parseYaml(readFileSync(resolvePath(__dirname, '../schema/openapi.yaml'), 'utf8'));
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Every route of the OpenAPI document (`{id}` filled in), plus paths nobody declared. */
const PATHS = [
  ...Object.keys(spec.paths).map(path => path.replace(/\{[^}]+\}/g, '1')),
  '/nope',
  '/nope/deeper',
  '/matrix/extra',
  '/1/void',
  '/.backstage/actions/v1/actions',
  '/health/deeper',
  '//matrix',
];
/** The contract's only unauthenticated routes; each checks what it needs itself. */
const PUBLIC = new Set(['GET /health', 'HEAD /health', 'POST /', 'POST /batch', 'POST /incidents']);

describe.each(databases.eachSupportedId())('deny by default on %s', id => {
  it('answers 401 on every other path and method without Backstage credentials', async () => {
    const knex = await databases.init(id);
    const api = await startDeploymentsBackend({ knex });
    const answers: string[] = [];
    for (const path of PATHS) {
      for (const method of METHODS) {
        if (PUBLIC.has(`${method} ${path}`)) continue;
        for (const headers of [{}, { 'X-Api-Key': TEST_API_KEY }] as Record<string, string>[]) {
          const res = await fetch(`${api.baseUrl}${path}`, {
            method,
            headers: { 'Content-Type': 'application/json', ...headers },
            body: method === 'GET' || method === 'HEAD' ? undefined : JSON.stringify(eventInput()),
          });
          answers.push(`${method} ${path} ${Object.keys(headers).join() || 'no credentials'}: ${res.status}`);
        }
      }
    }
    const expected = answers.map(a => a.replace(/\d+$/, '401'));
    expect(answers).toEqual(expected);
    expect(answers.length).toBeGreaterThan(100);
    expect(await countStoredEvents(knex)).toBe(0);
    await api.backend.stop();
  });

  it('keeps the public routes reachable: health, and ingest with its key', async () => {
    const knex = await databases.init(id);
    const api = await startDeploymentsBackend({ knex });
    expect((await fetch(`${api.baseUrl}/health`)).status).toBe(200);
    expect((await api.post(eventInput())).status).toBe(201);
    const noKey = await fetch(api.baseUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(eventInput()),
    });
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get('content-type')).toContain('application/problem+json');
    expect(await countStoredEvents(knex)).toBe(1);
    await api.backend.stop();
  });
});
