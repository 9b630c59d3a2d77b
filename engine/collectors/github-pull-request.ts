/**
 * Collects one pull request as a snapshot: metadata, reviews, commits and closing references in one
 * GraphQL query (more pages only for a PR with over 100 reviews or commits), the diff in one REST
 * request, scanned for secrets in its added lines. A PR whose diff GitHub will not render (406: over
 * 300 files or 20,000 lines) is read through the paginated files API instead; files GitHub gives no
 * patch for, and files past its 3,000-file cap, are reported as not scanned, so the secrets test
 * says `error`, never `pass`. Git LFS pointers are listed as not scanned too (reason `lfs`): the
 * diff shows the pointer, not the file, whose content lives in LFS storage and is never read.
 * https://docs.github.com/en/graphql/reference/objects#pullrequest
 * https://docs.github.com/en/rest/pulls/pulls#get-a-pull-request (media type `application/vnd.github.diff`)
 * https://docs.github.com/en/rest/pulls/pulls#list-pull-requests-files
 */
import type { Snapshot, SnapshotPart } from '../model.ts';
import type { SecretScanner } from '../secrets/scanner.ts';
import { parseUnifiedDiff, type DiffFile } from '../secrets/unified-diff.ts';
import type { PullRequestData, SecretScan } from '../snapshots/github-pull-request.ts';
import { PULL_REQUEST_QUERY, REVIEWS_PAGE_QUERY, COMMITS_PAGE_QUERY, type PullRequestNode } from './pull-request-query.ts';

/** What the collector needs of an octokit client: REST and GraphQL requests (octokit, Probot's context.octokit). */
export interface GitHubRequester {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ status: number; data: unknown; headers: Record<string, string | number | undefined> }>;
  graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
}

/** GitHub lists at most this many files of a pull request. */
const FILES_CAP = 3000;

export interface CollectStats {
  requests: number;
  graphqlPoints: number;
}

