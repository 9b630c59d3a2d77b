/**
 * What issue sync tells the alert sinks (PagerDuty, Slack), and what each sink answers.
 *
 * Alerts carry no outcome messages, resource names or the finding's summary sentence: those name
 * users and may hold emails (`jane@acme.com has no MFA factor`). An alert says which control
 * failed where, how many resources, the severity and SLA, and links to the issue that has the rest.
 */
import type { Finding, Severity } from '../model.ts';
import type { TriageDecision } from '../triage/decision.ts';

export type AlertKind = 'opened' | 'reopened' | 'changed' | 'resolved';

export type AlertEvent = {
  kind: AlertKind;
  finding: Finding;
  /** For `resolved`: the last decision the issue carried while it was open. */
  decision: TriageDecision;
  issueUrl?: string;
  evidenceKey?: string;
  /**
   * For `changed`: the severity the issue carried before the change. A sink alerts on a change only
   * when it crosses into the sink's severities; without it, a change never alerts.
   */
  previousSeverity?: Severity;
  /** Only these sinks: an owed alert is sent again to the sinks that did not take it. */
  sinks?: readonly AlertSink[];
};

export type AlertSink = 'pagerduty' | 'slack';

export interface AlertResult {
  sink: AlertSink;
  /** Absent for a sink-wide result (its secret is not set) and for the run summary. */
  event?: AlertEvent;
  status: 'sent' | 'skipped' | 'failed';
  /** What happened, in a sentence that says what to do next when something went wrong. */
  reason: string;
  /** HTTP requests made for this result: 0 when nothing was sent. */
  attempts: number;
}

/** Whether an event starts an alert on a sink that alerts on `severities`. */
export function startsAlert(event: AlertEvent, severities: readonly Severity[]): boolean {
  if (!severities.includes(event.decision.severity)) return false;
  if (event.kind === 'opened' || event.kind === 'reopened') return true;
  if (event.kind === 'changed') return event.previousSeverity !== undefined && !severities.includes(event.previousSeverity);
  return false;
}

/** Why `startsAlert` said no, for the `skipped` result. */
export function whyNoAlert(event: AlertEvent, severities: readonly Severity[]): string {
  if (event.kind === 'changed' && severities.includes(event.decision.severity)) {
    return event.previousSeverity === undefined
      ? 'a change without the previous severity does not alert again'
      : `already alerting at ${event.previousSeverity}; the change does not alert again`;
  }
  return `severity ${event.decision.severity} is not among the alerting severities (${severities.join(', ') || 'none'})`;
}

/** When the finding must be remediated by: the same clock as the issue's SLA (engine/issues/render-issue.ts). */
export function slaDueAt(event: AlertEvent): string {
  return new Date(Date.parse(event.finding.effectiveAt) + event.decision.slaHours * 3_600_000).toISOString();
}

/** "3 of 42 resources failing": counts only, never which resources. */
export function failingCount(finding: Finding): string {
  const population = Math.max(finding.population, finding.failing.length);
  return `${finding.failing.length} of ${population} ${population === 1 ? 'resource' : 'resources'} failing`;
}

/** The criteria in one line: "SOC 2 CC6.1, ISO 27001 A.5.17". */
export function criteriaLine(finding: Finding): string {
  return [...finding.criteria.soc2.map((id) => `SOC 2 ${id}`), ...finding.criteria.iso27001.map((id) => `ISO 27001 ${id}`)].join(', ');
}

/**
 * A last guard for the free-text fields an alert does carry (scope, title): scopes are orgs,
 * accounts and repositories, but should one ever hold an email it does not leave in an alert.
 */
export function withoutEmails(text: string): string {
  return text.replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[email]');
}

/** The evidence record an alert links: the one issue sync names, else the finding's latest. */
export function evidenceKeyOf(event: AlertEvent): string | undefined {
  return event.evidenceKey ?? event.finding.evidence.at(-1);
}

/** Only http(s) links leave in an alert; anything else is dropped rather than sent. */
export function httpUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
