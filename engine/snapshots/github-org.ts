/**
 * The GitHub organization snapshot: the organization's two-factor requirement, the members who have
 * no 2FA, the outside collaborators, and every repository with what protects its default branch
 * (classic branch protection and the rulesets that apply to it), its secret scanning settings and the
 * outside collaborators who administer it. Normalized from:
 * https://docs.github.com/en/rest/orgs/orgs#get-an-organization
 * https://docs.github.com/en/rest/orgs/members#list-organization-members
 * https://docs.github.com/en/rest/repos/repos#list-organization-repositories
 * https://docs.github.com/en/rest/branches/branch-protection#get-branch-protection
 * https://docs.github.com/en/rest/repos/rules#get-rules-for-a-branch
 * https://docs.github.com/en/rest/orgs/outside-collaborators#list-outside-collaborators-for-an-organization
 * https://docs.github.com/en/rest/collaborators/collaborators#list-repository-collaborators
 *
 * Parts the collector reports completeness for:
 * - `org`: GET /orgs/{org}.
 * - `members2fa`: GET /orgs/{org}/members?filter=2fa_disabled, every page.
 * - `repositories`: GET /orgs/{org}/repos, every page.
 * - `branchProtection`: for every repository, both the classic protection and the rules of its default
 *   branch. One repository whose protection could not be read (403, 5xx, timeout) makes the part
 *   incomplete; the collector must never turn such a failure into `classicProtection: null`.
 *   Archived repositories are read only when github-default-branch-protected sets `includeArchived`
 *   (the collector's `archivedProtectionRead` parameter says which); otherwise they hold null and [].
 * - `secretScanning`: the `security_and_analysis` of every repository, from the same listing as
 *   `repositories`. A setting GitHub did not show is null in the data (an `error` outcome), not an
 *   incomplete part.
 * - `collaborators`: GET /orgs/{org}/outside_collaborators, every page, and, when there is any, for
 *   every repository (archived included) its outside collaborators with admin. One repository whose
 *   collaborators could not be read makes the part incomplete.
 *
 * `secretScanning`, `outsideAdmins` and `outsideCollaborators` have defaults so that snapshots
 * written before these parts existed still parse; a control that reads them needs their part, so
 * such a snapshot gives `error` for it, never a pass on a default.
 */
import { z } from 'zod';
import { defineSource } from './define-source.ts';

export const GithubOrganization = z.object({
  login: z.string().min(1),
  /**
   * `two_factor_requirement_enabled` of GET /orgs/{org}: when true, GitHub requires every member,
   * billing manager and outside collaborator to enable 2FA. GitHub only returns it to an organization
   * owner whose token has `admin:org`; null means the collector could not see it, which is not "off".
   */
  twoFactorRequirementEnabled: z.boolean().nullable(),
});
export type GithubOrganization = z.infer<typeof GithubOrganization>;

/**
 * GET /repos/{owner}/{repo}/branches/{branch}/protection, reduced to what the controls test.
 * https://docs.github.com/en/rest/branches/branch-protection#get-branch-protection
 */
export const GithubClassicProtection = z.object({
  /** `required_pull_request_reviews`; null when the protection does not require pull requests. */
  requiredPullRequestReviews: z
    .object({
      /** `required_approving_review_count`: 0 means a pull request is required but no approval. */
      requiredApprovingReviewCount: z.number().int().nonnegative(),
      /** `dismiss_stale_reviews`: a new push dismisses earlier approvals. */
      dismissStaleReviews: z.boolean(),
      /** `require_code_owner_reviews`. */
      requireCodeOwnerReviews: z.boolean(),
    })
    .nullable(),
  /** `enforce_admins.enabled`: false lets repository admins bypass every setting above. */
  enforceAdmins: z.boolean(),
  /** `allow_force_pushes.enabled`. */
  allowForcePushes: z.boolean(),
  /** `allow_deletions.enabled`. */
  allowDeletions: z.boolean(),
});
export type GithubClassicProtection = z.infer<typeof GithubClassicProtection>;

