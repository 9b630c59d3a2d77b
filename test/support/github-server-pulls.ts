/**
 * Pull requests in the GitHub test server: seeded with their files, reviews, commits and the
 * issues they close, then read as GitHub serves them (https://docs.github.com/rest/pulls/pulls):
 *
 * - `GET /pulls/{n}` as JSON, or as the unified diff with `Accept: application/vnd.github.diff`
 *   (406 beyond 300 files or 20,000 lines, as GitHub refuses);
 * - `GET /pulls/{n}/files`, paginated, never past GitHub's 3,000 files;
 * - `GET /pulls/{n}/reviews`.
 *
 * The same records answer GraphQL (`github-server-graphql.ts`).
 */
import { createHash } from 'node:crypto';
import { diffOf } from './github-server-diff.ts';
import { mediaTypeHeaders, paginate, wantsMediaType, type Route, type RouteContext } from './github-server-handler.ts';
import { renderFile, renderPull, renderReview } from './github-server-pull-json.ts';
import {
  actorFor,
  addLabel,
  findLabel,
  nextId,
  notFound,
  timestamp,
  type Actor,
  type AuthorAssociation,
  type Repository,
} from './github-server-store.ts';

export type FileStatus = 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

export interface PullFileSeed {
  filename: string;
  status: FileStatus;
  additions: number;
  deletions: number;
  /** The hunks, as the files API gives them. Absent for binary files (and for diffs GitHub deems too large to show). */
  patch?: string;
  /** For `renamed` and `copied`. */
  previous_filename?: string;
  /** Default: true when there is no patch, so the diff says "Binary files … differ". */
  binary?: boolean;
  /** The file's blob SHA at the head. Default: derived from the head SHA and the name. */
  sha?: string;
}

export interface ReviewSeed {
  /** Default: the next review id. */
  id?: number;
  user: string | Actor;
  state: ReviewState;
  /** Default: the pull request's creation time. Null for a PENDING review, as on GitHub. */
  submitted_at?: string | Date;
  /** Default: the head SHA. */
  commit_id?: string;
  /** Default: the user's own, or CONTRIBUTOR for a login. */
  author_association?: AuthorAssociation;
  body?: string;
}

export interface CommitSeed {
  sha: string;
  /** Logins of the commit's authors (co-authors included). Default: the pull request's author. */
  authors?: string[];
  author?: string;
  /** Default: the pull request's creation time. */
  committed_date?: string | Date;
  /** GitHub's deprecated `pushedDate`: null unless seeded. */
  pushed_date?: string | Date | null;
  message?: string;
}

export interface ClosingIssueSeed {
  owner: string;
  repo: string;
  number: number;
  state?: 'open' | 'closed';
  title?: string;
}

export interface PullSeed {
  /** Default: the next number issues and pull requests share. */
  number?: number;
  title: string;
  body?: string | null;
  /** The author. Default: octocat. */
  user?: string | Actor;
  head: { ref: string; sha: string };
  /** `ref` defaults to the repository's default branch; `sha` is derived when absent. */
  base?: { ref?: string; sha?: string };
  state?: 'open' | 'closed';
  draft?: boolean;
  locked?: boolean;
  merged_at?: string | Date | null;
  merged_by?: string | Actor | null;
  merge_commit_sha?: string | null;
  labels?: string[];
  files?: PullFileSeed[];
  reviews?: ReviewSeed[];
  commits?: CommitSeed[];
  closing_issues?: ClosingIssueSeed[];
  created_at?: string | Date;
  updated_at?: string | Date;
  closed_at?: string | Date | null;
}

export interface StoredReview {
  id: number;
  user: Actor;
  state: ReviewState;
  submittedAt: string | null;
  commitId: string;
  authorAssociation: AuthorAssociation;
  body: string;
}

export interface StoredCommit {
  sha: string;
  authors: Actor[];
  committedDate: string;
  pushedDate: string | null;
  message: string;
}

export interface StoredPullFile extends Required<Pick<PullFileSeed, 'filename' | 'status' | 'additions' | 'deletions' | 'binary' | 'sha'>> {
  patch: string | undefined;
  previousFilename: string | undefined;
  /** The blob SHA at the base, for the diff's index line. */
  baseSha: string;
}

export interface StoredClosingIssue {
  owner: string;
  repo: string;
  number: number;
  state: 'open' | 'closed';
  title: string | undefined;
}

