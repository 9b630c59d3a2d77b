/**
 * Reads compliance.yml and explains every mistake by its path and line:
 *   compliance.yml:14:5  controls.okta-inactive-users.maxInactiveDay: unknown key; did you mean "maxInactiveDays"?
 */
import { readFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigurationError } from '../errors.ts';
import { formatPath } from '../zod-issues.ts';
import { didYouMean } from './did-you-mean.ts';
import { ComplianceConfig } from './schema.ts';

export interface ConfigProblem {
  /** Dotted path: `controls.okta-mfa-enrolled.exemptUsers[2]`. */
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export type ConfigParse =
  | { ok: true; config: ComplianceConfig }
  | { ok: false; problems: ConfigProblem[] };

/** Parses compliance.yml text; never throws for anything the user wrote. */
export function parseConfig(text: string): ConfigParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const pos = lineCounter.linePos(error.pos[0]);
        return { path: '(yaml)', message: `YAML syntax error: ${firstLine(error.message)}`, line: pos.line, column: pos.col };
      }),
    };
  }
  const data: unknown = doc.toJS() ?? {};
  const parsed = ComplianceConfig.safeParse(data, { reportInput: true });
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues.flatMap((issue) => describeIssue(issue, data));
  const located = problems.map((problem) => stripYamlPath({ ...problem, ...position(doc, lineCounter, problem.yamlPath) }));
  return { ok: false, problems: located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)) };
}

/** Reads and parses a compliance.yml file, throwing a ConfigurationError that lists every problem. */
export async function loadConfig(file: string): Promise<ComplianceConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ConfigurationError(`${file} does not exist. Pass --config with the path of your compliance.yml, or create one with \`evident init DIR\`.`);
    }
    throw new ConfigurationError(`${file} could not be read: ${(error as Error).message}`);
  }
  const parsed = parseConfig(text);
  if (!parsed.ok) throw new ConfigurationError(`${file} is not valid:`, parsed.problems.map((p) => formatProblem(file, p)));
  return parsed.config;
}

export function formatProblem(file: string, problem: ConfigProblem): string {
  const where = problem.line === undefined ? file : `${file}:${problem.line}:${problem.column ?? 1}`;
  return problem.path === '(yaml)' ? `${where}  ${problem.message}` : `${where}  ${problem.path}: ${problem.message}`;
}

type ProblemWithYamlPath = ConfigProblem & { yamlPath: PropertyKey[] };

function describeIssue(issue: z.core.$ZodIssue, data: unknown): ProblemWithYamlPath[] {
  const path = [...issue.path];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(ComplianceConfig, path, data);
      return issue.keys.map((key) => {
        const suggestion = didYouMean(key, known);
        const hint = suggestion === undefined ? `allowed keys: ${known.join(', ')}` : `did you mean "${suggestion}"?`;
        return { path: formatPath([...path, key]), message: `unknown key; ${hint}`, yamlPath: [...path, key] };
      });
    }
    case 'invalid_type': {
      const input = (issue as { input?: unknown }).input;
      if (input === undefined) return [{ path: formatPath(path), message: `is required (expected ${article(issue.expected)})`, yamlPath: path }];
      return [{ path: formatPath(path), message: `expected ${article(issue.expected)}, got ${describeValue(input)}`, yamlPath: path }];
    }
    case 'invalid_value':
      return [{ path: formatPath(path), message: `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue((issue as { input?: unknown }).input)}`, yamlPath: path }];
    case 'invalid_union': {
      // A discriminated union whose discriminator matched nothing (`evidence.store: s4`).
      const { options, discriminator, input } = issue as { options?: unknown[]; discriminator?: string; input?: unknown };
      if (options !== undefined && discriminator !== undefined) {
        const given = isRecord(input) ? input[discriminator] : undefined;
        return [{ path: formatPath(path), message: `expected ${options.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(given)}`, yamlPath: path }];
      }
      return [{ path: formatPath(path), message: issue.message, yamlPath: path }];
    }
    default:
      return [{ path: formatPath(path), message: issue.message, yamlPath: path }];
  }
}

/** The keys an object in the schema accepts at `path`, following the data through unions. */
function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[], data: unknown): string[] {
  const node = schemaAt(schema, path, data);
  const object = node === undefined ? undefined : unwrap(node, valueAt(data, path));
  if (object !== undefined && object._zod.def.type === 'object') return Object.keys((object as z.ZodObject).shape);
  return [];
}

/** The schema node that validates the value at `path`. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[], data: unknown): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (let i = 0; i < path.length && current !== undefined; i++) {
    const here = unwrap(current, valueAt(data, path.slice(0, i)));
    if (here === undefined) return undefined;
    const def = here._zod.def as { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; valueType?: z.ZodType };
    const key = path[i];
    if (def.type === 'object') current = (here as z.ZodObject).shape[String(key)] as z.ZodType | undefined;
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return undefined;
  }
  return current;
}

/** Strips optional/default wrappers and picks the union member the data selects. */
function unwrap(schema: z.ZodType, value: unknown): z.ZodType | undefined {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType; discriminator?: string; options?: z.ZodType[] };
    if (def.innerType !== undefined && ['optional', 'default', 'nullable', 'prefault', 'catch', 'readonly'].includes(def.type)) current = def.innerType;
    else if (def.type === 'pipe' && def.in !== undefined) current = def.in;
    else if (def.type === 'union' && def.options !== undefined) {
      const discriminator = def.discriminator;
      const wanted = discriminator !== undefined && isRecord(value) ? value[discriminator] : undefined;
      const match = def.options.find((option) => {
        const field = (option as z.ZodObject).shape?.[discriminator ?? ''] as z.ZodType | undefined;
        return field !== undefined && (field._zod.def as unknown as { values?: unknown[] }).values?.includes(wanted);
      });
      if (match === undefined) return undefined;
      current = match;
    } else return current;
  }
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Line and column of the key (or list item) at `path`, or of its nearest ancestor when it is missing. */
function position(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): { line?: number; column?: number } {
  for (let depth = path.length; depth > 0; depth--) {
    const key = path[depth - 1];
    const parent = depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true);
    let range: readonly number[] | null | undefined;
    if (isMap(parent)) {
      // Point at the key itself (`maxInactiveDay:`), which is where the user looks.
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key);
      range = (pair?.key as { range?: readonly number[] } | undefined)?.range;
    } else if (isSeq(parent) && typeof key === 'number') {
      range = (parent.items[key] as { range?: readonly number[] } | undefined)?.range;
    }
    if (range?.[0] !== undefined) {
      const pos = lines.linePos(range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return {};
}

function stripYamlPath({ yamlPath: _path, ...problem }: ProblemWithYamlPath & { line?: number; column?: number }): ConfigProblem {
  return problem;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const shown = JSON.stringify(value);
  return `${typeof value === 'string' ? 'the string' : `the ${typeof value}`} ${shown.length > 40 ? `${shown.slice(0, 37)}…` : shown}`;
}

function article(expected: string): string {
  const names: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', number: 'a number', boolean: 'true or false', int: 'a whole number' };
  return names[expected] ?? expected;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
