/**
 * Finds secrets in one text (a file, or a block of lines a pull request adds). The keyword automaton
 * reads the text once; each rule's pattern then runs only on the lines where one of its keywords
 * occurs. Every match passes the rule's entropy floor and check, and the allow-list, before it counts.
 */
import { allowListReason } from './allow-list.ts';
import { shannonEntropy } from './entropy.ts';
import type { Fingerprinter } from './fingerprint.ts';
import { KeywordAutomaton } from './keyword-automaton.ts';
import { redactSecret } from './redact.ts';
import type { SecretRule } from './rule.ts';

/** The marker that allows a finding on its line; the finding is still reported, as allowed. */
export const INLINE_ALLOW = 'evident:allow';

/** How far a multi-line rule's pattern may reach from the line of its keyword. */
const MULTILINE_WINDOW = 64 * 1024;

export interface SecretFinding {
  rule: string;
  file: string;
  /** Line in the file (for a diff: in the new file), from 1. */
  line: number;
  /** Column of the secret's first character, from 1, in UTF-16 code units (SARIF's default). */
  column: number;
  fingerprint: string;
  /** At most the first 4 characters, then `…`. */
  redacted: string;
  /** The line carries `evident:allow`: reported as evidence, not as a failure. */
  allowed: boolean;
}

export interface CompiledRules {
  rules: readonly SecretRule[];
  automaton: KeywordAutomaton;
  /** For each keyword of the automaton, the rules that declare it. */
  rulesByKeyword: readonly (readonly number[])[];
  patterns: readonly RegExp[];
}

export function compileRules(rules: readonly SecretRule[]): CompiledRules {
  const keywords: string[] = [];
  const rulesByKeyword: number[][] = [];
  rules.forEach((rule, index) => {
    for (const keyword of rule.keywords) {
      const folded = keyword.toLowerCase();
      let at = keywords.indexOf(folded);
      if (at === -1) {
        at = keywords.push(folded) - 1;
        rulesByKeyword.push([]);
      }
      rulesByKeyword[at]?.push(index);
    }
  });
  // `d` for the secret group's offset; `y` (sticky) for rules tried only where a word starts.
  const patterns = rules.map((rule) => new RegExp(rule.pattern.source, `${rule.pattern.flags.replace(/[^iu]/g, '')}${rule.around?.atWordStart === true ? 'y' : 'g'}d`));
  return { rules, automaton: new KeywordAutomaton(keywords), rulesByKeyword, patterns };
}

interface Match {
  rule: number;
  secret: string;
  start: number;
  end: number;
}

/** The secrets in `text`, each once, specific rules winning over generic ones at the same place. */
export function matchSecrets(text: string, compiled: CompiledRules): Match[] {
  const { rules, automaton, rulesByKeyword } = compiled;
  // Hits arrive in text order, so a rule already queued for this line (or word) is skipped by one comparison.
  const lastQueued = new Int32Array(rules.length).fill(-1);
  const queued: number[] = [];
  let lineStart = 0;
  let lineEnd = -1;
  automaton.search(text, (keyword, end) => {
    if (end > lineEnd) {
      lineStart = text.lastIndexOf('\n', end - 1) + 1;
      lineEnd = lineEndAt(text, end - 1);
    }
    for (const rule of rulesByKeyword[keyword] as readonly number[]) {
      const around = (rules[rule] as SecretRule).around;
      if (around === undefined) {
        if (lastQueued[rule] === lineStart) continue;
        lastQueued[rule] = lineStart;
        queued.push(rule, lineStart, lineEnd, lineStart);
        continue;
      }
      // One window per word holding a keyword (`my_secret_token` holds two); two characters more
      // before it, so the pattern sees what precedes the name (`<`, a quote, a space).
      const keywordStart = end - (automaton.keywords[keyword] as string).length;
      const word = wordStart(text, keywordStart, Math.max(lineStart, keywordStart - around.before));
      if (lastQueued[rule] === word) continue;
      lastQueued[rule] = word;
      queued.push(rule, Math.max(lineStart, word - 2), Math.min(lineEnd, end + around.after), word);
    }
  });
  const matches: Match[] = [];
  for (let i = 0; i < queued.length; i += 4) {
    matchRuleAt(text, compiled, queued[i] as number, queued[i + 1] as number, queued[i + 2] as number, queued[i + 3] as number, matches);
  }
  return matches.length < 2 ? matches : dedupe(matches, rules);
}

