/**
 * The GitHub organization collector with the real octokit client against the loopback GitHub, whose
 * every response is checked against GitHub's OpenAPI description: a full read, the parts a refusal or
 * an outage leaves incomplete (and what each control then says), pagination, and the API calls made.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CollectContext } from '../../engine/collectors/collector.ts';
import { createGithubOrgCollector } from '../../engine/collectors/github-org.ts';
import { parseConfig } from '../../engine/config/load-config.ts';
import { findControl } from '../../engine/controls/index.ts';
import { ConfigurationError } from '../../engine/errors.ts';
import { evaluateControl } from '../../engine/evaluate-control.ts';
import { Snapshot } from '../../engine/model.ts';
import { GithubOrgData } from '../../engine/snapshots/github-org.ts';
import { startGitHubServer, type BranchRuleSeed, type GitHubTestServer } from '../support/github-server.ts';

const TOKEN = 'ghs_orgcollectortoken';
const NOW = new Date('2026-11-02T09:00:00Z');
const APP_ID = 515151;

let server: GitHubTestServer;
let logs: { info: string[]; warn: string[] };
let privateKey: string;

beforeAll(() => {
  privateKey = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
});

beforeEach(async () => {
  server = await startGitHubServer({ token: TOKEN, app: { id: APP_ID, privateKeyPem: privateKey }, now: () => NOW });
  logs = { info: [], warn: [] };
});

/** An installation token of the app, as a scheduled job gets one (https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/authenticating-as-a-github-app-installation). */
async function installationToken(installationId: number): Promise<string> {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const seconds = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iat: seconds - 30, exp: seconds + 540, iss: APP_ID })}`;
  const jwt = `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
  const response = await fetch(`${server.url}/app/installations/${installationId}/access_tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${jwt}`, accept: 'application/vnd.github+json' },
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}
afterEach(async () => {
  // Every response of every test was checked against GitHub's own schema.
  server.assertHealthy();
  await server.close();
});

function context(controls = '', env: NodeJS.ProcessEnv = { GITHUB_TOKEN: TOKEN }): CollectContext {
  const parsed = parseConfig(`version: 1
organization: Acme
sources:
  github: { org: acme, complianceRepo: compliance, apiUrl: "${server.url}" }
${controls === '' ? '' : `controls:\n${controls}`}`);
  if (!parsed.ok) throw new Error(`bad test config: ${JSON.stringify(parsed.problems)}`);
  return {
    config: parsed.config,
    env,
    now: NOW,
    log: { info: (m) => logs.info.push(m), warn: (m) => logs.warn.push(m) },
  };
}

const collector = () => createGithubOrgCollector({ retryBaseMs: 1 });

async function collect(controls = '') {
  const result = await collector()(context(controls));
  expect(result.snapshots).toHaveLength(1);
  return { ...result, snapshot: result.snapshots[0]! };
}

function evaluate(snapshot: Snapshot, id: string, params?: Record<string, unknown>) {
  const control = findControl(id);
  if (control === undefined) throw new Error(`no control ${id}`);
  const result = evaluateControl(control, snapshot, { params });
  return { ...result, byResource: Object.fromEntries(result.outcomes.map((o) => [o.resource, o.status])) };
}

const orgRuleset = (approvals: number): BranchRuleSeed[] => {
  const source = { ruleset_source_type: 'Organization' as const, ruleset_source: 'acme', ruleset_id: 1001 };
  return [
    {
      type: 'pull_request',
      parameters: {
        required_approving_review_count: approvals,
        dismiss_stale_reviews_on_push: true,
        require_code_owner_review: false,
        require_last_push_approval: false,
        required_review_thread_resolution: false,
      },
      ...source,
    },
    { type: 'non_fast_forward', ...source },
    { type: 'deletion', ...source },
    { type: 'required_status_checks', parameters: { required_status_checks: [{ context: 'ci / test' }], strict_required_status_checks_policy: true }, ...source },
  ];
};

/**
 * acme: six repositories, two outside collaborators (one an admin of mobile and of the archived
 * old-site), a member without 2FA although the organization requires it.
 */
