/**
 * Finds the ticket a pull request refers to: Jira-style keys (`ENG-123`, the shape Jira and Linear share),
 * Linear issue URLs, and GitHub issues (closing references, `#12`, `acme/api#12`, issue URLs).
 *
 * A key counts only when it is written in plain ASCII. The text is also read NFKC-normalized, with
 * invisible characters removed, Cyrillic and Greek look-alikes mapped to Latin and the digits of other
 * scripts to ASCII digits, so that a key that only *looks* like one (fullwidth `ＥＮＧ-１２３`,
 * `E<U+200B>NG-123`, a Cyrillic `Е`, Arabic-Indic `ENG-١٢٣`) is reported as an ignored look-alike
 * instead of passing or silently failing: the tricks of the Unicode security
 * mechanisms report (https://www.unicode.org/reports/tr39/) and of Trojan Source
 * (https://trojansource.codes/).
 *
 * Sources for the shapes:
 * - Jira project keys: https://support.atlassian.com/jira-software-cloud/docs/what-is-an-issue/
 * - Linear identifiers and URLs: https://linear.app/docs/github (`https://linear.app/<workspace>/issue/ENG-123/<slug>`)
 * - GitHub references: https://docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/autolinked-references-and-urls#issues-and-pull-requests
 */

export type TicketField = 'title' | 'body' | 'branch';
export type TicketLocation = TicketField | 'closing-issue';

export interface TicketReference {
  /** `issue-key`: a Jira or Linear key written as such; `linear`: a Linear issue URL; `github-issue`: a GitHub issue. */
  kind: 'issue-key' | 'linear' | 'github-issue';
  /** `ENG-123`, or `acme/api#12` for a GitHub issue. */
  id: string;
  where: TicketLocation;
}

/** Text that reads as a ticket key once normalized but is not one in ASCII: never counted, always reported. */
export interface LookalikeReference {
  where: TicketField;
  /** What the text reads as: `ENG-123`. */
  id: string;
  /** The text as written, invisible characters shown as `<U+200B>`. */
  text: string;
  /** What makes it a look-alike: `fullwidth characters`, `invisible characters: U+200B zero-width space`, … */
  reasons: string[];
}

/** A reference-shaped string that does not count, with the reason, so a failure explains itself. */
export interface IgnoredReference {
  where: TicketField;
  id: string;
  reason: string;
}

export interface TicketScan {
  references: TicketReference[];
  lookalikes: LookalikeReference[];
  ignored: IgnoredReference[];
}

export interface TicketOptions {
  /** Jira (or Linear team) keys that count; empty: any key shaped like a project key counts. */
  jiraProjects: readonly string[];
  /** Whether GitHub issues (closing references, `#12`, `acme/api#12`, issue URLs) count. */
  allowGithubIssues: boolean;
}

export interface TicketSubject {
  repository: string;
  number: number;
  title: string;
  body: string;
  headRefName: string;
  closingIssues: readonly { repository: string; number: number }[];
}

/**
 * Characters that render as nothing: every format character (zero-width space U+200B, zero-width
 * non-joiner U+200C, zero-width joiner U+200D, soft hyphen U+00AD, word joiner U+2060, BOM U+FEFF, the
 * bidi controls U+200E/U+200F/U+202A–U+202E/U+2066–U+2069, tag characters), the combining grapheme
 * joiner, variation selectors and the Hangul fillers.
 */
const INVISIBLE = /^[\p{Cf}\u034F\u115F\u1160\u3164\uFFA0\uFE00-\uFE0F]$/u;

const INVISIBLE_NAMES: Readonly<Record<string, string>> = {
  '\u00AD': 'soft hyphen',
  '\u200B': 'zero-width space',
  '\u200C': 'zero-width non-joiner',
  '\u200D': 'zero-width joiner',
  '\u200E': 'left-to-right mark',
  '\u200F': 'right-to-left mark',
  '\u202A': 'left-to-right embedding',
  '\u202B': 'right-to-left embedding',
  '\u202C': 'pop directional formatting',
  '\u202D': 'left-to-right override',
  '\u202E': 'right-to-left override',
  '\u2060': 'word joiner',
  '\u2066': 'left-to-right isolate',
  '\u2067': 'right-to-left isolate',
  '\u2068': 'first strong isolate',
  '\u2069': 'pop directional isolate',
  '\uFEFF': 'byte order mark',
};

