/**
 * Brings the compliance repository's issues in line with a run's results: one issue per finding
 * fingerprint, found by its hidden marker among the issues labelled `evident`. Each result is
 * planned (plan-sync.ts) and its writes executed one at a time; one result's failure never stops
 * the others, and a repository without issues is a warning, while the findings stay in evidence.
 */
import { findingFingerprint } from '../findings.ts';
import type { Finding, Result, Severity } from '../model.ts';
import type { TriageDecision } from '../triage/decision.ts';
import { readFingerprint, readState, type IssueState } from './issue-state.ts';
import { IssuesUnavailableError, type IssueTracker } from './issue-tracker.ts';
import { isEvidentLabel, type LabelSpec } from './labels.ts';
import { planIssueSync, type AlertKind, type IssueOperation, type SyncPlan, type TrackedIssue } from './plan-sync.ts';

export interface SyncItem {
  result: Result;
  /** The finding, when the result failed. */
  finding?: Finding | undefined;
  /** The evidence record of the result. */
  evidenceKey?: string | undefined;
}

export type Triage = (finding: Finding, previous: TriageDecision | undefined) => Promise<TriageDecision>;

export interface SyncIssuesOptions {
  tracker: IssueTracker;
  triage: Triage;
  log?: { warn(message: string): void };
}

export interface SyncedItem {
  item: SyncItem;
  fingerprint: string;
  plan: SyncPlan;
  /** The issue after the writes. */
  issue?: TrackedIssue;
  decision?: TriageDecision;
  /** The decision was made in this run (not carried over from the issue). */
  newDecision: boolean;
  error?: string;
}

export interface SyncAlert {
  kind: AlertKind;
  /** What the issue said before: the failing set and the decision a resolution or a raise is measured against. */
  previous?: IssueState;
  finding?: Finding;
  result: Result;
  decision?: TriageDecision;
  issueUrl: string;
  evidenceKey?: string;
  /** An alert an earlier run could not deliver, sent again to these sinks only (IssueState.owedAlert). */
  owedSinks?: ('pagerduty' | 'slack')[];
  /** For an owed `changed`: the severity before that change. */
  owedPreviousSeverity?: Severity;
}

export interface SyncReport {
  location: string;
  items: SyncedItem[];
  alerts: SyncAlert[];
  writes: number;
  /** Why no issue could be read or written, when so. */
  unavailable?: string;
  /** The repository has issues turned off (410): a warning, not a failure of the run. */
  issuesDisabled?: boolean;
}

/**
 * Per tracker: issues this process created or changed, and when. A write made after a sync's own
 * listing is newer than what that listing says (and GitHub's lists can lag a fresh issue).
 */
const recent = new WeakMap<IssueTracker, Map<string, { issue: TrackedIssue; at: number }>>();
/** Per tracker and fingerprint: a queue, so concurrent syncs of one finding run one after the other. */
const queues = new WeakMap<IssueTracker, Map<string, Promise<unknown>>>();

