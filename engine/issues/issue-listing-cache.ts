/**
 * The App's memory of a compliance repository's Evident issues between deliveries. Each merged pull
 * request syncs its findings, and a sync starts from the list of every issue labelled `evident`:
 * read whole, that is one page per 100 issues for every merge, and the pages change with every new
 * issue (so ETags do not save them). Kept here, a listing after the first asks only for the issues
 * updated since the last one (`since`, https://docs.github.com/rest/issues/issues#list-repository-issues),
 * usually one short page; the issues Evident itself writes are remembered as they are written.
 *
 * `since` cannot tell that an issue was deleted, transferred or lost its `evident` label, so the
 * whole list is read again when it is older than `fullEveryMs` (default an hour). Times are taken
 * before each request, less a margin for the clocks of GitHub and this host, so an issue updated
 * while the page was read is asked for again rather than missed.
 */
export interface ListedIssue {
  number: number;
}

interface Entry<T extends ListedIssue> {
  issues: Map<number, T>;
  fullAt: number;
  syncedAt: number;
}

export interface IssueListingCacheOptions {
  /** How long a whole listing is trusted before it is read whole again. Default 1 hour. */
  fullEveryMs?: number;
  /** Asked-for `since` is this much before the last listing began. Default 5 minutes. */
  marginMs?: number;
  now?: () => number;
}

export class IssueListingCache<T extends ListedIssue = ListedIssue> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly fullEveryMs: number;
  private readonly marginMs: number;
  private readonly now: () => number;

  constructor(options: IssueListingCacheOptions = {}) {
    this.fullEveryMs = options.fullEveryMs ?? 3_600_000;
    this.marginMs = options.marginMs ?? 300_000;
    this.now = options.now ?? Date.now;
  }

  /** The repository's issues: read whole (`since` undefined) or only those updated since the last listing. */
  async list(location: string, read: (since: string | undefined) => Promise<T[]>): Promise<T[]> {
    const startedAt = this.now();
    const entry = this.entries.get(location);
    if (entry === undefined || startedAt - entry.fullAt >= this.fullEveryMs) {
      const issues = await read(undefined);
      this.entries.set(location, { issues: new Map(issues.map((issue) => [issue.number, issue])), fullAt: startedAt, syncedAt: startedAt });
    } else {
      const updated = await read(new Date(entry.syncedAt - this.marginMs).toISOString());
      for (const issue of updated) entry.issues.set(issue.number, issue);
      entry.syncedAt = startedAt;
    }
    return [...(this.entries.get(location) as Entry<T>).issues.values()].sort((a, b) => a.number - b.number);
  }

  /** An issue as Evident just wrote it: newer than any listing taken before the write. */
  remember(location: string, issue: T): void {
    this.entries.get(location)?.issues.set(issue.number, issue);
  }

  /** Forget a repository (its listing failed, or it changed in ways `since` cannot show). */
  forget(location: string): void {
    this.entries.delete(location);
  }
}
