/**
 * Issue #8, case 6: pagination that fails part-way. A page that answers 5xx after the retries, or
 * a malformed page, ends the listing as an error naming the page; a listing that stops early
 * without any error (a `Link: rel="next"` or a `NextToken` that went missing) is reconciled with the
 * total the source gives, and is an error, never a pass over the part that was read.
 *
 * The totals Evident reconciles with:
 * - Okta users: the built-in Everyone group's `_embedded.stats.usersCount` (`expand=stats`), and,
 *   where Okta gives none, the admin and exempt-group listings (every user they name must be listed);
 * - Okta exempt groups: each group's `usersCount`;
 * - AWS Config resources: `SELECT resourceType, COUNT(*) … GROUP BY resourceType`, per region or aggregator;
 * - AWS Config rule details: each NON_COMPLIANT rule's `ComplianceContributorCount`;
 * - GitHub repositories: the organization's `public_repos` and `total_private_repos`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterEach, describe, expect, it } from 'vitest';
import { createAwsCollector } from '../../engine/collectors/aws/index.ts';
import type { CollectContext } from '../../engine/collectors/collector.ts';
import { createGithubOrgCollector } from '../../engine/collectors/github-org.ts';
import { createOktaCollector } from '../../engine/collectors/okta/index.ts';
import { ComplianceConfig } from '../../engine/config/schema.ts';
import { FilesystemStore } from '../../engine/evidence/filesystem-store.ts';
import type { Result, Snapshot } from '../../engine/model.ts';
import { OktaData } from '../../engine/snapshots/okta.ts';
import { awsTestCredentials, startAwsConfigServer, type AwsConfigTestServer } from '../support/aws-config-server.ts';
import { generateWorld, type WorldOptions } from '../support/aws-config-world.ts';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.ts';
import { oktaContext, type CapturedLog } from '../support/okta-context.ts';
import { startOktaServer, type OktaServerOptions, type OktaTestServer } from '../support/okta-server.ts';
import { oktaUserId, smallOktaOrg, type SmallOrgUser } from '../support/okta-small-org.ts';
import { tamperingFetch, type Tamper } from '../support/tampering-fetch.ts';
import { evaluateById, onlySnapshot } from '../support/source-evaluation.ts';

const AWS_ACCOUNT = '111111111111';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const only = onlySnapshot;
const evaluate = evaluateById;

describe('[case 6] Okta listings that fail or stop part-way', () => {
  /**
   * 30 users read 10 a page. The user listed last (by id) is an administrator without MFA: a listing
   * that stops before the last page, taken as whole, passes both MFA controls.
   */
  function users(): SmallOrgUser[] {
    const names = Array.from({ length: 30 }, (_, i) => `user${String(i).padStart(2, '0')}`);
    const last = [...names].sort((a, b) => (oktaUserId(a) < oktaUserId(b) ? -1 : 1)).at(-1) as string;
    return names.map((name) => (name === last ? { name, lastLoginDaysAgo: 1, mfa: false, admin: 'SUPER_ADMIN' } : { name, lastLoginDaysAgo: 1 }));
  }

  async function okta(options: Omit<OktaServerOptions, 'org'> = {}, seed: SmallOrgUser[] = users()): Promise<OktaTestServer> {
    const server = await startOktaServer({ org: smallOktaOrg(new Date(), seed), ...options });
    cleanup.push(() => server.close());
    return server;
  }

  const pagedCollector = (pageSize = 10) => createOktaCollector({ pageSize, http: { maxWaitMs: 5, retryBaseMs: 1, maxRetries: 2 } });
  /** Page 2 of the users listing (not the DEPROVISIONED one): a request with a cursor and no filter. */
  const USERS_PAGE_2 = /\/api\/v1\/users\?(?!.*filter=)(?=.*after=)/;

  async function collectTampered(server: OktaTestServer, tampers: Tamper[], pageSize = 10) {
    const tampering = tamperingFetch(server.fetch, tampers);
    const snapshot = only((await pagedCollector(pageSize)({ ...oktaContext(server, new Date()), fetch: tampering.fetch })).snapshots);
    expect(tampering.applied.length, 'the tamper happened').toBeGreaterThan(0);
    return snapshot;
  }

  it('[case 6] Okta: users page 2 answering 500 after the retries leaves users incomplete, naming the page; the controls error', async () => {
    const server = await okta();
    server.failPage({ path: '/api/v1/users', page: 2 });
    const snapshot = only((await pagedCollector()(oktaContext(server, new Date()))).snapshots);
    expect(snapshot.parts.users).toMatchObject({ complete: false, count: 10, pages: 1 });
    expect(snapshot.parts.users?.error).toMatch(/^500 E0000009 .*\(users, page 2\)$/);
    for (const id of ['okta-mfa-enrolled', 'okta-admin-mfa', 'okta-inactive-users']) {
      expect(evaluate(id, snapshot).status, id).toBe('error');
      expect(evaluate(id, snapshot).reason, id).toContain('(users, page 2)');
    }
  });

  it('[case 6] Okta: a malformed users page (the JSON cut off mid-answer) is an error, not the end of the listing', async () => {
    const server = await okta();
    const snapshot = await collectTampered(server, [{ url: USERS_PAGE_2, action: 'truncate-body' }]);
    expect(snapshot.parts.users).toMatchObject({ complete: false, count: 10 });
    expect(snapshot.parts.users?.error).toMatch(/JSON.*\(users, page 2\)$/);
    expect(evaluate('okta-mfa-enrolled', snapshot).status).toBe('error');
  });

  it('[case 6] Okta: a users listing whose Link rel="next" went missing is reconciled with Okta\'s count (Everyone) and is error, never a pass over the 20 users read', async () => {
    const server = await okta();
    const snapshot = await collectTampered(server, [{ url: USERS_PAGE_2, action: 'drop-next-link' }]);
    // The two pages it did read were all it listed…
    expect(OktaData.parse(snapshot.data).users).toHaveLength(20);
    // …and Okta counts 30.
    expect(snapshot.parts.users).toMatchObject({ complete: false, count: 20 });
    expect(snapshot.parts.users?.error).toBe(
      "the user listing ended after 20 of the 30 users Okta counts (the Everyone group's usersCount): it did not reach its last page",
    );
    for (const id of ['okta-mfa-enrolled', 'okta-admin-mfa']) {
      const result = evaluate(id, snapshot);
      expect(result.status, id).toBe('error');
      expect(result.reason, id).toContain('ended after 20 of the 30 users Okta counts');
    }
    expect(server.calls({ path: /\/factors$/ })).toBe(0);
  });

  it('[case 6] Okta: without a count from Okta, the admin listing still catches a users listing that stopped before an administrator', async () => {
    const server = await okta({ groupStats: false });
    const snapshot = await collectTampered(server, [{ url: USERS_PAGE_2, action: 'drop-next-link' }]);
    expect(snapshot.parts.users).toMatchObject({ complete: false, count: 20 });
    const admin = server.org.adminIds();
    expect(snapshot.parts.users?.error).toBe(
      `the user listing ended without 1 user that the admin or exempt-group listings name (${admin[0]}): it did not reach its last page`,
    );
    expect(evaluate('okta-admin-mfa', snapshot).status).toBe('error');
  });

  it('[case 6] Okta: an exempt group\'s members cut short (Link rel="next" missing) are reconciled with its usersCount: groups incomplete, the inactivity control error', async () => {
    const seed: SmallOrgUser[] = [
      { name: 'glass1', lastLoginDaysAgo: 300, groups: ['break-glass'] },
      { name: 'glass2', lastLoginDaysAgo: 300, groups: ['break-glass'] },
      { name: 'glass3', lastLoginDaysAgo: 300, groups: ['break-glass'] },
      { name: 'ana', lastLoginDaysAgo: 3 },
    ];
    const server = await okta({}, seed);
    const snapshot = await collectTampered(server, [{ url: /\/api\/v1\/groups\/[^/]+\/users/, action: 'drop-next-link' }], 1);
    const group = server.org.groupByName('break-glass')!;
    expect(snapshot.parts.groups).toMatchObject({ complete: false });
    expect(snapshot.parts.groups?.error).toBe(
      `members of break-glass (${group.id}): the listing ended after 1 of the 3 members Okta counts (_embedded.stats.usersCount), on page 1`,
    );
    const inactive = evaluate('okta-inactive-users', snapshot, { exemptGroups: ['break-glass'] });
    expect(inactive.status).toBe('error');
    expect(inactive.reason).toContain('members of break-glass');
  });

  it('[case 6] Okta: the System Log failing on page 2 is never applied in part: the hourly run reads the org in full instead', async () => {
    const root = await mkdtemp(join(tmpdir(), 'evident-pages-'));
    cleanup.push(() => rm(root, { recursive: true, force: true }));
    const store = new FilesystemStore(root);
    const server = await okta({}, [{ name: 'ana', lastLoginDaysAgo: 1 }, { name: 'ben', lastLoginDaysAgo: 1 }]);
    const start = new Date();
    await pagedCollector()(oktaContext(server, start, { store }));
    // 1,200 sign-ins since: two pages of the System Log (1,000 a page); the second fails.
    for (let i = 0; i < 1_200; i += 1) server.org.signIn(oktaUserId(i % 2 === 0 ? 'ana' : 'ben'), new Date(start.getTime() + 60_000 + i * 1000).toISOString());
    server.org.resetFactors(oktaUserId('ben'), new Date(start.getTime() + 1_300_000).toISOString());
    server.failPage({ path: '/api/v1/logs', page: 2 });
    const log: CapturedLog = { info: [], warn: [] };
    const snapshot = only((await pagedCollector()(oktaContext(server, new Date(start.getTime() + 3_600_000), { store, log }))).snapshots);
    expect(log.warn.join('\n')).toMatch(/System Log could not be read to the end \(500 E0000009 .*System Log, page 2\)/);
    expect(snapshot.collector.parameters.mode).toBe('full');
    expect(Object.values(snapshot.parts).every((part) => part.complete)).toBe(true);
    // The change on the page that failed is in the snapshot, read from the org itself.
    expect(OktaData.parse(snapshot.data).users.find((u) => u.id === oktaUserId('ben'))?.factors).toEqual([]);
    expect(evaluate('okta-mfa-enrolled', snapshot).status).toBe('fail');
  });
});

