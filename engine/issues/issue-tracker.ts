/** Where findings' issues live: GitHub (github-tracker.ts), or a recording for dry runs (recording-tracker.ts). */
import type { LabelSpec } from './labels.ts';
import type { TrackedIssue } from './plan-sync.ts';

export interface IssuePatch {
  title?: string;
  body?: string;
  /** The issue's full label list after the change. */
  labels?: string[];
  state?: 'open' | 'closed';
  stateReason?: 'completed' | 'reopened';
}

export interface IssueTracker {
  /** `owner/repo`, for messages. */
  readonly location: string;
  /** Every issue carrying the `evident` label, open and closed, all pages. */
  list(): Promise<TrackedIssue[]>;
  /** Creates the labels that do not exist yet, with their colours and descriptions. */
  ensureLabels(labels: readonly LabelSpec[]): Promise<void>;
  create(input: { title: string; body: string; labels: string[] }): Promise<TrackedIssue>;
  update(number: number, patch: IssuePatch): Promise<void>;
  comment(number: number, body: string): Promise<void>;
}

/** The repository cannot hold issues (issues disabled: 410, or no access): sync warns and stops. */
export class IssuesUnavailableError extends Error {
  override name = 'IssuesUnavailableError';
  /**
   * The repository's owner turned issues off (410): a choice, reported as a warning (STYLE.md 9).
   * Otherwise the token cannot read or write them (403, 404), which leaves findings without their
   * issue: the run is incomplete.
   */
  readonly disabled: boolean;

  constructor(message: string, options: { disabled?: boolean } = {}) {
    super(message);
    this.disabled = options.disabled ?? false;
  }
}
