/**
 * The two-person rule for changes (SOC 2 CC8.1, ISO 27001 A.8.32): a pull request reaches its base
 * branch only with approvals from people other than those who wrote it, given on the code that was
 * merged. Modeled on GitHub's own review rules
 * (https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-protected-branches/about-protected-branches#require-pull-request-reviews-before-merging)
 * and on policy-bot's approval predicate, which by default ignores approvals from commit authors and
 * contributors (https://github.com/palantir/policy-bot#approval-rules).
 */
import { z } from 'zod';
import type { Outcome } from '../../model.ts';
import {
  githubPullRequestSource,
  isBot,
  pullRequestResource,
  sameLogin,
  type PullRequestData,
  type PullRequestReview,
} from '../../snapshots/github-pull-request.ts';
import { defineControl } from '../define-control.ts';

/** Review states that change a reviewer's standing; COMMENTED and PENDING do not (GitHub works the same way). */
const DECISIVE_STATES: readonly PullRequestReview['state'][] = ['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED'];

/** GitHub's placeholder for a deleted account: its reviews cannot be attributed to anyone. */
const DELETED_ACCOUNT = 'ghost';

interface Approval {
  reviewer: string;
  reviewId: string;
  submittedAt: string;
  commitSha: string | null;
}

interface NotCounted {
  reviewer: string;
  reviewId: string;
  reason: string;
}

