/**
 * The app's webhook endpoint for a Node HTTP server, in place of Probot's middleware: every delivery
 * is checked by verify-delivery.ts (headers, HMAC over the raw bytes, JSON) before Probot sees it,
 * then handed to the app's handlers. Refusals and failures are logged by delivery id and reason,
 * never with the body: a forged request must not be able to write into the logs, and a pull
 * request's text does not belong there either.
 *
 * Like Probot's middleware, it answers 202 when the handlers take longer than GitHub waits (10 s),
 * and goes on with the work.
 * https://docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks#respond-within-10-seconds
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Probot } from 'probot';
import { failureMessages } from './delivery-failure.ts';
import { loggable, verifyDelivery } from './verify-delivery.ts';

export interface WebhookReceiverOptions {
  /** A Probot instance with the app loaded (`await probot.load(evidentApp())`). */
  probot: Probot;
  /** The GitHub App's webhook secret. */
  secret: string;
  /** Default /api/github/webhooks, as Probot's. */
  path?: string;
  /** When to answer 202 and finish in the background. Default 9 s. */
  timeoutMs?: number;
  /** GitHub caps payloads at 25 MB (https://docs.github.com/en/webhooks/webhook-events-and-payloads#payload-cap). */
  maxBodyBytes?: number;
}

export type WebhookReceiver = (request: IncomingMessage, response: ServerResponse, next?: () => void) => Promise<void>;

const MAX_BODY_BYTES = 25 * 1024 * 1024;

export function createWebhookReceiver(options: WebhookReceiverOptions): WebhookReceiver {
  const path = options.path ?? '/api/github/webhooks';
  const timeoutMs = options.timeoutMs ?? 9000;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const log = options.probot.log;

  return async (request, response, next) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '');
    if (pathname !== path.replace(/\/+$/, '')) {
      if (next === undefined) reply(response, 404, 'not found');
      else next();
      return;
    }
    if (request.method !== 'POST') {
      reply(response, 405, 'only POST', { allow: 'POST' });
      return;
    }
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    const what = `${loggable(header('x-github-event'), 'event')} delivery ${loggable(header('x-github-delivery'), 'id')}`;
    let body: Buffer | undefined;
    try {
      body = await readBody(request, maxBodyBytes);
    } catch {
      // The client went away mid-body: nothing to answer, and nothing to crash the server over.
      log.warn(`${what} dropped: the request ended before its body did`);
      response.destroy();
      return;
    }
    if (body === undefined) {
      log.warn(`${what} refused: the body is over ${maxBodyBytes} bytes`);
      reply(response, 413, 'payload too large');
      return;
    }
    const delivery = verifyDelivery(header, body, options.secret);
    if (!delivery.ok) {
      log.warn(`${what} refused (${delivery.status}): ${delivery.reason}`);
      reply(response, delivery.status, delivery.reason);
      return;
    }

    let answered = false;
    const timer = setTimeout(() => {
      answered = true;
      reply(response, 202, 'still processing');
    }, timeoutMs);
    try {
      // Not probot.receive(): it logs the whole event at debug level.
      await options.probot.webhooks.receive({ id: delivery.id, name: delivery.name as never, payload: delivery.payload as never });
      if (!answered) reply(response, 200, 'ok');
    } catch (error) {
      log.error(`${what} answered 500: ${failureMessages(error)}`);
      if (!answered) reply(response, 500, `delivery ${delivery.id} could not be processed; see the app's log`);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** The body's bytes, or undefined past the cap (the rest is read and dropped, so the client gets the answer). */
async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= maxBytes) chunks.push(chunk as Buffer);
  }
  return size > maxBytes ? undefined : Buffer.concat(chunks);
}

function reply(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  if (response.headersSent) return;
  const body = `${JSON.stringify({ status, message })}\n`;
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers }).end(body);
}
