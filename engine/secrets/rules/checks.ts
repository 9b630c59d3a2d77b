/**
 * Checks several rules share: the CRC-32 that GitHub and GitLab tokens end with, and the marks
 * of a value a person typed (`ghp_1234567890abcdef…`, `npm_aaaaaa…`) rather than one a provider
 * generated. The allow-list looks at the whole secret; these look at the random part, after the prefix.
 */

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

/** CRC-32 (IEEE 802.3, as zlib computes it) of a string of ASCII characters, unsigned. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = (CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Reads digits of `alphabet` (most significant first) as a number; NaN on a character outside it. */
export function decodeDigits(digits: string, alphabet: string): number {
  let value = 0;
  for (const digit of digits) {
    const at = alphabet.indexOf(digit);
    if (at === -1) return Number.NaN;
    value = value * alphabet.length + at;
  }
  return value;
}

const SEQUENCE = '0123456789abcdefghijklmnopqrstuvwxyz';
/** How long a run of one character, or of consecutive ones, marks a typed value. */
const TYPED_RUN = 7;

/**
 * True when `random` holds 7 identical characters in a row, or 7 consecutive ones up or down
 * (`aaaaaaa`, `1234567`, `abcdefg`, `gfedcba`, case aside). A generated body holds such a run by
 * chance about once in 10^7 (base62, 36 characters) or once in 2·10^5 (hexadecimal, 32).
 */
export function hasTypedRun(random: string): boolean {
  let same = 1;
  let up = 1;
  let down = 1;
  for (let i = 1; i < random.length; i++) {
    const at = SEQUENCE.indexOf((random[i] as string).toLowerCase());
    const before = SEQUENCE.indexOf((random[i - 1] as string).toLowerCase());
    const step = at === -1 || before === -1 ? 0 : at - before;
    same = random[i] === random[i - 1] ? same + 1 : 1;
    up = step === 1 ? up + 1 : 1;
    down = step === -1 ? down + 1 : 1;
    if (same >= TYPED_RUN || up >= TYPED_RUN || down >= TYPED_RUN) return true;
  }
  return false;
}

/** The JSON object a base64url segment (of a JWT) encodes, or undefined when it encodes none. */
export function decodeJsonSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
