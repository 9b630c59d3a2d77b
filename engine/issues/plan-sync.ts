/**
 * What to do with a finding's issue after one result, decided without I/O (allstar's `pkg/issue`
 * rules, made exact):
 *
 * | result | no issue | open issue                                   | closed issue                    |
 * | fail   | create   | update and comment when the failing set, the | reopen, update, comment         |
 * |        |          | severity or the status changed; else nothing | (not when closed as not planned)|
 * | pass   | nothing  | comment with the evidence, close as completed| nothing                         |
 * | error  | nothing  | one comment per error streak; nothing else   | nothing                         |
 *
 * An unchanged failure makes no write at all, so an hourly run costs one listing.
 */
import type { Finding, Result } from '../model.ts';
import type { TriageDecision } from '../triage/decision.ts';
import { readState, stateMarker, type IssueState } from './issue-state.ts';
import type { LabelSpec } from './labels.ts';
import { renderIssue, when } from './render-issue.ts';

export interface TrackedIssue {
  number: number;
  state: 'open' | 'closed';
  /** GitHub's reason for a closed issue: `not_planned` means people accepted the risk. */
  stateReason: string | null;
  title: string;
  body: string;
  labels: string[];
  url: string;
}

export type IssueOperation =
  | { kind: 'create'; title: string; body: string; labels: LabelSpec[] }
  /** Without `labels`, the issue's labels stay as they are. */
  | { kind: 'update'; number: number; title: string; body: string; labels?: LabelSpec[] }
  | { kind: 'comment'; number: number; body: string }
  | { kind: 'close'; number: number; body: string }
  | { kind: 'reopen'; number: number };

export type AlertKind = 'opened' | 'reopened' | 'changed' | 'resolved';

export interface SyncPlan {
  operations: IssueOperation[];
  /** The sync state the issue carried before this result (its last failing set, severity, triage). */
  previous?: IssueState | undefined;
  /** The alert this change deserves, if any. */
  alert?: AlertKind;
  /** One sentence for logs and the dry run. */
  note: string;
}

export interface PlanInput {
  result: Result;
  /** The finding, when the result failed. */
  finding?: Finding | undefined;
  decision?: TriageDecision | undefined;
  issue?: TrackedIssue | undefined;
  /** The evidence record of this result. */
  evidenceKey?: string | undefined;
}

/** How many evidence links an issue keeps (the oldest drop off; the archive keeps them all). */
const EVIDENCE_LINKS = 10;
const LISTED_IN_COMMENT = 20;

export function planIssueSync(input: PlanInput): SyncPlan {
  const previous = readState(input.issue?.body);
  return { ...decide(input, previous), previous };
}

