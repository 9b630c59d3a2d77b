/**
 * A PagerDuty Events API v2 endpoint on 127.0.0.1 for the alert tests: POST /v2/enqueue.
 *
 * It checks an event the way PagerDuty documents
 * (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/): a 32-character
 * routing_key, a known event_action, a dedup_key of at most 255 characters (required to
 * acknowledge or resolve), and for a trigger a payload with summary (≤ 1024), source and one of the
 * four severities; it answers 400 `{ status: 'invalid event', message, errors }` otherwise and 202
 * `{ status: 'success', message: 'Event processed', dedup_key }` when it accepts.
 *
 * It keeps alerts by dedup_key as PagerDuty does: a trigger appends to the open alert of its key or
 * opens one; a resolve closes the open one or is dropped; a trigger after a resolve opens a new one.
 * Tests can script the next answers (429 with retry-after, 500) before any validation.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PagerDutyIncident {
  dedupKey: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  /** Trigger events applied to this alert, the one that opened it included. */
  triggers: number;
  summary: string;
  severity: string;
}

export interface PagerDutyRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed body, or the raw text when it was not JSON. */
  body: unknown;
  raw: string;
  /** The status this server answered. */
  answered: number;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface PagerDutyTestServer {
  /** Base URL, as `baseUrls.pagerduty`. */
  url: string;
  requests: PagerDutyRequest[];
  /** Every alert ever opened, oldest first. */
  incidents: PagerDutyIncident[];
  /** Answers the next requests with these, in order, before validating them. */
  answerNext(...answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

const SEVERITIES = ['critical', 'error', 'warning', 'info'];

/** The errors PagerDuty would list for this event; empty when it is valid. */
export function pagerDutyErrors(event: unknown): string[] {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return ['Event object is not a JSON object'];
  const e = event as Record<string, unknown>;
  const errors: string[] = [];
  if (typeof e.routing_key !== 'string' || e.routing_key.length !== 32) errors.push("Length of 'routing_key' is incorrect (should be 32 characters)");
  if (!['trigger', 'acknowledge', 'resolve'].includes(String(e.event_action))) errors.push("'event_action' is invalid (must be one of: trigger, acknowledge, resolve)");
  if (e.dedup_key !== undefined && (typeof e.dedup_key !== 'string' || e.dedup_key.length > 255)) errors.push("'dedup_key' must be a string of at most 255 characters");
  if (e.event_action !== 'trigger' && e.dedup_key === undefined) errors.push("'dedup_key' is missing or blank");
  if (e.event_action === 'trigger') {
    const p = e.payload as Record<string, unknown> | undefined;
    if (typeof p !== 'object' || p === null) return [...errors, "'payload' is missing or blank"];
    if (typeof p.summary !== 'string' || p.summary === '') errors.push("'payload.summary' is missing or blank");
    else if (p.summary.length > 1024) errors.push("'payload.summary' is longer than 1024 characters");
    if (typeof p.source !== 'string' || p.source === '') errors.push("'payload.source' is missing or blank");
    if (!SEVERITIES.includes(String(p.severity))) errors.push("'payload.severity' is invalid (must be one of: critical, error, warning, info)");
  }
  return errors;
}

export async function startPagerDutyServer(): Promise<PagerDutyTestServer> {
  const requests: PagerDutyRequest[] = [];
  const incidents: PagerDutyIncident[] = [];
  const scripted: ScriptedAnswer[] = [];
  const open = (key: string) => incidents.find((i) => i.dedupKey === key && i.status !== 'resolved');

  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // Kept as text: answered 400 below.
    }
    const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      requests.push({ path: req.url ?? '', headers: req.headers, body, raw, answered: status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(json));
    };
    if (req.method !== 'POST' || req.url !== '/v2/enqueue') return answer(404, { status: 'not found' });
    const next = scripted.shift();
    if (next !== undefined) return answer(next.status, next.body ?? { status: 'error', message: `scripted ${next.status}` }, next.headers);
    if (typeof body === 'string') return answer(400, { status: 'invalid event', message: 'Event object is invalid', errors: ['Malformed JSON'] });
    const errors = pagerDutyErrors(body);
    if (errors.length > 0) return answer(400, { status: 'invalid event', message: 'Event object is invalid', errors });
    const event = body as { event_action: string; dedup_key?: string; payload?: { summary: string; severity: string } };
    const dedupKey = event.dedup_key ?? randomUUID();
    const current = open(dedupKey);
    if (event.event_action === 'trigger') {
      if (current === undefined) incidents.push({ dedupKey, status: 'triggered', triggers: 1, summary: event.payload?.summary ?? '', severity: event.payload?.severity ?? '' });
      else current.triggers += 1;
    } else if (current !== undefined) {
      // No open alert: PagerDuty accepts the event and drops it.
      current.status = event.event_action === 'resolve' ? 'resolved' : 'acknowledged';
    }
    answer(202, { status: 'success', message: 'Event processed', dedup_key: dedupKey });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    incidents,
    answerNext: (...answers) => void scripted.push(...answers),
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps connections alive; close would wait for them.
        server.closeAllConnections();
      }),
  };
}
