/**
 * `POST /graphql` for the GitHub test server: every query is validated against GitHub's real
 * schema (`@octokit/graphql-schema`), then executed with graphql-js over the server's records
 * (`github-server-graphql-nodes.ts`). Answers are shaped as github.com shapes them
 * (https://docs.github.com/graphql/guides/forming-calls-with-graphql), always HTTP 200:
 *
 * - an invalid query: `{ errors }` only, in graphql-ruby's words ("Field 'x' doesn't exist on
 *   type 'PullRequest'") with `path` from the operation down and an `extensions.code`;
 * - data that is not there: `{ data, errors }` with the field null and `type: "NOT_FOUND"`.
 *
 * The schema file is 1.2 MB; it is parsed once per process, on the first GraphQL request.
 * GitHub's published schema has two fields defined twice (EnterpriseOwnerInfo) and twelve
 * deprecated fields implementing non-deprecated interface fields, which graphql-js 17 rejects:
 * the duplicates are dropped and those twelve findings tolerated; any other problem fails loudly.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  buildASTSchema,
  execute,
  GraphQLError,
  GraphQLSchema,
  Kind,
  parse,
  print,
  validate,
  validateSchema,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLFieldResolver,
} from 'graphql';
import { GraphQLFault, queryRoot, type GraphQLWorld } from './github-server-graphql-nodes.ts';

export type { GraphQLWorld } from './github-server-graphql-nodes.ts';

let loading: Promise<GraphQLSchema> | undefined;

/** The package exports only its ESM entry, not the SDL file: look the file up where Node would find the package. */
function schemaFile(): string {
  const lookup = createRequire(import.meta.url).resolve.paths('@octokit/graphql-schema') ?? [];
  const found = lookup.map((dir) => join(dir, '@octokit', 'graphql-schema', 'schema.graphql')).find((file) => existsSync(file));
  if (found === undefined) throw new Error('github-server-graphql: @octokit/graphql-schema/schema.graphql is not installed');
  return found;
}

async function loadSchema(): Promise<GraphQLSchema> {
  const document = parse(await readFile(schemaFile(), 'utf8'), { noLocation: true });
  const deduplicated = visit(document, {
    enter(node) {
      if (node.kind !== Kind.OBJECT_TYPE_DEFINITION && node.kind !== Kind.INTERFACE_TYPE_DEFINITION) return undefined;
      const seen = new Set<string>();
      const fields = (node.fields ?? []).filter((f) => !seen.has(f.name.value) && seen.add(f.name.value));
      return fields.length === (node.fields ?? []).length ? undefined : { ...node, fields };
    },
  });
  const strict = buildASTSchema(deduplicated);
  const problems = validateSchema(strict).filter((e) => !/is not deprecated, so implementation field .+ must not be deprecated/.test(e.message));
  if (problems.length > 0) throw new Error(`github-server-graphql: GitHub's schema does not build:\n${problems.map((e) => e.message).join('\n')}`);
  return new GraphQLSchema({ ...strict.toConfig(), assumeValid: true });
}

/** GitHub's schema, built on first use. */
export function githubSchema(): Promise<GraphQLSchema> {
  loading ??= loadSchema();
  return loading;
}

/** A field the test double does not implement: the server's gap, reported as a handler error. */
export class NotImplemented extends Error {}

const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
  if (typeof source !== 'object' || source === null || !(info.fieldName in source)) {
    throw new NotImplemented(`github-server: ${info.parentType.name}.${info.fieldName} is not implemented by the GitHub test server; add it to github-server-graphql-nodes.ts`);
  }
  const value = (source as Record<string, unknown>)[info.fieldName];
  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).call(source, args, context, info) : value;
};

/** The path graphql-ruby reports for a node of the query: `["query", "repository", "pullRequest", "nope"]`. */
function pathTo(document: DocumentNode, target: ASTNode | undefined): string[] | undefined {
  if (target === undefined) return undefined;
  let found: string[] | undefined;
  visit(document, {
    enter(node, _key, _parent, _path, ancestors) {
      if (node !== target) return undefined;
      found = [...ancestors, node].flatMap((a): string[] => {
        if (Array.isArray(a) || typeof a !== 'object' || a === null || !('kind' in a)) return [];
        const n = a as ASTNode;
        if (n.kind === Kind.OPERATION_DEFINITION) return [n.name === undefined ? n.operation : `${n.operation} ${n.name.value}`];
        if (n.kind === Kind.FRAGMENT_DEFINITION) return [`fragment ${n.name.value}`];
        if (n.kind === Kind.INLINE_FRAGMENT) return [n.typeCondition === undefined ? '...' : `... on ${n.typeCondition.name.value}`];
        if (n.kind === Kind.FIELD) return [n.alias?.value ?? n.name.value];
        if (n.kind === Kind.ARGUMENT) return [n.name.value];
        return [];
      });
      return false;
    },
  });
  return found;
}

