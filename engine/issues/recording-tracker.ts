/**
 * A tracker for dry runs and the demo: it writes nothing and records what it would have done. It
 * starts from the issues a real tracker lists when one is given (read-only), else from none.
 */
import type { IssuePatch, IssueTracker } from './issue-tracker.ts';
import type { LabelSpec } from './labels.ts';
import type { TrackedIssue } from './plan-sync.ts';

export type RecordedWrite =
  | { kind: 'labels'; labels: LabelSpec[] }
  | { kind: 'create'; number: number; title: string; body: string; labels: string[] }
  | { kind: 'update'; number: number; patch: IssuePatch }
  | { kind: 'comment'; number: number; body: string };

export class RecordingTracker implements IssueTracker {
  readonly location: string;
  readonly writes: RecordedWrite[] = [];
  private readonly reader: IssueTracker | undefined;
  private nextNumber = 1;

  constructor(location: string, reader?: IssueTracker) {
    this.location = location;
    this.reader = reader;
  }

  async list(): Promise<TrackedIssue[]> {
    const issues = this.reader === undefined ? [] : await this.reader.list();
    this.nextNumber = Math.max(0, ...issues.map((issue) => issue.number)) + 1;
    return issues;
  }

  async ensureLabels(labels: readonly LabelSpec[]): Promise<void> {
    this.writes.push({ kind: 'labels', labels: [...labels] });
  }

  async create(input: { title: string; body: string; labels: string[] }): Promise<TrackedIssue> {
    const number = this.nextNumber++;
    this.writes.push({ kind: 'create', number, ...input });
    return { number, state: 'open', stateReason: null, ...input, url: `https://github.com/${this.location}/issues/${number}` };
  }

  async update(number: number, patch: IssuePatch): Promise<void> {
    this.writes.push({ kind: 'update', number, patch });
  }

  async comment(number: number, body: string): Promise<void> {
    this.writes.push({ kind: 'comment', number, body });
  }
}
