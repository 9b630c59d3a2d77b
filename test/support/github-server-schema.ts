/**
 * GitHub's own OpenAPI description (`@octokit/openapi`, dereferenced) as the judge of what the
 * GitHub test server sends and accepts.
 *
 * The dereferenced file is OpenAPI 3.0.3, not 3.1: optional values are written `nullable: true`,
 * a keyword JSON Schema 2020-12 does not know. `toJsonSchema` rewrites those (and 3.0's boolean
 * `exclusiveMinimum`/`exclusiveMaximum`) so `@cfworker/json-schema` judges `null` as GitHub means it.
 * Without that, every `"body": null` or `"closed_at": null` would be reported as a violation.
 *
 * The 73 MB file is read once per process, on the first request that needs it; only the operations
 * the server serves are kept, and each schema is converted and compiled on first use.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface OperationSpec {
  operationId: string;
  docsUrl: string;
  querySchemas: Record<string, JsonObject>;
  requestSchema: JsonObject | undefined;
  responseSchemas: Record<string, JsonObject | undefined>;
}

interface LoadedSpec {
  operations: Map<string, OperationSpec>;
  basicError: JsonObject;
  validationError: JsonObject;
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keywords whose value is a map from names to schemas: the names are data, never keywords. */
const schemaMaps = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
/** Keywords whose value is data, copied as it is. */
const dataKeywords = new Set(['enum', 'const', 'default', 'required', 'example', 'examples']);