function decide(input: PlanInput, previous: IssueState | undefined): SyncPlan {
  const { result, issue } = input;
  const evidence = input.evidenceKey === undefined ? [] : [input.evidenceKey];
  const at = result.effectiveAt;

  if (result.status === 'fail') {
    const { finding, decision } = input;
    if (finding === undefined || decision === undefined) throw new Error(`a failed result of ${result.controlId} needs its finding and triage decision`);
    const failing = [...new Set(finding.failing.map((outcome) => outcome.resource))].sort();
    if (issue === undefined) {
      const state: IssueState = { v: 1, failing, since: at, fixed: [], severity: decision.severity, lastStatus: 'fail', triage: decision, evidence };
      const rendered = renderIssue(finding, decision, state);
      return { operations: [{ kind: 'create', title: rendered.title, body: rendered.body, labels: rendered.labels }], alert: 'opened', note: `open an issue: ${rendered.title}` };
    }
    if (issue.state === 'closed') {
      if (issue.stateReason === 'not_planned') {
        return { operations: [], note: `#${issue.number} was closed as not planned (risk accepted); it stays closed while the control fails` };
      }
      const state: IssueState = { v: 1, failing, since: at, fixed: [], severity: decision.severity, lastStatus: 'fail', triage: decision, evidence: keep([...(previous?.evidence ?? []), ...evidence]) };
      const rendered = renderIssue(finding, decision, state);
      return {
        operations: [
          { kind: 'reopen', number: issue.number },
          { kind: 'update', number: issue.number, title: rendered.title, body: rendered.body, labels: rendered.labels },
          { kind: 'comment', number: issue.number, body: `Failing again as of ${when(at)}: ${finding.summary}.\n\n${list('Failing', failing)}${evidenceLine(evidence)}` },
        ],
        alert: 'reopened',
        note: `reopen #${issue.number}: the control fails again`,
      };
    }
    const before = previous?.failing ?? [];
    const added = failing.filter((resource) => !before.includes(resource));
    const fixedNow = before.filter((resource) => !failing.includes(resource));
    const severityChanged = previous?.severity !== decision.severity;
    const triageChanged = previous?.triage?.inputHash !== decision.inputHash || previous?.triage?.decidedBy !== decision.decidedBy;
    if (previous !== undefined && added.length === 0 && fixedNow.length === 0 && !severityChanged && !triageChanged && previous.lastStatus === 'fail') {
      return { operations: [], note: `#${issue.number} unchanged: the same ${failing.length} resource(s) fail` };
    }
    const fixed = [...(previous?.fixed ?? []).filter((item) => !failing.includes(item.resource)), ...fixedNow.map((resource) => ({ resource, at }))];
    const state: IssueState = {
      v: 1,
      failing,
      since: previous?.since ?? at,
      fixed,
      severity: decision.severity,
      lastStatus: 'fail',
      triage: decision,
      evidence: keep([...(previous?.evidence ?? []), ...evidence]),
    };
    const rendered = renderIssue(finding, decision, state);
    const changes = [
      added.length > 0 ? list('Newly failing', added) : '',
      fixedNow.length > 0 ? list('Fixed', fixedNow) : '',
      severityChanged && previous !== undefined ? `Severity changed from ${previous.severity} to ${decision.severity} (${decision.decidedBy === 'ai' ? 'model and rules' : 'rules'}).\n\n` : '',
    ].join('');
    const update: IssueOperation = { kind: 'update', number: issue.number, title: rendered.title, body: rendered.body, labels: rendered.labels };
    if (changes === '') return { operations: [update], note: `refresh #${issue.number} (state only)` };
    return {
      operations: [update, { kind: 'comment', number: issue.number, body: `As of ${when(at)}: ${finding.summary}.\n\n${changes}${evidenceLine(evidence)}` }],
      ...(added.length > 0 || (severityChanged && previous !== undefined) ? { alert: 'changed' as const } : {}),
      note: `update #${issue.number}: ${added.length} newly failing, ${fixedNow.length} fixed`,
    };
  }

  if (issue === undefined || issue.state === 'closed') return { operations: [], note: `no open issue for ${result.controlId} on ${result.scope}: nothing to do` };

  if (result.status === 'pass') {
    const state: IssueState = {
      v: 1,
      failing: [],
      since: previous?.since ?? at,
      fixed: [...(previous?.fixed ?? []), ...(previous?.failing ?? []).map((resource) => ({ resource, at }))],
      severity: previous?.severity ?? result.severity,
      lastStatus: 'pass',
      ...(previous?.triage === undefined ? {} : { triage: previous.triage }),
      evidence: keep([...(previous?.evidence ?? []), ...evidence]),
    };
    const body = replaceState(issue.body, state);
    return {
      operations: [
        { kind: 'comment', number: issue.number, body: `Passes as of ${when(at)}: ${result.summary}. Closing as completed.${evidenceLine(evidence)}` },
        { kind: 'close', number: issue.number, body },
      ],
      alert: 'resolved',
      note: `close #${issue.number}: the control passes`,
    };
  }

  if (result.status === 'error') {
    if (previous?.lastStatus === 'error') return { operations: [], note: `#${issue.number}: still cannot test (commented when the errors began)` };
    const state: IssueState = previous === undefined ? { v: 1, failing: [], since: at, fixed: [], severity: result.severity, lastStatus: 'error', evidence } : { ...previous, lastStatus: 'error' };
    return {
      operations: [
        { kind: 'comment', number: issue.number, body: `Could not test as of ${when(at)}: ${result.reason ?? result.summary}. Nothing about this finding changed: the issue stays open until a test passes.${evidenceLine(evidence)}` },
        { kind: 'update', number: issue.number, title: issue.title, body: replaceState(issue.body, state) },
      ],
      note: `comment on #${issue.number}: the control could not be tested`,
    };
  }
  return { operations: [], note: `${result.controlId} on ${result.scope} was skipped: nothing to do` };
}

function keep(keys: readonly string[]): string[] {
  return [...new Set(keys)].slice(-EVIDENCE_LINKS);
}

function list(heading: string, resources: readonly string[]): string {
  const shown = resources.slice(0, LISTED_IN_COMMENT).map((r) => `\`${r}\``).join(', ');
  const more = resources.length > LISTED_IN_COMMENT ? ` and ${resources.length - LISTED_IN_COMMENT} more` : '';
  return `${heading} (${resources.length}): ${shown}${more}.\n\n`;
}

function evidenceLine(keys: readonly string[]): string {
  return keys.length === 0 ? '' : `\n\nEvidence: ${keys.map((key) => `\`${key}\``).join(', ')}`;
}

export function replaceState(body: string, state: IssueState): string {
  const marker = /<!-- evident:state=[A-Za-z0-9_-]+ -->/;
  const next = stateMarker(state);
  return marker.test(body) ? body.replace(marker, next) : `${body}\n${next}`;
}
