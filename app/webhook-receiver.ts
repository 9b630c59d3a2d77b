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
 *
 * GitHub does not deliver a failed delivery again by itself, and after a 202 it never learns of the
 * failure, so work that failed for a reason that may pass (a 5xx, a rate limit, a network error) is
 * done again here, a few times with growing delays: the handlers are idempotent (a redelivery writes
 * nothing twice), so a retry is a redelivery. Retries live in this process; what still fails is
 * logged with the way to redeliver it by hand.
 * https://docs.github.com/en/webhooks/testing-and-troubleshooting-webhooks/redelivering-webhooks
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Probot } from 'probot';
import { failureMessages, worthRetrying } from './delivery-failure.ts';
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
  /** Delays before doing failed work again, one per retry. Default 10 s, 1 min, 5 min. */
  retryDelaysMs?: readonly number[];
  /** Deliveries waiting for a retry at most; past it a failure is only logged (an outage must not fill memory). */
  maxPendingRetries?: number;
}

export type WebhookReceiver = (request: IncomingMessage, response: ServerResponse, next?: () => void) => Promise<void>;

const MAX_BODY_BYTES = 25 * 1024 * 1024;
const RETRY_DELAYS_MS = [10_000, 60_000, 300_000];
const MAX_PENDING_RETRIES = 1000;

export function createWebhookReceiver(options: WebhookReceiverOptions): WebhookReceiver {
  const path = options.path ?? '/api/github/webhooks';
  const timeoutMs = options.timeoutMs ?? 9000;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const log = options.probot.log;
  const retryDelaysMs = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  const maxPendingRetries = options.maxPendingRetries ?? MAX_PENDING_RETRIES;
  let pendingRetries = 0;

  /** Schedules attempt `attempt` (1 = the first retry) of work that failed, when it is worth it. */
  const retryLater = (what: string, event: Parameters<Probot['webhooks']['receive']>[0], error: unknown, attempt: number): void => {
    const delay = retryDelaysMs[attempt - 1];
    const redeliver = 'redeliver it from the GitHub App\'s settings (Advanced, Recent Deliveries) once the cause is fixed';
    if (!worthRetrying(error)) {
      log.error(`${what} will not be retried (GitHub refused it; waiting will not help): ${redeliver}`);
      return;
    }
    if (delay === undefined) {
      log.error(`${what} failed after ${attempt} attempt(s): ${redeliver}`);
      return;
    }
    if (pendingRetries >= maxPendingRetries) {
      log.error(`${what} not retried: ${pendingRetries} deliveries already wait for a retry; ${redeliver}`);
      return;
    }
    pendingRetries += 1;
    log.warn(`${what} will be tried again in ${Math.round(delay / 1000)} s (retry ${attempt} of ${retryDelaysMs.length})`);
    const timer = setTimeout(() => {
      pendingRetries -= 1;
      options.probot.webhooks.receive(event).then(
        () => log.info(`${what} done on retry ${attempt}`),
        (again: unknown) => {
          log.error(`${what} failed again on retry ${attempt}: ${failureMessages(again)}`);
          retryLater(what, event, again, attempt + 1);
        },
      );
    }, delay);
    // A pending retry does not keep a stopping process alive.
    timer.unref();
  };

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
    const event = { id: delivery.id, name: delivery.name as never, payload: delivery.payload as never };
    try {
      // Not probot.receive(): it logs the whole event at debug level.
      await options.probot.webhooks.receive(event);
      if (!answered) reply(response, 200, 'ok');
    } catch (error) {
      log.error(`${what} ${answered ? 'failed after its 202' : 'answered 500'}: ${failureMessages(error)}`);
      if (!answered) reply(response, 500, `delivery ${delivery.id} could not be processed; see the app's log`);
      retryLater(what, event, error, 1);
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
