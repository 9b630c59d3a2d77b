/**
 * `alert-history.csv`: the alert-review and remediation log auditors ask for, one row per
 * remediation cycle (an issue opened or reopened, until it closed), from the issue history.
 */
import type { RemediationCycle } from '../issue-history.ts';
import { slaOutcome } from './remediation-summary.ts';
import { csvDocument } from './rfc4180.ts';

export const ALERT_HISTORY_HEADER = [
  'finding',
  'control',
  'scope',
  'issue',
  'url',
  'opened',
  'first_response',
  'severity',
  'sla_hours',
  'due',
  'closed',
  'closed_as',
  'met',
] as const;

export function alertHistoryCsv(cycles: readonly RemediationCycle[]): string {
  return csvDocument(
    ALERT_HISTORY_HEADER,
    cycles.map((cycle) => [
      cycle.issue.fingerprint,
      cycle.issue.controlId,
      cycle.issue.scope,
      cycle.issue.number,
      cycle.issue.url,
      cycle.openedAt,
      cycle.firstResponseAt,
      cycle.issue.severity,
      cycle.issue.slaHours,
      cycle.dueAt,
      cycle.closedAt,
      cycle.closedAs,
      slaOutcome(cycle),
    ]),
  );
}