/** Cyrillic and Greek letters that look like Latin ones (from Unicode's confusables.txt); NFKC leaves them alone. */
const CONFUSABLES: Readonly<Record<string, Confusable>> = Object.fromEntries([
  ...pairs('АВЕКМНОРСТХЅІЈУҮ', 'ABEKMHOPCTXSIJYY', 'Cyrillic'),
  ...pairs('аеорсухіјѕ', 'aeopcyxijs', 'Cyrillic'),
  ...pairs('ΑΒΕΖΗΙΚΜΝΟΡΤΥΧο', 'ABEZHIKMNOPTYXo', 'Greek'),
]);

interface Confusable {
  latin: string;
  script: 'Cyrillic' | 'Greek';
}

function pairs(lookalikes: string, latin: string, script: Confusable['script']): [string, Confusable][] {
  return [...lookalikes].map((char, i) => [char, { latin: latin[i] ?? '', script }]);
}

/** Dashes other than the ASCII hyphen-minus that NFKC keeps (U+2010 hyphen, U+2212 minus sign, …). */
const OTHER_DASH = /^[\p{Pd}\u2212]$/u;

/** Decimal digits of other scripts that NFKC keeps (Arabic-Indic `١`, Devanagari `१`, Thai `๑`, …). */
const OTHER_DIGIT = /^(?![0-9])\p{Nd}$/u;
const DECIMAL_DIGIT = /^\p{Nd}$/u;

/**
 * The value of a decimal digit of any script. Unicode encodes every script's decimal digits as a run
 * of ten consecutive code points, 0 to 9, and promises to keep doing so
 * (https://www.unicode.org/policies/stability_policy.html, Numeric_Type=Decimal), so the value is the
 * distance from the start of the run, modulo ten (runs of several sets, like U+1D7CE–U+1D7FF, are whole tens).
 */
