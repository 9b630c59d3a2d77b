/**
 * The pull-request snapshot: ONE pull request (scope `github:acme/api#42`) with its reviews, its
 * commits and the secret scan of the lines it adds. The GitHub App fetches everything but the scan in
 * one GraphQL query and runs Evident's secret scanner on the diff:
 * https://docs.github.com/en/graphql/reference/objects#pullrequest
 * https://docs.github.com/en/graphql/reference/objects#pullrequestreview
 * https://docs.github.com/en/graphql/reference/objects#pullrequestcommit
 *
 * Parts the collector reports completeness for:
 * - `pullRequest`: the pull request itself: repository, number, title, body, author, branches, head
 *   SHA, state, draft, labels, dates, who merged it and its closing issue references
 *   (`closingIssuesReferences`, every page).
 * - `reviews`: `reviews`, every page. One page missing could hide a dismissal or a change request.
 * - `commits`: `commits`, every page, with each commit's authors (co-authors from `Co-authored-by`
 *   trailers included, as GitHub's `Commit.authors` lists them) and the push times the App saw.
 * - `diff`: the diff of the pull request and the secret scan of its added lines. A file the scanner
 *   could not read is listed in `secretScan.skipped`, never silently dropped.
 */
import { z } from 'zod';
import { defineSource } from './define-source.ts';

const dateTime = z.iso.datetime({ offset: true });

/** `owner/name`, as GitHub spells it (https://docs.github.com/en/graphql/reference/objects#repository). */
const repositoryName = z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'expected owner/name');

/**
 * A GitHub account. `isBot` is true for GitHub Apps (`__typename: "Bot"`, logins ending in `[bot]`).
 * GraphQL returns `author: null` for a deleted account; the collector records it as GitHub's own
 * placeholder `ghost`, which no control accepts as a reviewer.
 */
export const GithubActor = z.object({
  login: z.string().min(1),
  isBot: z.boolean(),
});
export type GithubActor = z.infer<typeof GithubActor>;