/**
 * One item of GET /repos/{owner}/{repo}/rules/branches/{branch}, kept with GitHub's own field names so
 * the collector passes items through unchanged.
 * https://docs.github.com/en/rest/repos/rules#get-rules-for-a-branch
 *
 * That endpoint returns only *active* rules, from repository and organization rulesets alike: rules of
 * rulesets in `evaluate` or `disabled` enforcement are not returned. So the snapshot has no enforcement
 * field and every rule here is enforced; a ruleset in evaluate mode simply contributes no rule.
 * The endpoint does not report bypass actors either.
 */
export const GithubBranchRule = z.object({
  /** `pull_request`, `non_fast_forward`, `deletion`, `required_status_checks`, `required_linear_history`, … */
  type: z.string().min(1),
  /**
   * The rule's parameters, as GitHub returns them; for `pull_request`: `required_approving_review_count`,
   * `dismiss_stale_reviews_on_push`, `require_code_owner_review`, … Controls validate the parameters of
   * the rule types they read (engine/controls/github-org/branch-protection.ts), so an unreadable value
   * becomes an `error` outcome for that repository rather than a guess.
   */
  parameters: z.record(z.string(), z.unknown()).optional(),
  /** `Repository` or `Organization` (GitHub may add others, such as `Enterprise`). */
  ruleset_source_type: z.string(),
  /** `acme/api` for a repository ruleset, `acme` for an organization ruleset. */
  ruleset_source: z.string(),
  ruleset_id: z.number().int(),
});
export type GithubBranchRule = z.infer<typeof GithubBranchRule>;

/**
 * `security_and_analysis` of GET /orgs/{org}/repos, reduced to secret scanning. GitHub only returns it
 * to a token with admin on the repository (or the organization's security manager role); null means
 * the collector could not see the setting, which is not "disabled".
 * https://docs.github.com/en/rest/repos/repos#list-organization-repositories
 */
export const GithubSecretScanning = z.object({
  /** `security_and_analysis.secret_scanning.status === 'enabled'`. */
  enabled: z.boolean().nullable(),
  /** `security_and_analysis.secret_scanning_push_protection.status === 'enabled'`: pushes holding a detected secret are blocked. */
  pushProtection: z.boolean().nullable(),
});
export type GithubSecretScanning = z.infer<typeof GithubSecretScanning>;

/** https://docs.github.com/en/rest/repos/repos#list-organization-repositories */
export const GithubRepository = z.object({
  name: z.string().min(1),
  /** `full_name`: `acme/api`. */
  fullName: z.string().min(1),
  archived: z.boolean(),
  fork: z.boolean(),
  visibility: z.enum(['public', 'private', 'internal']),
  /** `default_branch`. */
  defaultBranch: z.string().min(1),
  /**
   * Part `branchProtection`: the classic protection of the default branch, or null when GitHub answered
   * 404 "Branch not protected".
   */
  classicProtection: GithubClassicProtection.nullable(),
  /** Part `branchProtection`: the active rules that apply to the default branch (see GithubBranchRule). */
  rules: z.array(GithubBranchRule),
  /** Part `secretScanning`. */
  secretScanning: GithubSecretScanning.default({ enabled: null, pushProtection: null }),
  /**
   * Part `collaborators`: logins of the outside collaborators (people with access who are not
   * organization members) that hold admin on this repository, from
   * GET /repos/{owner}/{repo}/collaborators?affiliation=outside (`permissions.admin`).
   */
  outsideAdmins: z.array(z.string().min(1)).default([]),
});
export type GithubRepository = z.infer<typeof GithubRepository>;

export const GithubOrgData = z.object({
  /** Part `org`. */
  org: GithubOrganization,
  /**
   * Part `members2fa`: logins of GET /orgs/{org}/members?filter=2fa_disabled. That filter is only
   * available to organization owners; null means the collector could not see the list.
   */
  membersWithout2fa: z.array(z.string().min(1)).nullable(),
  /** Part `repositories` (and `branchProtection`, `secretScanning`, `collaborators` for what each holds). */
  repositories: z.array(GithubRepository),
  /** Part `collaborators`: logins of GET /orgs/{org}/outside_collaborators, whatever their access. */
  outsideCollaborators: z.array(z.string().min(1)).default([]),
});
export type GithubOrgData = z.infer<typeof GithubOrgData>;

export const githubOrgSource = defineSource({
  id: 'github-org',
  title: 'GitHub organization',
  parts: ['org', 'members2fa', 'repositories', 'branchProtection', 'secretScanning', 'collaborators'],
  data: GithubOrgData,
});