/** Rewrites one OpenAPI 3.0 schema object as JSON Schema 2020-12. */
export function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable' || key === 'example' || key === 'discriminator' || key === 'xml' || key.startsWith('x-')) continue;
    if (schemaMaps.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema)]));
    } else if (dataKeywords.has(key)) {
      out[key] = value;
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  for (const [exclusive, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof out[exclusive] !== 'boolean') continue;
    if (out[exclusive] === true && typeof out[bound] === 'number') {
      out[exclusive] = out[bound];
      delete out[bound];
    } else {
      delete out[exclusive];
    }
  }
  if (node.nullable !== true) return out;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

let loading: Promise<LoadedSpec> | undefined;
let servedOperations: readonly string[] = [];

/** Names the operations (`'GET /repos/{owner}/{repo}/issues'`) whose schemas must be kept once the file is read. */
export function registerOperations(keys: readonly string[]): void {
  if (loading !== undefined && keys.some((key) => !servedOperations.includes(key))) {
    throw new Error('github-server-schema: register every operation before the first request reads the description');
  }
  servedOperations = [...new Set([...servedOperations, ...keys])];
}

function jsonSchemaOf(content: Json | undefined): JsonObject | undefined {
  if (!isObject(content)) return undefined;
  const json = content['application/json'];
  return isObject(json) && isObject(json.schema) ? json.schema : undefined;
}

async function loadSpec(): Promise<LoadedSpec> {
  const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.deref.json');
  const spec = JSON.parse(await readFile(file, 'utf8')) as { paths: Record<string, Record<string, JsonObject>> };
  const operations = new Map<string, OperationSpec>();
  for (const key of servedOperations) {
    const [method = '', path = ''] = key.split(' ');
    const operation = spec.paths[path]?.[method.toLowerCase()];
    if (operation === undefined) throw new Error(`github-server-schema: ${key} is not in @octokit/openapi's description`);
    const parameters = Array.isArray(operation.parameters) ? operation.parameters.filter(isObject) : [];
    const responses = isObject(operation.responses) ? operation.responses : {};
    operations.set(key, {
      operationId: String(operation.operationId),
      docsUrl: isObject(operation.externalDocs) ? String(operation.externalDocs.url) : 'https://docs.github.com/rest',
      querySchemas: Object.fromEntries(
        parameters.filter((p) => p.in === 'query' && isObject(p.schema)).map((p) => [String(p.name), p.schema as JsonObject]),
      ),
      requestSchema: isObject(operation.requestBody) ? jsonSchemaOf(operation.requestBody.content) : undefined,
      responseSchemas: Object.fromEntries(
        Object.entries(responses).map(([status, response]) => [status, isObject(response) ? jsonSchemaOf(response.content) : undefined]),
      ),
    });
  }
  // GitHub's two error shapes, for statuses an operation's description does not list (a 401, an injected 502).
  const errorContent = (path: string, method: string, status: string) => {
    const response = spec.paths[path]?.[method]?.responses;
    return isObject(response) && isObject(response[status]) ? response[status].content : undefined;
  };
  const basicError = jsonSchemaOf(errorContent('/repos/{owner}/{repo}/issues/{issue_number}', 'get', '404'));
  const validationError = jsonSchemaOf(errorContent('/repos/{owner}/{repo}/issues', 'post', '422'));
  if (basicError === undefined || validationError === undefined) throw new Error('github-server-schema: the basic-error and validation-error schemas were not found');
  return { operations, basicError, validationError };
}

function spec(): Promise<LoadedSpec> {
  loading ??= loadSpec();
  return loading;
}

const validators = new Map<string, Validator>();

function compile(cacheKey: string, schema: JsonObject): Validator {
  let validator = validators.get(cacheKey);
  if (validator === undefined) {
    validator = new Validator(toJsonSchema(structuredClone(schema)) as Schema, '2020-12', false);
    validators.set(cacheKey, validator);
  }
  return validator;
}

/** The leaf failures of a validation, one sentence each, without the anyOf/oneOf/properties bookkeeping around them. */
function describeErrors(errors: OutputUnit[]): string[] {
  const structural = new Set(['properties', 'items', 'prefixItems', 'allOf', 'anyOf', 'oneOf', '$ref', 'additionalProperties']);
  const leaves = errors.filter((e) => !structural.has(e.keyword));
  return (leaves.length > 0 ? leaves : errors).slice(0, 8).map((e) => `${e.instanceLocation || '#'}: ${e.error} (${e.keywordLocation})`);
}

export interface OperationInfo {
  operationId: string;
  docsUrl: string;
}

export async function operationInfo(key: string): Promise<OperationInfo> {
  const operation = (await spec()).operations.get(key);
  if (operation === undefined) throw new Error(`github-server-schema: ${key} was not registered`);
  return { operationId: operation.operationId, docsUrl: operation.docsUrl };
}

/**
 * Checks a JSON body the server is about to send. Statuses the operation does not describe (401,
 * injected 5xx and rate limits) are held to GitHub's generic error shapes. Returns the failures.
 */
export async function checkResponse(key: string, status: number, body: unknown): Promise<string[]> {
  const loaded = await spec();
  const operation = loaded.operations.get(key);
  let schema = operation?.responseSchemas[String(status)];
  let cacheKey = `${key} ${status}`;
  if (schema === undefined) {
    if (status < 400) return [`no application/json response schema for status ${status} in ${key}`];
    schema = status === 422 ? loaded.validationError : loaded.basicError;
    cacheKey = status === 422 ? 'validation-error' : 'basic-error';
  }
  const result = compile(cacheKey, schema).validate(body);
  return result.valid ? [] : describeErrors(result.errors);
}

/** Checks a request body against the operation's request schema. Returns GitHub-style sentences, empty when valid. */
export async function checkRequestBody(key: string, body: unknown): Promise<string[]> {
  const schema = (await spec()).operations.get(key)?.requestSchema;
  if (schema === undefined) return [];
  const result = compile(`${key} request`, schema).validate(body);
  if (result.valid) return [];
  const sentences = result.errors
    .filter((e) => e.keyword === 'required' || e.keyword === 'type' || e.keyword === 'enum')
    .map((e) => {
      const missing = /property "([^"]+)"/.exec(e.error);
      if (e.keyword === 'required' && missing) return `"${missing[1]}" wasn't supplied.`;
      return `For '${e.instanceLocation.replace(/^#\/?/, '') || 'body'}', ${e.error}`;
    });
  return sentences.length > 0 ? [...new Set(sentences)] : describeErrors(result.errors);
}

/**
 * Checks query parameters the operation documents (unknown ones are ignored, as GitHub does).
 * Integers arrive as text and are compared as numbers. Returns the names of invalid parameters.
 */
export async function checkQuery(key: string, query: URLSearchParams): Promise<string[]> {
  const schemas = (await spec()).operations.get(key)?.querySchemas ?? {};
  const invalid: string[] = [];
  for (const [name, schema] of Object.entries(schemas)) {
    const text = query.get(name);
    if (text === null) continue;
    const value = schema.type === 'integer' && /^-?\d+$/.test(text) ? Number(text) : text;
    if (!compile(`${key} query ${name}`, schema).validate(value).valid) invalid.push(name);
  }
  return invalid;
}