export const control = defineControl({
  id: 'pr-approved',
  title: 'Every pull request is approved by someone other than its authors before merge',
  source: githubPullRequestSource,
  needs: ['pullRequest', 'reviews', 'commits'],
  area: 'change-management',
  severity: 'high',
  risk:
    'A change merged without an independent review can carry a mistake or a deliberate backdoor straight to production; ' +
    'an approval that predates the last push, or comes from a co-author or a bot, is not an independent review of the code that shipped.',
  remediation: [
    'Have someone who did not write the change review the merged commits and record the review on the pull request.',
    'Protect the default branch with a ruleset that requires an approving review, dismisses stale approvals on push and requires the approval of the most recent push.',
    'Restrict who can bypass the ruleset, so administrators cannot merge without a review.',
    'If the author is an automated dependency bot, list it under exemptAuthors and cover its updates with an auto-merge policy you can show an auditor.',
  ],
  summary: { noun: ['pull request', 'pull requests'], failing: 'without the required independent approvals' },
  params: z.strictObject({
    /** Approvals required from reviewers who are neither the author, a commit author nor a bot. */
    minApprovals: z.number().int().min(1).default(1),
    /**
     * Count an approval only if it was given on the head commit, or after the last push: a push after an
     * approval makes it stale, as GitHub's "Dismiss stale pull request approvals when new commits are pushed".
     */
    dismissStaleApprovals: z.boolean().default(true),
    /** Count approvals from people who authored or co-authored commits in the pull request (policy-bot's default is no). */
    allowContributorApprovals: z.boolean().default(false),
    /** Count approvals from GitHub Apps; an App approving on a schedule is not a review. */
    countBotApprovals: z.boolean().default(false),
    /** Authors whose pull requests are not tested (`dependabot[bot]`); recorded as skipped with the reason. */
    exemptAuthors: z.array(z.string()).default([]),
    /**
     * Count reviews given after the merge, on the merged code: the remediation of a change merged
     * without approval is a review afterwards (the GitHub App sets this when such a review arrives).
     */
    acceptPostMergeReview: z.boolean().default(false),
  }),
  evaluate(pr, params, now) {
    const resource = pullRequestResource(pr);
    const skipped = (message: string): Outcome[] => [
      { status: 'skipped', resource, message, details: { state: pr.state, draft: pr.draft, author: pr.author.login, labels: pr.labels } },
    ];
    if (pr.state === 'closed') return skipped(`${resource} was closed without being merged, so no change reached ${pr.baseRefName}.`);
    if (pr.state === 'open' && pr.draft) return skipped(`${resource} is a draft; it is tested once it is marked ready for review.`);
    if (params.exemptAuthors.some((login) => sameLogin(login, pr.author.login))) {
      return skipped(`${resource} by ${pr.author.login} is exempt from the approval test by configuration (exemptAuthors).`);
    }

    const merged = pr.state === 'merged';
    // A merged pull request is judged as it was merged: a review given afterwards did not gate the change.
    // The source schema guarantees mergedAt is set exactly when the state is merged.
    const postMerge = merged && params.acceptPostMergeReview;
    const asOf = merged && pr.mergedAt !== null && !postMerge ? Date.parse(pr.mergedAt) : now.getTime();
    const lastPush = lastPushBefore(pr, asOf);
    const commitAuthors = [...new Set(pr.commits.flatMap((c) => c.authors.map((a) => a.toLowerCase())))].sort();

    const approvals: Approval[] = [];
    const notCounted: NotCounted[] = [];
    const changesRequested: { reviewer: string; reviewId: string; submittedAt: string }[] = [];

    for (const review of latestDecisiveReviews(pr.reviews, asOf)) {
      const reviewer = review.author.login;
      const submittedAt = review.submittedAt ?? '';
      if (review.state === 'DISMISSED') {
        notCounted.push({ reviewer, reviewId: review.id, reason: `${reviewer}'s review was dismissed` });
      } else if (review.state === 'CHANGES_REQUESTED') {
        if (!sameLogin(reviewer, pr.author.login)) changesRequested.push({ reviewer, reviewId: review.id, submittedAt });
      } else {
        const reason = whyNotCounted(review, pr, params, lastPush, commitAuthors);
        if (reason === undefined) approvals.push({ reviewer, reviewId: review.id, submittedAt, commitSha: review.commitSha });
        else notCounted.push({ reviewer, reviewId: review.id, reason });
      }
    }
    const lateApprovers = new Set<string>();
    for (const review of pr.reviews) {
      if (review.state !== 'APPROVED' || review.submittedAt === null || Date.parse(review.submittedAt) <= asOf) continue;
      const key = review.author.login.toLowerCase();
      if (lateApprovers.has(key) || approvals.some((a) => sameLogin(a.reviewer, key))) continue;
      lateApprovers.add(key);
      const after = merged ? 'after the merge' : 'after the time of this test';
      notCounted.push({ reviewer: review.author.login, reviewId: review.id, reason: `${review.author.login} approved ${after} (not counted)` });
    }

    const required = params.minApprovals;
    const status = approvals.length >= required && changesRequested.length === 0 ? 'pass' : 'fail';
    const notes = [
      ...approvals.map((a) => (params.dismissStaleApprovals && a.commitSha !== null ? `${a.reviewer} approved head ${short(a.commitSha)}` : `${a.reviewer} approved`)),
      ...notCounted.map((n) => n.reason),
    ];
    const head = postMerge
      ? `${resource} has ${approvals.length} valid approval${plural(approvals.length)} of ${required} required, counting reviews after the merge (post-merge review)`
      : merged
      ? `${resource} was merged with ${approvals.length} valid approval${plural(approvals.length)} of ${required} required`
      : `${resource} has ${approvals.length} valid approval${plural(approvals.length)} of ${required} required as of ${now.toISOString()}`;
    const commented = pr.reviews.some((r) => r.state === 'COMMENTED' && r.submittedAt !== null && Date.parse(r.submittedAt) <= asOf);
    const body = notes.length > 0 ? notes.join(', ') : `${commented ? 'only comments' : 'no reviews'} ${merged ? 'before the merge' : 'yet'}`;
    const blocked =
      changesRequested.length > 0 ? `; ${changesRequested.map((c) => c.reviewer).join(', ')} requested changes (outstanding)` : '';
    return [
      {
        status,
        resource,
        message: `${head}: ${body}${blocked}.`,
        details: {
          state: pr.state,
          author: pr.author.login,
          mergedBy: pr.mergedBy?.login ?? null,
          asOf: new Date(asOf).toISOString(),
          postMergeReview: postMerge,
          headSha: pr.headSha,
          lastPushAt: lastPush === null ? null : new Date(lastPush).toISOString(),
          minApprovals: required,
          approvals,
          notCounted,
          changesRequested,
          commitAuthors,
        },
      },
    ];
  },
});

