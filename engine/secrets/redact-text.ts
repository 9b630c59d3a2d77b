/**
 * Takes the secrets the scanner's rules detect out of text Evident copies from its sources into
 * results. Only a pull request's added lines are scanned as code (pr-no-secrets); everything else a
 * control quotes is copied as it came: a pull request's title, branch name and labels, an AWS
 * Config rule's annotation, a resource name, a source's error message. That text goes into
 * evidence (write-once, kept for the retention period, so a secret there cannot be purged), check
 * runs, issues and prompts, and a token pasted into a pull request title would be kept whole
 * (DESIGN.md: nothing Evident prints, stores or sends ever contains a detected secret in full).
 * Each secret found becomes what Evident shows of one: at most 4 characters and `…` (redact.ts).
 */
import { redactSecret } from './redact.ts';
import { secretRules } from './rules/index.ts';
import { compileRules, matchSecrets, type CompiledRules } from './scan-text.ts';

let compiled: CompiledRules | undefined;
let anyKeyword: RegExp | undefined;

/** The text with every detected secret replaced by its redacted form; the same string when there is none. */
export function redactSecretsInText(text: string): string {
  compiled ??= compileRules(secretRules);
  // Results quote hundreds of thousands of short strings (logins, statuses, sentences) that hold no
  // keyword at all; one native regular-expression test over the lowercased text rules them out
  // several times faster than the automaton's per-character walk. Lowercasing folds at least what
  // the automaton folds (ASCII letters), so no string the automaton would flag is skipped.
  anyKeyword ??= new RegExp(compiled.automaton.keywords.map((keyword) => keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
  if (!anyKeyword.test(text.toLowerCase())) return text;
  const matches = matchSecrets(text, compiled);
  if (matches.length === 0) return text;
  let out = '';
  let at = 0;
  for (const match of [...matches].sort((a, b) => a.start - b.start)) {
    // Overlapping findings (two rules on one value): the first one's redaction covers both.
    if (match.start < at) continue;
    out += text.slice(at, match.start) + redactSecret(match.secret);
    at = match.end;
  }
  return out + text.slice(at);
}

/**
 * Every string in a JSON-like value (strings, arrays, plain objects), redacted; other values as they
 * are. What holds no secret is returned as it came, not copied: most results hold none.
 */
export function redactSecretsDeep<T>(value: T): T {
  if (typeof value === 'string') return redactSecretsInText(value) as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, i) => {
      const redacted = redactSecretsDeep(item);
      if (redacted !== item) (copy ??= [...value])[i] = redacted;
    });
    return (copy ?? value) as T;
  }
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(record)) {
      const redacted = redactSecretsDeep(item);
      if (redacted !== item) (copy ??= { ...record })[key] = redacted;
    }
    return (copy ?? value) as T;
  }
  return value;
}