function seedAcme(): void {
  server.seedOrganization('acme', { twoFactorRequirementEnabled: true, members: ['alice', 'bob', { login: 'carol', role: 'admin' }], withoutTwoFactor: ['bob'] });
  const on = { enabled: true, pushProtection: true };
  server.seedRepositorySettings('acme', 'api', {
    secretScanning: on,
    rules: { main: orgRuleset(2) },
    collaborators: [
      { login: 'alice', role: 'admin' },
      { login: 'dpatel-qa', role: 'write', outside: true },
    ],
  });
  server.seedRepositorySettings('acme', 'web', {
    secretScanning: { enabled: true, pushProtection: false },
    branchProtection: { main: { required_pull_request_reviews: { required_approving_review_count: 1 } } },
  });
  server.seedRepositorySettings('acme', 'mobile', {
    secretScanning: on,
    branchProtection: { main: { required_pull_request_reviews: { required_approving_review_count: 1, dismiss_stale_reviews: true } } },
    rules: { main: orgRuleset(1) },
    collaborators: [{ login: 'mkowalski-ext', role: 'admin', outside: true }],
  });
  server.seedRepositorySettings('acme', 'legacy', { defaultBranch: 'master', secretScanning: { enabled: false, pushProtection: false } });
  server.seedRepositorySettings('acme', 'old-site', {
    archived: true,
    visibility: 'public',
    collaborators: [{ login: 'mkowalski-ext', role: 'admin', outside: true }],
  });
  server.seedRepositorySettings('acme', 'zod', { fork: true, visibility: 'public', secretScanning: on, rules: { main: orgRuleset(1) } });
}

const operations = (from = 0) => server.requests.slice(from).map((r) => r.operation);
const countOf = (list: (string | undefined)[]) => list.reduce<Record<string, number>>((acc, op) => ({ ...acc, [op ?? '?']: (acc[op ?? '?'] ?? 0) + 1 }), {});

