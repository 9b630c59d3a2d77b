/**
 * An in-memory GitHub repository for findings' issues, with a clock the caller sets: the demo runs
 * sixty days of scheduled runs against it and exports what happened as the issue history reports
 * read (engine/reports/issue-history.ts). Like GitHub, it keeps each issue's state, comments,
 * assignees and a timeline of events (opened, commented, assigned, labeled, closed, reopened), each
 * stamped with the clock and with who acted: Evident's own writes, or people's (`comment` with an
 * actor, `assign`, `close`) added by the simulation.
 *
 * Like RecordingTracker it also keeps `writes`, Evident's writes in order, for the would-be issue
 * markdown (render-writes.ts).
 */
import type { Severity } from '../model.ts';
import { IssueHistory, type FindingIssue, type IssueEvent } from '../reports/issue-history.ts';
import { readFingerprint, readState } from './issue-state.ts';
import type { IssuePatch, IssueTracker } from './issue-tracker.ts';
import type { LabelSpec } from './labels.ts';
import type { TrackedIssue } from './plan-sync.ts';
import type { RecordedWrite } from './recording-tracker.ts';
import { controlOfIssueTitle, scopeOfIssue } from './issue-identity.ts';

/** The login Evident's writes appear under (a GitHub App acts as `<slug>[bot]`). */
export const EVIDENT_ACTOR = 'evident[bot]';

export interface HistoryComment {
  at: string;
  actor: string;
  byEvident: boolean;
  body: string;
}

/** One issue as the repository holds it now, with everything that happened to it. */
export interface HistoryIssue {
  number: number;
  url: string;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  /** GitHub's `state_reason`: `completed` or `not_planned` when closed, `reopened` after a reopening, else null. */
  stateReason: string | null;
  assignees: string[];
  comments: HistoryComment[];
  events: IssueEvent[];
}

export class HistoryTracker implements IssueTracker {
  readonly location: string;
  /** The clock every write and event is stamped with: set it before each simulated run or action. */
  now: Date;
  /** Evident's writes, in order, as RecordingTracker keeps them. */
  readonly writes: RecordedWrite[] = [];
  /** Every label Evident asked for, by name (a repository's label list). */
  readonly labels = new Map<string, LabelSpec>();
  private readonly issues = new Map<number, HistoryIssue>();

  constructor(location: string, options: { now?: Date } = {}) {
    this.location = location;
    this.now = options.now ?? new Date(0);
  }

  // --- IssueTracker: Evident's side -------------------------------------------------------------

  async list(): Promise<TrackedIssue[]> {
    return [...this.issues.values()].filter((issue) => issue.labels.includes('evident')).map(tracked);
  }

  async ensureLabels(labels: readonly LabelSpec[]): Promise<void> {
    this.writes.push({ kind: 'labels', labels: [...labels] });
    for (const label of labels) if (!this.labels.has(label.name)) this.labels.set(label.name, { ...label });
  }

  async create(input: { title: string; body: string; labels: string[] }): Promise<TrackedIssue> {
    const number = this.issues.size + 1;
    const issue: HistoryIssue = {
      number,
      url: `https://github.com/${this.location}/issues/${number}`,
      title: input.title,
      body: input.body,
      labels: [],
      state: 'open',
      stateReason: null,
      assignees: [],
      comments: [],
      events: [],
    };
    this.issues.set(number, issue);
    this.writes.push({ kind: 'create', number, ...input, labels: [...input.labels] });
    this.event(issue, 'opened', EVIDENT_ACTOR);
    // GitHub's timeline shows a `labeled` event for each label an issue is created with.
    this.setLabels(issue, input.labels, EVIDENT_ACTOR);
    return tracked(issue);
  }

  async update(number: number, patch: IssuePatch): Promise<void> {
    const issue = this.required(number);
    this.writes.push({ kind: 'update', number, patch: { ...patch, ...(patch.labels === undefined ? {} : { labels: [...patch.labels] }) } });
    if (patch.title !== undefined) issue.title = patch.title;
    if (patch.body !== undefined) issue.body = patch.body;
    if (patch.labels !== undefined) this.setLabels(issue, patch.labels, EVIDENT_ACTOR);
    if (patch.state !== undefined) this.setState(issue, patch.state, patch.stateReason, EVIDENT_ACTOR);
  }

  /**
   * A comment: Evident's when no actor is given (the IssueTracker call), else a person's
   * (`tracker.comment(7, 'Looking into it', 'rosa.mendes')`), which counts as a response.
   */
  async comment(number: number, body: string, actor?: string): Promise<void> {
    const issue = this.required(number);
    const by = actor ?? EVIDENT_ACTOR;
    const byEvident = by === EVIDENT_ACTOR;
    if (byEvident) this.writes.push({ kind: 'comment', number, body });
    issue.comments.push({ at: this.now.toISOString(), actor: by, byEvident, body });
    this.event(issue, 'commented', by);
  }