export function digitValue(char: string): number {
  const cp = char.codePointAt(0) ?? 0;
  let start = cp;
  while (start > 0 && cp - start < 100 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
  return (cp - start) % 10;
}

function toLatin(c: string): string {
  if (CONFUSABLES[c] !== undefined) return CONFUSABLES[c].latin;
  if (OTHER_DASH.test(c)) return '-';
  if (OTHER_DIGIT.test(c)) return String(digitValue(c));
  return c;
}

/**
 * Key boundaries. A key must not be glued to a letter, digit, mark or invisible character of any
 * script: otherwise `E<U+200B>NG-123` would count as `NG-123` while reading as `ENG-123`. An underscore
 * separates (`bugfix_ENG-123`), so project keys with underscores, which Jira allows but rarely sees,
 * are not supported.
 */
const BEFORE = String.raw`(?<![\p{L}\p{N}\p{M}\p{Cf}])`;
const AFTER = String.raw`(?![\p{L}\p{N}\p{M}\p{Cf}])`;

/** A key candidate; the project part is judged afterwards (`judgeKey`). Numbers do not start with 0. */
const KEY = new RegExp(`${BEFORE}([A-Za-z][A-Za-z0-9]{1,9})-([1-9][0-9]{0,9})${AFTER}`, 'gu');

const LINEAR_URL = new RegExp(String.raw`https?://linear\.app/[A-Za-z0-9_-]+/issue/([A-Za-z][A-Za-z0-9]{1,9}-[1-9][0-9]{0,9})${AFTER}`, 'gu');

const GITHUB_ISSUE_URL = new RegExp(String.raw`https?://github\.com/([A-Za-z0-9-]+/[A-Za-z0-9._-]+)/issues/([1-9][0-9]{0,9})${AFTER}`, 'gu');

/** `acme/api#12`; not inside a URL or a longer path. */
const GITHUB_REPO_REF = new RegExp(String.raw`(?<![\p{L}\p{N}\p{M}\p{Cf}_/.-])([A-Za-z0-9-]+/[A-Za-z0-9._-]+)#([1-9][0-9]{0,9})${AFTER}`, 'gu');

/** `#12`; not an HTML entity (`&#12;`), a URL fragment or an anchor (`page#12`). */
const GITHUB_SHORT_REF = new RegExp(String.raw`(?<![\p{L}\p{N}\p{M}\p{Cf}_/.&#-])#([1-9][0-9]{0,9})${AFTER}`, 'gu');

/** What a real project key looks like when no jiraProjects are configured: 2–10 uppercase letters or digits, a letter first. */
const PROJECT_KEY = /^[A-Z][A-Z0-9]{1,9}$/;

/**
 * Prefixes of standards, algorithms and identifiers that are shaped like ticket keys (`UTF-8`, `SHA-256`,
 * `ISO-27001`, `CVE-2024-1234`, `RFC-7519`). Used only when jiraProjects is empty; configuring
 * jiraProjects is the real answer, and a listed project is always accepted.
 */
const NOT_TICKET_PREFIXES: ReadonlySet<string> = new Set([
  'AES', 'ARM', 'ARM64', 'BASE', 'CP', 'CVE', 'CWE', 'DES', 'ECDSA', 'ECMA', 'ED', 'ES', 'FIPS', 'GHSA', 'GPT', 'HTTP',
  'IEC', 'IEEE', 'IPV', 'ISO', 'MD', 'NIST', 'PEP', 'RFC', 'RSA', 'SHA', 'SHA1', 'SHA2', 'SHA3', 'SOC', 'SP', 'SSL',
  'TLS', 'UCS', 'UTF', 'WIN', 'X86',
]);

export function findTicketReferences(pr: TicketSubject, options: TicketOptions): TicketScan {
  const scan: TicketScan = { references: [], lookalikes: [], ignored: [] };
  const fields: [TicketField, string][] = [
    ['title', pr.title],
    ['body', pr.body],
    ['branch', pr.headRefName],
  ];
  for (const [where, text] of fields) {
    const keys = findKeys(text, where, options);
    scan.references.push(...keys.references);
    scan.ignored.push(...keys.ignored);
    scan.lookalikes.push(...keys.lookalikes);
    // GitHub links `#12` in descriptions; a title's `(#12)` is usually the squash-merge suffix, a branch has none.
    if (where === 'body' && options.allowGithubIssues) {
      const github = findGithubIssues(text, pr);
      scan.references.push(...github.references);
      scan.ignored.push(...github.ignored);
    }
  }
  if (options.allowGithubIssues) {
    for (const issue of pr.closingIssues) {
      scan.references.push({ kind: 'github-issue', id: `${issue.repository}#${issue.number}`, where: 'closing-issue' });
    }
  }
  return {
    references: unique(scan.references, (r) => `${r.where} ${r.kind} ${r.id}`),
    lookalikes: unique(scan.lookalikes, (l) => `${l.where} ${l.id} ${l.text}`),
    ignored: unique(scan.ignored, (i) => `${i.where} ${i.id}`),
  };
}

type KeyJudgement = { counts: true; id: string } | { counts: false; id: string; reason: string } | undefined;

/**
 * Whether a key candidate names a ticket. Undefined means it is not worth reporting (`release-2`,
 * `utf-8` in lowercase); a key in the wrong project or a standard's name is reported as ignored.
 * Lowercase keys (`eng-123`, as Linear names branches) count only for a listed project, where they
 * cannot be mistaken for anything else.
 */
export function judgeKey(project: string, number: string, options: Pick<TicketOptions, 'jiraProjects'>): KeyJudgement {
  const upper = project.toUpperCase();
  const id = `${upper}-${number}`;
  if (options.jiraProjects.length > 0) {
    if (options.jiraProjects.some((p) => p.toUpperCase() === upper)) return { counts: true, id };
    return project === upper ? { counts: false, id, reason: `${upper} is not one of the jiraProjects (${options.jiraProjects.join(', ')})` } : undefined;
  }
  if (project !== upper || !PROJECT_KEY.test(project)) return undefined;
  if (NOT_TICKET_PREFIXES.has(project)) return { counts: false, id, reason: `${id} names a standard or an algorithm, not a ticket` };
  return { counts: true, id };
}

interface Span {
  start: number;
  end: number;
}

function findKeys(text: string, where: TicketField, options: TicketOptions): TicketScan {
  const references: TicketReference[] = [];
  const ignored: IgnoredReference[] = [];
  const literal: Span[] = [];

  const linear: Span[] = [];
  for (const match of text.matchAll(LINEAR_URL)) {
    const key = match[1] ?? '';
    const start = (match.index ?? 0) + match[0].length - key.length;
    linear.push({ start, end: start + key.length });
    const [project = '', number = ''] = key.split('-');
    const upper = project.toUpperCase();
    // The URL makes the identifier unambiguous, so only jiraProjects (also Linear team keys) can rule it out.
    if (options.jiraProjects.length === 0 || options.jiraProjects.some((p) => p.toUpperCase() === upper)) {
      references.push({ kind: 'linear', id: `${upper}-${number}`, where });
    } else {
      ignored.push({ where, id: `${upper}-${number}`, reason: `${upper} is not one of the jiraProjects (${options.jiraProjects.join(', ')})` });
    }
  }

  for (const match of text.matchAll(KEY)) {
    const span = { start: match.index ?? 0, end: (match.index ?? 0) + match[0].length };
    literal.push(span);
    if (linear.some((l) => l.start === span.start)) continue;
    const judgement = judgeKey(match[1] ?? '', match[2] ?? '', options);
    if (judgement === undefined) continue;
    if (judgement.counts) references.push({ kind: 'issue-key', id: judgement.id, where });
    else ignored.push({ where, id: judgement.id, reason: judgement.reason });
  }

  return { references, ignored, lookalikes: findLookalikes(text, where, literal, options) };
}

/**
 * Keys that appear only once the text is normalized: matched on the skeleton, then traced back to the
 * characters as written. A key whose written span is a literal match was counted (or ignored) already.
 */
function findLookalikes(text: string, where: TicketField, literal: readonly Span[], options: TicketOptions): LookalikeReference[] {
  const skeleton = skeletonOf(text);
  const lookalikes: LookalikeReference[] = [];
  for (const match of skeleton.text.matchAll(KEY)) {
    const judgement = judgeKey(match[1] ?? '', match[2] ?? '', options);
    if (judgement === undefined || !judgement.counts) continue;
    const first = match.index ?? 0;
    const last = first + match[0].length - 1;
    const start = skeleton.origin[first] ?? 0;
    const end = (skeleton.origin[last] ?? 0) + codePointLength(text, skeleton.origin[last] ?? 0);
    if (literal.some((span) => span.start === start && span.end === end)) continue;
    // Invisible characters right next to the key are what kept it from matching: show and name them.
    let from = start;
    while (from > 0 && isInvisible(previousCodePoint(text, from))) from -= previousCodePoint(text, from).length;
    let to = end;
    while (to < text.length && isInvisible(String.fromCodePoint(text.codePointAt(to) ?? 0))) to += codePointLength(text, to);
    const written = text.slice(from, to);
    lookalikes.push({ where, id: judgement.id, text: display(written), reasons: reasonsFor(written) });
  }
  return lookalikes;
}

interface Skeleton {
  text: string;
  /** For each UTF-16 unit of `text`, the index in the original text of the character it came from. */
  origin: number[];
}

/**
 * NFKC (character by character, so positions can be traced back), invisible characters removed,
 * look-alike letters mapped to Latin and other dashes to `-`.
 */
export function skeletonOf(text: string): Skeleton {
  let out = '';
  const origin: number[] = [];
  let index = 0;
  for (const char of text) {
    if (!isInvisible(char)) {
      const mapped = [...char.normalize('NFKC')].map(toLatin).join('');
      out += mapped;
      for (let i = 0; i < mapped.length; i += 1) origin.push(index);
    }
    index += char.length;
  }
  return { text: out, origin };
}

function reasonsFor(written: string): string[] {
  const fullwidth: string[] = [];
  const mathematical: string[] = [];
  const compatibility: string[] = [];
  const invisible: string[] = [];
  const confusable: Record<string, string[]> = {};
  const dashes: string[] = [];
  const digits: string[] = [];
  for (const char of written) {
    const cp = char.codePointAt(0) ?? 0;
    const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    if (isInvisible(char)) invisible.push(`${code} ${INVISIBLE_NAMES[char] ?? 'format character'}`);
    else if (CONFUSABLES[char] !== undefined) {
      const { latin, script } = CONFUSABLES[char];
      (confusable[script] ??= []).push(`${char} ${code} for ${latin}`);
    } else if (char.normalize('NFKC') !== char) {
      if (cp >= 0xff00 && cp <= 0xffef) fullwidth.push(code);
      else if (cp >= 0x1d400 && cp <= 0x1d7ff) mathematical.push(code);
      else compatibility.push(`${char} ${code}`);
    } else if (OTHER_DASH.test(char) && char !== '-') dashes.push(`${code}`);
    else if (OTHER_DIGIT.test(char)) digits.push(`${char} ${code} for ${digitValue(char)}`);
  }
  const reasons: string[] = [];
  if (fullwidth.length > 0) reasons.push('fullwidth characters');
  if (mathematical.length > 0) reasons.push('mathematical alphanumeric characters');
  if (compatibility.length > 0) reasons.push(`compatibility characters: ${uniqueStrings(compatibility).join(', ')}`);
  if (invisible.length > 0) reasons.push(`invisible characters: ${uniqueStrings(invisible).join(', ')}`);
  for (const [script, letters] of Object.entries(confusable)) reasons.push(`${script} letters in place of Latin: ${uniqueStrings(letters).join(', ')}`);
  if (dashes.length > 0) reasons.push(`a dash other than the ASCII hyphen: ${uniqueStrings(dashes).join(', ')}`);
  if (digits.length > 0) reasons.push(`digits of another script in place of ASCII digits: ${uniqueStrings(digits).join(', ')}`);
  return reasons;
}

/** Invisible characters as `<U+200B>`, so a message shows what a reader of the pull request could not see. */
export function display(text: string): string {
  let out = '';
  for (const char of text) {
    out += isInvisible(char) ? `<U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>` : char;
  }
  return out;
}

function findGithubIssues(body: string, pr: TicketSubject): { references: TicketReference[]; ignored: IgnoredReference[] } {
  const found: { at: number; repository: string; number: number }[] = [];
  for (const m of body.matchAll(GITHUB_ISSUE_URL)) found.push({ at: m.index ?? 0, repository: m[1] ?? '', number: Number(m[2]) });
  for (const m of body.matchAll(GITHUB_REPO_REF)) found.push({ at: m.index ?? 0, repository: m[1] ?? '', number: Number(m[2]) });
  for (const m of body.matchAll(GITHUB_SHORT_REF)) found.push({ at: m.index ?? 0, repository: pr.repository, number: Number(m[1]) });
  found.sort((a, b) => a.at - b.at);

  const references: TicketReference[] = [];
  const ignored: IgnoredReference[] = [];
  for (const ref of found) {
    const id = `${ref.repository}#${ref.number}`;
    // `#12` may be an issue or a pull request (GitHub numbers both alike); this one's own number is neither a ticket nor evidence.
    if (ref.repository.toLowerCase() === pr.repository.toLowerCase() && ref.number === pr.number) {
      ignored.push({ where: 'body', id, reason: 'refers to this pull request itself' });
    } else {
      references.push({ kind: 'github-issue', id, where: 'body' });
    }
  }
  return { references, ignored };
}

function isInvisible(char: string): boolean {
  return INVISIBLE.test(char);
}

function codePointLength(text: string, index: number): number {
  return (text.codePointAt(index) ?? 0) > 0xffff ? 2 : 1;
}

function previousCodePoint(text: string, index: number): string {
  const low = text.charCodeAt(index - 1);
  if (index >= 2 && low >= 0xdc00 && low <= 0xdfff) return text.slice(index - 2, index);
  return text.slice(index - 1, index);
}

function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function uniqueStrings(items: readonly string[]): string[] {
  return [...new Set(items)];
}
