/**
 * Findings' issues in a GitHub repository, through the REST API
 * (https://docs.github.com/en/rest/issues/issues, /issues/comments, /issues/labels).
 * Issues are found by listing those with the `evident` label, never through the search API,
 * whose index lags and whose rate limit is small.
 */
import type { GitHubClient } from './github-client.ts';
import type { IssueListingCache } from './issue-listing-cache.ts';
import { IssuesUnavailableError, type IssuePatch, type IssueTracker } from './issue-tracker.ts';
import type { LabelSpec } from './labels.ts';
import type { TrackedIssue } from './plan-sync.ts';

export interface RestIssue {
  number: number;
  state: string;
  state_reason?: string | null;
  title: string;
  body?: string | null;
  labels: (string | { name?: string })[];
  html_url: string;
  updated_at?: string;
  pull_request?: unknown;
}

export class GitHubIssueTracker implements IssueTracker {
  readonly location: string;
  private readonly owner: string;
  private readonly repo: string;
  private readonly client: GitHubClient;
  /** Labels known to exist, so each is created at most once per tracker. */
  private knownLabels: Set<string> | undefined;
  /** Kept across trackers by a long-lived process (the App): later listings ask only for what changed. */
  private readonly listing: IssueListingCache<RestIssue> | undefined;

  constructor(client: GitHubClient, owner: string, repo: string, options: { listing?: IssueListingCache<RestIssue> | undefined } = {}) {
    this.client = client;
    this.owner = owner;
    this.repo = repo;
    this.location = `${owner}/${repo}`;
    this.listing = options.listing;
  }

  async list(): Promise<TrackedIssue[]> {
    // Page by page, to keep GitHub's time of the first page (its Date header) for the next `since`.
    const read = (since: string | undefined) =>
      this.guard(async () => {
        const issues: RestIssue[] = [];
        let at: number | undefined;
        const params = { owner: this.owner, repo: this.repo, labels: 'evident', state: 'all' as const, per_page: 100, ...(since === undefined ? {} : { since }) };
        for await (const page of this.client.paginate.iterator('GET /repos/{owner}/{repo}/issues', params)) {
          if (at === undefined) {
            const date = Date.parse(String(page.headers.date ?? ''));
            if (Number.isFinite(date)) at = date;
          }
          issues.push(...(page.data as RestIssue[]));
        }
        return { issues, at };
      });
    let issues: RestIssue[];
    try {
      issues = this.listing === undefined ? (await read(undefined)).issues : await this.listing.list(this.location, read);
    } catch (error) {
      this.listing?.forget(this.location);
      throw error;
    }
    return issues.filter((issue) => issue.pull_request === undefined).map(toTracked);
  }

  async ensureLabels(labels: readonly LabelSpec[]): Promise<void> {
    if (this.knownLabels === undefined) {
      const existing = await this.guard(() => this.client.paginate('GET /repos/{owner}/{repo}/labels', { owner: this.owner, repo: this.repo, per_page: 100 }));
      this.knownLabels = new Set((existing as { name: string }[]).map((label) => label.name.toLowerCase()));
    }
    for (const label of labels) {
      if (this.knownLabels.has(label.name.toLowerCase())) continue;
      try {
        await this.guard(() => this.client.request('POST /repos/{owner}/{repo}/labels', { owner: this.owner, repo: this.repo, ...label }));
      } catch (error) {
        // 422 "already_exists": another run created it in between; that is the wanted state.
        if ((error as { status?: number }).status !== 422) throw error;
      }
      this.knownLabels.add(label.name.toLowerCase());
    }
  }

  async create(input: { title: string; body: string; labels: string[] }): Promise<TrackedIssue> {
    const response = await this.guard(() => this.client.request('POST /repos/{owner}/{repo}/issues', { owner: this.owner, repo: this.repo, ...input }));
    this.listing?.remember(this.location, response.data as RestIssue);
    return toTracked(response.data as RestIssue);
  }

  async update(number: number, patch: IssuePatch): Promise<void> {
    const response = await this.guard(() =>
      this.client.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
        owner: this.owner,
        repo: this.repo,
        issue_number: number,
        ...(patch.title === undefined ? {} : { title: patch.title }),
        ...(patch.body === undefined ? {} : { body: patch.body }),
        ...(patch.labels === undefined ? {} : { labels: patch.labels }),
        ...(patch.state === undefined ? {} : { state: patch.state }),
        ...(patch.stateReason === undefined ? {} : { state_reason: patch.stateReason }),
      }),
    );
    // The issue as GitHub has it after the write (https://docs.github.com/rest/issues/issues#update-an-issue).
    if (this.listing !== undefined && typeof (response.data as RestIssue | undefined)?.number === 'number') this.listing.remember(this.location, response.data as RestIssue);
  }

  async comment(number: number, body: string): Promise<void> {
    await this.guard(() => this.client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: this.owner, repo: this.repo, issue_number: number, body }));
  }

  /** 410 (issues disabled) and 404/403 on the repository become IssuesUnavailableError. */
  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const status = (error as { status?: number }).status;
      const message = (error as Error).message;
      if (status === 410) throw new IssuesUnavailableError(`issues are disabled in ${this.location}: ${message}`, { disabled: true });
      if (status === 404) throw new IssuesUnavailableError(`${this.location} was not found or the token cannot see it: ${message}`);
      if (status === 403 && !/rate limit/i.test(message)) throw new IssuesUnavailableError(`the token may not read or write issues in ${this.location} (403): ${message}`);
      throw error;
    }
  }
}

function toTracked(issue: RestIssue): TrackedIssue {
  return {
    number: issue.number,
    state: issue.state === 'closed' ? 'closed' : 'open',
    stateReason: issue.state_reason ?? null,
    title: issue.title,
    body: issue.body ?? '',
    labels: issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).filter(Boolean),
    url: issue.html_url,
  };
}