describe('collectGithubOrg: a full read', () => {
  it('reads every part in full, valid against the schema, and the four controls evaluate as seeded', async () => {
    seedAcme();
    const { snapshot, apiCalls } = await collect();

    expect(Snapshot.parse(snapshot)).toEqual(snapshot);
    const data = GithubOrgData.parse(snapshot.data);
    expect(snapshot).toMatchObject({
      source: 'github-org',
      scope: 'github:acme',
      collectedAt: NOW.toISOString(),
      collector: { name: 'github-org', parameters: { org: 'acme', apiUrl: server.url, archivedProtectionRead: false }, apiCalls },
    });
    expect(snapshot.parts).toEqual({
      org: { complete: true, count: 1, pages: 1 },
      members2fa: { complete: true, count: 1, pages: 1 },
      repositories: { complete: true, count: 6, pages: 1 },
      secretScanning: { complete: true, count: 6, pages: 1 },
      branchProtection: { complete: true, count: 5, pages: 10 },
      collaborators: { complete: true, count: 2, pages: 7 },
    });
    expect(data.org).toEqual({ login: 'acme', twoFactorRequirementEnabled: true });
    expect(data.membersWithout2fa).toEqual(['bob']);
    expect(data.outsideCollaborators).toEqual(['dpatel-qa', 'mkowalski-ext']);
    expect(data.repositories.map((r) => r.fullName)).toEqual(['acme/api', 'acme/legacy', 'acme/mobile', 'acme/old-site', 'acme/web', 'acme/zod']);
    const repo = (name: string) => data.repositories.find((r) => r.name === name)!;
    expect(repo('web')).toEqual({
      name: 'web',
      fullName: 'acme/web',
      archived: false,
      fork: false,
      visibility: 'private',
      defaultBranch: 'main',
      classicProtection: {
        requiredPullRequestReviews: { requiredApprovingReviewCount: 1, dismissStaleReviews: false, requireCodeOwnerReviews: false },
        enforceAdmins: true,
        allowForcePushes: false,
        allowDeletions: false,
      },
      rules: [],
      secretScanning: { enabled: true, pushProtection: false },
      outsideAdmins: [],
    });
    expect(repo('api').rules.map((r) => r.type)).toEqual(['pull_request', 'non_fast_forward', 'deletion', 'required_status_checks']);
    expect(repo('legacy')).toMatchObject({ defaultBranch: 'master', classicProtection: null, rules: [], secretScanning: { enabled: false, pushProtection: false } });
    expect(repo('mobile').outsideAdmins).toEqual(['mkowalski-ext']);
    expect(repo('old-site')).toMatchObject({ archived: true, visibility: 'public', classicProtection: null, outsideAdmins: ['mkowalski-ext'] });
    expect(repo('zod')).toMatchObject({ fork: true, visibility: 'public' });

    const twoFactor = evaluate(snapshot, 'github-org-2fa-required');
    expect(twoFactor.status).toBe('fail');
    expect(twoFactor.byResource).toEqual({ acme: 'pass', bob: 'fail' });

    const branches = evaluate(snapshot, 'github-default-branch-protected');
    expect(branches.status).toBe('fail');
    expect(branches.byResource).toEqual({
      'acme/api': 'pass',
      'acme/legacy': 'fail',
      'acme/mobile': 'pass',
      'acme/old-site': 'skipped',
      'acme/web': 'pass',
      'acme/zod': 'skipped',
    });

    const secrets = evaluate(snapshot, 'github-secret-scanning-enabled');
    expect(secrets.status).toBe('fail');
    expect(secrets.byResource).toEqual({
      'acme/api': 'pass',
      'acme/legacy': 'fail',
      'acme/mobile': 'pass',
      'acme/old-site': 'skipped',
      'acme/web': 'fail',
      'acme/zod': 'pass',
    });

    const outside = evaluate(snapshot, 'github-outside-collaborators-no-admin');
    expect(outside.status).toBe('fail');
    expect(outside.outcomes.filter((o) => o.status === 'fail').map((o) => o.resource)).toEqual(['acme/mobile', 'acme/old-site']);
    expect(evaluate(snapshot, 'github-outside-collaborators-no-admin', { allowed: ['mkowalski-ext'] }).status).toBe('pass');

    // 4 organization lists, 2 reads per non-archived repository (5), 1 collaborator read per repository (6).
    expect(apiCalls).toBe(4 + 2 * 5 + 6);
    expect(server.requests).toHaveLength(apiCalls);
    expect(countOf(operations())).toEqual({
      'GET /orgs/{org}': 1,
      'GET /orgs/{org}/members': 1,
      'GET /orgs/{org}/repos': 1,
      'GET /orgs/{org}/outside_collaborators': 1,
      'GET /repos/{owner}/{repo}/branches/{branch}/protection': 5,
      'GET /repos/{owner}/{repo}/rules/branches/{branch}': 5,
      'GET /repos/{owner}/{repo}/collaborators': 6,
    });
    expect(server.requests.find((r) => r.operation === 'GET /orgs/{org}/members')?.query).toEqual({ filter: '2fa_disabled', per_page: '100' });
    expect(server.requests.filter((r) => r.operation === 'GET /repos/{owner}/{repo}/collaborators').every((r) => r.query.affiliation === 'outside' && r.query.permission === 'admin')).toBe(true);
    // The archived repository's protection is not read: its control skips it.
    expect(server.requests.some((r) => r.path.startsWith('/repos/acme/old-site/branches'))).toBe(false);
    expect(logs.warn).toEqual([]);
  });

  it('asks again with ETags: what has not changed costs 304s that do not count against the rate limit', async () => {
    seedAcme();
    const collectAgain = collector();
    const first = await collectAgain(context());
    const used = server.rateLimit().used;
    const second = await collectAgain(context());
    expect(second.apiCalls).toBe(first.apiCalls);
    const again = server.requests.slice(first.apiCalls);
    // GitHub sends no ETag with a 404, so the three "Branch not protected" answers are asked in full again.
    expect(again.filter((r) => r.status !== 304).map((r) => `${r.status} ${r.path}`).sort()).toEqual([
      '404 /repos/acme/api/branches/main/protection',
      '404 /repos/acme/legacy/branches/master/protection',
      '404 /repos/acme/zod/branches/main/protection',
    ]);
    expect(again.filter((r) => r.status === 304).every((r) => r.headers['if-none-match'] !== undefined)).toBe(true);
    expect(server.rateLimit().used).toBe(used + 3);
    expect(second.snapshots[0]!.data).toEqual(first.snapshots[0]!.data);
    expect(logs.info.at(-1)).toBe(`github-org: read 6 repositories of acme in ${first.apiCalls} API calls (${first.apiCalls - 3} answered 304 Not Modified, free against the rate limit)`);

    // A change is read: the next answer differs, so GitHub sends it in full.
    server.seedRepositorySettings('acme', 'legacy', { secretScanning: { enabled: true, pushProtection: true } });
    const third = await collectAgain(context());
    const legacy = GithubOrgData.parse(third.snapshots[0]!.data).repositories.find((r) => r.name === 'legacy');
    expect(legacy?.secretScanning).toEqual({ enabled: true, pushProtection: true });
  });

  it('reads archived repositories\' protection only when the branch control tests them, and no part of a disabled control', async () => {
    seedAcme();
    const { snapshot, apiCalls } = await collect(
      `  github-default-branch-protected: { includeArchived: true }\n  github-outside-collaborators-no-admin: { enabled: false }\n`,
    );
    expect(snapshot.collector.parameters).toMatchObject({ archivedProtectionRead: true });
    expect(snapshot.parts.branchProtection).toEqual({ complete: true, count: 6, pages: 12 });
    expect(snapshot.parts.collaborators).toBeUndefined();
    expect(apiCalls).toBe(3 + 2 * 6);
    expect(evaluate(snapshot, 'github-default-branch-protected', { includeArchived: true }).byResource['acme/old-site']).toBe('fail');
    expect(evaluate(snapshot, 'github-outside-collaborators-no-admin').reason).toContain('collaborators were not collected');
  });

  it('asks no repository for its collaborators when the organization has no outside collaborator', async () => {
    server.seedOrganization('acme', { members: ['alice'] });
    server.seedRepositorySettings('acme', 'api', { collaborators: [{ login: 'alice', role: 'admin' }] });
    const { snapshot, apiCalls } = await collect();
    expect(snapshot.parts.collaborators).toEqual({ complete: true, count: 0, pages: 1 });
    expect(apiCalls).toBe(4 + 2);
    expect(evaluate(snapshot, 'github-outside-collaborators-no-admin').status).toBe('pass');
  });
});

