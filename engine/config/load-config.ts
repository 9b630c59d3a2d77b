/**
 * Reads compliance.yml and explains every mistake by its path and line:
 *   compliance.yml:14:5  controls.okta-inactive-users.maxInactiveDay: unknown key; did you mean "maxInactiveDays"?
 * A file that is too big, not UTF-8 text, nested too deep, tagged or an alias bomb is refused with
 * a message of the same form before it is turned into data (yaml-guards.ts says why and what the limits are).
 */
import { open, stat } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Pair, type YAMLMap } from 'yaml';
import type { z } from 'zod';
import { ConfigurationError } from '../errors.ts';
import { formatPath } from '../zod-issues.ts';
import { didYouMean } from './did-you-mean.ts';
import { ComplianceConfig } from './schema.ts';
import { checkConfigDocument, checkConfigText, checkNestingTokens, decodeConfigBytes, isStackOverflow, MAX_CONFIG_BYTES, tooDeep, tooLarge, type TextProblem } from './yaml-guards.ts';

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

/** A wholly wrong document (a list of 100,000 wrong values) must not flood a terminal, a log or a check run. */
const MAX_PROBLEMS = 50;

/** Parses compliance.yml text; never throws for anything the user wrote. */
export function parseConfig(text: string): ConfigParse {
  const lineCounter = new LineCounter();
  // Size and characters first: a file too large, binary or mis-encoded is not handed to the parser.
  const before = checkConfigText(text);
  if (before.length > 0) return failed(before.map((p) => fileProblem(p, text)));
  const nesting = checkNestingTokens(text);
  if (nesting.length > 0) return failed(nesting.map((p) => fileProblem(p, text)));

  let doc: Document;
  try {
    // Duplicate keys are found by checkConfigDocument in one pass: the parser's own uniqueKeys check
    // compares every key with every other, which takes minutes for the 80,000 keys 1 MiB can hold.
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  } catch (error) {
    return failed([{ path: '(yaml)', message: isStackOverflow(String(error)) ? tooDeep() : `could not be read as YAML: ${firstLine(String(error))}`, line: 1, column: 1 }]);
  }
  if (doc.errors.length > 0) {
    // The parser reports a stack overflow once per level it unwinds; it is one problem.
    const overflow = doc.errors.find((error) => isStackOverflow(error.message));
    const errors = overflow === undefined ? doc.errors : [overflow];
    return failed(
      errors.map((error) => {
        const pos = lineCounter.linePos(error.pos[0]);
        const message = isStackOverflow(error.message) ? tooDeep() : `YAML syntax error: ${firstLine(error.message)}`;
        return { path: '(yaml)', message, line: pos.line, column: pos.col };
      }),
    );
  }
  // Warnings are ambiguities (an unresolved tag, an alias name ending in `:`, a bad directive): a
  // configuration is not read on a guess. Unresolved tags are reported by the document check, by name.
  const warnings = doc.warnings.filter((warning) => warning.code !== 'TAG_RESOLVE_FAILED');
  const guarded = [
    ...warnings.map((warning) => ({ offset: warning.pos[0], message: `YAML: ${firstLine(warning.message)}` })),
    ...checkConfigDocument(doc, text),
  ];
  if (guarded.length > 0) return failed(guarded.map((p) => fileProblem(p, text, lineCounter)));
  // No content, or a document that is only `---` or `~`: nothing is configured, and defaults are not a configuration.
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return failed([{
      path: '(yaml)',
      message: 'is empty: compliance.yml needs at least `version: 1` and `organization: <your organization>` (`evident init DIR` writes a complete one)',
      line: 1,
      column: 1,
    }]);
  }
  if (!isMap(doc.contents)) {
    const pos = lineCounter.linePos(doc.contents.range?.[0] ?? 0);
    const what = isSeq(doc.contents) ? 'a list' : 'a single value';
    return failed([{ path: '(yaml)', message: `is ${what}; compliance.yml must be a mapping of settings, starting with \`version: 1\` and \`organization: <your organization>\``, line: pos.line, column: pos.col }]);
  }

  let data: unknown;
  try {
    // The yaml package's own alias guard (100 uses of one anchor) stays as a second line behind checkConfigDocument.
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    return failed([{ path: '(yaml)', message: `could not be turned into data: ${firstLine(String((error as Error).message ?? error))}; write the values out instead of using aliases`, line: 1, column: 1 }]);
  }
  const parsed = ComplianceConfig.safeParse(data, { reportInput: true });
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues.flatMap((issue) => describeIssue(issue, data));
  const keys = new KeyIndex();
  const located = problems.map((problem) => stripYamlPath({ ...problem, ...position(doc, lineCounter, problem.yamlPath, keys) }));
  return failed(located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)));
}

function failed(problems: ConfigProblem[]): ConfigParse {
  if (problems.length <= MAX_PROBLEMS) return { ok: false, problems };
  const shown = problems.slice(0, MAX_PROBLEMS);
  return { ok: false, problems: [...shown, { path: '(yaml)', message: `… and ${problems.length - MAX_PROBLEMS} more problems not shown; fix these first` }] };
}

