/**
 * The remediation timeline of every finding that failed in the report's month: from its issue in
 * the issue history when there is one (opened, first response, closed, SLA met or missed, computed
 * by remediationCycles), else from evidence alone (first failing and first passing result), with the
 * first triage decision in the evidence either way. Never assumed: a moment not recorded is absent.
 */
import { findControl } from '../controls/index.ts';
import { findingFingerprint } from '../findings.ts';
import { criteriaFor, criterionTitle } from '../frameworks/index.ts';
import type { ResultRecord, Severity, TriageRecord } from '../model.ts';
import type { Entry, EvidenceIndex } from './evidence-index.ts';
import { remediationCycles, type FindingIssue, type IssueHistory } from './issue-history.ts';
import type { ControlFigures, FailedControl, FindingTimeline, SlaState } from './monthly-report.ts';
import { catalogOrder, groupBy, iso, optional, SEVERITY_RANK, within } from './report-helpers.ts';

/** The history as it stood at `asOf`: later events dropped, times normalized to UTC so they compare as strings. */
export function historyAsOf(history: IssueHistory, asOf: Date): IssueHistory {
  const until = asOf.getTime();
  const issues = history.issues
    .map((issue) => ({ ...issue, events: issue.events.filter((event) => Date.parse(event.at) <= until).map((event) => ({ ...event, at: new Date(event.at).toISOString() })) }))
    .filter((issue) => issue.events.length > 0);
  return { ...history, issues };
}

/** `controls`: the month's figures per control (controlFigures), for titles, criteria and pass rates. */
export function failedControlsOf(
  evidence: EvidenceIndex,
  monthResults: readonly Entry<ResultRecord>[],
  history: IssueHistory | undefined,
  period: { from: string; to: string },
  asOf: Date,
  controls: readonly ControlFigures[],
): FailedControl[] {
  const upToEnd = evidence.results.filter(({ record }) => Date.parse(record.effectiveAt) < Date.parse(period.to));
  const byFingerprint = groupBy(upToEnd, ({ record }) => findingFingerprint(record.control.id, record.result.scope));
  const triage = groupBy(evidence.triage, ({ record }) => record.finding.fingerprint);
  const failedInMonth = (fingerprint: string) => (byFingerprint.get(fingerprint) ?? []).filter(({ record }) => within(record.effectiveAt, period) && record.result.status === 'fail').length;

  const timelines: FindingTimeline[] = [];
  const covered = new Set<string>();
  for (const issue of history?.issues ?? []) {
    const cycles = remediationCycles(issue, asOf);
    cycles.forEach((cycle, i) => {
      if (cycle.openedAt >= period.to || (cycle.closedAt !== undefined && cycle.closedAt < period.from)) return;
      covered.add(issue.fingerprint);
      const decision = firstTriage(triage.get(issue.fingerprint), cycles[i - 1]?.closedAt, cycle.closedAt);
      const severity = issue.severity ?? decision?.record.decision.severity ?? latestSeverity(byFingerprint.get(issue.fingerprint)) ?? findControl(issue.controlId)?.severity ?? 'medium';
      timelines.push({
        fingerprint: issue.fingerprint,
        controlId: issue.controlId,
        scope: issue.scope,
        severity,
        issue: { number: issue.number, title: issue.title, url: issue.url },
        openedAt: cycle.openedAt,
        ...optional('firstResponseAt', cycle.firstResponseAt),
        ...triaged(decision),
        ...optional('closedAt', cycle.closedAt),
        ...optional('closedAs', cycle.closedAs),
        ...optional('slaHours', issue.slaHours),
        ...optional('dueAt', cycle.dueAt),
        sla: slaState(issue, cycle.slaMet),
        failedResults: failedInMonth(issue.fingerprint),
      });
    });
  }
  // Findings the history does not know (or all of them, without history): failing streaks in the evidence.
  for (const [fingerprint, entries] of byFingerprint) {
    if (covered.has(fingerprint)) continue;
    const streaks = failingStreaks(entries);
    streaks.forEach((streak, i) => {
      // Failing in the month, or resolved in it: an old pull request's failure (never "passing" later) stays in its own month.
      const resolvedInMonth = streak.firstPassingAt !== undefined && within(streak.firstPassingAt, period);
      if (failedInMonth(fingerprint) === 0 && !resolvedInMonth) return;
      if (Date.parse(streak.firstFailingAt) >= Date.parse(period.to) || (streak.firstPassingAt !== undefined && Date.parse(streak.firstPassingAt) < Date.parse(period.from))) return;
      const latest = streak.latest;
      const decision = firstTriage(triage.get(fingerprint), streaks[i - 1]?.firstPassingAt, streak.firstPassingAt);
      timelines.push({
        fingerprint,
        controlId: latest.control.id,
        scope: latest.result.scope,
        severity: decision?.record.decision.severity ?? latest.result.severity,
        ...triaged(decision),
        ...optional('slaHours', decision?.record.decision.slaHours),
        sla: 'not-measured',
        firstFailingAt: iso(streak.firstFailingAt),
        ...optional('firstPassingAt', streak.firstPassingAt === undefined ? undefined : iso(streak.firstPassingAt)),
        failedResults: failedInMonth(fingerprint),
      });
    });
  }

  const figures = new Map(controls.map((control) => [control.id, control]));
  const byControl = groupBy(timelines, (timeline) => timeline.controlId);
  const failed = [...byControl.entries()].map(([controlId, findings]): FailedControl => {
    const control = figures.get(controlId);
    const criteria = control?.criteria ?? criteriaFor(controlId);
    return {
      controlId,
      title: control?.title ?? findControl(controlId)?.title ?? controlId,
      severity: findings.map((f) => f.severity).sort((a, b) => SEVERITY_RANK[a] - SEVERITY_RANK[b])[0] ?? 'medium',
      criteria: (['soc2', 'iso27001'] as const).flatMap((framework) => criteria[framework].map((id) => ({ framework, id, title: criterionTitle(framework, id) ?? '' }))),
      failedResults: control?.counts.fail ?? 0,
      passRate: control?.passRate ?? null,
      findings: findings.sort((a, b) => (a.openedAt ?? a.firstFailingAt ?? '').localeCompare(b.openedAt ?? b.firstFailingAt ?? '') || a.scope.localeCompare(b.scope)),
    };
  });
  return failed.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || catalogOrder(a.controlId) - catalogOrder(b.controlId));
}

