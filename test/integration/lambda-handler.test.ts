/**
 * The app's AWS Lambda handler: it verifies each delivery's signature before anything runs.
 * (The handlers behind it are tested end to end in test/e2e/github-app.test.ts.)
 */
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../support/webhook-delivery.ts';

const SECRET = 'lambda-webhook-secret-long-enough';
let handler: (event: { headers: Record<string, string | undefined>; body: string | null; isBase64Encoded?: boolean }) => Promise<{ statusCode: number; body: string }>;

beforeAll(async () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  process.env.APP_ID = '1';
  process.env.PRIVATE_KEY = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  process.env.WEBHOOK_SECRET = SECRET;
  process.env.LOG_LEVEL = 'fatal';
  ({ handler } = await import('../../app/lambda.ts'));
});

// An installation event the app only logs: no call to GitHub, so the test needs none.
const body = JSON.stringify({ action: 'created', installation: { id: 5, account: { login: 'acme' } }, sender: { login: 'ana' } });
const headers = (signature: string) => ({ 'X-GitHub-Delivery': 'd-1', 'X-GitHub-Event': 'installation', 'X-Hub-Signature-256': signature, 'content-type': 'application/json' });

describe('the Lambda handler', () => {
  it('accepts a delivery signed with the webhook secret', async () => {
    expect(await handler({ headers: headers(signWebhook(body, SECRET)), body })).toEqual({ statusCode: 200, body: 'ok' });
  });

  it('accepts a base64-encoded body, as API Gateway may send it', async () => {
    expect((await handler({ headers: headers(signWebhook(body, SECRET)), body: Buffer.from(body).toString('base64'), isBase64Encoded: true })).statusCode).toBe(200);
  });

  it('answers 400 to a forged signature and to missing GitHub headers', async () => {
    expect((await handler({ headers: headers(signWebhook(body, 'wrong-secret')), body })).statusCode).toBe(400);
    expect((await handler({ headers: { 'content-type': 'application/json' }, body })).statusCode).toBe(400);
  });
});
