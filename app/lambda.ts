/**
 * The app on AWS Lambda behind a function URL or API Gateway: verifies the delivery (verify-delivery.ts:
 * headers, the signature over the raw bytes, the JSON), runs the handlers, answers 200, 400 for a
 * forged or malformed delivery, 500 when a handler failed. Stateless: each invocation reads what it
 * needs from GitHub. Nothing is logged with the body.
 */
import { createProbot } from 'probot';
import { evidentApp } from './index.ts';
import { failureMessages } from './delivery-failure.ts';
import { loggable, verifyDelivery } from './verify-delivery.ts';

const probot = createProbot();
const loaded = probot.load(evidentApp());

interface LambdaEvent {
  headers: Record<string, string | undefined>;
  body: string | null;
  isBase64Encoded?: boolean;
}

export async function handler(event: LambdaEvent): Promise<{ statusCode: number; body: string }> {
  await loaded;
  // API Gateway keeps the sender's header case (REST APIs) or lower-cases it (HTTP APIs, function URLs).
  const headers = new Map(Object.entries(event.headers).map(([name, value]) => [name.toLowerCase(), value]));
  const header = (name: string) => headers.get(name) ?? undefined;
  const body = event.isBase64Encoded === true ? Buffer.from(event.body ?? '', 'base64') : Buffer.from(event.body ?? '', 'utf8');
  const what = `${loggable(header('x-github-event'), 'event')} delivery ${loggable(header('x-github-delivery'), 'id')}`;
  const delivery = verifyDelivery(header, body, process.env.WEBHOOK_SECRET ?? '');
  if (!delivery.ok) {
    probot.log.warn(`${what} refused (${delivery.status}): ${delivery.reason}`);
    return { statusCode: delivery.status, body: delivery.reason };
  }
  try {
    await probot.webhooks.receive({ id: delivery.id, name: delivery.name as never, payload: delivery.payload as never });
    return { statusCode: 200, body: 'ok' };
  } catch (error) {
    probot.log.error(`${what} answered 500: ${failureMessages(error)}`);
    return { statusCode: 500, body: 'error' };
  }
}
