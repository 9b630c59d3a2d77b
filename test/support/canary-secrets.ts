/**
 * Fresh canary secrets for the leak test (test/hardening/canary-secret.test.ts): values of real
 * formats that Evident's scanner detects, drawn at random each run so no fixture can hold them.
 */
import { randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const AWS_KEY_CHARS = `${BASE62.slice(10)}0123456789/+`;

/**
 * Random characters, drawn again in the rare case they spell a word that marks a stand-in value
 * (`sample`, `dummy`, six `x`: engine/secrets/allow-list.ts), which the scanner rightly ignores.
 */
function randomChars(alphabet: string, length: number): string {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const chars = Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
    if (!/example|sample|dummy|placeholder|changeme|change_me|redacted|your|insert|x{6}/i.test(chars)) return chars;
  }
  throw new Error('no random value without a stand-in word in 100 draws');
}

/**
 * A classic PAT GitHub could have issued: `ghp_`, 30 random base62 characters, and their CRC-32 in
 * base62, 6 characters (https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/).
 * Computed with node:zlib, not Evident's own CRC-32, so the rule's checksum test is checked too.
 */
export function githubPat(): string {
  const body = randomChars(BASE62, 30);
  let sum = crc32(body);
  let digits = '';
  for (; sum > 0; sum = Math.floor(sum / 62)) digits = BASE62[sum % 62] + digits;
  return `ghp_${body}${digits.padStart(6, '0')}`;
}

/** 40 characters of base64's alphabet, with a `/` and a `+` in the middle. */
export function awsSecretAccessKey(): string {
  const key = randomChars(AWS_KEY_CHARS, 40).split('');
  key[13] = '/';
  key[27] = '+';
  return key.join('');
}