/**
 * Each reviewer's latest APPROVED, CHANGES_REQUESTED or DISMISSED review submitted at or before `asOf`,
 * in the order the reviews were submitted. A later COMMENTED review leaves an approval standing; a
 * dismissal (the review's state rewritten to DISMISSED) cancels it.
 */
function latestDecisiveReviews(reviews: readonly PullRequestReview[], asOf: number): PullRequestReview[] {
  const latest = new Map<string, { review: PullRequestReview; at: number }>();
  for (const review of reviews) {
    if (!DECISIVE_STATES.includes(review.state) || review.submittedAt === null) continue;
    const at = Date.parse(review.submittedAt);
    if (at > asOf) continue;
    const key = review.author.login.toLowerCase();
    const seen = latest.get(key);
    // `>=`: of two reviews with the same timestamp, the later one in GitHub's (chronological) order wins.
    if (seen === undefined || at >= seen.at) latest.set(key, { review, at });
  }
  return [...latest.values()].sort((a, b) => a.at - b.at).map((entry) => entry.review);
}

/**
 * The latest push to the head branch at or before `asOf`, or null when it cannot be known. Only two
 * facts bound it from above: `lastPushAt` when it is not later than `asOf` (then nothing was pushed
 * since), or the push time of the head commit (the head only changes by a push). The push times of
 * earlier commits alone could miss a later push, which would turn a stale approval into a false pass.
 */
function lastPushBefore(pr: PullRequestData, asOf: number): number | null {
  const parse = (t: string | null | undefined) => (t === null || t === undefined ? null : Date.parse(t));
  const last = parse(pr.lastPushAt);
  const head = parse(pr.commits.find((c) => c.sha === pr.headSha)?.pushedAt);
  const known = (last !== null && last <= asOf) || (head !== null && head <= asOf);
  if (!known) return null;
  const times = [last, ...pr.commits.map((c) => parse(c.pushedAt))].filter((t): t is number => t !== null && t <= asOf);
  return Math.max(...times);
}

/** Why an approval does not count, or undefined when it does. The first reason that applies is given. */
function whyNotCounted(
  review: PullRequestReview,
  pr: PullRequestData,
  params: { dismissStaleApprovals: boolean; allowContributorApprovals: boolean; countBotApprovals: boolean },
  lastPush: number | null,
  commitAuthors: readonly string[],
): string | undefined {
  const reviewer = review.author.login;
  if (sameLogin(reviewer, DELETED_ACCOUNT)) return `an approval from a deleted account (ghost) cannot be attributed`;
  if (sameLogin(reviewer, pr.author.login)) return `${reviewer} is the author (self-approval)`;
  if (isBot(review.author) && !params.countBotApprovals) return `${reviewer} is a bot`;
  if (commitAuthors.includes(reviewer.toLowerCase()) && !params.allowContributorApprovals) return `${reviewer} is a commit author`;
  if (!params.dismissStaleApprovals) return undefined;

  const submitted = Date.parse(review.submittedAt ?? '');
  const beforeLastPush = lastPush !== null && submitted < lastPush;
  if (review.commitSha !== null) {
    // The approved commit is what was reviewed. An approval submitted after the last push but on an older
    // commit (a review page left open) is still a review of other code, so the SHA decides when it is known.
    if (review.commitSha === pr.headSha) return undefined;
    return beforeLastPush
      ? `${reviewer} approved before the last push (stale)`
      : `${reviewer} approved commit ${short(review.commitSha)}, not the head ${short(pr.headSha)} (stale)`;
  }
  if (lastPush !== null && !beforeLastPush) return undefined;
  return beforeLastPush
    ? `${reviewer} approved before the last push (stale)`
    : `${reviewer} approved a commit GitHub did not record and the last push time is unknown (not counted)`;
}

function short(sha: string): string {
  return sha.slice(0, 7);
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}
