/**
 * Values that look like secrets but are not: documented examples, placeholders, references to the
 * environment or a secret store, hashes and lockfile integrity strings, public keys and certificates.
 * A match allowed here is dropped without a trace; a line marked `evident:allow` is different: its
 * finding is kept, marked allowed, and recorded as evidence.
 */
import type { SecretRule } from './rule.ts';

/** Credentials published in providers' documentation as examples. */
const DOCUMENTED_EXAMPLES = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  'ASIAIOSFODNN7EXAMPLE',
]);

/**
 * Words that mark a value as an example or a stand-in, wherever they appear in it, and the runs people
 * type in place of a value (`xxxxxx`, `****`, `....`). The `x` run must be 6 long: random base64 has
 * `xxxx` in about one RSA key body in a thousand, six in a row almost never. (Runs of other letters
 * are left alone: base64 of binary keys is full of `AAAAAAAA`.)
 */
const STAND_IN = /example|sample|dummy|placeholder|changeme|change_me|redacted|your[-_]?(?:api[-_]?)?(?:key|token|secret|password)|insert[-_]?here|x{6}|\*{4}|\.{4}|#{4}|<[^>]*>/i;

/** References to a value kept elsewhere: `${{ secrets.X }}`, `${VAR}`, `$VAR`, `{{ .Values.x }}`, `%(name)s`, `process.env.X`. */
const REFERENCE = /^\$\{|^\$\(|^\$[A-Z_][A-Z0-9_]*$|\{\{|\}\}|^%\(|^%s$|process\.env|os\.environ|getenv|ENV\[|\bsecrets?\.[A-Za-z_]|vault:|arn:aws:secretsmanager|ssm:\/|^!Ref$|^!Sub/;

/** One character repeated, or a run like `0123456789` / `abcdef…`: typed, not generated. */
function typed(secret: string): boolean {
  if (/^(.)\1+$/.test(secret)) return true;
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  return secret.length >= 8 && alphabet.includes(secret.toLowerCase());
}

/** Lines that hold hashes, lockfile integrity strings, public keys or certificates, not secrets. */
const NOT_A_SECRET_LINE = /["']?integrity["']?\s*[:=]|\bsha(?:1|256|384|512)-[A-Za-z0-9+/]{20,}={0,2}|BEGIN (?:RSA |EC |DSA |OPENSSH |PGP )?PUBLIC KEY|BEGIN CERTIFICATE|^\s*(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-\S+) AAAA/;

/** Why a match is not a secret, or undefined when it may be one. */
export function allowListReason(secret: string, rule: SecretRule, line: string): string | undefined {
  if (DOCUMENTED_EXAMPLES.has(secret)) return 'a documented example';
  if (STAND_IN.test(secret)) return 'an example or placeholder';
  if (REFERENCE.test(secret)) return 'a reference to a value kept elsewhere';
  if (typed(secret)) return 'a typed, not generated, value';
  if (!rule.multiline && NOT_A_SECRET_LINE.test(line)) return 'a hash, integrity string, public key or certificate';
  return undefined;
}
