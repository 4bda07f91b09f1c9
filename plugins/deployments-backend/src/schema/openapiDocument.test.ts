import { readFileSync } from 'fs';
import { resolve as resolvePath } from 'path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Json, Method, schemaAt, schemaErrors, schemaPtr, spec } from '../__testUtils__/openapiOracle';
import { CONTRACT_RESPONSES, EXERCISED_BY } from '../__testUtils__/openapiBackend';

jest.setTimeout(60_000);

/*
 * Checks of openapi.yaml itself. The real backend is checked against it by
 * openapiIngest.test.ts and openapiReads.test.ts; the last test here holds
 * what those two must exercise to the whole contract.
 */

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
    expect(statuses('post', '/')).toEqual(['201', '400', '401', '403', '409', '413', '415', '422', '429', '503']);
    expect(statuses('post', '/batch')).toEqual(['201', '400', '401', '403', '409', '413', '415', '422', '429', '503']);
    expect(statuses('get', '/')).toEqual(['200', '400', '401', '403', '503']);
    expect(statuses('get', '/{id}')).toEqual(['200', '401', '403', '404', '503']);
    expect(statuses('get', '/matrix')).toEqual(['200', '304', '400', '401', '403', '503']);
    expect(statuses('get', '/services')).toEqual(['200', '401', '403', '503']);
    expect(statuses('get', '/environments')).toEqual(['200', '401', '403', '503']);
    expect(statuses('get', '/stream')).toEqual(['200', '400', '401', '403', '503']);
    expect(statuses('get', '/metrics')).toEqual(['200', '400', '401', '403', '503']);
    expect(statuses('get', '/promotion')).toEqual(['200', '400', '401', '403', '503']);
    expect(statuses('get', '/runs')).toEqual(['200', '400', '401', '403', '503']);
    expect(statuses('get', '/freezes')).toEqual(['200', '400', '401', '403']);
    expect(statuses('get', '/health')).toEqual(['200']);
    expect(statuses('post', '/{id}/void')).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '503']);
    expect(statuses('post', '/incidents')).toEqual(['200', '201', '400', '401', '403', '409', '413', '415', '422', '429', '503']);
    expect(statuses('get', '/incidents')).toEqual(['200', '400', '401', '403', '503']);
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
      if ('next_cursor' in example) return example.items.some((i: Json) => 'events' in i) ? 'RunsPage' : 'HistoryPage';
      if ('active' in example && 'upcoming' in example) return 'FreezesResponse';
      if ('in_freeze' in example) return 'ReadEvent';
      if ('incident_id' in example) return 'IncidentEvent';
      if ('received_at' in example) return 'Event';
      return 'DeploymentEventInput';
    };
    const used = new Set<string>();
    for (const example of examples) {
      const name = schemaFor(example);
      used.add(name);
      expect({ name, example, errors: schemaErrors(schemaPtr(name), example) }).toMatchObject({ errors: [] });
    }
    expect([...used].sort()).toEqual([
      'Event', 'FreezesResponse', 'HistoryPage', 'IncidentEvent', 'Problem', 'ReadEvent', 'RunsPage', 'ValidationProblem',
    ]);
  });

  it('has the stored event carry exactly the documented keys', () => {
    expect(Object.keys(spec.components.schemas.Event.properties).sort()).toEqual(
      [
        'id', 'deployment_id', 'service', 'environment', 'status', 'happened_at', 'received_at',
        'version', 'run_url', 'run_number', 'actor', 'ref', 'sha', 'parent_deployments',
        'commits', 'title', 'tags', 'is_test', 'change_type', 'source', 'voided',
      ].sort(),
    );
    expect(spec.components.schemas.Event.additionalProperties).toBe(false);
    expect(spec.components.schemas.DeploymentEventInput.additionalProperties).toBe(false);
  });

  // Each backend test file checks that it saw exactly its share of EXERCISED_BY.
  it('is exercised by the backend tests: every declared operation and every status the contract names', () => {
    const seen = new Set(Object.values(EXERCISED_BY).flat());
    expect([...seen].sort()).toEqual([...CONTRACT_RESPONSES].sort());
    const declared = Object.entries<Json>(spec.paths).flatMap(([path, item]) =>
      Object.keys(item).map(method => `${method} ${path}`),
    );
    const exercised = new Set([...seen].map(s => s.split(' ').slice(0, 2).join(' ')));
    expect(declared.filter(op => !exercised.has(op))).toEqual([]);
  });
});
