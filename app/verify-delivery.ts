/**
 * Checks a webhook delivery before anything reads it: GitHub's headers, the `X-Hub-Signature-256`
 * HMAC-SHA256 of the exact bytes received under the webhook secret, then the JSON.
 * https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#delivery-headers
 *
 * Why not @octokit/webhooks' `verifyAndReceive`: it decodes the body to a string before hashing (so
 * the HMAC is not over the raw bytes), and on a bad signature it attaches the whole body to the error
 * it hands to Probot's error handler, which logs it: anyone could then write into the app's logs.
 * Nothing here logs, and no refusal quotes the body (JSON.parse's message does, so it is dropped).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type Delivery = { ok: true; id: string; name: string; payload: Record<string, unknown> };
export type Refusal = { ok: false; status: 400 | 415; reason: string };

/** GitHub's event names (`pull_request`) and delivery ids (a GUID); anything else is not from GitHub. */
const EVENT_NAME = /^[a-z_]{1,64}$/;
const DELIVERY_ID = /^[A-Za-z0-9._-]{1,128}$/;
const SIGNATURE = /^sha256=([0-9a-f]{64})$/;
const JSON_MEDIA_TYPE = /^\s*application\/json\s*(?:;|$)/i;

export function verifyDelivery(header: (name: string) => string | undefined, body: Uint8Array, secret: string): Delivery | Refusal {
  const contentType = header('content-type');
  if (contentType === undefined || !JSON_MEDIA_TYPE.test(contentType)) {
    // The app's webhook is registered with content type application/json (app.yml): form-encoded is not it.
    return { ok: false, status: 415, reason: 'the body must be application/json' };
  }
  const name = header('x-github-event');
  const id = header('x-github-delivery');
  const signature = header('x-hub-signature-256');
  const missing = [name === undefined ? 'X-GitHub-Event' : '', id === undefined ? 'X-GitHub-Delivery' : '', signature === undefined ? 'X-Hub-Signature-256' : ''].filter(Boolean);
  if (missing.length > 0) return { ok: false, status: 400, reason: `missing headers: ${missing.join(', ')}` };
  if (!EVENT_NAME.test(name!) || !DELIVERY_ID.test(id!)) return { ok: false, status: 400, reason: 'X-GitHub-Event or X-GitHub-Delivery is not one GitHub sends' };

  // The HMAC of the bytes as received: a body re-serialized in transit (other spacing, other key order)
  // is not the body GitHub signed, even when it holds the same JSON.
  const given = SIGNATURE.exec(signature!.trim().toLowerCase())?.[1];
  const expected = createHmac('sha256', secret).update(body).digest();
  if (given === undefined || !timingSafeEqual(Buffer.from(given, 'hex'), expected)) {
    return { ok: false, status: 400, reason: 'signature does not match the body and the webhook secret' };
  }

  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    // Not the parser's message: it quotes the body.
    return { ok: false, status: 400, reason: 'the body is not valid UTF-8 JSON' };
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return { ok: false, status: 400, reason: 'the body is not a JSON object' };
  return { ok: true, id: id!, name: name!, payload: payload as Record<string, unknown> };
}

/** A header value for a log line: shown only when it has the shape GitHub gives it, so a forged header cannot write into the logs. */
export function loggable(value: string | undefined, pattern: 'event' | 'id'): string {
  if (value === undefined) return '(none)';
  return (pattern === 'event' ? EVENT_NAME : DELIVERY_ID).test(value) ? value : '(malformed)';
}
