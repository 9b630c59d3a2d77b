/**
 * Alerts a sink did not take are owed: the issue's state records them (IssueState.owedAlert), the
 * next run sends them again to those sinks only (sync-issues.ts), and they are cleared once taken.
 * Alerts follow issue changes, so without this an alert lost to an outage would be lost for good
 * whenever the issue does not change again.
 *
 * Per sink, the latest alert that concerned it decides: taken (sent) means nothing is owed to it;
 * refused (failed) means that alert is owed. An alert a sink skipped (a severity it does not alert
 * on, its secret not set) leaves what it owed as it was.
 */
import type { AlertEvent, AlertResult, AlertSink } from './alerts/alert-event.ts';
import { findingFingerprint } from './findings.ts';
import { readState, type IssueState } from './issues/issue-state.ts';
import type { IssueTracker } from './issues/issue-tracker.ts';
import { replaceState } from './issues/plan-sync.ts';
import type { SyncAlert, SyncReport } from './issues/sync-issues.ts';

export interface OwedAlertsOutcome {
  /** Issues whose owed alert was recorded or cleared. */
  written: number;
  /** Issues on which that could not be written; the next run cannot resend what they owe. */
  problems: string[];
}

/** Records on each alerted issue what its sinks still owe, or clears it; one body write per change. */
export async function settleOwedAlerts(
  sync: SyncReport,
  sent: readonly { alert: SyncAlert; event: AlertEvent }[],
  results: readonly AlertResult[],
  context: { tracker: IssueTracker; now: Date; log?: { warn(message: string): void } | undefined },
): Promise<OwedAlertsOutcome> {
  const outcome: OwedAlertsOutcome = { written: 0, problems: [] };
  const alertOf = new Map(sent.map(({ alert, event }) => [event, alert]));
  const byFingerprint = new Map<string, SyncAlert[]>();
  for (const alert of sync.alerts) {
    const fingerprint = findingFingerprint(alert.result.controlId, alert.result.scope);
    byFingerprint.set(fingerprint, [...(byFingerprint.get(fingerprint) ?? []), alert]);
  }
  for (const [fingerprint, alerts] of byFingerprint) {
    const issue = sync.items.find((item) => item.fingerprint === fingerprint && item.issue !== undefined)?.issue;
    const state = readState(issue?.body);
    if (issue === undefined || state === undefined) continue;
    const owing = new Map<AlertSink, SyncAlert>();
    // An owed alert no result touched this run (a sink dropped from compliance.yml) stays owed.
    for (const sink of state.owedAlert?.sinks ?? []) owing.set(sink, alerts[0] as SyncAlert);
    for (const alert of alerts) {
      for (const result of results) {
        if (result.event === undefined || alertOf.get(result.event) !== alert) continue;
        if (result.status === 'failed') owing.set(result.sink, alert);
        else if (result.status === 'sent') owing.delete(result.sink);
      }
    }
    const latest = alerts.filter((alert) => [...owing.values()].includes(alert)).at(-1);
    const owedAlert: IssueState['owedAlert'] =
      latest === undefined
        ? undefined
        : {
            kind: latest.kind,
            sinks: [...owing.keys()].sort(),
            ...(previousSeverityOf(latest) === undefined ? {} : { previousSeverity: previousSeverityOf(latest) }),
            since: state.owedAlert?.since ?? context.now.toISOString(),
          };
    if (JSON.stringify(owedAlert) === JSON.stringify(state.owedAlert)) continue;
    const { owedAlert: _previous, ...rest } = state;
    const next: IssueState = owedAlert === undefined ? rest : { ...rest, owedAlert };
    try {
      await context.tracker.update(issue.number, { body: replaceState(issue.body, next) });
      outcome.written += 1;
    } catch (error) {
      const problem = `could not record on ${context.tracker.location}#${issue.number} ${owedAlert === undefined ? 'that its alert was delivered' : `that ${owedAlert.sinks.join(' and ')} still owe its alert`}: ${(error as Error).message}`;
      outcome.problems.push(problem);
      context.log?.warn(problem);
    }
  }
  return outcome;
}

function previousSeverityOf(alert: SyncAlert): IssueState['severity'] | undefined {
  return alert.owedSinks !== undefined ? alert.owedPreviousSeverity : alert.previous?.severity;
}
