/**
 * Values real repositories are full of that are not secrets, though many are long and random:
 * UUIDs, commit and content hashes, lockfile integrity strings, base64 images, public keys and
 * certificates, URLs without credentials. A scanner that flags these is noisy on real code.
 */
import { Buffer } from 'node:buffer';
import { FIRST_NAMES, HOSTS, NOUNS, SERVICES } from './vocabulary.ts';
import { HEX, type Random } from './prng.ts';

export function uuid(random: Random): string {
  const hex = random.chars(HEX, 32);
  const variant = random.pick(['8', '9', 'a', 'b']);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function gitSha(random: Random): string {
  return random.chars(HEX, 40);
}

export function sha256Hex(random: Random): string {
  return random.chars(HEX, 64);
}

export function base64Of(random: Random, bytes: number): string {
  return Buffer.from(random.bytes(bytes)).toString('base64');
}

/** An npm lockfile integrity string: `sha512-` and 64 bytes of base64. */
export function integrity(random: Random): string {
  return `sha512-${base64Of(random, 64)}`;
}

/** A small PNG as a data URI, the way icons are inlined in CSS and tests. */
export function pngDataUri(random: Random, bytes: number): string {
  // The PNG signature and IHDR chunk head, so the base64 starts as real ones do (iVBORw0KGgo…).
  const head = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  return `data:image/png;base64,${Buffer.concat([head, Buffer.from(random.bytes(bytes))]).toString('base64')}`;
}

function pemLines(base64: string): string[] {
  const lines: string[] = [];
  for (let at = 0; at < base64.length; at += 64) lines.push(base64.slice(at, at + 64));
  return lines;
}

/** A certificate in PEM: public, and found in every repository that pins a CA or ships test TLS. */
export function certificatePem(random: Random): string[] {
  // DER of a certificate starts with a SEQUENCE of two-byte length: MII… in base64.
  const der = Buffer.concat([Buffer.from([0x30, 0x82, 0x03, random.int(0, 255), 0x30, 0x82]), Buffer.from(random.bytes(random.int(700, 900)))]);
  return ['-----BEGIN CERTIFICATE-----', ...pemLines(der.toString('base64')), '-----END CERTIFICATE-----'];
}

export function publicKeyPem(random: Random): string[] {
  const prefix = Buffer.from('30820122300d06092a864886f70d01010105000382010f003082010a0282010100', 'hex');
  const der = Buffer.concat([prefix, Buffer.from(random.bytes(256)), Buffer.from([0x02, 0x03, 0x01, 0x00, 0x01])]);
  return ['-----BEGIN PUBLIC KEY-----', ...pemLines(der.toString('base64')), '-----END PUBLIC KEY-----'];
}

export function sshPublicKey(random: Random): string {
  // ssh-ed25519 keys are the fixed 19-byte header (AAAAC3NzaC1lZDI1NTE5AAAAI…) and 32 bytes of key.
  const header = Buffer.from('0000000b7373682d65643235353139000000', 'hex');
  const key = Buffer.concat([header, Buffer.from([0x20]), Buffer.from(random.bytes(32))]).toString('base64');
  return `ssh-ed25519 ${key} ${random.pick(FIRST_NAMES)}@${random.pick(SERVICES)}-host`;
}

export function semver(random: Random): string {
  return `${random.int(0, 9)}.${random.int(0, 30)}.${random.int(0, 20)}`;
}

/** An https URL with no credentials in it. */
export function url(random: Random): string {
  const path = Array.from({ length: random.int(1, 4) }, () => random.pick(NOUNS)).join('/');
  const query = random.chance(0.3) ? `?page=${random.int(1, 20)}&per_page=${random.pick([20, 50, 100])}` : '';
  return `https://${random.pick(HOSTS)}/${path}${query}`;
}

export function email(random: Random): string {
  return `${random.pick(FIRST_NAMES)}.${random.pick(NOUNS)}@${random.pick(['example.com', 'acme.dev', 'example.org'])}`;
}

export function ipv4(random: Random): string {
  return `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;
}

export function isoTimestamp(random: Random): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `202${random.int(3, 6)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}T${pad(random.int(0, 23))}:${pad(random.int(0, 59))}:${pad(random.int(0, 59))}Z`;
}

export function dockerDigest(random: Random): string {
  return `sha256:${sha256Hex(random)}`;
}

export function awsAccountId(random: Random): string {
  return random.chars('0123456789', 12);
}

export function amiId(random: Random): string {
  return `ami-0${random.chars(HEX, 16)}`;
}