export async function collectPullRequest(
  client: GitHubRequester,
  ref: PullRequestRef,
  options: { scanner: SecretScanner; now: Date; pushedAt?: ReadonlyMap<string, string> },
): Promise<{ snapshot: Snapshot; stats: CollectStats }> {
  const stats: CollectStats = { requests: 0, graphqlPoints: 0 };
  const graphql = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    stats.requests += 1;
    const data = await client.graphql<T & { rateLimit?: { cost: number } }>(query, variables);
    stats.graphqlPoints += data.rateLimit?.cost ?? 1;
    return data;
  };
  const answer = await graphql<{ repository: { pullRequest: PullRequestNode | null } | null }>(PULL_REQUEST_QUERY, { ...ref });
  const pr = answer.repository?.pullRequest;
  if (pr == null) throw new Error(`${ref.owner}/${ref.repo}#${ref.number} was not found or the app cannot read it`);

  const parts: Record<string, SnapshotPart> = { pullRequest: { complete: true, count: 1, pages: 1 } };
  // Reviews and commits beyond the first page: read them all, or say the part is incomplete.
  const reviews = [...pr.reviews.nodes];
  let reviewPage = pr.reviews.pageInfo;
  while (reviewPage.hasNextPage) {
    const next = await graphql<{ repository: { pullRequest: { reviews: PullRequestNode['reviews'] } } }>(REVIEWS_PAGE_QUERY, { ...ref, after: reviewPage.endCursor });
    reviews.push(...next.repository.pullRequest.reviews.nodes);
    reviewPage = next.repository.pullRequest.reviews.pageInfo;
  }
  parts.reviews = { complete: reviews.length === pr.reviews.totalCount, count: reviews.length };
  const commits = [...pr.commits.nodes];
  let commitPage = pr.commits.pageInfo;
  while (commitPage.hasNextPage) {
    const next = await graphql<{ repository: { pullRequest: { commits: PullRequestNode['commits'] } } }>(COMMITS_PAGE_QUERY, { ...ref, after: commitPage.endCursor });
    commits.push(...next.repository.pullRequest.commits.nodes);
    commitPage = next.repository.pullRequest.commits.pageInfo;
  }
  // GitHub lists at most 250 commits of a pull request (https://docs.github.com/en/rest/pulls/pulls#list-commits-on-a-pull-request).
  parts.commits = { complete: commits.length === pr.commits.totalCount, count: commits.length, ...(commits.length < pr.commits.totalCount ? { error: `GitHub listed ${commits.length} of ${pr.commits.totalCount} commits` } : {}) };

  const scan = await scanChanges(client, ref, pr.changedFiles, options.scanner, stats);
  parts.diff = scan.part;

  // GraphQL names a bot `dependabot` where REST, webhooks and people write `dependabot[bot]`: use the latter.
  const login = (actor: { login: string; __typename?: string } | null) => {
    const isBot = actor?.__typename === 'Bot' || (actor?.login ?? '').endsWith('[bot]');
    const name = actor?.login ?? 'ghost';
    return { login: isBot && !name.endsWith('[bot]') ? `${name}[bot]` : name, isBot };
  };
  const data: PullRequestData = {
    repository: `${ref.owner}/${ref.repo}`,
    number: pr.number,
    title: pr.title,
    body: pr.body ?? '',
    author: login(pr.author),
    headRefName: pr.headRefName,
    baseRefName: pr.baseRefName,
    headSha: pr.headRefOid,
    state: pr.merged ? 'merged' : pr.state === 'CLOSED' ? 'closed' : 'open',
    draft: pr.isDraft,
    labels: pr.labels.nodes.map((label) => label.name),
    createdAt: pr.createdAt,
    mergedAt: pr.merged ? pr.mergedAt : null,
    mergedBy: pr.mergedBy === null ? null : login(pr.mergedBy),
    mergeCommitSha: pr.mergeCommit?.oid ?? null,
    closingIssues: pr.closingIssuesReferences.nodes.map((issue) => ({ repository: issue.repository.nameWithOwner, number: issue.number, state: issue.state === 'CLOSED' ? 'closed' : 'open' })),
    commits: commits.map(({ commit }) => ({
      sha: commit.oid,
      authors: commit.authors.nodes.flatMap((author) => (author.user?.login === undefined ? [] : [author.user.login])),
      committedDate: commit.committedDate,
      pushedAt: options.pushedAt?.get(commit.oid) ?? null,
    })),
    lastPushAt: options.pushedAt?.get(pr.headRefOid) ?? null,
    reviews: reviews.map((review) => ({
      id: review.id,
      author: login(review.author),
      state: review.state,
      submittedAt: review.submittedAt,
      commitSha: review.commit?.oid ?? null,
    })),
    secretScan: scan.scan,
  };
  return {
    snapshot: {
      source: 'github-pull-request',
      scope: `github:${ref.owner}/${ref.repo}#${ref.number}`,
      collectedAt: options.now.toISOString(),
      collector: { name: 'github-app', parameters: { repository: `${ref.owner}/${ref.repo}`, number: ref.number }, apiCalls: stats.requests },
      parts,
      data,
    },
    stats,
  };
}

