/**
 * The bundled sample organization's GitHub side, for `evident demo`: the fictional org "acme" with
 * twelve repositories protected in the ways real organizations mix (an organization ruleset, classic
 * protection, both, neither), a 2FA requirement that was never switched on, secret scanning rolled out
 * to most repositories but not all, and two outside collaborators, one of them an admin.
 *
 * Deterministic: no randomness and no clock but `collectedAt`, so the demo's evidence is reproducible.
 * Expected with default parameters: github-org-2fa-required fails (the requirement is off, two members
 * without 2FA); github-default-branch-protected fails on acme/docs (0 approvals), acme/legacy-reports
 * (unprotected) and acme/demo-sandbox (unless excluded with `acme/*-sandbox`), and skips the archived
 * repository and the fork; github-secret-scanning-enabled fails on acme/legacy-reports (off),
 * acme/docs (no push protection) and acme/demo-sandbox (off), and skips the archived repository;
 * github-outside-collaborators-no-admin fails on acme/mobile, where the agency developer mkowalski-ext
 * was made admin to set up app signing (dpatel-qa, the other outside collaborator, only has write).
 */
import type { Snapshot } from '../../model.ts';
import type { GithubBranchRule, GithubClassicProtection, GithubOrgData, GithubRepository, GithubSecretScanning } from '../../snapshots/github-org.ts';

const ORG = 'acme';

/** The organization-wide ruleset "default branch" (id 1001), active on most repositories. */
function orgRuleset(approvals: number): GithubBranchRule[] {
  const source = { ruleset_source_type: 'Organization', ruleset_source: ORG, ruleset_id: 1001 };
  return [
    {
      type: 'pull_request',
      parameters: {
        required_approving_review_count: approvals,
        dismiss_stale_reviews_on_push: true,
        require_code_owner_review: false,
        require_last_push_approval: false,
        required_review_thread_resolution: true,
      },
      ...source,
    },
    { type: 'non_fast_forward', ...source },
    { type: 'deletion', ...source },
    { type: 'required_status_checks', parameters: { required_status_checks: [{ context: 'ci / test' }], strict_required_status_checks_policy: true }, ...source },
  ];
}

function classic(approvals: number | null, options: { forcePushes?: boolean; deletions?: boolean; enforceAdmins?: boolean } = {}): GithubClassicProtection {
  return {
    requiredPullRequestReviews:
      approvals === null ? null : { requiredApprovingReviewCount: approvals, dismissStaleReviews: approvals > 0, requireCodeOwnerReviews: false },
    enforceAdmins: options.enforceAdmins ?? true,
    allowForcePushes: options.forcePushes ?? false,
    allowDeletions: options.deletions ?? false,
  };
}

function repository(
  name: string,
  protection: { classic?: GithubClassicProtection; rules?: GithubBranchRule[] },
  options: {
    archived?: boolean;
    fork?: boolean;
    visibility?: GithubRepository['visibility'];
    defaultBranch?: string;
    secretScanning?: GithubSecretScanning;
    outsideAdmins?: string[];
  } = {},
): GithubRepository {
  return {
    name,
    fullName: `${ORG}/${name}`,
    archived: options.archived ?? false,
    fork: options.fork ?? false,
    visibility: options.visibility ?? 'private',
    defaultBranch: options.defaultBranch ?? 'main',
    classicProtection: protection.classic ?? null,
    rules: protection.rules ?? [],
    secretScanning: options.secretScanning ?? { enabled: true, pushProtection: true },
    outsideAdmins: options.outsideAdmins ?? [],
  };
}

const repositories: GithubRepository[] = [
  repository('api', { rules: orgRuleset(2) }),
  repository('web', { rules: orgRuleset(1) }),
  // The mobile agency's developer was made admin to set up app signing, and kept it.
  repository('mobile', { rules: orgRuleset(1) }, { outsideAdmins: ['mkowalski-ext'] }),
  repository('data-pipeline', { rules: orgRuleset(1) }),
  repository('infra', { classic: classic(2) }),
  repository('billing', { classic: classic(1) }),
  // A repository ruleset requires reviews; the older classic rule still blocks force pushes and deletion.
  repository('auth-service', {
    classic: classic(null, { enforceAdmins: false }),
    rules: [
      {
        type: 'pull_request',
        parameters: {
          required_approving_review_count: 1,
          dismiss_stale_reviews_on_push: false,
          require_code_owner_review: true,
          require_last_push_approval: false,
          required_review_thread_resolution: false,
        },
        ruleset_source_type: 'Repository',
        ruleset_source: `${ORG}/auth-service`,
        ruleset_id: 3107,
      },
    ],
  }),
  // Someone lowered the approvals to 0 to merge their own docs changes, and allowed force pushes.
  // Public, so secret scanning is on by default, but nobody turned on push protection.
  repository('docs', { classic: classic(0, { forcePushes: true, enforceAdmins: false }) }, { visibility: 'public', secretScanning: { enabled: true, pushProtection: false } }),
  repository('legacy-reports', {}, { defaultBranch: 'master', secretScanning: { enabled: false, pushProtection: false } }),
  repository('old-dashboard', {}, { archived: true, defaultBranch: 'master', secretScanning: { enabled: false, pushProtection: false } }),
  repository('demo-sandbox', {}, { visibility: 'internal', secretScanning: { enabled: false, pushProtection: false } }),
  repository('zod', {}, { fork: true, visibility: 'public' }),
];

const data: GithubOrgData = {
  org: { login: ORG, twoFactorRequirementEnabled: false },
  membersWithout2fa: ['sam-contractor', 'lee-design'],
  repositories,
  outsideCollaborators: ['dpatel-qa', 'mkowalski-ext'],
};

export function sampleGithubOrgSnapshots(collectedAt: Date): Snapshot[] {
  const count = repositories.length;
  return [
    {
      source: 'github-org',
      scope: `github:${ORG}`,
      collectedAt: collectedAt.toISOString(),
      collector: {
        name: 'sample',
        // The archived repository's protection is not read (github-default-branch-protected skips it).
        parameters: { org: ORG, archivedProtectionRead: false },
        // GET /orgs/acme, one page each of members, repositories and outside collaborators; two calls per
        // non-archived repository for its protection, and one per repository for its outside admins.
        apiCalls: 4 + 2 * (count - 1) + count,
      },
      parts: {
        org: { complete: true, count: 1, pages: 1 },
        members2fa: { complete: true, count: data.membersWithout2fa?.length ?? 0, pages: 1 },
        repositories: { complete: true, count, pages: 1 },
        branchProtection: { complete: true, count: count - 1, pages: 2 * (count - 1) },
        secretScanning: { complete: true, count, pages: 1 },
        collaborators: { complete: true, count: data.outsideCollaborators.length, pages: 1 + count },
      },
      // A copy, so a caller that changes the snapshot does not change the next one.
      data: structuredClone(data),
    },
  ];
}
