/**
 * The app on AWS Lambda behind a function URL or API Gateway: verifies the delivery's signature,
 * runs the handlers, answers 200 (or 400 for a forged or malformed delivery). Stateless: each
 * invocation reads what it needs from GitHub.
 */
import { createProbot } from 'probot';
import { evidentApp } from './index.ts';

const probot = createProbot();
const loaded = probot.load(evidentApp());

interface LambdaEvent {
  headers: Record<string, string | undefined>;
  body: string | null;
  isBase64Encoded?: boolean;
}

export async function handler(event: LambdaEvent): Promise<{ statusCode: number; body: string }> {
  await loaded;
  const header = (name: string) => event.headers[name] ?? event.headers[name.toLowerCase()];
  const body = event.isBase64Encoded === true ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  const id = header('X-GitHub-Delivery');
  const name = header('X-GitHub-Event');
  const signature = header('X-Hub-Signature-256');
  if (id === undefined || name === undefined || signature === undefined) return { statusCode: 400, body: 'missing GitHub webhook headers' };
  try {
    await probot.webhooks.verifyAndReceive({ id, name: name as never, signature, payload: body });
    return { statusCode: 200, body: 'ok' };
  } catch (error) {
    const status = (error as { status?: number }).status;
    return status === 400 || /signature/i.test((error as Error).message) ? { statusCode: 400, body: 'signature does not match' } : { statusCode: 500, body: 'error' };
  }
}
