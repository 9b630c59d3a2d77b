import { describe, expect, it } from 'vitest';
import { effectiveProtection, missingRequirements } from '../../engine/controls/github-org/branch-protection.ts';
import { control as defaultBranchProtected } from '../../engine/controls/github-org/github-default-branch-protected.ts';
import { control as org2faRequired } from '../../engine/controls/github-org/github-org-2fa-required.ts';
import { firstMatchingPattern, matchesRepositoryPattern } from '../../engine/controls/github-org/repository-patterns.ts';
import { sampleGithubOrgSnapshots } from '../../engine/demo/sample-organization/github-org.ts';
import { evaluateControl } from '../../engine/evaluate-control.ts';
import { Snapshot } from '../../engine/model.ts';
import type { GithubBranchRule, GithubClassicProtection } from '../../engine/snapshots/github-org.ts';
import { GithubOrgData } from '../../engine/snapshots/github-org.ts';

const repo = (fullName: string) => ({ name: fullName.split('/')[1] ?? fullName, fullName });

describe('matchesRepositoryPattern', () => {
  it.each([
    ['acme/*-sandbox', 'acme/demo-sandbox', true],
    ['acme/*-sandbox', 'acme/-sandbox', true],
    ['acme/*-sandbox', 'acme/sandbox', false],
    ['acme/*-sandbox', 'other/demo-sandbox', false],
    ['*-sandbox', 'acme/demo-sandbox', true],
    ['acme/api', 'acme/api', true],
    ['acme/api', 'acme/api-gateway', false],
    ['api', 'acme/api', true],
    ['api', 'acme/web-api', false],
    ['ACME/API', 'acme/api', true],
    ['acme/*', 'acme/anything.at-all', true],
    ['*', 'acme/api', true],
    ['*/api', 'other/api', true],
    // A pattern without `/` is compared with the name alone; every character but `*` is literal.
    ['a*', 'acme/api', true],
    ['acme*', 'acme/api', false],
    ['acme/web.app', 'acme/webxapp', false],
    ['acme/web.app', 'acme/web.app', true],
    ['acme/(api)', 'acme/(api)', true],
  ])('%s against %s is %s', (pattern, fullName, expected) => {
    expect(matchesRepositoryPattern(pattern, repo(fullName))).toBe(expected);
  });

  it('names the first pattern that matches', () => {
    expect(firstMatchingPattern(['acme/web', '*-sandbox', 'acme/*'], repo('acme/demo-sandbox'))).toBe('*-sandbox');
    expect(firstMatchingPattern([], repo('acme/api'))).toBeUndefined();
  });
});

const org = (ruleset_id: number, ruleset_source = 'acme') => ({ ruleset_source_type: 'Organization', ruleset_source, ruleset_id });
const pullRequest = (approvals: number, dismissStale = false, source = org(1)): GithubBranchRule => ({
  type: 'pull_request',
  parameters: { required_approving_review_count: approvals, dismiss_stale_reviews_on_push: dismissStale },
  ...source,
});
const classic = (overrides: Partial<GithubClassicProtection> = {}): GithubClassicProtection => ({
  requiredPullRequestReviews: null,
  enforceAdmins: true,
  allowForcePushes: true,
  allowDeletions: true,
  ...overrides,
});
const requirements = { minApprovals: 1, requireStaleReviewDismissal: false };

function missing(classicProtection: GithubClassicProtection | null, rules: GithubBranchRule[], req = requirements): string[] {
  const reading = effectiveProtection({ classicProtection, rules });
  if (!reading.ok) throw new Error(reading.reason);
  return missingRequirements(reading.protection, req);
}

describe('effectiveProtection combines classic protection and rulesets', () => {
  it('finds nothing on an unprotected branch', () => {
    expect(missing(null, [])).toEqual(['pull requests not required, 1 approval needed', 'force pushes allowed', 'deletion allowed']);
  });

  it('takes each requirement from whichever source provides it', () => {
    expect(missing(classic({ allowForcePushes: false }), [pullRequest(1), { type: 'deletion', ...org(2) }])).toEqual([]);
    expect(missing(classic({ allowDeletions: false }), [pullRequest(1), { type: 'non_fast_forward', ...org(2) }])).toEqual([]);
  });

  it('keeps the most restrictive approval count, whichever source sets it', () => {
    const withClassic = (n: number) => classic({ requiredPullRequestReviews: { requiredApprovingReviewCount: n, dismissStaleReviews: false, requireCodeOwnerReviews: false } });
    const read = (c: GithubClassicProtection | null, rules: GithubBranchRule[]) => {
      const reading = effectiveProtection({ classicProtection: c, rules });
      return reading.ok ? reading.protection.requiredApprovals : 'error';
    };
    expect(read(withClassic(1), [pullRequest(3), pullRequest(2, false, org(9))])).toBe(3);
    expect(read(withClassic(4), [pullRequest(0)])).toBe(4);
    expect(read(withClassic(0), [])).toBe(0);
    expect(read(null, [{ type: 'non_fast_forward', ...org(1) }])).toBeNull();
  });

  it('tells a required pull request with 0 approvals from no pull request at all', () => {
    const zero = classic({ allowForcePushes: false, allowDeletions: false, requiredPullRequestReviews: { requiredApprovingReviewCount: 0, dismissStaleReviews: false, requireCodeOwnerReviews: false } });
    expect(missing(zero, [])).toEqual(['requires 0 approvals, 1 needed']);
    expect(missing(zero, [], { minApprovals: 0, requireStaleReviewDismissal: false })).toEqual([]);
    expect(missing(classic({ allowForcePushes: false, allowDeletions: false }), [], { minApprovals: 0, requireStaleReviewDismissal: false })).toEqual([
      'pull requests not required, 0 approvals needed',
    ]);
  });

  it('counts stale review dismissal from any source when required', () => {
    const strict = { minApprovals: 1, requireStaleReviewDismissal: true };
    const blocked = classic({ allowForcePushes: false, allowDeletions: false });
    expect(missing(blocked, [pullRequest(1, false)], strict)).toEqual(['stale approvals not dismissed on new pushes, dismissal required']);
    expect(missing(blocked, [pullRequest(1, false), pullRequest(1, true, org(2))], strict)).toEqual([]);
  });

  it('ignores rules that do not bear on the requirements', () => {
    const unrelated: GithubBranchRule[] = ['required_linear_history', 'required_signatures', 'update', 'creation'].map((type) => ({ type, ...org(5) }));
    expect(missing(null, unrelated)).toEqual(['pull requests not required, 1 approval needed', 'force pushes allowed', 'deletion allowed']);
  });

  it('refuses to guess a pull_request rule whose parameters cannot be read', () => {
    for (const parameters of [undefined, {}, { required_approving_review_count: -1, dismiss_stale_reviews_on_push: false }, { required_approving_review_count: 1.5, dismiss_stale_reviews_on_push: false }]) {
      const rule: GithubBranchRule = { type: 'pull_request', ...org(1), ...(parameters === undefined ? {} : { parameters }) };
      const reading = effectiveProtection({ classicProtection: classic({ allowForcePushes: false, allowDeletions: false }), rules: [pullRequest(2), rule] });
      expect(reading.ok).toBe(false);
    }
  });
});