/** A problem with the file as a whole, placed at its line and column when it has an offset. */
function fileProblem(problem: TextProblem, text: string, lines?: LineCounter): ConfigProblem {
  const path = problem.path === undefined || problem.path.length === 0 ? '(yaml)' : formatPath(problem.path);
  if (problem.offset === undefined) return { path, message: problem.message };
  const pos = lines === undefined ? linePos(text, problem.offset) : lines.linePos(problem.offset);
  return { path, message: problem.message, line: pos.line, column: pos.col };
}

/** 1-based line and column of an offset, for problems found before a LineCounter has seen the text. */
function linePos(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

/**
 * Reads and parses a compliance.yml file. A file that cannot be read throws a ConfigurationError;
 * anything wrong with its content (too large, not UTF-8, not valid) comes back as problems.
 * Reads at most MAX_CONFIG_BYTES + 1 bytes, and only from a regular file: `--config /dev/zero` must not hang.
 */
export async function readConfigFile(file: string): Promise<ConfigParse> {
  let bytes: Buffer;
  try {
    // Checked before opening: opening a named pipe waits for a writer.
    const info = await stat(file);
    if (!info.isFile()) throw new ConfigurationError(`${file} is not a file (it is a ${info.isDirectory() ? 'directory' : 'device, pipe or socket'}): pass --config with the path of your compliance.yml.`);
    // Refused before a byte is read: the size is all it takes.
    if (info.size > MAX_CONFIG_BYTES) return failed([{ path: '(yaml)', message: tooLarge(info.size) }]);
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
      let length = 0;
      // Bounded even if the file grows while it is read.
      for (;;) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0 || length + bytesRead >= buffer.length) {
          length += bytesRead;
          break;
        }
        length += bytesRead;
      }
      bytes = buffer.subarray(0, length);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ConfigurationError(`${file} does not exist: pass --config with the path of your compliance.yml, or create one with \`evident init DIR\`.`);
    }
    throw new ConfigurationError(`${file} could not be read (${(error as Error).message}): pass --config with the path of your compliance.yml, readable by this user.`);
  }
  const decoded = decodeConfigBytes(bytes);
  if (!decoded.ok) return failed([fileProblem(decoded.problem, new TextDecoder('utf-8').decode(bytes))]);
  return parseConfig(decoded.text);
}

/** Reads and parses a compliance.yml file, throwing a ConfigurationError that lists every problem. */
export async function loadConfig(file: string): Promise<ComplianceConfig> {
  const parsed = await readConfigFile(file);
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
      return issue.keys.map((key, i) => {
        // Keys of one mapping come in document order and at most MAX_PROBLEMS problems are shown, so a
        // suggestion past that many could never be read: skipping them keeps 60,000 unknown keys fast.
        const suggestion = i < MAX_PROBLEMS ? didYouMean(key, known) : undefined;
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
function position(doc: Document, lines: LineCounter, path: readonly PropertyKey[], keys: KeyIndex): { line?: number; column?: number } {
  for (let depth = path.length; depth > 0; depth--) {
    const key = path[depth - 1] as PropertyKey;
    const parent = nodeAt(doc.contents, path.slice(0, depth - 1), keys);
    let range: readonly number[] | null | undefined;
    if (isMap(parent)) {
      // Point at the key itself (`maxInactiveDay:`), which is where the user looks.
      range = (keys.pair(parent, key)?.key as { range?: readonly number[] } | undefined)?.range;
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

/**
 * The pairs of each mapping by key, built once. Finding a key by scanning the mapping (as
 * `Document#getIn` does) for each of thousands of problems in a mapping of thousands of keys would
 * take minutes on a 1 MiB file.
 */
class KeyIndex {
  private readonly maps = new Map<YAMLMap, Map<string, Pair>>();

  pair(map: YAMLMap, key: PropertyKey): Pair | undefined {
    let index = this.maps.get(map);
    if (index === undefined) {
      index = new Map();
      for (const item of map.items) if (isScalar(item.key) && !index.has(String(item.key.value))) index.set(String(item.key.value), item);
      this.maps.set(map, index);
    }
    return index.get(String(key));
  }
}

/** The node at `path` (not through aliases, like `Document#getIn`). */
function nodeAt(root: unknown, path: readonly PropertyKey[], keys: KeyIndex): unknown {
  let node = root;
  for (const key of path) {
    if (isMap(node)) node = keys.pair(node, key)?.value;
    else if (isSeq(node) && typeof key === 'number') node = node.items[key];
    else return undefined;
  }
  return node;
}

function stripYamlPath({ yamlPath: _path, ...problem }: ProblemWithYamlPath & { line?: number; column?: number }): ConfigProblem {
  return problem;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // YAML's .nan and .inf are numbers to the parser, but JSON would show them as null.
  if (typeof value === 'number' && !Number.isFinite(value)) return `${Number.isNaN(value) ? '.nan' : '.inf'} (not a finite number)`;
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