export async function syncIssues(items: readonly SyncItem[], options: SyncIssuesOptions): Promise<SyncReport> {
  const { tracker } = options;
  const report: SyncReport = { location: tracker.location, items: [], alerts: [], writes: 0 };
  let listed: Map<string, TrackedIssue>;
  const listedAt = Date.now();
  try {
    listed = indexByFingerprint(await tracker.list());
  } catch (error) {
    // An API that still fails after the client's retries (5xx, a dropped connection: octokit's
    // RequestError carries a status) is as unavailable as a 403: the run reports every result it
    // could not sync instead of stopping, and the findings stay in evidence for the next run.
    const status = (error as { status?: unknown }).status;
    if (!(error instanceof IssuesUnavailableError) && typeof status !== 'number') throw error;
    const reason = error instanceof IssuesUnavailableError ? error.message : `could not list the issues of ${tracker.location} (${status}): ${(error as Error).message}`;
    unavailable(report, reason, error instanceof IssuesUnavailableError && error.disabled, options);
    if (report.issuesDisabled !== true) report.items.push(...items.map((item) => notSynced(item, reason)));
    return report;
  }
  const known = recent.get(tracker) ?? new Map<string, { issue: TrackedIssue; at: number }>();
  recent.set(tracker, known);

  for (const [index, item] of items.entries()) {
    if (report.unavailable !== undefined) {
      // The repository stopped taking writes (403, 404, 410): the rest are named, not tried.
      if (report.issuesDisabled !== true) report.items.push(...items.slice(index).map((rest) => notSynced(rest, report.unavailable as string)));
      break;
    }
    const fingerprint = findingFingerprint(item.result.controlId, item.result.scope);
    const synced = await serially(tracker, fingerprint, async () => {
      // Inside the queue: a sync of the same finding that ran just before has registered its issue.
      const written = known.get(fingerprint);
      const issue = written !== undefined && (written.at >= listedAt || !listed.has(fingerprint)) ? written.issue : listed.get(fingerprint);
      const done = await syncOne(item, fingerprint, issue, options, report);
      if (done.issue !== undefined && done.plan.operations.length > 0) known.set(fingerprint, { issue: done.issue, at: Date.now() });
      return done;
    });
    report.items.push(synced);
  }
  return report;
}

function unavailable(report: SyncReport, reason: string, disabled: boolean, options: SyncIssuesOptions): void {
  report.unavailable = reason;
  if (disabled) report.issuesDisabled = true;
  options.log?.warn(`${reason}; findings stay in the evidence archive`);
}

/** A result whose issue was not brought in line, and why: the run names it and is incomplete. */
function notSynced(item: SyncItem, reason: string): SyncedItem {
  return {
    item,
    fingerprint: findingFingerprint(item.result.controlId, item.result.scope),
    plan: { operations: [], note: `not synced: ${reason}` },
    newDecision: false,
    error: reason,
  };
}

async function syncOne(item: SyncItem, fingerprint: string, issue: TrackedIssue | undefined, options: SyncIssuesOptions, report: SyncReport): Promise<SyncedItem> {
  let decision: TriageDecision | undefined;
  let newDecision = false;
  try {
    if (item.result.status === 'fail' && item.finding !== undefined) {
      const previous = readState(issue?.body)?.triage;
      decision = await options.triage(item.finding, previous);
      newDecision = decision.inputHash !== previous?.inputHash || decision.decidedAt !== previous?.decidedAt;
    }
    const plan = planIssueSync({ result: item.result, finding: item.finding, decision, issue, evidenceKey: item.evidenceKey });
    let current = issue;
    for (const operation of plan.operations) {
      current = await execute(operation, current, options.tracker);
      report.writes += 1;
    }
    // What an earlier run owes the sinks goes out first, then this run's change (a resolve after an
    // owed trigger, a trigger after an owed resolve), so the sinks end in the issue's state.
    const before = readState(issue?.body);
    if (before?.owedAlert !== undefined && current !== undefined) {
      report.alerts.push({
        kind: before.owedAlert.kind,
        previous: before,
        ...(item.finding === undefined ? {} : { finding: item.finding }),
        result: item.result,
        ...((decision ?? before.triage) === undefined ? {} : { decision: decision ?? before.triage }),
        issueUrl: current.url,
        ...(item.evidenceKey === undefined ? {} : { evidenceKey: item.evidenceKey }),
        owedSinks: before.owedAlert.sinks,
        ...(before.owedAlert.previousSeverity === undefined ? {} : { owedPreviousSeverity: before.owedAlert.previousSeverity }),
      });
    }
    if (plan.alert !== undefined && current !== undefined) {
      report.alerts.push({
        kind: plan.alert,
        ...(plan.previous === undefined ? {} : { previous: plan.previous }),
        ...(item.finding === undefined ? {} : { finding: item.finding }),
        result: item.result,
        ...(decision === undefined ? {} : { decision }),
        issueUrl: current.url,
        ...(item.evidenceKey === undefined ? {} : { evidenceKey: item.evidenceKey }),
      });
    }
    return { item, fingerprint, plan, ...(current === undefined ? {} : { issue: current }), ...(decision === undefined ? {} : { decision }), newDecision };
  } catch (error) {
    if (error instanceof IssuesUnavailableError) unavailable(report, error.message, error.disabled, options);
    // Name the HTTP status octokit gave up on (5xx after its retries, 403), not just GitHub's message.
    const status = (error as { status?: unknown }).status;
    const message = typeof status === 'number' ? `GitHub answered ${status} (${(error as Error).message})` : (error as Error).message;
    return { item, fingerprint, plan: { operations: [], note: `not synced: ${message}` }, ...(issue === undefined ? {} : { issue }), ...(decision === undefined ? {} : { decision }), newDecision, error: message };
  }
}