describe('collectGithubOrg: what it cannot read', () => {
  it('a 403 on the 2FA filter leaves members2fa incomplete with the reason; the 2FA control still decides on the requirement', async () => {
    seedAcme();
    server.seedOrganization('acme', { twoFactorFilterRefused: 403 });
    const { snapshot } = await collect();
    expect(snapshot.parts.members2fa).toEqual({
      complete: false,
      count: 0,
      pages: 0,
      error:
        '403 Only owners can use this filter. on GET /orgs/acme/members?filter=2fa_disabled&per_page=100 ' +
        "(only organization owners may list members without 2FA: use an owner's token with read:org)",
    });
    expect((snapshot.data as GithubOrgData).membersWithout2fa).toBeNull();
    expect(logs.warn).toEqual([expect.stringContaining('members2fa read only in part: 403 Only owners can use this filter.')]);
    for (const part of ['org', 'repositories', 'secretScanning', 'branchProtection', 'collaborators']) expect(snapshot.parts[part]?.complete, part).toBe(true);

    // As github-org-2fa-required documents: it needs only `org`. Required 2FA passes, saying the list was not readable ...
    const required = evaluate(snapshot, 'github-org-2fa-required');
    expect(required.status).toBe('pass');
    expect(required.outcomes).toHaveLength(1);
    expect(required.outcomes[0]!.message).toContain('the list of members without 2FA could not be read');
    expect(required.completeness.parts).toEqual({ org: { complete: true, count: 1, pages: 1 } });

    // ... and a requirement that is off fails whatever the list says.
    server.seedOrganization('acme', { twoFactorRequirementEnabled: false });
    const { snapshot: off } = await collect();
    expect(evaluate(off, 'github-org-2fa-required').byResource).toEqual({ acme: 'fail' });
  });

  it('a token that is not an owner sees no 2FA requirement: the 2FA control is error, never pass', async () => {
    seedAcme();
    server.seedOrganization('acme', { twoFactorRequirementEnabled: null, twoFactorFilterRefused: 422 });
    const { snapshot } = await collect();
    expect((snapshot.data as GithubOrgData).org.twoFactorRequirementEnabled).toBeNull();
    expect(snapshot.parts.members2fa?.error).toMatch(/^422 Only owners can use this filter\./);
    expect(evaluate(snapshot, 'github-org-2fa-required').status).toBe('error');
  });

  it('a 5xx on one repository\'s protection after retries makes branchProtection incomplete and the branch control error', async () => {
    seedAcme();
    // The first attempt and octokit's three retries.
    server.failNext({ path: /^\/repos\/acme\/web\/branches\/main\/protection$/, status: 502, times: 4 });
    const { snapshot, apiCalls } = await collect();
    expect(server.pendingFaults()).toBe(0);
    expect(snapshot.parts.branchProtection).toEqual({
      complete: false,
      count: 4,
      pages: 10,
      error: 'acme/web: 502 Server Error on GET /repos/acme/web/branches/main/protection after 3 retries',
    });
    // The failure is not turned into "not protected".
    expect((snapshot.data as GithubOrgData).repositories.find((r) => r.name === 'web')?.classicProtection).toBeNull();
    const branches = evaluate(snapshot, 'github-default-branch-protected');
    expect(branches.status).toBe('error');
    expect(branches.reason).toContain('branchProtection read only in part (4 read; acme/web: 502 Server Error');
    // The other parts, and the controls that read them, are unaffected.
    expect(evaluate(snapshot, 'github-secret-scanning-enabled').status).toBe('fail');
    expect(evaluate(snapshot, 'github-outside-collaborators-no-admin').status).toBe('fail');
    expect(apiCalls).toBe(4 + 2 * 5 + 6 + 3);
  });

  it('a repository the token does not administer: its secret scanning is not visible (error) and its protection a 403 (error)', async () => {
    seedAcme();
    server.seedRepositorySettings('acme', 'web', { viewerRole: 'write' });
    const { snapshot } = await collect();
    expect((snapshot.data as GithubOrgData).repositories.find((r) => r.name === 'web')?.secretScanning).toEqual({ enabled: null, pushProtection: null });
    expect(snapshot.parts.branchProtection).toMatchObject({
      complete: false,
      error: 'acme/web: 403 Must have admin rights to Repository. on GET /repos/acme/web/branches/main/protection',
    });
    const secrets = evaluate(snapshot, 'github-secret-scanning-enabled');
    expect(secrets.byResource['acme/web']).toBe('error');
    expect(secrets.outcomes.find((o) => o.resource === 'acme/web')?.message).toContain('GitHub did not show its secret_scanning and secret_scanning_push_protection setting');
    expect(secrets.status).toBe('fail'); // legacy still fails; the unseen one is reported beside it
    expect(evaluate(snapshot, 'github-default-branch-protected').status).toBe('error');
  });

  it('a collaborator list the token may not read makes collaborators incomplete and that control error', async () => {
    seedAcme();
    server.seedRepositorySettings('acme', 'legacy', { viewerRole: 'read' });
    const { snapshot } = await collect();
    expect(snapshot.parts.collaborators).toMatchObject({
      complete: false,
      count: 2,
      error: 'acme/legacy: 403 Must have push access to view repository collaborators. on GET /repos/acme/legacy/collaborators?affiliation=outside&permission=admin&per_page=100',
    });
    expect(evaluate(snapshot, 'github-outside-collaborators-no-admin').status).toBe('error');
  });

  it('a GitHub App installation without the Members permission cannot list members or outside collaborators: both parts incomplete', async () => {
    seedAcme();
    server.seedInstallation({ id: 77, account: 'acme', permissions: { administration: 'read', metadata: 'read' } });
    const limited = await collector()(context('', { GITHUB_TOKEN: await installationToken(77) }));
    const snapshot = limited.snapshots[0]!;
    expect(snapshot.parts.members2fa?.error).toBe(
      '403 Resource not accessible by integration on GET /orgs/acme/members?filter=2fa_disabled&per_page=100 (the GitHub App needs the organization permission Members: read)',
    );
    expect(snapshot.parts.collaborators).toEqual({
      complete: false,
      count: 0,
      pages: 0,
      error:
        'outside collaborators not all listed: 403 Resource not accessible by integration on GET /orgs/acme/outside_collaborators?per_page=100 ' +
        '(the GitHub App needs the organization permission Members: read)',
    });
    expect(evaluate(snapshot, 'github-outside-collaborators-no-admin').status).toBe('error');
    // No repository was asked for collaborators: the part is incomplete whatever they would say.
    expect(server.requests.some((r) => r.operation === 'GET /repos/{owner}/{repo}/collaborators')).toBe(false);

    server.seedInstallation({ id: 78, account: 'acme', permissions: { administration: 'read', members: 'read', metadata: 'read' } });
    const full = await collector()(context('', { GITHUB_TOKEN: await installationToken(78) }));
    expect(Object.values(full.snapshots[0]!.parts).every((part) => part.complete)).toBe(true);
    expect(full.snapshots[0]!.data).toEqual((await collect()).snapshot.data);
  });

  it('throws what to fix when the token is missing, refused, or cannot see the organization', async () => {
    seedAcme();
    const collect = collector();
    await expect(collect(context('', {}))).rejects.toThrow(ConfigurationError);
    await expect(collect(context('', {}))).rejects.toThrow(/^GITHUB_TOKEN is not set/);
    await expect(collect(context('', { GITHUB_TOKEN: 'wrong' }))).rejects.toThrow(/GitHub refused the token \(401 Bad credentials on GET \/orgs\/acme\)/);
    const parsed = parseConfig(`version: 1\norganization: X\nsources:\n  github: { org: nobody, apiUrl: "${server.url}" }\n`);
    if (!parsed.ok) throw new Error('bad config');
    await expect(collect({ ...context(), config: parsed.config })).rejects.toThrow(/GitHub does not show organization nobody to this token \(404 Not Found on GET \/orgs\/nobody\)/);
  });
});

