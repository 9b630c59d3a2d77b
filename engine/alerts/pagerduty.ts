/**
 * Pages on-call through the PagerDuty Events API v2
 * (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/).
 *
 * The finding's fingerprint is the `dedup_key`: PagerDuty appends a repeated trigger to the alert
 * already open for that key instead of opening another, and a `resolve` closes it. So a finding
 * that fails every hour is one incident, and its issue closing resolves it. A resolve for a key
 * with no open alert is dropped by PagerDuty, which is why every resolution is sent, whatever the
 * severity: a finding paged as critical and later lowered still gets its incident resolved.
 */
import type { Severity } from '../model.ts';
import {
  type AlertEvent,
  type AlertResult,
  criteriaLine,
  evidenceKeyOf,
  failingCount,
  httpUrl,
  slaDueAt,
  startsAlert,
  whyNoAlert,
  withoutEmails,
} from './alert-event.ts';
import { postJson, type RetryPolicy } from './post-json.ts';

export const PAGERDUTY_EVENTS_BASE_URL = 'https://events.pagerduty.com';
/**
 * Each PagerDuty service region has its own Events API host; a routing key sent to the other
 * region's host is refused (https://support.pagerduty.com/docs/service-regions).
 */
export const PAGERDUTY_EVENTS_BASE_URLS = { us: PAGERDUTY_EVENTS_BASE_URL, eu: 'https://events.eu.pagerduty.com' } as const;

export interface PagerDutyOptions {
  /** The 32-character integration key of an Events API v2 integration. */
  routingKey: string;
  /** Severities that page; default critical. */
  severities?: readonly Severity[];
  fetch?: typeof fetch;
  /** Default https://events.pagerduty.com; tests point it at a loopback server. */
  baseUrl?: string;
  retry?: Partial<RetryPolicy>;
}

export interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger' | 'resolve';
  dedup_key: string;
  payload?: {
    summary: string;
    source: string;
    severity: 'critical' | 'error' | 'warning' | 'info';
    timestamp: string;
    component: string;
    group: string;
    class: string;
    custom_details: Record<string, unknown>;
  };
  links?: { href: string; text: string }[];
  client?: string;
  client_url?: string;
}

/** PagerDuty's four severities (PD-CEF) for Evident's four. */
const PD_SEVERITY = { critical: 'critical', high: 'error', medium: 'warning', low: 'info' } as const;

/** PagerDuty's limit on `payload.summary`. */
const MAX_SUMMARY = 1024;

/** The event PagerDuty should receive for an alert event, or why it receives none. */
export function pagerDutyEventFor(event: AlertEvent, routingKey: string, severities: readonly Severity[]): PagerDutyEvent | { skip: string } {
  const { finding, decision } = event;
  const base = { routing_key: routingKey, dedup_key: finding.fingerprint };
  if (event.kind === 'resolved') return { ...base, event_action: 'resolve' };
  if (!startsAlert(event, severities)) return { skip: whyNoAlert(event, severities) };
  const scope = withoutEmails(finding.scope);
  const verb = event.kind === 'reopened' ? 'failed again' : event.kind === 'changed' ? `raised to ${decision.severity}` : 'failed';
  const summary = `[${decision.severity}] ${finding.controlId} ${verb} on ${scope}: ${failingCount(finding)}`;
  const issueUrl = httpUrl(event.issueUrl);
  return {
    ...base,
    event_action: 'trigger',
    payload: {
      summary: summary.length > MAX_SUMMARY ? `${summary.slice(0, MAX_SUMMARY - 1)}…` : summary,
      source: scope,
      severity: PD_SEVERITY[decision.severity],
      timestamp: finding.effectiveAt,
      component: finding.controlId,
      group: finding.source,
      class: criteriaLine(finding) || finding.controlId,
      custom_details: {
        fingerprint: finding.fingerprint,
        control: withoutEmails(finding.title),
        severity: decision.severity,
        sla_hours: decision.slaHours,
        due: slaDueAt(event),
        criteria: finding.criteria,
        failing: finding.failing.length,
        population: finding.population,
        issue_url: issueUrl,
        evidence_key: evidenceKeyOf(event),
        triaged_by: decision.decidedBy,
      },
    },
    ...(issueUrl === undefined ? {} : { links: [{ href: issueUrl, text: 'GitHub issue: what failed and the remediation checklist' }], client_url: issueUrl }),
    client: 'Evident',
  };
}

/** Sends the events one after another, in order: a trigger and a later resolve for one key must not swap. */
export async function sendPagerDutyAlerts(events: readonly AlertEvent[], options: PagerDutyOptions): Promise<AlertResult[]> {
  const severities = options.severities ?? ['critical'];
  const url = `${(options.baseUrl ?? PAGERDUTY_EVENTS_BASE_URL).replace(/\/+$/, '')}/v2/enqueue`;
  const results: AlertResult[] = [];
  for (const event of events) {
    const message = pagerDutyEventFor(event, options.routingKey, severities);
    if ('skip' in message) {
      results.push({ sink: 'pagerduty', event, status: 'skipped', reason: message.skip, attempts: 0 });
      continue;
    }
    const answer = await postJson(url, message, { fetch: options.fetch, retry: options.retry });
    results.push({ sink: 'pagerduty', event, ...judge(message, answer.status, answer.body, answer.error), attempts: answer.attempts });
  }
  return results;
}

/** https://developer.pagerduty.com/docs/events-api-v2/overview/#response-codes--retry-logic */
function judge(message: PagerDutyEvent, status: number | undefined, body: string, error: string | undefined): Pick<AlertResult, 'status' | 'reason'> {
  const action = message.event_action;
  if (status === undefined) return { status: 'failed', reason: `could not reach PagerDuty (${error}); the ${action} was not delivered; the issue still records the finding` };
  if (status >= 200 && status < 300) return { status: 'sent', reason: `PagerDuty accepted the ${action} for dedup_key ${message.dedup_key}` };
  const detail = describeBody(body);
  if (status === 400) return { status: 'failed', reason: `PagerDuty rejected the ${action} as invalid (400${detail}); check the routing key is a 32-character Events API v2 integration key` };
  if (status === 429 || status >= 500) return { status: 'failed', reason: `PagerDuty answered ${status}${detail}${error ? `, ${error}` : ''}; gave up after the retries` };
  return { status: 'failed', reason: `PagerDuty answered ${status}${detail}` };
}

/** `{ status, message, errors: [...] }`, PagerDuty's error body, in a line. */
function describeBody(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; errors?: unknown };
    const parts = [typeof parsed.message === 'string' ? parsed.message : undefined, ...(Array.isArray(parsed.errors) ? parsed.errors.map(String) : [])];
    const text = parts.filter((part) => part !== undefined).join('; ');
    return text === '' ? '' : `: ${text.slice(0, 500)}`;
  } catch {
    return '';
  }
}
