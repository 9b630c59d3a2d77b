import { z } from 'zod';
import type { Outcome } from '../../model.ts';
import { githubOrgSource, type GithubRepository } from '../../snapshots/github-org.ts';
import { defineControl } from '../define-control.ts';
import { approvals, approvalSources, CLASSIC_PROTECTION, describeRuleSource, effectiveProtection, missingRequirements } from './branch-protection.ts';
import { firstMatchingPattern } from './repository-patterns.ts';

export const control = defineControl({
  id: 'github-default-branch-protected',
  title: 'Every repository protects its default branch with reviewed pull requests',
  source: githubOrgSource,
  needs: ['repositories', 'branchProtection'],
  area: 'change-management',
  severity: 'high',
  risk:
    'Without protection, anyone with write access can push unreviewed code straight to the branch that is deployed, ' +
    'rewrite its history or delete it; required reviews are the change-management control auditors test.',
  remediation: [
    'Create an organization ruleset targeting the default branch of all repositories (Settings > Repository > Rulesets) with "Require a pull request before merging" and the required approvals.',
    'In the same ruleset, keep "Block force pushes" and "Restrict deletions" enabled, and set its enforcement to Active (Evaluate mode enforces nothing).',
    'Or, per repository, add a classic branch protection rule for the default branch that requires approving reviews and does not allow force pushes or deletions.',
    'If a listed repository is a sandbox or experiment, list it under excludeRepositories with a reason.',
  ],
  summary: { noun: ['repository', 'repositories'], failing: 'whose default branch is not protected as required' },
  params: z.strictObject({
    /** Approvals a pull request needs before it can merge into the default branch. */
    minApprovals: z.number().int().nonnegative().default(1),
    /** Also require that a new push dismisses earlier approvals, so what merges is what was approved. */
    requireStaleReviewDismissal: z.boolean().default(false),
    /** Repositories not tested, recorded as skipped: `acme/*-sandbox`, `*-sandbox`, `acme/api` or `api` (`*` stops at `/`). */
    excludeRepositories: z.array(z.string().min(1)).default([]),
    /** Test archived repositories too; they are read-only, so by default they are skipped. */
    includeArchived: z.boolean().default(false),
    /** Test forks too; by default they are skipped as copies of someone else's code. */
    includeForks: z.boolean().default(false),
  }),
  evaluate(data, params) {
    return data.repositories.map((repository): Outcome => {
      const resource = repository.fullName;
      const branch = repository.defaultBranch;
      const facts = {
        branch,
        archived: repository.archived,
        fork: repository.fork,
        visibility: repository.visibility,
        classicProtection: repository.classicProtection,
        rules: repository.rules.map((rule) => ({ type: rule.type, source: describeRuleSource(rule), parameters: rule.parameters })),
      };

      const excludedBy = firstMatchingPattern(params.excludeRepositories, repository);
      if (excludedBy !== undefined) {
        return skipped(repository, `is excluded from the branch protection test by configuration (pattern ${excludedBy})`, facts);
      }
      if (repository.archived && !params.includeArchived) {
        return skipped(repository, 'is archived and read-only, so its default branch cannot change; set includeArchived to test it', facts);
      }
      if (repository.fork && !params.includeForks) {
        return skipped(repository, 'is a fork; set includeForks to test it', facts);
      }

      const reading = effectiveProtection(repository);
      if (!reading.ok) {
        return {
          status: 'error',
          resource,
          message: `Repository ${resource}: cannot tell what protects default branch ${branch}: ${reading.reason}.`,
          details: facts,
        };
      }
      const protection = reading.protection;
      const details = { ...facts, ...protection, minApprovals: params.minApprovals };
      const missing = missingRequirements(protection, params);
      if (missing.length > 0) {
        return {
          status: 'fail',
          resource,
          message: `Repository ${resource}: default branch ${branch} is not protected as required (${describeSources(repository)}): ${missing.join('; ')}.`,
          details: { ...details, missing },
        };
      }
      const stale = params.requireStaleReviewDismissal ? `, dismisses stale approvals (${protection.staleReviewsDismissedBy.join(', ')})` : '';
      return {
        status: 'pass',
        resource,
        message:
          `Repository ${resource}: default branch ${branch} requires pull requests with ${approvals(protection.requiredApprovals ?? 0)} ` +
          `(${approvalSources(protection).join(', ')}; ${params.minApprovals} needed)${stale}, ` +
          `blocks force pushes (${protection.forcePushesBlockedBy.join(', ')}) and deletion (${protection.deletionBlockedBy.join(', ')}).`,
        details,
      };
    });
  },
});

function skipped(repository: GithubRepository, why: string, details: Record<string, unknown>): Outcome {
  return { status: 'skipped', resource: repository.fullName, message: `Repository ${repository.fullName} ${why}.`, details };
}

/** What was found, so a failure with no protection at all reads differently from a weak one. */
function describeSources(repository: GithubRepository): string {
  const found: string[] = [];
  if (repository.classicProtection !== null) found.push(CLASSIC_PROTECTION);
  const rulesets = [...new Set(repository.rules.map(describeRuleSource))];
  if (rulesets.length > 0) found.push(`active rules of ${rulesets.join(', ')}`);
  return found.length === 0 ? 'no classic branch protection and no active ruleset' : `found: ${found.join('; ')}`;
}