/** Where the word holding `offset` starts (letters, digits, `_`, `.`, `-`), not before `limit`. */
function wordStart(text: string, offset: number, limit: number): number {
  let at = offset;
  while (at > limit && isWordCode(text.charCodeAt(at - 1))) at -= 1;
  return at;
}

function isWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 46 || code === 45;
}

/**
 * Runs one rule's pattern on `text[from, to)`: the line the keyword is on, the window around the
 * keyword for an `around` rule, or 64 KiB from the line's start for a multi-line rule. `anchor` is
 * the line's start, or for an `around` rule the start of the word holding the keyword.
 */
function matchRuleAt(text: string, compiled: CompiledRules, ruleIndex: number, from: number, to: number, anchor: number, matches: Match[]): void {
  const rule = compiled.rules[ruleIndex] as SecretRule;
  const end = rule.multiline ? Math.min(text.length, anchor + MULTILINE_WINDOW) : to;
  const window = text.slice(from, end);
  if (rule.requires !== undefined && !rule.requires.every((literal) => window.includes(literal))) return;
  const pattern = compiled.patterns[ruleIndex] as RegExp;
  const found = (m: RegExpExecArray) => {
    const secret = m.groups?.secret ?? m[0];
    const start = from + (m.indices?.groups?.secret?.[0] ?? m.index);
    const line = rule.multiline || rule.around !== undefined ? text.slice(text.lastIndexOf('\n', start - 1) + 1, lineEndAt(text, start)) : window;
    if (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy) return;
    if (rule.validate !== undefined && !rule.validate(secret, line)) return;
    if (allowListReason(secret, rule, line) !== undefined) return;
    matches.push({ rule: ruleIndex, secret, start, end: start + secret.length });
  };
  if (rule.around?.atWordStart === true) {
    // A sticky pattern, tried where the word starts and one character before it.
    for (const at of [anchor - 1, anchor]) {
      if (at < from) continue;
      pattern.lastIndex = at - from;
      const m = pattern.exec(window);
      if (m !== null && m[0] !== '') {
        found(m);
        return;
      }
    }
    return;
  }
  pattern.lastIndex = 0;
  for (let m = pattern.exec(window); m !== null; m = pattern.exec(window)) {
    if (m[0] === '') pattern.lastIndex += 1;
    else found(m);
  }
}

function dedupe(matches: Match[], rules: readonly SecretRule[]): Match[] {
  const sorted = matches.sort((a, b) => a.start - b.start || a.rule - b.rule);
  return sorted.filter((match, i) => {
    const overlapping = sorted.filter((other, j) => j !== i && other.start < match.end && match.start < other.end);
    // The same span found twice (two keywords on one line, a window reaching an earlier match): keep the first.
    if (overlapping.some((other, j) => other.start === match.start && other.end === match.end && other.rule === match.rule && j < i)) return false;
    // A generic rule gives way to any specific rule's finding at the same place.
    if (rules[match.rule]?.generic === true && overlapping.some((other) => rules[other.rule]?.generic !== true)) return false;
    return true;
  });
}

function lineEndAt(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end;
}

export interface ScanTextOptions {
  fingerprint: Fingerprinter;
  /** The line number each line of `text` has in the file (for a block of added lines); default: 1, 2, 3, … */
  lineNumbers?: readonly number[];
}

/** Scans one text and reports each finding with its place, fingerprint and redacted form. */
export function scanText(text: string, file: string, compiled: CompiledRules, options: ScanTextOptions): SecretFinding[] {
  const matches = matchSecrets(text, compiled);
  if (matches.length === 0) return [];
  const lineStarts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lineStarts.push(at + 1);
  return matches.map((match) => {
    const index = lineIndexOf(lineStarts, match.start);
    const lineStart = lineStarts[index] as number;
    const lineText = text.slice(lineStart, lineEndAt(text, lineStart));
    return {
      rule: (compiled.rules[match.rule] as SecretRule).id,
      file,
      line: options.lineNumbers?.[index] ?? index + 1,
      column: match.start - lineStart + 1,
      fingerprint: options.fingerprint(match.secret),
      redacted: redactSecret(match.secret),
      allowed: lineText.includes(INLINE_ALLOW),
    };
  });
}

function lineIndexOf(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((lineStarts[mid] as number) <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}
