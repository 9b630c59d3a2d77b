/**
 * Webhook deliveries as GitHub sends them, for testing a Probot app (or any receiver) end to end:
 * a JSON body signed with the webhook secret, and the headers GitHub adds
 * (https://docs.github.com/webhooks/webhook-events-and-payloads#delivery-headers).
 *
 * Payloads start from `@octokit/webhooks-examples` (real deliveries to api.github.com, collected
 * by Octokit), deep-cloned so each test can adapt its own copy.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';

export type WebhookEventName = WebhookDefinition['name'];
/** The payload type of an event, as `@octokit/webhooks-examples` declares its examples. */
export type WebhookPayload<E extends WebhookEventName> = WebhookDefinition<E>['examples'][number];

/**
 * GitHub's `X-Hub-Signature-256`: `sha256=` and the hex HMAC-SHA256 of the exact body bytes under
 * the secret (https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries).
 */
export function signWebhook(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export interface Delivery {
  event: string;
  payload: unknown;
  /** Signs the body when given; GitHub sends no signature headers for a webhook without a secret. */
  secret?: string;
  /** X-GitHub-Delivery. Default: a random UUID, as GitHub's. */
  id?: string;
  /** Extra or replacement headers, e.g. a wrong signature. */
  headers?: Record<string, string>;
}

export interface DeliveryResult {
  status: number;
  body: string;
  /** The delivery id sent, to find the delivery in the receiver's logs. */
  id: string;
  headers: Headers;
}

/** POSTs a delivery the way GitHub's Hookshot does, and returns what the receiver answered. */
export async function deliver(url: string, delivery: Delivery): Promise<DeliveryResult> {
  const body = JSON.stringify(delivery.payload);
  const id = delivery.id ?? randomUUID();
  const payload = (typeof delivery.payload === 'object' && delivery.payload !== null ? delivery.payload : {}) as {
    installation?: { id?: number };
    repository?: { id?: number };
  };
  const target = payload.installation?.id !== undefined ? { type: 'integration', id: payload.installation.id } : { type: 'repository', id: payload.repository?.id ?? 0 };
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/a1b2c3d',
      'x-github-event': delivery.event,
      'x-github-delivery': id,
      'x-github-hook-id': '123456789',
      'x-github-hook-installation-target-type': target.type,
      'x-github-hook-installation-target-id': String(target.id),
      ...(delivery.secret === undefined
        ? {}
        : {
            'x-hub-signature': `sha1=${createHmac('sha1', delivery.secret).update(body, 'utf8').digest('hex')}`,
            'x-hub-signature-256': signWebhook(body, delivery.secret),
          }),
      ...delivery.headers,
    },
    body,
  });
  return { status: response.status, body: await response.text(), id, headers: response.headers };
}

let examples: WebhookDefinition[] | undefined;

/**
 * A deep copy of an example delivery of `event` (with `action`, when the event has actions), from
 * api.github.com. An example that came from an app installation (has `installation`) is preferred,
 * as that is what a GitHub App receives. Throws, listing what exists, when there is none.
 */
export function examplePayload<E extends WebhookEventName>(event: E, action?: string): WebhookPayload<E> {
  examples ??= createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];
  const definition = examples.find((d) => d.name === event);
  if (definition === undefined) throw new Error(`webhook-delivery: no examples for the event "${event}"`);
  const matching = definition.examples.filter((e) => action === undefined || (e as { action?: string }).action === action);
  const chosen = matching.find((e) => (e as { installation?: unknown }).installation !== undefined) ?? matching[0];
  if (chosen === undefined) {
    const actions = [...new Set(definition.examples.map((e) => (e as { action?: string }).action))].join(', ');
    throw new Error(`webhook-delivery: no "${event}" example with action "${action}"; the examples have: ${actions}`);
  }
  return structuredClone(chosen) as WebhookPayload<E>;
}
