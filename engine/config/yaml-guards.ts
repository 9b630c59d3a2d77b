/**
 * Bounds on what compliance.yml may be, checked before and after the YAML is parsed, so that a
 * broken or hostile file (a "billion laughs" alias bomb, thousands of nested brackets, a binary file,
 * a custom tag) is refused quickly with a message saying what to fix, instead of hanging the run,
 * exhausting memory, overflowing the stack, or being read with a surprise. The App reads the same file
 * from the compliance repository (engine/change-management/compliance-config.ts), so every check here
 * works on text alone.
 *
 * YAML 1.2.2: printable characters https://yaml.org/spec/1.2.2/#51-character-set, anchors and aliases
 * https://yaml.org/spec/1.2.2/#3222-anchors-and-aliases, core schema tags https://yaml.org/spec/1.2.2/#103-core-schema.
 * The `yaml` package's own guard (`maxAliasCount`, https://eemeli.org/yaml/#tojs-options) stays on as
 * a second line; it throws, and counts uses rather than the size they expand to.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, Lexer, type Document, type Node } from 'yaml';

/**
 * 1 MiB. A complete compliance.yml with every control configured is a few kilobytes; even long
 * exemption or account lists stay far below this. A larger file is a wrong path or an attack, and
 * refusing it before parsing bounds the time and memory the parser can be made to spend.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** Nesting levels (mappings and lists, aliases expanded). The schema's deepest setting is 6 levels down. */
export const MAX_NESTING = 32;

/**
 * Values that aliases may add once expanded. Anchors are useful for a shared list or two; a file whose
 * aliases expand to more than this is what an alias bomb looks like, and the expansion is measured
 * without performing it.
 */
export const MAX_ALIAS_EXPANSION = 10_000;

/** A problem before the file is a config: `offset` is a UTF-16 index into the text, when there is a place. */
export interface TextProblem {
  message: string;
  offset?: number;
  /** Where in the document, when the problem is at a value: `['controls', 'pr-approved']`. */
  path?: (string | number)[];
}

/** Size and characters: a file that is too big, binary or mis-encoded is not parsed at all. */
export function checkConfigText(text: string): TextProblem[] {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) return [{ message: tooLarge(bytes) }];
  const problems: TextProblem[] = [];
  // Everything YAML 1.2 calls printable, less U+FFFD, which is what a decoder puts where bytes were not UTF-8.
  const notPrintable = /[^\t\n\r\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFC\uFFFE\uFFFF\u{10000}-\u{10FFFF}]/gu;
  let replacement: { offset: number; count: number } | undefined;
  let control: { offset: number; char: string; count: number } | undefined;
  for (const match of text.matchAll(notPrintable)) {
    const offset = match.index ?? 0;
    if (match[0] === '\uFFFD') {
      replacement ??= { offset, count: 0 };
      replacement.count += 1;
    } else {
      control ??= { offset, char: match[0], count: 0 };
      control.count += 1;
    }
  }
  if (replacement !== undefined) {
    problems.push({
      offset: replacement.offset,
      message: `is not valid UTF-8 text: it contains U+FFFD, the replacement character a decoder writes for bytes it could not read${times(replacement.count)}; save compliance.yml as UTF-8`,
    });
  }
  if (control !== undefined) {
    problems.push({
      offset: control.offset,
      message: `contains the control character ${codePoint(control.char)}${times(control.count)}, which YAML does not allow: is this a binary file? compliance.yml must be plain UTF-8 text`,
    });
  }
  return problems;
}

/** Strict UTF-8 decoding for a config read from disk; the message says where the first bad byte is. */
export function decodeConfigBytes(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problem: TextProblem } {
  if (bytes.length > MAX_CONFIG_BYTES) return { ok: false, problem: { message: tooLarge(bytes.length) } };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, problem: { offset: 0, message: 'is UTF-16 text (it starts with a UTF-16 byte order mark); save compliance.yml as UTF-8' } };
  }
  try {
    // `fatal` makes invalid bytes an error instead of a silent U+FFFD; a UTF-8 BOM is dropped.
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const offset = lossy.indexOf('\uFFFD');
    return {
      ok: false,
      problem: { offset: offset < 0 ? 0 : offset, message: 'is not valid UTF-8 text (is it a binary file, or saved in another encoding?); save compliance.yml as UTF-8' },
    };
  }
}