const locationsOf = (error: GraphQLError) => error.locations?.map(({ line, column }) => ({ line, column }));

/** graphql-js's validation and variable messages in graphql-ruby's words, with its `extensions`. */
function rubyMessage(message: string, variableType: (name: string) => string | undefined = () => undefined): { message: string; extensions?: Record<string, unknown> } {
  let m = /^Cannot query field "([^"]+)" on type "([^"]+)"\./.exec(message);
  if (m) return { message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`, extensions: { code: 'undefinedField', typeName: m[2], fieldName: m[1] } };
  m = /^Unknown argument "([^"]+)" on field "[^".]+\.([^"]+)"\./.exec(message);
  if (m) return { message: `Field '${m[2]}' doesn't accept argument '${m[1]}'`, extensions: { code: 'argumentNotAccepted', name: m[2], typeName: 'Field', argumentName: m[1] } };
  m = /^Argument "[^".]+\.([^"(]+)\(([^:]+):\)" of type "[^"]+" is required, but it was not provided\./.exec(message);
  if (m) return { message: `Field '${m[1]}' is missing required arguments: ${m[2]}`, extensions: { code: 'missingRequiredArguments', className: 'Field', name: m[1], arguments: m[2] } };
  m = /^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields\./.exec(message);
  if (m) {
    return {
      message: `Field must have selections (field '${m[1]}' returns ${(m[2] ?? '').replace(/[![\]]/g, '')} but has no selections. Did you mean '${m[1]} { ... }'?)`,
      extensions: { code: 'selectionMismatch', nodeName: `field '${m[1]}'`, typeName: (m[2] ?? '').replace(/[![\]]/g, '') },
    };
  }
  m = /^Variable "\$([^"]+)" (?:of required type "([^"]+)" was not provided|got invalid value|has invalid value)(.*)$/s.exec(message);
  if (m) {
    const name = m[1] ?? '';
    const detail = (m[3] ?? '').replace(/^[^;:]*[;:]\s*/, '');
    const explanation = m[2] !== undefined || /non-null/i.test(detail) ? 'Expected value to not be null' : detail;
    return {
      message: `Variable $${name} of type ${variableType(name) ?? m[2] ?? 'unknown'} was provided invalid value`,
      extensions: { problems: [{ path: [], explanation }] },
    };
  }
  return { message };
}

export interface GraphQLAnswer {
  body: Record<string, unknown>;
  /** Failures of the test double itself (unimplemented fields, resolver bugs), for `handlerErrors`. */
  problems: Error[];
}

/** Answers one `POST /graphql` body. */
export async function answerGraphQL(body: unknown, world: GraphQLWorld): Promise<GraphQLAnswer> {
  const request = (typeof body === 'object' && body !== null ? body : {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
  if (typeof request.query !== 'string' || request.query.trim() === '') {
    return { body: { errors: [{ message: 'A query attribute must be specified and must be a string.' }] }, problems: [] };
  }
  const schema = await githubSchema();
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return { body: { errors: [{ message: error.message, locations: locationsOf(error) }] }, problems: [] };
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) {
    const errors = invalid.map((e) => {
      const path = pathTo(document, e.nodes?.[0]);
      const { message, extensions } = rubyMessage(e.message);
      return { ...(path === undefined ? {} : { path }), ...(extensions === undefined ? {} : { extensions }), locations: locationsOf(e), message };
    });
    return { body: { errors }, problems: [] };
  }
  const variableType = (name: string) => {
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const found = definition.variableDefinitions?.find((v) => v.variable.name.value === name);
      if (found !== undefined) return print(found.type);
    }
    return undefined;
  };
  const result = await execute({
    schema,
    document,
    rootValue: queryRoot(world),
    variableValues: (request.variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: typeof request.operationName === 'string' ? request.operationName : undefined,
    fieldResolver,
  });
  const problems: Error[] = [];
  const errors = (result.errors ?? []).map((error) => {
    const original = error.originalError;
    if (original instanceof GraphQLFault) return { type: original.type, path: error.path, locations: locationsOf(error), message: original.message };
    // An error on a field (path set) that no GraphQLFault explains is the server's bug; without a path it is the query's (variables).
    if (error.path !== undefined) problems.push(original ?? new Error(`github-server: ${error.message} at ${error.path.join('.')}`));
    const { message, extensions } = rubyMessage(error.message, variableType);
    return { ...(error.path === undefined ? {} : { path: error.path }), ...(extensions === undefined ? {} : { extensions }), locations: locationsOf(error), message };
  });
  return { body: { ...('data' in result ? { data: result.data } : {}), ...(errors.length > 0 ? { errors } : {}) }, problems };
}
