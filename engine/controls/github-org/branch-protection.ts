/**
 * What actually protects a default branch, combining classic branch protection and rulesets.
 *
 * GitHub layers them: every active ruleset rule and the classic protection all apply, and where the
 * same requirement is set several times the most restrictive one wins
 * (https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/about-rulesets#about-rule-layering).
 * So each requirement may come from any source: the approval count is the highest one required,
 * and force pushes or deletion are blocked when any source blocks them.
 */
import { z } from 'zod';
import type { GithubBranchRule, GithubRepository } from '../../snapshots/github-org.ts';
import { describeZodError } from '../../zod-issues.ts';

/**
 * The parameters of a `pull_request` rule that the control reads; GitHub always returns both.
 * https://docs.github.com/en/rest/repos/rules#get-rules-for-a-branch
 */
const PullRequestRuleParameters = z.object({
  required_approving_review_count: z.number().int().nonnegative(),
  dismiss_stale_reviews_on_push: z.boolean(),
});

export const CLASSIC_PROTECTION = 'classic branch protection';

export interface EffectiveProtection {
  /** The highest approval count among the sources that require pull requests; null when none does. */
  requiredApprovals: number | null;
  /** The sources that require pull requests, with the approvals each requires. */
  pullRequestRequiredBy: { source: string; approvals: number }[];
  /** The sources that dismiss stale approvals when new commits are pushed. */
  staleReviewsDismissedBy: string[];
  /** The sources that block force pushes: a `non_fast_forward` rule, or classic protection not allowing them. */
  forcePushesBlockedBy: string[];
  /** The sources that block deletion: a `deletion` rule, or classic protection not allowing it. */
  deletionBlockedBy: string[];
}

export type ProtectionReading = { ok: true; protection: EffectiveProtection } | { ok: false; reason: string };

export interface ProtectionRequirements {
  minApprovals: number;
  requireStaleReviewDismissal: boolean;
}

/** `organization ruleset 1001 (acme)`: names a rule's ruleset in messages. */
export function describeRuleSource(rule: GithubBranchRule): string {
  return `${rule.ruleset_source_type.toLowerCase()} ruleset ${rule.ruleset_id} (${rule.ruleset_source})`;
}

/**
 * Combines the classic protection and the active rules of one repository's default branch.
 * A `pull_request` rule whose parameters cannot be read gives `ok: false`: guessing its approval
 * count could turn into a false pass or a false fail.
 */
export function effectiveProtection(repository: Pick<GithubRepository, 'classicProtection' | 'rules'>): ProtectionReading {
  const protection: EffectiveProtection = {
    requiredApprovals: null,
    pullRequestRequiredBy: [],
    staleReviewsDismissedBy: [],
    forcePushesBlockedBy: [],
    deletionBlockedBy: [],
  };

  const classic = repository.classicProtection;
  if (classic !== null) {
    const reviews = classic.requiredPullRequestReviews;
    if (reviews !== null) {
      protection.pullRequestRequiredBy.push({ source: CLASSIC_PROTECTION, approvals: reviews.requiredApprovingReviewCount });
      if (reviews.dismissStaleReviews) protection.staleReviewsDismissedBy.push(CLASSIC_PROTECTION);
    }
    if (!classic.allowForcePushes) protection.forcePushesBlockedBy.push(CLASSIC_PROTECTION);
    if (!classic.allowDeletions) protection.deletionBlockedBy.push(CLASSIC_PROTECTION);
  }

  for (const rule of repository.rules) {
    const source = describeRuleSource(rule);
    switch (rule.type) {
      case 'pull_request': {
        const parameters = PullRequestRuleParameters.safeParse(rule.parameters ?? {});
        if (!parameters.success) {
          return { ok: false, reason: `the pull_request rule of ${source} has unreadable parameters (${describeZodError(parameters.error)})` };
        }
        protection.pullRequestRequiredBy.push({ source, approvals: parameters.data.required_approving_review_count });
        if (parameters.data.dismiss_stale_reviews_on_push) protection.staleReviewsDismissedBy.push(source);
        break;
      }
      case 'non_fast_forward':
        protection.forcePushesBlockedBy.push(source);
        break;
      case 'deletion':
        protection.deletionBlockedBy.push(source);
        break;
      default:
        // Other rules (status checks, signed commits, linear history, …) do not bear on these requirements.
        break;
    }
  }

  if (protection.pullRequestRequiredBy.length > 0) {
    protection.requiredApprovals = Math.max(...protection.pullRequestRequiredBy.map((entry) => entry.approvals));
  }
  return { ok: true, protection };
}

/** One phrase per requirement not met, with the value found: `requires 0 approvals, 1 needed`. */
export function missingRequirements(protection: EffectiveProtection, requirements: ProtectionRequirements): string[] {
  const missing: string[] = [];
  const { minApprovals } = requirements;
  if (protection.requiredApprovals === null) {
    missing.push(`pull requests not required, ${approvals(minApprovals)} needed`);
  } else if (protection.requiredApprovals < minApprovals) {
    missing.push(`requires ${approvals(protection.requiredApprovals)}, ${minApprovals} needed`);
  }
  if (requirements.requireStaleReviewDismissal && protection.staleReviewsDismissedBy.length === 0) {
    missing.push('stale approvals not dismissed on new pushes, dismissal required');
  }
  if (protection.forcePushesBlockedBy.length === 0) missing.push('force pushes allowed');
  if (protection.deletionBlockedBy.length === 0) missing.push('deletion allowed');
  return missing;
}

/** The sources that set the approval count in force (the highest), for the pass sentence. */
export function approvalSources(protection: EffectiveProtection): string[] {
  return protection.pullRequestRequiredBy
    .filter((entry) => entry.approvals === protection.requiredApprovals)
    .map((entry) => entry.source);
}

export function approvals(count: number): string {
  return `${count} approval${count === 1 ? '' : 's'}`;
}
