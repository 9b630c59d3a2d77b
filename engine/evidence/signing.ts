/**
 * Optional Ed25519 signatures on seals, so a verifier holding the public key can tell a seal written
 * by the scheduled job from one forged by someone who could write to the archive.
 * Keys: `openssl genpkey -algorithm ed25519 -out seal.pem` and `openssl pkey -in seal.pem -pubout`.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { ConfigurationError } from '../errors.ts';
import { sha256Hex } from './sha256.ts';

export const SEAL_KEY_ENV = 'EVIDENT_SEAL_KEY';
export const SEAL_PUBLIC_KEY_ENV = 'EVIDENT_SEAL_PUBLIC_KEY';

export interface SealSigner {
  keyId: string;
  /** Base64 Ed25519 signature of `data`. */
  sign(data: Uint8Array): string;
}

export interface SealVerifier {
  keyId: string;
  verify(data: Uint8Array, signature: string): boolean;
}

/** The first 16 hex digits of the SHA-256 of the public key (SPKI DER), so seals name the key that signed them. */
export function keyIdOf(publicKey: KeyObject): string {
  return sha256Hex(publicKey.export({ type: 'spki', format: 'der' })).slice(0, 16);
}

/** Accepts a PEM private key, or the base64 of its PKCS#8 DER (easier to paste into a CI secret). */
export function signerFromKey(text: string, origin = SEAL_KEY_ENV): SealSigner {
  let key: KeyObject;
  try {
    key = text.includes('-----BEGIN') ? createPrivateKey(text) : createPrivateKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new ConfigurationError(`${origin} is not a private key (${(error as Error).message}). Generate one with: openssl genpkey -algorithm ed25519`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new ConfigurationError(`${origin} is a ${key.asymmetricKeyType} key; seals are signed with Ed25519 (openssl genpkey -algorithm ed25519).`);
  const keyId = keyIdOf(createPublicKey(key));
  return { keyId, sign: (data) => sign(null, data, key).toString('base64') };
}

/** Accepts a PEM public key, or the base64 of its SPKI DER. */
export function verifierFromKey(text: string, origin = SEAL_PUBLIC_KEY_ENV): SealVerifier {
  let key: KeyObject;
  try {
    key = text.includes('-----BEGIN') ? createPublicKey(text) : createPublicKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'spki' });
  } catch (error) {
    throw new ConfigurationError(`${origin} is not a public key (${(error as Error).message}). Derive it with: openssl pkey -in seal.pem -pubout`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new ConfigurationError(`${origin} is a ${key.asymmetricKeyType} key; seals are verified with Ed25519.`);
  return { keyId: keyIdOf(key), verify: (data, signature) => verify(null, data, key, Buffer.from(signature, 'base64')) };
}

export function signerFromEnv(env: NodeJS.ProcessEnv = process.env): SealSigner | undefined {
  const value = env[SEAL_KEY_ENV];
  return value === undefined || value.trim() === '' ? undefined : signerFromKey(value);
}