/** https://docs.github.com/en/graphql/reference/enums#pullrequestreviewstate */
export const ReviewState = z.enum(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING']);
export type ReviewState = z.infer<typeof ReviewState>;

export const PullRequestReview = z.object({
  id: z.string().min(1),
  author: GithubActor,
  /**
   * GitHub rewrites a dismissed review's state to DISMISSED and keeps its `submittedAt`, so a dismissal
   * is seen at the time of the review it dismissed.
   */
  state: ReviewState,
  /** Null only for a PENDING review, which was never submitted. */
  submittedAt: dateTime.nullable(),
  /** The commit the reviewer looked at (`PullRequestReview.commit.oid`); null when GitHub does not say. */
  commitSha: z.string().min(7).nullable(),
});
export type PullRequestReview = z.infer<typeof PullRequestReview>;

export const PullRequestCommit = z.object({
  sha: z.string().min(7),
  /** Logins of the commit's authors and co-authors that GitHub linked to an account. */
  authors: z.array(z.string().min(1)),
  committedDate: dateTime,
  /**
   * When the commit reached GitHub, from the push webhook the App received; null when unknown
   * (GitHub's `pushedDate` is deprecated, and `committedDate` is set by the committer's clock).
   */
  pushedAt: dateTime.nullable(),
});
export type PullRequestCommit = z.infer<typeof PullRequestCommit>;

/** An issue linked as a closing reference (`closingIssuesReferences`). */
export const ClosingIssue = z.object({
  repository: repositoryName,
  number: z.number().int().positive(),
  state: z.enum(['open', 'closed']),
});
export type ClosingIssue = z.infer<typeof ClosingIssue>;

/**
 * At most the first 4 characters of the secret followed by `…` (DESIGN.md: nothing Evident stores ever
 * holds a detected secret in full). A snapshot with more is rejected as malformed, so a collector bug
 * cannot leak a secret into evidence; zod's message names the field, not the value.
 */
export const RedactedSecret = z.string().regex(/^[^…]{0,4}…$/u, 'must be at most 4 characters followed by …');

export const SecretFinding = z.object({
  /** The scanner rule that matched: `aws-access-key-id`, `github-pat`, … (engine/secrets/). */
  rule: z.string().min(1),
  file: z.string().min(1),
  /** Line in the new file, 1-based. */
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  /** Keyed fingerprint of the secret: finds it again without storing it. */
  fingerprint: z.string().min(1),
  redacted: RedactedSecret,
  /** true when the line carries an inline `evident:allow` marker. */
  allowed: z.boolean(),
});
export type SecretFinding = z.infer<typeof SecretFinding>;

/**
 * A file the scanner did not read. `binary` files have no added text lines to scan; `lfs` files are
 * Git LFS pointers, whose content lives in LFS storage, outside the diff
 * (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md). The other reasons mean added text may
 * have gone unread: GitHub omits the patch of very large files and truncates a diff with too many
 * files (https://docs.github.com/en/rest/pulls/pulls#list-pull-requests-files: at most 3000 files;
 * `patch` is absent when a file's diff is too large).
 */
export const SkippedFile = z.object({
  file: z.string().min(1),
  reason: z.enum(['binary', 'lfs', 'too-large', 'no-patch', 'too-many-files']),
  bytes: z.number().int().nonnegative().optional(),
});
export type SkippedFile = z.infer<typeof SkippedFile>;

export const SecretScan = z.object({
  findings: z.array(SecretFinding),
  filesScanned: z.number().int().nonnegative(),
  skipped: z.array(SkippedFile),
});
export type SecretScan = z.infer<typeof SecretScan>;

export const PullRequestData = z
  .object({
    // Part `pullRequest`.
    repository: repositoryName,
    number: z.number().int().positive(),
    title: z.string(),
    /** Empty when the description is empty (GraphQL `body` is "" then, not null). */
    body: z.string(),
    author: GithubActor,
    headRefName: z.string().min(1),
    baseRefName: z.string().min(1),
    /** `headRefOid`: the head commit now, or at the merge for a merged pull request. */
    headSha: z.string().min(7),
    state: z.enum(['open', 'closed', 'merged']),
    draft: z.boolean(),
    /** Label names. */
    labels: z.array(z.string()),
    createdAt: dateTime,
    mergedAt: dateTime.nullable(),
    mergedBy: GithubActor.nullable(),
    mergeCommitSha: z.string().min(7).nullable(),
    closingIssues: z.array(ClosingIssue),
    // Part `commits`.
    commits: z.array(PullRequestCommit),
    /** The last push to the head branch (a `HeadRefForcePushedEvent` or the push webhook); null when unknown. */
    lastPushAt: dateTime.nullable(),
    // Part `reviews`.
    reviews: z.array(PullRequestReview),
    // Part `diff`.
    secretScan: SecretScan,
  })
  .refine((pr) => (pr.state === 'merged') === (pr.mergedAt !== null), {
    message: 'mergedAt must be set exactly when state is merged',
    path: ['mergedAt'],
  });
export type PullRequestData = z.infer<typeof PullRequestData>;

export const githubPullRequestSource = defineSource({
  id: 'github-pull-request',
  title: 'GitHub pull request',
  parts: ['pullRequest', 'reviews', 'commits', 'diff'],
  data: PullRequestData,
});

/** The resource every pull-request outcome is about: `acme/api#42`. */
export function pullRequestResource(pr: Pick<PullRequestData, 'repository' | 'number'>): string {
  return `${pr.repository}#${pr.number}`;
}

/** GitHub logins are case-insensitive: `Ben` and `ben` are one account. */
export function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Bots are recognized by GitHub's flag and, as a fallback, by the `[bot]` suffix GitHub gives App accounts. */
export function isBot(actor: GithubActor): boolean {
  return actor.isBot || actor.login.toLowerCase().endsWith('[bot]');
}