describe('malformed snapshots never pass', () => {
  const base = sampleGithubOrgSnapshots(new Date('2026-11-02T09:00:00Z'))[0]!;

  it('a two-factor requirement that is not a boolean or null is an error result', () => {
    const snapshot = { ...base, data: { ...(base.data as GithubOrgData), org: { login: 'acme', twoFactorRequirementEnabled: 'yes' } } };
    const result = evaluateControl(org2faRequired, snapshot);
    expect(result.status).toBe('error');
    expect(result.reason).toContain('org.twoFactorRequirementEnabled');
  });

  it('a repository with an unknown visibility or a missing protection field is an error result', () => {
    const [first, ...rest] = (base.data as GithubOrgData).repositories;
    const broken = { ...first, visibility: 'secret', classicProtection: undefined };
    const result = evaluateControl(defaultBranchProtected, { ...base, data: { ...(base.data as GithubOrgData), repositories: [broken, ...rest] } });
    expect(result.status).toBe('error');
    expect(result.outcomes).toEqual([]);
  });

  it('a parameter of the wrong type is an error result', () => {
    const result = evaluateControl(defaultBranchProtected, base, { params: { minApprovals: 'one' } });
    expect(result.status).toBe('error');
    expect(result.reason).toContain('minApprovals');
  });
});

describe('the demo sample organization', () => {
  const collectedAt = new Date('2026-11-02T09:00:00Z');
  const snapshots = sampleGithubOrgSnapshots(collectedAt);
  const snapshot = snapshots[0]!;

  it('is one valid, complete, deterministic snapshot of github:acme', () => {
    expect(snapshots).toHaveLength(1);
    expect(Snapshot.parse(snapshot)).toEqual(snapshot);
    expect(GithubOrgData.safeParse(snapshot.data).success).toBe(true);
    expect(snapshot).toMatchObject({ source: 'github-org', scope: 'github:acme', collectedAt: '2026-11-02T09:00:00.000Z', collector: { name: 'sample' } });
    expect(Object.keys(snapshot.parts).sort()).toEqual(['branchProtection', 'collaborators', 'members2fa', 'org', 'repositories', 'secretScanning']);
    expect(Object.values(snapshot.parts).every((part) => part.complete)).toBe(true);
    expect(sampleGithubOrgSnapshots(collectedAt)).toEqual(snapshots);
  });

  it('fails the 2FA control: the requirement is off and two members have no 2FA', () => {
    const result = evaluateControl(org2faRequired, snapshot);
    expect(result.status).toBe('fail');
    expect(result.outcomes.map(({ resource, status }) => ({ resource, status }))).toEqual([
      { resource: 'acme', status: 'fail' },
      { resource: 'sam-contractor', status: 'fail' },
      { resource: 'lee-design', status: 'fail' },
    ]);
  });

  it('fails the branch protection control on the weak repositories and skips the archived one and the fork', () => {
    const result = evaluateControl(defaultBranchProtected, snapshot);
    expect(result.status).toBe('fail');
    const byStatus = (status: string) => result.outcomes.filter((o) => o.status === status).map((o) => o.resource);
    expect(byStatus('fail')).toEqual(['acme/docs', 'acme/legacy-reports', 'acme/demo-sandbox']);
    expect(byStatus('skipped')).toEqual(['acme/old-dashboard', 'acme/zod']);
    expect(byStatus('pass')).toEqual(['acme/api', 'acme/web', 'acme/mobile', 'acme/data-pipeline', 'acme/infra', 'acme/billing', 'acme/auth-service']);
    expect(result.outcomes.find((o) => o.resource === 'acme/docs')?.message).toContain('requires 0 approvals, 1 needed; force pushes allowed');
  });

  it('skips the sandbox when it is excluded', () => {
    const result = evaluateControl(defaultBranchProtected, snapshot, { params: { excludeRepositories: ['acme/*-sandbox'] } });
    expect(result.outcomes.find((o) => o.resource === 'acme/demo-sandbox')?.status).toBe('skipped');
    expect(result.counts).toEqual({ pass: 7, fail: 2, error: 0, skipped: 3 });
  });
});
