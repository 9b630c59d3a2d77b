/**
 * Remediation within SLA, computed from the issue history's cycles (engine/reports/issue-history.ts),
 * never assumed: a cycle counts when any of it falls in the period.
 */
import { remediationCycles, type IssueHistory, type RemediationCycle } from '../issue-history.ts';
import type { PackagePeriod } from './package-period.ts';

export interface RemediationSummary {
  cycles: number;
  /** Closed as completed by the due time. */
  met: number;
  /** Closed late or as not planned, or still open past the due time. */
  missed: number;
  /** Still open and not yet due. */
  open: number;
  /** Closed, but the issue carried no SLA to measure against. */
  withoutSla: number;
}

/** `yes`, `no`, `open`, or `n/a` for a closed cycle whose issue had no SLA label. */
export type SlaOutcome = 'yes' | 'no' | 'open' | 'n/a';

export function slaOutcome(cycle: RemediationCycle): SlaOutcome {
  if (cycle.slaMet === true) return 'yes';
  if (cycle.slaMet === false) return 'no';
  return cycle.closedAt === undefined ? 'open' : 'n/a';
}

/**
 * The cycles of the selected controls' issues that overlap the period, oldest first. An open issue
 * is judged as of the history's export, not `now`: what happened to it since is not known, so a due
 * time passed after the export leaves it open rather than missed.
 */
export function cyclesInPeriod(history: IssueHistory, controlIds: ReadonlySet<string>, period: PackagePeriod, now: Date): RemediationCycle[] {
  const asOf = new Date(Math.min(now.getTime(), Date.parse(history.exportedAt)));
  const cycles = history.issues
    .filter((issue) => controlIds.has(issue.controlId))
    .flatMap((issue) => remediationCycles(issue, asOf))
    .filter((cycle) => cycle.openedAt < period.end && (cycle.closedAt === undefined || cycle.closedAt >= period.start));
  return cycles.sort((a, b) => Date.parse(a.openedAt) - Date.parse(b.openedAt) || a.issue.number - b.issue.number);
}

export function summarizeRemediation(cycles: readonly RemediationCycle[]): RemediationSummary {
  const summary: RemediationSummary = { cycles: cycles.length, met: 0, missed: 0, open: 0, withoutSla: 0 };
  for (const cycle of cycles) {
    const outcome = slaOutcome(cycle);
    if (outcome === 'yes') summary.met += 1;
    else if (outcome === 'no') summary.missed += 1;
    else if (outcome === 'open') summary.open += 1;
    else summary.withoutSla += 1;
  }
  return summary;
}

/** "3 of 4 within SLA, 1 missed" — or the honest "no issue history". */
export function describeRemediation(summary: RemediationSummary | undefined): string {
  if (summary === undefined) return 'no issue history';
  if (summary.cycles === 0) return 'no issue in the period';
  const parts = [`${summary.met} of ${summary.cycles} within SLA`];
  if (summary.missed > 0) parts.push(`${summary.missed} missed`);
  if (summary.open > 0) parts.push(`${summary.open} open`);
  if (summary.withoutSla > 0) parts.push(`${summary.withoutSla} without an SLA`);
  return parts.join(', ');
}
