/**
 * The app's environment: checks that would make it unsafe to start, and the defaults it derives.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigurationError } from '../errors.ts';

/**
 * Refuses a missing webhook secret, or Probot's development default: anyone could then post forged
 * events and have the app write evidence and issues. GitHub signs every delivery with the secret
 * (https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries).
 */
export function assertWebhookSecret(secret: string | undefined): void {
  if (secret === undefined || secret.trim() === '') {
    throw new ConfigurationError('WEBHOOK_SECRET is not set: set it to the secret of the GitHub App\'s webhook (a long random string)');
  }
  if (secret === 'development') {
    throw new ConfigurationError('WEBHOOK_SECRET is "development", Probot\'s placeholder: set it to the secret of the GitHub App\'s webhook');
  }
}

/**
 * The environment the handlers see. Without EVIDENT_FINGERPRINT_KEY, the key of secret fingerprints
 * is derived from the app's private key: stable across restarts and replicas (so a redelivered
 * webhook yields the same evidence record), and as secret as that key.
 */
export function appEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.EVIDENT_FINGERPRINT_KEY !== undefined && env.EVIDENT_FINGERPRINT_KEY !== '') return env;
  const privateKey = env.PRIVATE_KEY ?? (env.PRIVATE_KEY_PATH === undefined ? undefined : readFileSync(env.PRIVATE_KEY_PATH, 'utf8'));
  if (privateKey === undefined || privateKey === '') return env;
  return { ...env, EVIDENT_FINGERPRINT_KEY: createHmac('sha256', privateKey).update('evident secret fingerprints v1').digest('hex') };
}