function slaState(issue: FindingIssue, met: boolean | undefined): SlaState {
  if (issue.slaHours === undefined) return 'no-sla';
  return met === undefined ? 'open' : met ? 'met' : 'missed';
}

/** A failing streak: from a failing result to the first passing one after it; errors and skips do not end it. */
function failingStreaks(entries: readonly Entry<ResultRecord>[]): { firstFailingAt: string; firstPassingAt?: string; latest: ResultRecord }[] {
  const streaks: { firstFailingAt: string; firstPassingAt?: string; latest: ResultRecord }[] = [];
  let current: (typeof streaks)[number] | undefined;
  for (const { record } of entries) {
    if (record.result.status === 'fail') {
      if (current === undefined) streaks.push((current = { firstFailingAt: record.effectiveAt, latest: record }));
      current.latest = record;
    } else if (record.result.status === 'pass' && current !== undefined) {
      current.firstPassingAt = record.effectiveAt;
      current = undefined;
    }
  }
  return streaks;
}

/**
 * The first triage decision after the previous cycle ended and by the end of this one; else the
 * decision still in force (an unchanged finding keeps its decision when its issue reopens).
 */
function firstTriage(decisions: readonly Entry<TriageRecord>[] | undefined, after: string | undefined, until: string | undefined): Entry<TriageRecord> | undefined {
  const sorted = [...(decisions ?? [])].sort((a, b) => Date.parse(a.record.decision.decidedAt) - Date.parse(b.record.decision.decidedAt));
  const at = (entry: Entry<TriageRecord>) => Date.parse(entry.record.decision.decidedAt);
  const within = sorted.find((entry) => (after === undefined || at(entry) > Date.parse(after)) && (until === undefined || at(entry) <= Date.parse(until)));
  return within ?? (after === undefined ? undefined : sorted.filter((entry) => at(entry) <= Date.parse(after)).pop());
}

function triaged(decision: Entry<TriageRecord> | undefined): Pick<FindingTimeline, 'triagedAt' | 'triagedBy'> {
  return decision === undefined ? {} : { triagedAt: iso(decision.record.decision.decidedAt), triagedBy: decision.record.decision.decidedBy };
}

function latestSeverity(entries: readonly Entry<ResultRecord>[] | undefined): Severity | undefined {
  return entries?.[entries.length - 1]?.record.result.severity;
}