const MARKERS = new Set(['\x02', '\x18', '\x1f']);

/**
 * Nesting the parser would recurse into, found from the tokens before it does: brackets (`[[[[…`) and
 * indicators on one line (`- - - - …`). The parser survives thousands of levels only by overflowing its
 * stack, which takes seconds on a 1 MiB file; this stops at the first level too many. Nesting by
 * indentation needs a column per level, so a 1 MiB file cannot go deep enough that way to be slow,
 * and the document check below catches it.
 */
export function checkNestingTokens(text: string): TextProblem[] {
  let offset = 0;
  let flow = 0;
  let onLine = 0;
  for (const token of new Lexer().lex(text)) {
    // The lexer adds one-character markers (document start, scalar, flow end) that are not in the text.
    if (MARKERS.has(token)) continue;
    if (token === '[' || token === '{') flow += 1;
    else if (token === ']' || token === '}') flow = Math.max(0, flow - 1);
    else if (token === '\n' || token === '\r\n') onLine = 0;
    else if (flow === 0 && (token === '-' || token === '?' || token === ':')) onLine += 1;
    if (flow > MAX_NESTING || onLine > MAX_NESTING) return [{ offset, message: tooDeep() }];
    offset += token.length;
  }
  return [];
}

/** The tags that only say what YAML would infer anyway (YAML 1.2 core schema). Anything else is refused. */
const PLAIN_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`));

interface Measure {
  /** Values (scalars, mappings, lists) once every alias is replaced by what it names. */
  size: number;
  /** Levels once every alias is replaced by what it names. */
  depth: number;
}

/**
 * Walks the parsed document once, without recursion (the nesting is not trusted yet), and refuses:
 * tags other than the core schema's (`!!js/function`, `!!binary`, `!custom`), keys that are not plain
 * text or that repeat, also when written differently (`1` and `"1"`), aliases to nothing or to a node that contains
 * them, nesting deeper than MAX_NESTING, and aliases that expand to more than MAX_ALIAS_EXPANSION values.
 */
export function checkConfigDocument(doc: Document, text: string): TextProblem[] {
  const problems: TextProblem[] = [];
  const root = doc.contents as Node | null;
  if (root === null) return problems;
  const anchors = new Map<string, Node>();
  const measures = new Map<Node, Measure>();
  const open = new Set<Node>();
  const aliases: { node: Node; target: Node; depth: number; path: (string | number)[] }[] = [];
  let literal = 0;
  let deepReported = false;

  type Path = (string | number)[];
  type Step = { node: Node; depth: number; path: Path; exit: false } | { node: Node; depth: number; path: Path; exit: true; children: Node[] };
  const stack: Step[] = [{ node: root, depth: 1, path: [], exit: false }];
  while (stack.length > 0) {
    const step = stack.pop() as Step;
    const { node, depth, path } = step;
    if (step.exit) {
      open.delete(node);
      let size = 1;
      let deepest = 0;
      for (const child of step.children) {
        const measure = measures.get(child);
        if (measure === undefined) continue;
        size = Math.min(size + measure.size, Number.MAX_SAFE_INTEGER);
        deepest = Math.max(deepest, measure.depth);
      }
      measures.set(node, { size, depth: deepest + 1 });
      continue;
    }
    const offset = node.range?.[0];
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target === undefined) problems.push({ offset, path, message: `the alias *${node.source} names no anchor &${node.source} written before it; define the anchor first, or write the value out` });
      else if (open.has(target)) problems.push({ offset, path, message: `the alias *${node.source} is inside the value it names (a circular reference), which a configuration cannot be; write the value out` });
      else {
        measures.set(node, measures.get(target) ?? { size: 1, depth: 1 });
        aliases.push({ node, target, depth, path });
      }
      continue;
    }
    literal += 1;
    if (node.anchor !== undefined) anchors.set(node.anchor, node);
    if (node.tag !== undefined && !PLAIN_TAGS.has(node.tag)) {
      problems.push({ offset: tagOffset(text, offset), path, message: `the tag ${showTag(node.tag)} is not allowed: compliance.yml holds plain data (text, numbers, true/false, lists and mappings); remove the tag` });
    }
    if (depth > MAX_NESTING && !deepReported) {
      deepReported = true;
      problems.push({ offset, path, message: tooDeep() });
    }
    const children: { node: Node; path: Path }[] = [];
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        if (key !== null && !isScalar(key)) {
          problems.push({ offset: key.range?.[0] ?? offset, path, message: 'has a key that is a list, a mapping or an alias; keys in compliance.yml are plain names' });
        }
        const name = key !== null && isScalar(key) ? String(key.value) : '?';
        if (key !== null && isScalar(key)) {
          if (seen.has(name)) problems.push({ offset: key.range?.[0] ?? offset, path: [...path, name], message: `repeats the key "${name}", and only one can count; keep one` });
          seen.add(name);
        }
        if (key !== null) children.push({ node: key, path });
        if (pair.value !== null && pair.value !== undefined) children.push({ node: pair.value as Node, path: [...path, name] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        if (item !== null && item !== undefined) children.push({ node: item as Node, path: [...path, i] });
      });
    }
    open.add(node);
    stack.push({ node, depth, path, exit: true, children: children.map((c) => c.node) });
    // Reversed, so children are visited in document order: an alias may only name an anchor written before it.
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i] as { node: Node; path: Path };
      stack.push({ node: child.node, depth: depth + 1, path: child.path, exit: false });
    }
  }

  const expanded = measures.get(root);
  if (expanded !== undefined && problems.length === 0) {
    const added = expanded.size - literal;
    if (added > MAX_ALIAS_EXPANSION) {
      const biggest = aliases.reduce((a, b) => ((measures.get(b.target)?.size ?? 0) > (measures.get(a.target)?.size ?? 0) ? b : a));
      problems.push({
        offset: biggest.node.range?.[0],
        path: biggest.path,
        message:
          `aliases expand compliance.yml by ${added > 1e12 ? 'more than a trillion' : added.toLocaleString('en-US')} values (the limit is ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')}), ` +
          `which is how an alias bomb ("billion laughs") works; the alias *${(biggest.node as Node & { source: string }).source} here alone stands for ` +
          `${(measures.get(biggest.target)?.size ?? 0).toLocaleString('en-US')}; write the values out, or use fewer aliases`,
      });
    } else if (expanded.depth > MAX_NESTING) {
      const deepest = aliases.find((a) => a.depth - 1 + (measures.get(a.target)?.depth ?? 0) > MAX_NESTING);
      problems.push({ offset: deepest?.node.range?.[0], ...(deepest === undefined ? {} : { path: deepest.path }), message: `${tooDeep()} once its aliases are expanded` });
    }
  }
  return problems;
}

/** Whether an error from the parser is its stack running out on deep nesting. */
export function isStackOverflow(message: string): boolean {
  return message.includes('Maximum call stack size exceeded');
}

export function tooDeep(): string {
  return `is nested more than ${MAX_NESTING} levels deep; compliance.yml needs at most a handful, so this is a mistake or an attack: flatten it`;
}

export function tooLarge(bytes: number): string {
  return (
    `is ${bytes.toLocaleString('en-US')} bytes, over the ${MAX_CONFIG_BYTES.toLocaleString('en-US')}-byte (1 MiB) limit for compliance.yml, so it was not read: ` +
    'check that --config names your compliance.yml; a complete one is a few kilobytes'
  );
}

/** The node's range starts at its value; the tag is the `!…` word written before it. */
function tagOffset(text: string, offset: number | undefined): number | undefined {
  if (offset === undefined) return undefined;
  const bang = text.lastIndexOf('!', offset);
  if (bang < 0) return offset;
  let start = bang;
  while (start > 0 && !/[\s,[{]/.test(text[start - 1] ?? ' ')) start -= 1;
  return start;
}

function showTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function times(count: number): string {
  return count > 1 ? ` (${count} times)` : '';
}
