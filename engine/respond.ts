/**
 * What a run does about its results, after they are recorded: triage each failure, bring the
 * compliance repository's issues in line, record every new triage decision as evidence, and alert.
 *
 *   results --triage--> decisions --sync--> issues --alert--> PagerDuty, Slack
 */
import type { AlertEvent, AlertResult } from './alerts/alert-event.ts';
import { dispatchAlerts, dispatchRunSummary } from './alerts/dispatch.ts';
import type { ComplianceConfig } from './config/schema.ts';
import { findControl } from './controls/index.ts';
import { buildTriageRecord } from './evidence/record.ts';
import type { EvidenceStore } from './evidence/store.ts';
import { isWritten, tryWriteRecord, type UnwrittenRecord, type WrittenRecord } from './evidence/write-record.ts';
import { findingFor } from './findings.ts';
import type { IssueTracker } from './issues/issue-tracker.ts';
import { syncIssues, type SyncAlert, type SyncItem, type SyncReport } from './issues/sync-issues.ts';
import type { Finding, TriageDecision } from './model.ts';
import { settleOwedAlerts, type OwedAlertsOutcome } from './owed-alerts.ts';
import type { ControlRun } from './run.ts';
import { pseudonymizeFinding } from './triage/pseudonymize.ts';
import { ruleSeverity } from './triage/rules.ts';
import { triageFinding, type ModelClient } from './triage/triage.ts';

export interface RespondOptions {
  config: ComplianceConfig;
  tracker: IssueTracker;
  now: Date;
  /** A model for triage; without one, the rules decide and the issue says why. */
  ai?: ModelClient | undefined;
  noModelReason?: string | undefined;
  /** Where triage decisions are recorded; none in a dry run. */
  store?: EvidenceStore | undefined;
  retainUntil?: Date | undefined;
  /** Alerts are sent only when given (never in a dry run or the demo). */
  alerts?: { env: NodeJS.ProcessEnv; fetch?: typeof fetch; baseUrls?: { pagerduty?: string } } | undefined;
  log?: { warn(message: string): void };
}

export interface RespondReport {
  sync: SyncReport;
  /** Records of this run's new decisions, and of earlier decisions whose record was missing. */
  triageRecords: WrittenRecord[];
  /** Triage decisions the store failed on; the issue carries the decision, the archive does not yet. */
  unwrittenTriage: UnwrittenRecord[];
  alerts: AlertResult[];
  /** Alerts a sink refused, recorded on their issues for the next run to send again (owed-alerts.ts). */
  owedAlerts?: OwedAlertsOutcome;
}

