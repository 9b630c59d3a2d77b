/**
 * Open and recently closed findings with their SLA. Due times come from the issue history (opened
 * or reopened + the issue's SLA hours); the countdown is computed once, against the moment the
 * dashboard was generated, and every page says so: a static page must not pretend to be a clock.
 * Without a history, failing results are still listed, and their due time is said to be unknown.
 */
import type { Severity, Status } from '../../model.ts';
import { remediationCycles, type FindingIssue, type IssueEvent, type IssueHistory } from '../issue-history.ts';
import type { ControlView } from './control-status.ts';

export interface SlaCountdown {
  dueAt: string;
  /** Hours from generation to the due time; negative once overdue. */
  hoursLeft: number;
  overdue: boolean;
  /** `5 h left`, `2 d 3 h left`, `overdue by 26 h`, `less than 1 h left`. */
  text: string;
}

export interface IssueRef {
  number: number;
  url: string;
  title: string;
  assignees: string[];
}

export interface OpenFinding {
  controlId: string;
  controlTitle: string;
  scope: string;
  severity?: Severity;
  issue?: IssueRef;
  openedAt?: string;
  firstResponseAt?: string;
  slaHours?: number;
  countdown?: SlaCountdown;
  /** The newest result on the scope, and when its current failing streak began. */
  latestStatus?: Status;
  latestSummary?: string;
  latestKey?: string;
  failingSince?: string;
  /** Why something is missing (no issue, no SLA, no history). */
  note?: string;
}

export interface ClosedFinding {
  controlId: string;
  controlTitle: string;
  scope: string;
  severity?: Severity;
  issue: IssueRef;
  openedAt: string;
  closedAt: string;
  closedAs?: string;
  dueAt?: string;
  /** Closed as completed by the due time; false when late or closed as not planned. */
  slaMet?: boolean;
}

/** Still failing, but its issue was closed as not planned: a risk someone accepted instead of fixing. */
export interface AcceptedFinding {
  controlId: string;
  controlTitle: string;
  scope: string;
  severity?: Severity;
  issue: IssueRef;
  closedAt: string;
  /** Who closed it, from the issue's events. */
  closedBy?: string;
  latestStatus: Status;
  latestSummary: string;
  latestKey: string;
}

export interface FindingsView {
  open: OpenFinding[];
  /** Failing results whose issue was closed as not planned (risk accepted); not counted as open. */
  accepted: AcceptedFinding[];
  recentlyClosed: ClosedFinding[];
  /** Closed findings are listed when they closed within this many days before the last run (or generation, if earlier), or since. */
  recentDays: number;
}

const HOUR = 3_600_000;
const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export function slaCountdown(dueAt: string, now: Date): SlaCountdown {
  const ms = Date.parse(dueAt) - now.getTime();
  const hoursLeft = ms / HOUR;
  const overdue = ms < 0;
  const whole = Math.floor(Math.abs(ms) / HOUR);
  const span = whole < 1 ? 'less than 1 h' : whole < 48 ? `${whole} h` : `${Math.floor(whole / 24)} d ${whole % 24} h`;
  return { dueAt, hoursLeft, overdue, text: overdue ? `overdue by ${span}` : `${span} left` };
}

export interface FindingsInput {
  controls: readonly ControlView[];
  history?: IssueHistory | undefined;
  /** Triage decisions, oldest first: the severity and SLA of a failure when there is no history. */
  triage?: readonly { record: { control: { id: string }; finding: { scope: string }; decision: { severity: Severity; slaHours: number } } }[];
  now: Date;
  /** The newest result's time: the window of recent closures ends no earlier than it. */
  lastRunAt?: string | undefined;
  recentDays?: number;
}

