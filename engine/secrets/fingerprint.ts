/**
 * A secret's fingerprint: HMAC-SHA256 keyed by the organization's fingerprint key, so the same
 * secret found again (another PR, another run) has the same fingerprint, while nobody without the
 * key can test guesses against it. Without a key, a random one is used and fingerprints hold for
 * that run only.
 */
import { createHmac, randomBytes } from 'node:crypto';

export const FINGERPRINT_KEY_ENV = 'EVIDENT_FINGERPRINT_KEY';

export type Fingerprinter = (secret: string) => string;

export function fingerprinter(key: string | Uint8Array): Fingerprinter {
  return (secret) => createHmac('sha256', key).update(secret, 'utf8').digest('hex').slice(0, 32);
}

/** The fingerprinter for this process: the key from the environment, or a random one with `stable: false`. */
export function fingerprinterFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  variable = FINGERPRINT_KEY_ENV,
): { fingerprint: Fingerprinter; stable: boolean } {
  const key = env[variable];
  if (key !== undefined && key.trim() !== '') return { fingerprint: fingerprinter(key), stable: true };
  return { fingerprint: fingerprinter(randomBytes(32)), stable: false };
}
