/**
 * The App's memory of a compliance repository's Evident issues between deliveries. Each merged pull
 * request syncs its findings, and a sync starts from the list of every issue labelled `evident`:
 * read whole, that is one page per 100 issues for every merge, and the pages change with every new
 * issue (so ETags do not save them). Kept here, a listing after the first asks only for the issues
 * updated since the last one (`since`, https://docs.github.com/rest/issues/issues#list-repository-issues),
 * usually one short page; the issues Evident itself writes are remembered as they are written.
 *
 * `since` cannot tell that an issue was deleted, transferred or lost its `evident` label, so the
 * whole list is read again when it is older than `fullEveryMs` (default an hour). `since` is taken
 * from GitHub's own clock, less a margin: the `Date` header of the last listing's first page (else
 * the newest `updated_at` it returned), so a host whose clock runs ahead of GitHub's cannot ask
 * past changes; what the margin asks again is merged.
 */
export interface ListedIssue {
  number: number;
  updated_at?: string;
}

interface Entry<T extends ListedIssue> {
  issues: Map<number, T>;
  fullAt: number;
  /**
   * GitHub's time when the last listing began. Not moved by what Evident remembers writing: a
   * person's change between the last listing and Evident's write is older than that write.
   */
  listedUpTo: number | undefined;
}

export interface IssueListingCacheOptions {
  /** How long a whole listing is trusted before it is read whole again. Default 1 hour. */
  fullEveryMs?: number;
  /** Asked-for `since` is this much before the newest update known. Default 5 minutes. */
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

  /**
   * The repository's issues: read whole (`since` undefined) or only those updated since the last
   * listing. `read` answers the issues and GitHub's time when it began (its `Date` header), if known.
   */
  async list(location: string, read: (since: string | undefined) => Promise<{ issues: T[]; at?: number | undefined }>): Promise<T[]> {
    const startedAt = this.now();
    const entry = this.entries.get(location);
    if (entry === undefined || entry.listedUpTo === undefined || startedAt - entry.fullAt >= this.fullEveryMs) {
      const { issues, at } = await read(undefined);
      this.entries.set(location, { issues: new Map(issues.map((issue) => [issue.number, issue])), fullAt: startedAt, listedUpTo: at ?? newestUpdate(issues) });
    } else {
      const { issues: updated, at } = await read(new Date(entry.listedUpTo - this.marginMs).toISOString());
      for (const issue of updated) entry.issues.set(issue.number, issue);
      entry.listedUpTo = Math.max(entry.listedUpTo, at ?? newestUpdate(updated) ?? entry.listedUpTo);
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

/** The newest `updated_at` among `issues`, in ms; undefined when none says. */
function newestUpdate(issues: Iterable<ListedIssue>): number | undefined {
  let newest: number | undefined;
  for (const issue of issues) {
    const at = issue.updated_at === undefined ? Number.NaN : Date.parse(issue.updated_at);
    if (Number.isFinite(at) && (newest === undefined || at > newest)) newest = at;
  }
  return newest;
}