/** `runs` with the evidence key each result was recorded under (none in a dry run). */
export async function respond(runs: readonly { run: ControlRun; key?: string | undefined }[], options: RespondOptions): Promise<RespondReport> {
  const items: SyncItem[] = runs.map(({ run, key }) => ({
    result: run.result,
    finding: findingFor(run.result, key === undefined ? [] : [key]),
    evidenceKey: key,
  }));
  const triage = (finding: Finding, previous: TriageDecision | undefined) =>
    triageFinding(finding, { sla: options.config.triage.sla, ai: options.ai, noModelReason: options.noModelReason, previous, now: options.now });
  const sync = await syncIssues(items, { tracker: options.tracker, triage, ...(options.log === undefined ? {} : { log: options.log }) });

  const triageRecords: WrittenRecord[] = [];
  const unwrittenTriage: UnwrittenRecord[] = [];
  if (options.store !== undefined) {
    for (const item of sync.items) {
      const { finding } = item.item;
      const control = findControl(item.item.result.controlId);
      // Every decision the issue carries is written, not only a new one: the record is content-addressed,
      // so an unchanged decision costs one refused write (412, EEXIST), and a decision whose record a
      // failing store lost in an earlier run is written now instead of never.
      if (item.decision === undefined || finding === undefined || control === undefined) continue;
      // What a model saw (or would have seen): the pseudonymized input, never the names behind it.
      const { input } = pseudonymizeFinding(finding, { floor: ruleSeverity(finding), sla: options.config.triage.sla });
      const record = buildTriageRecord(control, finding, item.decision, input, { organization: options.config.organization, recordedAt: options.now });
      // A store failing on one decision must not keep the alerts from going out: the run reports it.
      const outcome = await tryWriteRecord(options.store, record, options.retainUntil);
      if (isWritten(outcome)) {
        if (outcome.created || item.newDecision) triageRecords.push(outcome);
      } else {
        unwrittenTriage.push(outcome);
        options.log?.warn(`triage decision record ${outcome.key} was not written to ${options.store.location}: ${outcome.error}`);
      }
    }
  }

  // Each event remembers the issue change it came from, so what a sink refused is owed on that issue.
  const sent = sync.alerts.flatMap((alert) => toAlertEvent(alert).map((event) => ({ alert, event })));
  const alerts: AlertResult[] =
    options.alerts === undefined
      ? []
      : await dispatchAlerts(
          sent.map(({ event }) => event),
          options.config.alerts,
          { env: options.alerts.env, now: options.now, ...(options.alerts.fetch === undefined ? {} : { fetch: options.alerts.fetch }), ...(options.alerts.baseUrls === undefined ? {} : { baseUrls: options.alerts.baseUrls }) },
        );
  const owed = options.alerts === undefined ? undefined : await settleOwedAlerts(sync, sent, alerts, { tracker: options.tracker, now: options.now, log: options.log });
  if (options.alerts !== undefined && options.config.alerts.slack?.summary === true) {
    const counts = { pass: 0, fail: 0, error: 0, skipped: 0 };
    for (const { run } of runs) counts[run.result.status] += 1;
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = options.alerts.env;
    const summary = {
      organization: options.config.organization,
      counts,
      newFindings: sync.alerts.filter((a) => a.kind === 'opened' || a.kind === 'reopened').length,
      closedFindings: sync.alerts.filter((a) => a.kind === 'resolved').length,
      ...(server && repository && runId ? { runUrl: `${server}/${repository}/actions/runs/${runId}` } : {}),
    };
    alerts.push(...(await dispatchRunSummary(summary, options.config.alerts, { env: options.alerts.env, now: options.now, ...(options.alerts.fetch === undefined ? {} : { fetch: options.alerts.fetch }) })));
  }
  return { sync, triageRecords, unwrittenTriage, alerts, ...(owed === undefined ? {} : { owedAlerts: owed }) };
}

/**
 * An issue change as the alert sinks see it. A resolution has no failing finding left: it is
 * described by what the issue last said failed, and the decision it carried.
 */
function toAlertEvent(alert: SyncAlert): AlertEvent[] {
  const decision = alert.decision ?? alert.previous?.triage;
  const finding = alert.finding ?? resolvedFinding(alert);
  if (decision === undefined || finding === undefined) return [];
  // An owed alert is measured against the severity before its own change, not the issue's now.
  const previousSeverity = alert.owedSinks === undefined ? alert.previous?.severity : alert.owedPreviousSeverity;
  return [
    {
      kind: alert.kind,
      finding,
      decision,
      issueUrl: alert.issueUrl,
      ...(alert.evidenceKey === undefined ? {} : { evidenceKey: alert.evidenceKey }),
      ...(previousSeverity === undefined ? {} : { previousSeverity }),
      ...(alert.owedSinks === undefined ? {} : { sinks: alert.owedSinks }),
    },
  ];
}

function resolvedFinding(alert: SyncAlert): Finding | undefined {
  const { result, previous } = alert;
  // An owed resolution is read from the closed issue, whose failing set is already empty: its fixed list names them.
  const fixed = previous === undefined ? [] : previous.failing.length > 0 ? previous.failing : previous.fixed.map((item) => item.resource);
  if (fixed.length === 0) return undefined;
  const failed = findingFor({ ...result, status: 'fail', outcomes: fixed.map((resource) => ({ status: 'fail', resource, message: `${resource} passes now` })) }, alert.evidenceKey === undefined ? [] : [alert.evidenceKey]);
  return failed === undefined ? undefined : { ...failed, summary: result.summary };
}
