/**
 * A secret rule: one credential format. Rules carry their own true- and false-positive samples,
 * which a test runs through the scanner (gitleaks' `utils.Validate(rule, tps, fps)` idea).
 */
export interface SecretRule {
  /** kebab-case, stable: it names findings, SARIF rules and fingerprints' context. */
  id: string;
  /** What a person calls it: "AWS access key ID". */
  title: string;
  /** The provider's documentation of the format, when there is one. */
  docs?: string;
  /**
   * Literal strings of which at least one occurs on the line of every true match, compared
   * ignoring ASCII case: the prefilter runs the pattern only on lines where a keyword occurs.
   * Choose them rare (`AKIA`, `ghp_`, `xoxb-`), at least 3 characters.
   */
  keywords: readonly string[];
  /**
   * Matched against one line (or, with `multiline`, a window starting at the keyword's line).
   * The secret is the named group `secret`, or the whole match without one. Flags other than
   * `i` and `u` are ignored: the scanner adds its own.
   */
  pattern: RegExp;
  /**
   * Literal strings that must also occur on the line (case-sensitive) before the pattern runs: a
   * cheap test that spares the pattern most lines its keyword is on (`@` for credentials in URLs).
   */
  requires?: readonly string[];
  /**
   * Run the pattern only around each keyword occurrence instead of on the whole line: from the start
   * of the word the keyword is in (at most `before` characters back) to `after` characters past it.
   * With `atWordStart`, the pattern is tried only where that word starts (or one character before,
   * for a `<` or `:` that opens a name), not at every position: for rules whose match begins with
   * the name the keyword is part of (`db_password = …`). A minified bundle's 100 KB line then costs
   * a few hundred characters and one or two attempts per occurrence.
   */
  around?: { before: number; after: number; atWordStart?: boolean };
  /** Minimum Shannon entropy of the secret, in bits per character. */
  entropy?: number;
  /** A further check of the secret (checksum, structure, character mix); false drops the match. */
  validate?: (secret: string, line: string) => boolean;
  /** The secret spans lines (PEM blocks, JSON files): the pattern sees up to 64 KiB from the keyword's line. */
  multiline?: boolean;
  /**
   * A generic rule (a high-entropy value assigned to a name like `password`): its findings give
   * way to any specific rule's finding at the same place, and the allow-list applies to the name too.
   */
  generic?: boolean;
  samples: {
    /** Lines (or blocks, for multiline rules) each of which must give exactly one finding of this rule. */
    truePositives: readonly string[];
    /** Lines or blocks that must give no finding of this rule. */
    falsePositives: readonly string[];
  };
}

export function defineSecretRule(rule: SecretRule): SecretRule {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(rule.id)) throw new Error(`secret rule id ${rule.id} must be kebab-case`);
  if (rule.keywords.length === 0 || rule.keywords.some((k) => k.length < 3)) {
    throw new Error(`secret rule ${rule.id} needs keywords of at least 3 characters for the prefilter`);
  }
  return rule;
}