export interface StoredPull {
  id: number;
  /** The id of the pull request seen as an issue, which GitHub numbers apart. */
  issueId: number;
  number: number;
  title: string;
  body: string | null;
  user: Actor;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  state: 'open' | 'closed';
  draft: boolean;
  locked: boolean;
  mergedAt: string | null;
  mergedBy: Actor | null;
  mergeCommitSha: string | null;
  labelIds: number[];
  files: StoredPullFile[];
  reviews: StoredReview[];
  commits: StoredCommit[];
  closingIssues: StoredClosingIssue[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** A stable fake git object id, so the same seed gives the same SHAs in every run. */
export const fakeSha = (...parts: string[]) => createHash('sha1').update(parts.join('\0')).digest('hex');

const at = (value: string | Date) => timestamp(new Date(value));

export function findPull(repo: Repository, number: string | number): StoredPull {
  const pull = repo.pulls.find((p) => String(p.number) === String(number));
  if (pull === undefined) throw notFound();
  return pull;
}

function reviewFrom(seed: ReviewSeed, pull: StoredPull): StoredReview {
  const user = actorFor(seed.user);
  return {
    id: seed.id ?? nextId('review'),
    user,
    state: seed.state,
    submittedAt: seed.state === 'PENDING' ? null : at(seed.submitted_at ?? pull.createdAt),
    commitId: seed.commit_id ?? pull.head.sha,
    authorAssociation: seed.author_association ?? user.authorAssociation,
    body: seed.body ?? '',
  };
}

/** Adds a pull request as it stands now, through the rules GitHub keeps (one number per issue or pull, merged means closed). */
export function seedPull(repo: Repository, seed: PullSeed, number: number, now: Date): StoredPull {
  if (repo.pulls.some((p) => p.number === number) || repo.issues.some((i) => i.number === number)) {
    throw new Error(`github-server: ${repo.owner}/${repo.name} already has an issue or pull request #${number}`);
  }
  const createdAt = at(seed.created_at ?? now);
  const mergedAt = seed.merged_at == null ? null : at(seed.merged_at);
  const closed = mergedAt !== null || seed.state === 'closed';
  const closedAt = closed ? at(seed.closed_at ?? mergedAt ?? seed.updated_at ?? createdAt) : null;
  const baseSha = seed.base?.sha ?? fakeSha('base', repo.owner, repo.name, String(number));
  const user = actorFor(seed.user ?? 'octocat');
  const pull: StoredPull = {
    id: nextId('pull'),
    issueId: nextId('issue'),
    number,
    title: seed.title,
    body: seed.body ?? null,
    user,
    head: { ...seed.head },
    base: { ref: seed.base?.ref ?? repo.defaultBranch, sha: baseSha },
    state: closed ? 'closed' : 'open',
    draft: seed.draft ?? false,
    locked: seed.locked ?? false,
    mergedAt,
    mergedBy: mergedAt === null || seed.merged_by == null ? null : actorFor(seed.merged_by),
    mergeCommitSha: seed.merge_commit_sha ?? (mergedAt === null ? null : fakeSha('merge', baseSha, seed.head.sha)),
    labelIds: (seed.labels ?? []).map((name) => (findLabel(repo, name) ?? addLabel(repo, { name })).id),
    files: (seed.files ?? []).map((f) => ({
      filename: f.filename,
      status: f.status,
      additions: f.additions,
      deletions: f.deletions,
      patch: f.patch,
      previousFilename: f.previous_filename,
      binary: f.binary ?? f.patch === undefined,
      sha: f.sha ?? fakeSha('blob', seed.head.sha, f.filename),
      baseSha: fakeSha('blob', baseSha, f.previous_filename ?? f.filename),
    })),
    reviews: [],
    commits: [],
    closingIssues: (seed.closing_issues ?? []).map((c) => ({ owner: c.owner, repo: c.repo, number: c.number, state: c.state ?? 'open', title: c.title })),
    createdAt,
    updatedAt: at(seed.updated_at ?? closedAt ?? createdAt),
    closedAt,
  };
  pull.reviews = (seed.reviews ?? []).map((r) => reviewFrom(r, pull));
  const commits = seed.commits ?? [{ sha: seed.head.sha }];
  pull.commits = commits.map((c) => ({
    sha: c.sha,
    authors: (c.authors ?? (c.author === undefined ? [user.login] : [c.author])).map((login) => actorFor(login)),
    committedDate: at(c.committed_date ?? createdAt),
    pushedDate: c.pushed_date == null ? null : at(c.pushed_date),
    message: c.message ?? `Commit ${c.sha.slice(0, 7)}`,
  }));
  repo.pulls.push(pull);
  return pull;
}

/** A review submitted after the pull request was seeded; it bumps `updated_at` as GitHub does. */
export function addReview(pull: StoredPull, seed: ReviewSeed): StoredReview {
  const review = reviewFrom(seed, pull);
  pull.reviews.push(review);
  if (review.submittedAt !== null && review.submittedAt > pull.updatedAt) pull.updatedAt = review.submittedAt;
  return review;
}

/** GitHub lists at most 3,000 files of a pull request (https://docs.github.com/rest/pulls/pulls#list-pull-requests-files). */
export const MAX_LISTED_FILES = 3000;

const pull = (c: RouteContext) => findPull(c.repo, c.params.pull_number ?? '');

export const PULL_ROUTES: Route[] = [
  {
    method: 'GET',
    rest: '/pulls/{pull_number}',
    issueEndpoint: false,
    permission: ['pull_requests', 'read'],
    handle: (c) => {
      const found = pull(c);
      if (wantsMediaType(c.accept, 'diff')) return { status: 200, text: diffOf(found), headers: mediaTypeHeaders(c.accept, 'diff') };
      return { status: 200, body: renderPull(c.repo, found, c.urls) };
    },
  },
  {
    method: 'GET',
    rest: '/pulls/{pull_number}/files',
    issueEndpoint: false,
    permission: ['pull_requests', 'read'],
    handle: (c) => {
      const found = pull(c);
      return paginate(found.files.slice(0, MAX_LISTED_FILES).map((f) => renderFile(c.repo, found, f, c.urls)), c);
    },
  },
  {
    method: 'GET',
    rest: '/pulls/{pull_number}/reviews',
    issueEndpoint: false,
    permission: ['pull_requests', 'read'],
    handle: (c) => {
      const found = pull(c);
      // A pending review is visible to its author only.
      const visible = found.reviews.filter((r) => r.state !== 'PENDING' || r.user.login === c.actor.login).sort((a, b) => a.id - b.id);
      return paginate(visible.map((r) => renderReview(c.repo, found, r, c.urls)), c);
    },
  },
];