/** Applies one planned write and returns the issue as it is after it. */
async function execute(operation: IssueOperation, issue: TrackedIssue | undefined, tracker: IssueTracker): Promise<TrackedIssue> {
  switch (operation.kind) {
    case 'create': {
      await tracker.ensureLabels(operation.labels);
      return tracker.create({ title: operation.title, body: operation.body, labels: operation.labels.map((label) => label.name) });
    }
    case 'update': {
      const current = required(issue, operation);
      const labels = operation.labels === undefined ? undefined : mergeLabels(current.labels, operation.labels);
      if (operation.labels !== undefined) await tracker.ensureLabels(operation.labels);
      await tracker.update(current.number, { title: operation.title, body: operation.body, ...(labels === undefined ? {} : { labels }) });
      return { ...current, title: operation.title, body: operation.body, labels: labels ?? current.labels };
    }
    case 'comment':
      await tracker.comment(required(issue, operation).number, operation.body);
      return required(issue, operation);
    case 'close': {
      const current = required(issue, operation);
      await tracker.update(current.number, { body: operation.body, state: 'closed', stateReason: 'completed' });
      return { ...current, body: operation.body, state: 'closed', stateReason: 'completed' };
    }
    case 'reopen': {
      const current = required(issue, operation);
      await tracker.update(current.number, { state: 'open', stateReason: 'reopened' });
      return { ...current, state: 'open', stateReason: 'reopened' };
    }
  }
}

/** People's own labels stay; Evident's are replaced by the new set. */
function mergeLabels(current: readonly string[], evident: readonly LabelSpec[]): string[] {
  return [...current.filter((name) => !isEvidentLabel(name)), ...evident.map((label) => label.name)];
}

function required(issue: TrackedIssue | undefined, operation: IssueOperation): TrackedIssue {
  if (issue === undefined) throw new Error(`cannot ${operation.kind} an issue that does not exist`);
  return issue;
}

/** Issues by fingerprint; if people duplicated one, the open one with the lowest number wins. */
function indexByFingerprint(issues: readonly TrackedIssue[]): Map<string, TrackedIssue> {
  const index = new Map<string, TrackedIssue>();
  const rank = (issue: TrackedIssue) => (issue.state === 'open' ? 0 : 1) * 1e9 + issue.number;
  for (const issue of issues) {
    const fingerprint = readFingerprint(issue.body);
    if (fingerprint === undefined) continue;
    const seen = index.get(fingerprint);
    if (seen === undefined || rank(issue) < rank(seen)) index.set(fingerprint, issue);
  }
  return index;
}

async function serially<T>(tracker: IssueTracker, key: string, task: () => Promise<T>): Promise<T> {
  const byKey = queues.get(tracker) ?? new Map<string, Promise<unknown>>();
  queues.set(tracker, byKey);
  const previous = byKey.get(key) ?? Promise.resolve();
  const next = previous.then(task, task);
  byKey.set(key, next.catch(() => undefined));
  return next;
}