describe('[case 6] AWS Config listings that fail or stop part-way', () => {
  let aws: AwsConfigTestServer;

  async function start(world: WorldOptions, aggregator = false, pageCaps: Record<string, number> = {}): Promise<void> {
    aws = await startAwsConfigServer(generateWorld({ accounts: [AWS_ACCOUNT], regions: ['us-east-1'], ...(aggregator ? { aggregator: { name: 'org', region: 'us-east-1' } } : {}), ...world }), { pageCaps });
    cleanup.push(() => aws.close());
  }

  async function collect(aws_: Record<string, unknown> = { regions: ['us-east-1'] }) {
    const collector = createAwsCollector({
      maxAttempts: 2,
      client: { endpoint: aws.endpoint, credentials: awsTestCredentials(AWS_ACCOUNT), retryStrategy: new ConfiguredRetryStrategy(2, 5) },
    });
    const context: CollectContext = {
      config: ComplianceConfig.parse({ version: 1, organization: 'acme', sources: { aws: aws_ } }),
      env: {},
      now: new Date(),
      log: { info: () => {}, warn: () => {} },
    };
    return only((await collector(context)).snapshots);
  }

  it('[case 6] AWS: page 2 of 3 of the security groups answering 500 after the retries: incomplete, naming the call; the control error', async () => {
    await start({ securityGroupsPerRegion: 250, bucketsPerRegion: 5 });
    aws.inject({ error: 'InternalFailure', operation: 'SelectResourceConfig', page: 1 });
    const snapshot = await collect();
    expect(snapshot.parts.securityGroups).toMatchObject({ complete: false, count: 100, pages: 1 });
    expect(snapshot.parts.securityGroups?.error).toMatch(/^InternalFailure in us-east-1 \(SelectResourceConfig, 2 attempts\)/);
    expect(evaluate('aws-sg-no-open-ingress', snapshot).status).toBe('error');
  });

  it('[case 6] AWS: a malformed page (the JSON cut off mid-answer) is an error, not the end of the listing', async () => {
    await start({ securityGroupsPerRegion: 250, bucketsPerRegion: 5 });
    aws.inject({ error: 'MalformedPage', operation: 'SelectResourceConfig', page: 1 });
    const snapshot = await collect();
    expect(aws.requests.some((r) => r.error === 'MalformedPage')).toBe(true);
    expect(snapshot.parts.securityGroups).toMatchObject({ complete: false, count: 100 });
    expect(snapshot.parts.securityGroups?.error).toMatch(/in us-east-1 \(SelectResourceConfig/);
    expect(evaluate('aws-sg-no-open-ingress', snapshot).status).toBe('error');
  });

  it('[case 6] AWS: a security group listing whose NextToken went missing is reconciled with AWS Config\'s COUNT(*): error, never a pass over the 200 read', async () => {
    await start({ securityGroupsPerRegion: 250, bucketsPerRegion: 5 });
    aws.inject({ error: 'NextTokenDropped', operation: 'SelectResourceConfig', page: 1 });
    const snapshot = await collect();
    expect(aws.requests.filter((r) => r.error === 'NextTokenDropped')).toHaveLength(1);
    expect(snapshot.parts.securityGroups).toMatchObject({ complete: false, count: 200, pages: 2 });
    expect(snapshot.parts.securityGroups?.error).toBe(
      'the AWS::EC2::SecurityGroup listing in us-east-1 ended after 200 of the 250 items AWS Config counts (SELECT COUNT(*)): it did not reach its last page',
    );
    const result = evaluate('aws-sg-no-open-ingress', snapshot);
    expect(result.status).toBe('error');
    expect(result.reason).toContain('ended after 200 of the 250 items');
    // The listings that were whole stay whole.
    expect(snapshot.parts.buckets?.complete).toBe(true);
  });

  it('[case 6] AWS through an aggregator: a listing cut short is reconciled with the aggregator\'s COUNT(*) as well', async () => {
    await start({ securityGroupsPerRegion: 250, bucketsPerRegion: 5 }, true);
    // Only the security groups have a third page (250 at 100 a page): the second page loses its token.
    aws.inject({ error: 'NextTokenDropped', operation: 'SelectAggregateResourceConfig', page: 1, times: 1 });
    const snapshot = await collect({ regions: ['us-east-1'], aggregator: { name: 'org', region: 'us-east-1' } });
    expect(snapshot.parts.securityGroups).toMatchObject({ complete: false, count: 200 });
    expect(snapshot.parts.securityGroups?.error).toBe(
      'the AWS::EC2::SecurityGroup listing in aggregator org ended after 200 of the 250 items AWS Config counts (SELECT COUNT(*)): it did not reach its last page',
    );
    expect(evaluate('aws-sg-no-open-ingress', snapshot).status).toBe('error');
  });

  it('[case 6] AWS: a rule\'s non-compliant resources cut short (NextToken missing) are reconciled with its ComplianceContributorCount', async () => {
    // 30 non-compliant resources per rule, 10 a page (AWS may answer fewer than the Limit asked).
    await start({ rulesPerRegion: 6, nonCompliantPerRule: 30 }, false, { GetComplianceDetailsByConfigRule: 10 });
    const rules = aws.world.truth.configRules.filter((r) => r.compliance === 'NON_COMPLIANT');
    expect(rules.length).toBeGreaterThan(0);
    aws.inject({ error: 'NextTokenDropped', operation: 'GetComplianceDetailsByConfigRule', page: 1, times: 1 });
    const snapshot = await collect();
    expect(snapshot.parts.configRules?.complete).toBe(false);
    expect(snapshot.parts.configRules?.error).toMatch(
      /^us-east-1, rule \S+: the listing of non-compliant resources ended after 20 of the 30 AWS Config counts \(ComplianceContributorCount\): it did not reach its last page$/,
    );
    const result = evaluate('aws-config-rules-compliant', snapshot);
    expect(result.status).toBe('error');
    expect(result.reason).toContain('ended after 20 of the 30');
  });
});

describe('[case 6] GitHub organization listings that fail or stop part-way', () => {
  let github: GitHubTestServer;
  const TOKEN = 'ghs_pagination';

  /** 150 repositories, 100 a page: all protected but the one listed last. */
  async function start(): Promise<void> {
    github = await startGitHubServer({ token: TOKEN });
    cleanup.push(async () => {
      github.assertHealthy();
      await github.close();
    });
    github.seedOrganization('acme', { twoFactorRequirementEnabled: true, members: ['alice'] });
    for (let i = 0; i < 150; i += 1) {
      const protectedBranch = i < 149 ? { branchProtection: { main: { required_pull_request_reviews: { required_approving_review_count: 1 } } } } : {};
      github.seedRepositorySettings('acme', `service-${String(i).padStart(3, '0')}`, { secretScanning: { enabled: true, pushProtection: true }, ...protectedBranch });
    }
  }

  async function collect(fetchOverride?: typeof fetch) {
    const context: CollectContext = {
      config: ComplianceConfig.parse({ version: 1, organization: 'acme', sources: { github: { org: 'acme', apiUrl: github.url } } }),
      env: { GITHUB_TOKEN: TOKEN },
      now: new Date(),
      ...(fetchOverride === undefined ? {} : { fetch: fetchOverride }),
      log: { info: () => {}, warn: () => {} },
    };
    return only((await createGithubOrgCollector({ retryBaseMs: 1 })(context)).snapshots);
  }

  it('[case 6] GitHub: repository page 2 answering 502 after the retries: repositories incomplete, the repository controls error', async () => {
    await start();
    github.failNext({ path: /^\/organizations\/\d+\/repos$/, status: 502, times: 4 });
    const snapshot = await collect();
    expect(snapshot.parts.repositories).toMatchObject({ complete: false, count: 100, pages: 1 });
    expect(snapshot.parts.repositories?.error).toMatch(/^502 Server Error on GET \/organizations\/\d+\/repos\?.*page=2.* after 3 retries$/);
    for (const id of ['github-default-branch-protected', 'github-secret-scanning-enabled', 'github-outside-collaborators-no-admin']) {
      expect(evaluate(id, snapshot).status, id).toBe('error');
    }
  });

  it('[case 6] GitHub: a malformed repository page (the JSON cut off) is an error, not the end of the listing', async () => {
    await start();
    const tampering = tamperingFetch(globalThis.fetch, [{ url: /\/organizations\/\d+\/repos\?/, action: 'truncate-body' }]);
    const snapshot = await collect(tampering.fetch);
    expect(tampering.applied).toHaveLength(1);
    expect(snapshot.parts.repositories).toMatchObject({ complete: false, count: 100 });
    expect(evaluate('github-default-branch-protected', snapshot).status).toBe('error');
  });

  it('[case 6] GitHub: a repository listing whose Link rel="next" went missing is reconciled with the organization\'s counts: error, never a pass over the 100 read', async () => {
    await start();
    const tampering = tamperingFetch(globalThis.fetch, [{ url: /\/orgs\/acme\/repos\?/, action: 'drop-next-link' }]);
    const snapshot = await collect(tampering.fetch);
    expect(tampering.applied).toHaveLength(1);
    expect(snapshot.parts.repositories).toMatchObject({ complete: false, count: 100, pages: 1 });
    expect(snapshot.parts.repositories?.error).toBe(
      'the repository listing ended with 100 private of the 150 GitHub counts (total_private_repos): it stopped before its last page, or the token cannot see every repository (a GitHub App must be installed on all repositories)',
    );
    // The unprotected repository was on the page never read: the control errs instead of passing.
    const branches = evaluate('github-default-branch-protected', snapshot);
    expect(branches.status).toBe('error');
    expect(branches.counts.fail).toBe(0);
    expect(branches.reason).toContain('ended with 100 private of the 150');
  });
});
