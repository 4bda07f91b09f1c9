import { readFileSync } from 'fs';
import { resolve as resolvePath } from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

/*
 * Measures requests and responses against openapi.yaml: every response's
 * status must be declared for its route, its content type must be declared,
 * its declared required headers present and valid, and its body valid against
 * the declared schema (strict Ajv, OpenAPI 3.0 `nullable`).
 *
 * Backstage's `wrapServer` (@backstage/backend-openapi-utils/testUtils) is not
 * used: it needs an Express app it can listen with itself, fetches the spec
 * from the app's `/openapi.json`, and only supports supertest, while these
 * tests talk to a fully started backend with fetch.
 */

export type Json = any;
export type Method = 'get' | 'post';

const SPEC_PATH = resolvePath(__dirname, '../schema/openapi.yaml');
const SPEC_ID = 'https://deploydash.invalid/openapi.yaml';
export const spec: Json = parseYaml(readFileSync(SPEC_PATH, 'utf8'));

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
export function schemaAt(ptr: string): ValidateFunction {
  let validate = compiled.get(ptr);
  if (!validate) {
    validate = ajv.compile({ $ref: `${SPEC_ID}${ptr}` });
    compiled.set(ptr, validate);
  }
  return validate;
}

export function schemaErrors(ptr: string, value: unknown): string[] {
  const validate = schemaAt(ptr);
  if (validate(value)) return [];
  return (validate.errors ?? []).map(e => `${e.instancePath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`);
}

export const schemaPtr = (name: string) => pointer('components', 'schemas', name);

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

/**
 * What a request sent is wrong with, measured against the spec. Of `headers`,
 * only those declared as header parameters are checked (not Content-Type or
 * the credentials).
 */
export function requestErrors(
  method: Method,
  path: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): string[] {
  const errors: string[] = [];
  const params = parametersOf(method, path);
  for (const param of params.filter(p => p.node.in === 'header')) {
    const name = Object.keys(headers).find(h => h.toLowerCase() === param.node.name.toLowerCase());
    if (name === undefined) {
      if (param.node.required) errors.push(`header '${param.node.name}' is required`);
      continue;
    }
    const schema = `${param.ptr}/schema`;
    errors.push(...schemaErrors(schema, headers[name]).map(e => `header ${param.node.name}: ${e}`));
  }
  const query = new URL(url, 'http://localhost').searchParams;
  for (const name of new Set(query.keys())) {
    const param = params.find(p => p.node.in === 'query' && p.node.name === name);
    if (!param) {
      errors.push(`query parameter '${name}' is not declared`);
      continue;
    }
    const values = query.getAll(name);
    const schema = `${param.ptr}/schema`;
    // An exploded array parameter (`?a=1&a=2`) is the one that may repeat.
    if (deref(schema).node.type === 'array') {
      const items = values.map(v => coerce(`${deref(schema).ptr}/items`, v));
      errors.push(...schemaErrors(schema, items).map(e => `${name}: ${e}`));
      continue;
    }
    if (values.length > 1) errors.push(`query parameter '${name}' is repeated`);
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

export interface ObservedResponse {
  status: number;
  headers: Headers;
  /** The raw body; undefined for a stream that is not read to the end. */
  text?: string;
}

/** What a response is wrong with, measured against the spec; empty when it conforms. */
export function responseErrors(method: Method, path: string, res: ObservedResponse): string[] {
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