  // --- People's side, for the simulation --------------------------------------------------------

  /** `actor` (by default the assignee, assigning themself) assigns `login`. */
  assign(number: number, login: string, actor: string = login): void {
    const issue = this.required(number);
    if (issue.assignees.includes(login)) return;
    issue.assignees.push(login);
    this.event(issue, 'assigned', actor, login);
  }

  /** A person closes the issue: `not_planned` records an accepted risk, which Evident leaves closed. */
  close(number: number, actor: string, reason: 'completed' | 'not_planned' = 'not_planned'): void {
    this.setState(this.required(number), 'closed', reason, actor);
  }

  // --- Reading ----------------------------------------------------------------------------------

  /** One issue as it is now (a copy), or undefined. */
  issue(number: number): HistoryIssue | undefined {
    const issue = this.issues.get(number);
    return issue === undefined ? undefined : structuredClone(issue);
  }

  /** The issue whose hidden marker holds `fingerprint` (the lowest number if people duplicated it). */
  findByFingerprint(fingerprint: string): HistoryIssue | undefined {
    for (const issue of this.issues.values()) if (readFingerprint(issue.body) === fingerprint) return structuredClone(issue);
    return undefined;
  }

  /** Every issue (copies), by number. */
  all(): HistoryIssue[] {
    return [...this.issues.values()].map((issue) => structuredClone(issue));
  }

  /**
   * The history of every finding's issue (those with a fingerprint marker), validated by the
   * schema reports read. Control, severity and SLA come from the issue's labels as they are now
   * (its state marker when a label is missing); the scope from the body's first line.
   */
  exportHistory(repository: string = this.location, exportedAt: Date = this.now): IssueHistory {
    const issues: FindingIssue[] = [];
    for (const issue of this.issues.values()) {
      const fingerprint = readFingerprint(issue.body);
      if (fingerprint === undefined) continue;
      const state = readState(issue.body);
      const label = (prefix: string) => issue.labels.find((name) => name.startsWith(prefix))?.slice(prefix.length);
      const severity = label('severity:') ?? state?.severity;
      const sla = Number.parseInt(label('sla:') ?? '', 10);
      const slaHours = Number.isInteger(sla) && sla > 0 ? sla : state?.triage?.slaHours;
      issues.push({
        fingerprint,
        controlId: label('control:') ?? controlOfIssueTitle(issue.title) ?? '',
        scope: scopeOfIssue(issue.body, issue.title),
        number: issue.number,
        url: issue.url,
        title: issue.title,
        state: issue.state,
        ...(severity === undefined ? {} : { severity: severity as Severity }),
        ...(slaHours === undefined ? {} : { slaHours }),
        assignees: [...issue.assignees],
        events: issue.events.map((event) => ({ ...event })),
      });
    }
    return IssueHistory.parse({ schema: 'https://evident.dev/schemas/issue-history/v1', repository, exportedAt: exportedAt.toISOString(), issues });
  }

  // --- Internals --------------------------------------------------------------------------------

  private required(number: number): HistoryIssue {
    const issue = this.issues.get(number);
    if (issue === undefined) throw new Error(`issue #${number} does not exist in ${this.location}`);
    return issue;
  }

  private event(issue: HistoryIssue, kind: IssueEvent['kind'], actor: string, detail?: string): void {
    issue.events.push({ kind, at: this.now.toISOString(), actor, byEvident: actor === EVIDENT_ACTOR, ...(detail === undefined ? {} : { detail }) });
  }

  /** Replaces the label list; each label not there before gets a `labeled` event (the schema has no `unlabeled`). */
  private setLabels(issue: HistoryIssue, labels: readonly string[], actor: string): void {
    const before = new Set(issue.labels);
    issue.labels = [...new Set(labels)];
    for (const name of issue.labels) if (!before.has(name)) this.event(issue, 'labeled', actor, name);
  }

  private setState(issue: HistoryIssue, state: 'open' | 'closed', reason: string | undefined, actor: string): void {
    if (state === 'closed' && issue.state === 'open') {
      issue.state = 'closed';
      issue.stateReason = reason ?? 'completed';
      this.event(issue, 'closed', actor, issue.stateReason);
    } else if (state === 'open' && issue.state === 'closed') {
      issue.state = 'open';
      issue.stateReason = 'reopened';
      this.event(issue, 'reopened', actor);
    }
  }
}

function tracked(issue: HistoryIssue): TrackedIssue {
  return { number: issue.number, state: issue.state, stateReason: issue.stateReason, title: issue.title, body: issue.body, labels: [...issue.labels], url: issue.url };
}
