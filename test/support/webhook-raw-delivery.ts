/**
 * A delivery of exact bytes, with the signature chosen by the test: to send a body other than the
 * one signed (re-serialized JSON), a body that is not JSON, or headers GitHub would not send.
 * webhook-delivery.ts's `deliver` signs `JSON.stringify(payload)`; this sends what it is given.
 */
import { randomUUID } from 'node:crypto';
import { signWebhook } from './webhook-delivery.ts';

export interface RawDelivery {
  event: string;
  body: string | Uint8Array;
  /** The X-Hub-Signature-256 to send; `{ over, secret }` signs other bytes than the body; undefined sends none. */
  signature?: string | { over: string; secret: string };
  id?: string;
  headers?: Record<string, string>;
}

export async function deliverRaw(url: string, delivery: RawDelivery): Promise<{ status: number; body: string; id: string }> {
  const id = delivery.id ?? randomUUID();
  const signature = typeof delivery.signature === 'object' ? signWebhook(delivery.signature.over, delivery.signature.secret) : delivery.signature;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/a1b2c3d',
      'x-github-event': delivery.event,
      'x-github-delivery': id,
      ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }),
      ...delivery.headers,
    },
    body: delivery.body,
  });
  return { status: response.status, body: await response.text(), id };
}