/** The added lines of the PR, scanned: from the diff, or file by file when GitHub will not render it. */
async function scanChanges(client: GitHubRequester, ref: PullRequestRef, changedFiles: number, scanner: SecretScanner, stats: CollectStats): Promise<{ scan: SecretScan; part: SnapshotPart }> {
  try {
    stats.requests += 1;
    // No retries: a 406 (too large to render) will not change, and the files API is the way on.
    const response = await client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: ref.owner, repo: ref.repo, pull_number: ref.number, mediaType: { format: 'diff' }, request: { retries: 0 } });
    const { scan, scanned } = scanWithoutLfsPointers(scanner, String(response.data));
    return { scan, part: { complete: true, count: scanned, pages: 1 } };
  } catch (error) {
    if ((error as { status?: number }).status !== 406) throw error;
  }
  // The diff is too large to render: the files API gives each file's patch, 100 a page, 3,000 at most.
  const files: { filename: string; patch?: string; status: string; previous_filename?: string }[] = [];
  for (let page = 1; files.length < Math.min(changedFiles, FILES_CAP); page += 1) {
    stats.requests += 1;
    const response = await client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { owner: ref.owner, repo: ref.repo, pull_number: ref.number, per_page: 100, page });
    const batch = response.data as typeof files;
    files.push(...batch);
    if (batch.length < 100) break;
  }
  const diff = files
    .filter((file) => file.patch !== undefined && file.status !== 'removed')
    .map((file) => `diff --git a/${file.previous_filename ?? file.filename} b/${file.filename}\n--- a/${file.previous_filename ?? file.filename}\n+++ b/${file.filename}\n${file.patch}\n`)
    .join('');
  const { scan } = scanWithoutLfsPointers(scanner, diff);
  // No patch: a binary file, or one GitHub will not show; either way its added text was not read.
  for (const file of files) if (file.patch === undefined && file.status !== 'removed') scan.skipped.push({ file: file.filename, reason: 'no-patch' });
  if (changedFiles > files.length) scan.skipped.push({ file: `${changedFiles - files.length} more files`, reason: 'too-many-files' });
  const complete = changedFiles <= FILES_CAP;
  return {
    scan,
    part: { complete, count: files.length, pages: Math.ceil(files.length / 100), ...(complete ? {} : { error: `GitHub lists ${FILES_CAP} of the ${changedFiles} changed files` }) },
  };
}

/**
 * Scans a diff, leaving out the files whose added lines are a Git LFS pointer: the scanner would read
 * three lines of metadata and count the file as clean, while its content, in LFS storage, is never
 * read. Each is listed as skipped with the reason `lfs` instead.
 */
function scanWithoutLfsPointers(scanner: SecretScanner, diff: string): { scan: SecretScan; scanned: number } {
  const kept: string[] = [];
  const pointers: string[] = [];
  // Each file's section starts with its `diff --git` line; inside a hunk every line has a prefix.
  for (const section of diff.split(/^(?=diff --git )/m)) {
    const file = parseUnifiedDiff(section)[0];
    if (file !== undefined && file.status !== 'deleted' && isLfsPointer(file)) pointers.push(file.path);
    else kept.push(section);
  }
  const report = scanner.scanDiff(kept.join(''));
  const scan = toScan(report);
  scan.skipped.push(...pointers.map((file) => ({ file, reason: 'lfs' as const })));
  return { scan, scanned: report.filesScanned };
}

/**
 * True when every added line is a line of a Git LFS pointer and one of them names the object: a new
 * pointer adds `version`, `oid` and `size`; a changed one adds only `oid` and `size`.
 * https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md#the-pointer
 */
function isLfsPointer(file: DiffFile): boolean {
  const lines = file.blocks.flatMap((block) => block.lines);
  return lines.some((line) => LFS_OID.test(line)) && lines.every((line) => LFS_POINTER_LINE.test(line));
}

const LFS_OID = /^oid sha256:[0-9a-f]{64}$/;
const LFS_POINTER_LINE = /^(?:version https:\/\/(?:git-lfs|hawser)\.github\.com\/spec\/v1|oid sha256:[0-9a-f]{64}|size \d+|ext-\d+-\w+ sha256:[0-9a-f]{64})$/;

function toScan(report: ReturnType<SecretScanner['scanDiff']>): SecretScan {
  return {
    findings: report.findings.map(({ rule, file, line, column, fingerprint, redacted, allowed }) => ({ rule, file, line, column, fingerprint, redacted, allowed })),
    filesScanned: report.filesScanned,
    skipped: report.skipped.map((skipped) => ({ file: skipped.file, reason: skipped.reason, ...(skipped.bytes === undefined ? {} : { bytes: skipped.bytes }) })),
  };
}
