import { z } from 'zod';
import { contractSchemas } from '@deploydash/plugin-deployments-common';

type JsonSchema = { [key: string]: any };

const REF_PREFIX = '#/components/schemas/';

/**
 * The OpenAPI `components.schemas` entries generated from the zod schemas
 * in deployments-common (the one place the event's shape is written).
 * openapi.yaml holds them verbatim; `yarn generate` rewrites them and
 * generatedSchemas.test.ts fails when the file is behind.
 */
export function generatedComponentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(contractSchemas, {
    target: 'openapi-3.0',
    uri: id => `${REF_PREFIX}${id}`,
  });
  // The ids live in the document's keys, not in each schema.
  const byId: Record<string, JsonSchema> = Object.fromEntries(
    Object.entries(schemas).map(([id, { $id: _id, ...schema }]) => [id, schema]),
  );
  return Object.fromEntries(
    Object.entries(byId).map(([id, schema]) => [id, toOpenApi30(schema, byId)]),
  );
}

/**
 * OpenAPI 3.0's `nullable` only widens a schema that has a `type`, and
 * does not widen an `enum`: a nullable `$ref` is inlined, and a nullable
 * enum lists `null`, so strict validators read the document as meant.
 */
function toOpenApi30(node: unknown, byId: Record<string, JsonSchema>): any {
  if (Array.isArray(node)) return node.map(item => toOpenApi30(item, byId));
  if (typeof node !== 'object' || node === null) return node;
  let schema: JsonSchema = node;
  const ref: string | undefined = schema.allOf?.length === 1 ? schema.allOf[0].$ref : undefined;
  if (schema.nullable && ref?.startsWith(REF_PREFIX)) {
    const { allOf: _allOf, ...rest } = schema;
    schema = { ...byId[ref.slice(REF_PREFIX.length)], ...rest };
  }
  if (schema.nullable && Array.isArray(schema.enum) && !schema.enum.includes(null)) {
    schema = { ...schema, enum: [...schema.enum, null] };
  }
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, toOpenApi30(v, byId)]));
}