describe('collectGithubOrg: pagination', () => {
  it('reads 250 repositories in 3 pages and 120 members without 2FA in 2, following GitHub\'s Links', async () => {
    const members = Array.from({ length: 150 }, (_, i) => `member-${String(i).padStart(3, '0')}`);
    server.seedOrganization('acme', { members, withoutTwoFactor: members.slice(0, 120) });
    for (let i = 0; i < 250; i++) {
      const name = `service-${String(i).padStart(3, '0')}`;
      server.seedRepositorySettings('acme', name, {
        secretScanning: { enabled: true, pushProtection: i % 50 !== 7 },
        ...(i % 10 === 3 ? { archived: true } : { rules: { main: orgRuleset(1) } }),
      });
    }
    const { snapshot, apiCalls } = await collect();
    const data = GithubOrgData.parse(snapshot.data);
    expect(data.repositories).toHaveLength(250);
    expect(new Set(data.repositories.map((r) => r.fullName)).size).toBe(250);
    expect(data.membersWithout2fa).toHaveLength(120);
    expect(snapshot.parts).toMatchObject({
      members2fa: { complete: true, count: 120, pages: 2 },
      repositories: { complete: true, count: 250, pages: 3 },
      branchProtection: { complete: true, count: 225, pages: 450 },
      collaborators: { complete: true, count: 0, pages: 1 },
    });
    // Later pages are the Links GitHub sends, under /organizations/{id}.
    const repoPages = server.requests.filter((r) => r.operation === 'GET /orgs/{org}/repos');
    expect(repoPages.map((r) => r.path)).toEqual(['/orgs/acme/repos', expect.stringMatching(/^\/organizations\/\d+\/repos$/), expect.stringMatching(/^\/organizations\/\d+\/repos$/)]);
    expect(repoPages.map((r) => r.query.page)).toEqual([undefined, '2', '3']);

    // 1 organization + 2 member pages + 3 repository pages + 1 outside-collaborator page + 2 × 225 non-archived.
    expect(apiCalls).toBe(1 + 2 + 3 + 1 + 2 * 225);
    expect(server.requests).toHaveLength(apiCalls);

    expect(evaluate(snapshot, 'github-default-branch-protected').counts).toEqual({ pass: 225, fail: 0, error: 0, skipped: 25 });
    // service-007, -057, -107, -157, -207 have no push protection (none of them archived).
    expect(evaluate(snapshot, 'github-secret-scanning-enabled').counts).toEqual({ pass: 220, fail: 5, error: 0, skipped: 25 });
  });
});