export function findingsView({ controls, history, triage = [], now, lastRunAt, recentDays = 30 }: FindingsInput): FindingsView {
  const titles = new Map(controls.map((control) => [control.id, control.title]));
  const title = (id: string) => titles.get(id) ?? id;
  const open: OpenFinding[] = [];
  const accepted: AcceptedFinding[] = [];
  const recentlyClosed: ClosedFinding[] = [];
  // Anchored to the last run when the evidence is older than the page, so stale data still shows its last closures.
  const anchor = Math.min(now.getTime(), lastRunAt === undefined ? Infinity : Date.parse(lastRunAt));
  const since = new Date(anchor - recentDays * 24 * HOUR).toISOString();
  for (const issue of history?.issues ?? []) {
    const cycles = remediationCycles(issue, now);
    for (const cycle of cycles) {
      if (cycle.closedAt === undefined || cycle.closedAt < since || cycle.closedAt > now.toISOString()) continue;
      recentlyClosed.push({
        controlId: issue.controlId,
        controlTitle: title(issue.controlId),
        scope: issue.scope,
        ...(issue.severity === undefined ? {} : { severity: issue.severity }),
        issue: issueRef(issue),
        openedAt: cycle.openedAt,
        closedAt: cycle.closedAt,
        ...(cycle.closedAs === undefined ? {} : { closedAs: cycle.closedAs }),
        ...(cycle.dueAt === undefined ? {} : { dueAt: cycle.dueAt }),
        ...(cycle.slaMet === undefined ? {} : { slaMet: cycle.slaMet }),
      });
    }
    const current = cycles.at(-1);
    if (issue.state !== 'open' || current === undefined || current.closedAt !== undefined) continue;
    open.push({
      controlId: issue.controlId,
      controlTitle: title(issue.controlId),
      scope: issue.scope,
      ...(issue.severity === undefined ? {} : { severity: issue.severity }),
      issue: issueRef(issue),
      openedAt: current.openedAt,
      ...(current.firstResponseAt === undefined ? {} : { firstResponseAt: current.firstResponseAt }),
      ...(issue.slaHours === undefined ? { note: 'the issue carries no SLA label' } : { slaHours: issue.slaHours }),
      ...(current.dueAt === undefined ? {} : { countdown: slaCountdown(current.dueAt, now) }),
    });
  }
  // Join the evidence: the latest result of each open issue's scope, and failures without an open issue.
  for (const control of controls) {
    for (const scope of control.latest) {
      const finding = open.find((f) => f.controlId === control.id && f.scope === scope.scope);
      const streak = failingSince(control, scope.scope);
      const latest = { latestStatus: scope.status, latestSummary: scope.summary, latestKey: scope.key, ...(streak === undefined ? {} : { failingSince: streak }) };
      const accepting = finding === undefined && scope.status === 'fail' ? acceptance(history, control.id, scope.scope) : undefined;
      if (finding !== undefined) Object.assign(finding, latest);
      else if (accepting !== undefined) {
        const { issue, closed } = accepting;
        accepted.push({
          controlId: control.id,
          controlTitle: control.title,
          scope: scope.scope,
          ...(issue.severity === undefined ? {} : { severity: issue.severity }),
          issue: issueRef(issue),
          closedAt: closed.at,
          ...(closed.byEvident ? {} : { closedBy: closed.actor }),
          latestStatus: scope.status,
          latestSummary: scope.summary,
          latestKey: scope.key,
        });
      } else if (scope.status === 'fail') {
        const decision = [...triage].reverse().find((t) => t.record.control.id === control.id && t.record.finding.scope === scope.scope)?.record.decision;
        open.push({
          controlId: control.id,
          controlTitle: control.title,
          scope: scope.scope,
          severity: decision?.severity ?? scope.severity,
          ...(decision === undefined ? {} : { slaHours: decision.slaHours }),
          ...latest,
          note: history === undefined ? 'no issue history was given: the due time is unknown' : 'no open issue in the history for this failure',
        });
      }
    }
  }
  open.sort(
    (a, b) =>
      (a.countdown?.hoursLeft ?? Infinity) - (b.countdown?.hoursLeft ?? Infinity) ||
      SEVERITY_RANK[a.severity ?? 'low'] - SEVERITY_RANK[b.severity ?? 'low'] ||
      a.controlId.localeCompare(b.controlId) ||
      a.scope.localeCompare(b.scope, 'en', { numeric: true }),
  );
  recentlyClosed.sort((a, b) => b.closedAt.localeCompare(a.closedAt));
  return { open, accepted, recentlyClosed, recentDays };
}

/** The closed-as-not-planned issue of a control and scope, when its last event is that closing. */
function acceptance(history: IssueHistory | undefined, controlId: string, scope: string): { issue: FindingIssue; closed: IssueEvent } | undefined {
  const issue = history?.issues.find((candidate) => candidate.controlId === controlId && candidate.scope === scope && candidate.state === 'closed');
  const closed = issue?.events.filter((event) => event.kind === 'closed' || event.kind === 'reopened').sort((a, b) => a.at.localeCompare(b.at)).at(-1);
  return issue !== undefined && closed?.kind === 'closed' && closed.detail === 'not_planned' ? { issue, closed } : undefined;
}

function issueRef(issue: FindingIssue): IssueRef {
  return { number: issue.number, url: issue.url, title: issue.title, assignees: issue.assignees };
}

/** When the scope's current run of `fail` began, from the control's status changes. */
function failingSince(control: ControlView, scope: string): string | undefined {
  const last = control.changes.filter((change) => change.scope === scope).at(-1);
  return last?.status === 'fail' ? last.at : undefined;
}
