/**
 * Issue #8, case 5: rate limits and refusals of the sources, through the real SDK clients against
 * the loopback servers. An Okta 429 is waited out until `X-Rate-Limit-Reset` (by Okta's clock) and
 * the read goes on; a limit that outlasts the retries leaves the part incomplete and every control
 * reading it `error` with the reason, never `pass`. An AWS ThrottlingException is retried by the
 * SDK, then reported the same way; AccessDenied on one region or one resource is `error` there,
 * names the gap, and the rest is still read and evaluated. GitHub's rate limits likewise.
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
import { pointerKey } from '../../engine/collectors/okta/okta-state.ts';
import { ComplianceConfig } from '../../engine/config/schema.ts';
import { FilesystemStore } from '../../engine/evidence/filesystem-store.ts';
import type { Result, Snapshot } from '../../engine/model.ts';
import { AwsData } from '../../engine/snapshots/aws.ts';
import { awsTestCredentials, startAwsConfigServer, type AwsConfigTestServer } from '../support/aws-config-server.ts';
import { generateWorld } from '../support/aws-config-world.ts';
import { startGitHubServer } from '../support/github-server.ts';
import { oktaContext } from '../support/okta-context.ts';
import { startOktaServer, type OktaTestServer } from '../support/okta-server.ts';
import { smallOktaOrg, type SmallOrgUser } from '../support/okta-small-org.ts';
import { evaluateById, onlySnapshot } from '../support/source-evaluation.ts';

const DAY = 86_400_000;
const OKTA_CONTROLS = ['okta-mfa-enrolled', 'okta-admin-mfa', 'okta-inactive-users'];
const AWS_ACCOUNT = '111111111111';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const only = onlySnapshot;
const evaluate = (id: string, snapshot: Snapshot): Result => evaluateById(id, snapshot);

const USERS: SmallOrgUser[] = [
  { name: 'ana', lastLoginDaysAgo: 2, admin: 'SUPER_ADMIN' },
  { name: 'ben', lastLoginDaysAgo: 5 },
  { name: 'cem', lastLoginDaysAgo: 12 },
  { name: 'dan', lastLoginDaysAgo: 20, groups: ['break-glass'] },
];

async function okta(options: { clockSkewMs?: number } = {}): Promise<OktaTestServer> {
  const skew = options.clockSkewMs ?? 0;
  const server = await startOktaServer({ org: smallOktaOrg(new Date(Date.now() + skew), USERS), clockSkewMs: skew });
  cleanup.push(() => server.close());
  return server;
}

describe('[case 5] Okta rate limits', () => {
  it('[case 5] Okta 429: waits until x-rate-limit-reset, by Okta\'s clock (2 days ahead of the runner\'s), then reads on to a complete snapshot', async () => {
    const server = await okta({ clockSkewMs: 2 * DAY });
    server.storm({ requests: 1, resetSeconds: 1, path: /^\/api\/v1\/users$/ });
    // Waits long enough for the reset, and the storm is one answer: the run ends by itself.
    const patient = createOktaCollector({ http: { maxWaitMs: 10_000, retryBaseMs: 1 } });
    const snapshot = only((await patient(oktaContext(server, new Date()))).snapshots);

    const [limited, retried] = server.requests.filter((r) => r.path === '/api/v1/users');
    expect(limited).toMatchObject({ status: 429 });
    expect(retried).toMatchObject({ status: 200 });
    // The retry came once Okta's clock had reached the reset it announced: not before (hammering),
    // and not after the 2 days a comparison with the runner's clock would have waited.
    expect(retried!.at + 2 * DAY).toBeGreaterThanOrEqual(limited!.rateLimitReset! * 1000);
    expect(server.limits.rateLimited).toBe(1);
    expect(Object.values(snapshot.parts).every((part) => part.complete)).toBe(true);
    for (const id of OKTA_CONTROLS) expect(['pass', 'fail'], id).toContain(evaluate(id, snapshot).status);
  });

  it('[case 5] Okta 429 that outlasts the retries: users incomplete with the 429, every Okta control error with that reason, never pass, and no state kept', async () => {
    const server = await okta();
    server.storm({ requests: 1_000, resetSeconds: 30, path: /^\/api\/v1\/users$/ });
    const root = await mkdtemp(join(tmpdir(), 'evident-ratelimit-'));
    cleanup.push(() => rm(root, { recursive: true, force: true }));
    const store = new FilesystemStore(root);
    // Waits capped at a few ms: the 30 s reset is not slept through.
    const collect = createOktaCollector({ http: { maxWaitMs: 5, retryBaseMs: 1, maxRetries: 3 } });
    const result = await collect(oktaContext(server, new Date(), { store }));
    const snapshot = only(result.snapshots);

    // The first request and 3 retries, then it stops: bounded.
    expect(server.calls({ path: /^\/api\/v1\/users$/ })).toBe(4);
    expect(snapshot.parts.users).toMatchObject({ complete: false, count: 0 });
    expect(snapshot.parts.users?.error).toMatch(/^429 E0000047 API call exceeded rate limit .*\(users, page 1\)/);
    for (const id of OKTA_CONTROLS) {
      const outcome = evaluate(id, snapshot);
      expect(outcome.status, id).toBe('error');
      expect(outcome.counts.pass, id).toBe(0);
      expect(outcome.reason, id).toMatch(/users read only in part \(0 read; 429 E0000047/);
    }
    // An incomplete read is never kept as the base of the next hourly run.
    expect(result.written).toEqual([]);
    expect(await store.get(pointerKey('acme.okta.com'))).toBeUndefined();
  });

  it('[case 5] Okta 429 on the factor reads only: the MFA controls error, the inactivity control (users, groups) is still decided', async () => {
    const server = await okta();
    server.storm({ requests: 1_000, resetSeconds: 30, path: /\/factors$/ });
    const collect = createOktaCollector({ http: { maxWaitMs: 5, retryBaseMs: 1, maxRetries: 2 } });
    const snapshot = only((await collect(oktaContext(server, new Date()))).snapshots);
    expect(snapshot.parts.factors).toMatchObject({ complete: false });
    expect(snapshot.parts.factors?.error).toMatch(/429 E0000047/);
    for (const id of ['okta-mfa-enrolled', 'okta-admin-mfa']) {
      expect(evaluate(id, snapshot).status, id).toBe('error');
      expect(evaluate(id, snapshot).reason, id).toMatch(/factors read only in part/);
    }
    const inactive = evaluateById('okta-inactive-users', snapshot, { exemptGroups: ['break-glass'] });
    expect(inactive.status).toBe('pass');
    expect(inactive.counts).toEqual({ pass: 3, fail: 0, error: 0, skipped: 1 });
  });
});

describe('[case 5] AWS throttling and access denied', () => {
  let aws: AwsConfigTestServer;

  async function collect(regions: string[], maxAttempts = 3) {
    const collector = createAwsCollector({
      maxAttempts,
      client: { endpoint: aws.endpoint, credentials: awsTestCredentials(AWS_ACCOUNT), retryStrategy: new ConfiguredRetryStrategy(maxAttempts, 5) },
    });
    const context: CollectContext = {
      config: ComplianceConfig.parse({ version: 1, organization: 'acme', sources: { aws: { regions } } }),
      env: {},
      now: new Date(),
      log: { info: () => {}, warn: () => {} },
    };
    return only((await collector(context)).snapshots);
  }

  async function start(): Promise<void> {
    aws = await startAwsConfigServer(generateWorld({ accounts: [AWS_ACCOUNT], regions: ['us-east-1', 'eu-west-1'], rulesPerRegion: 4, securityGroupsPerRegion: 6 }));
    cleanup.push(() => aws.close());
  }

  it('[case 5] AWS ThrottlingException: the SDK retries, then the rules are error naming the region and call; the other region\'s rules are still evaluated', async () => {
    await start();
    aws.inject({ error: 'ThrottlingException', operation: 'DescribeComplianceByConfigRule', region: 'eu-west-1' });
    const snapshot = await collect(['us-east-1', 'eu-west-1']);

    // Every attempt reached the wire: the SDK retried, and stopped after maxAttempts.
    expect(aws.requests.filter((r) => r.operation === 'DescribeComplianceByConfigRule' && r.region === 'eu-west-1').map((r) => r.error)).toEqual([
      'ThrottlingException',
      'ThrottlingException',
      'ThrottlingException',
    ]);
    expect(snapshot.parts.configRules?.error).toMatch(/^ThrottlingException in eu-west-1 \(DescribeComplianceByConfigRule, 3 attempts\): Rate exceeded/);
    const result = evaluate('aws-config-rules-compliant', snapshot);
    expect(result.status).toBe('error');
    expect(result.reason).toContain('configRules read only in part');
    expect(result.reason).toContain('ThrottlingException in eu-west-1');
    // What was read is still tested, one outcome per rule: the us-east-1 rules, none from eu-west-1.
    const rules = result.outcomes.filter((o) => o.resource.startsWith('config-rule:'));
    const usEast = aws.world.truth.configRules.filter((r) => r.region === 'us-east-1');
    expect(rules.map((o) => o.resource).sort()).toEqual(usEast.map((r) => `config-rule:${AWS_ACCOUNT}/us-east-1/${r.name}`).sort());
    for (const rule of usEast) {
      expect(rules.find((o) => o.details?.rule === rule.name)?.details).toMatchObject({ compliance: rule.compliance, nonCompliantCount: rule.nonCompliantResources.length });
    }
  });

  it('[case 5] AWS AccessDenied in one region: every AWS control is error naming that region, and the other region\'s security groups are still tested one by one', async () => {
    await start();
    aws.inject({ error: 'AccessDeniedException', region: 'eu-west-1' });
    const snapshot = await collect(['us-east-1', 'eu-west-1']);

    // AccessDenied is not retried.
    expect(aws.requests.filter((r) => r.region === 'eu-west-1').every((r) => r.error === 'AccessDeniedException')).toBe(true);
    for (const id of ['aws-config-rules-compliant', 'aws-s3-public-access-blocked', 'aws-sg-no-open-ingress']) {
      const result = evaluate(id, snapshot);
      expect(result.status, id).toBe('error');
      expect(result.reason, id).toContain('AccessDeniedException in eu-west-1');
    }
    const groups = evaluate('aws-sg-no-open-ingress', snapshot);
    const usEast = aws.world.truth.securityGroups.filter((g) => g.region === 'us-east-1').map((g) => g.id);
    expect(groups.outcomes.map((o) => o.resource).sort()).toEqual([...usEast].sort());
    expect(groups.population).toBe(usEast.length);
    expect(AwsData.parse(snapshot.data).securityGroups.every((g) => g.region === 'us-east-1')).toBe(true);
  });

  it('[case 5] AWS AccessDenied on one resource (one rule\'s non-compliant resources): error naming that rule, every other rule still evaluated', async () => {
    await start();
    const nonCompliant = aws.world.truth.configRules.filter((r) => r.region === 'us-east-1' && r.compliance === 'NON_COMPLIANT');
    expect(nonCompliant.length).toBeGreaterThan(0);
    aws.inject({ error: 'AccessDeniedException', operation: 'GetComplianceDetailsByConfigRule', region: 'us-east-1', times: 1 });
    const snapshot = await collect(['us-east-1']);

    expect(snapshot.parts.configRules?.complete).toBe(false);
    expect(snapshot.parts.configRules?.error).toMatch(/^AccessDeniedException in us-east-1, rule \S+ \(GetComplianceDetailsByConfigRule\)/);
    const denied = /rule (\S+) \(GetComplianceDetailsByConfigRule\)/.exec(snapshot.parts.configRules?.error ?? '')?.[1];
    expect(nonCompliant.map((r) => r.name)).toContain(denied);
    const result = evaluate('aws-config-rules-compliant', snapshot);
    expect(result.status).toBe('error');
    expect(result.reason).toContain(`rule ${denied}`);
    // Every rule of the region is still an outcome.
    expect(result.outcomes.filter((o) => o.resource.startsWith('config-rule:')).length).toBe(aws.world.truth.configRules.filter((r) => r.region === 'us-east-1').length);
    // The other parts are whole, and their controls decide.
    expect(evaluate('aws-sg-no-open-ingress', snapshot).status).not.toBe('error');
  });
});

describe('[case 5] GitHub rate limits', () => {
  it('[case 5] GitHub: a secondary rate limit that does not lift on one repository leaves branch protection error naming it; a short one is waited out', async () => {
    const github = await startGitHubServer({ token: 'ghs_ratelimit' });
    cleanup.push(async () => {
      github.assertHealthy();
      await github.close();
    });
    github.seedOrganization('acme', { twoFactorRequirementEnabled: true, members: ['alice'] });
    for (const name of ['api', 'web']) {
      github.seedRepositorySettings('acme', name, { secretScanning: { enabled: true, pushProtection: true }, branchProtection: { main: { required_pull_request_reviews: { required_approving_review_count: 1 } } } });
    }
    // api: limited on every attempt (the first and octokit's 3 retries); web: once, then answered.
    github.rateLimitNext({ path: /^\/repos\/acme\/api\/branches\/main\/protection$/, kind: 'secondary', retryAfter: 0, times: 4 });
    github.rateLimitNext({ path: /^\/repos\/acme\/web\/branches\/main\/protection$/, kind: 'secondary', retryAfter: 0, times: 1 });
    const collect = createGithubOrgCollector({ retryBaseMs: 1 });
    const warnings: string[] = [];
    const context: CollectContext = {
      config: ComplianceConfig.parse({ version: 1, organization: 'acme', sources: { github: { org: 'acme', apiUrl: github.url } } }),
      env: { GITHUB_TOKEN: 'ghs_ratelimit' },
      now: new Date(),
      log: { info: () => {}, warn: (m) => warnings.push(m) },
    };
    const snapshot = only((await collect(context)).snapshots);

    expect(github.pendingFaults()).toBe(0);
    expect(snapshot.parts.branchProtection).toMatchObject({ complete: false, count: 1 });
    expect(snapshot.parts.branchProtection?.error).toMatch(/^acme\/api: 403 You have exceeded a secondary rate limit/);
    const result = evaluate('github-default-branch-protected', snapshot);
    expect(result.status).toBe('error');
    expect(result.reason).toContain('acme/api: 403 You have exceeded a secondary rate limit');
    // web's limit lifted: its protection was read and tested.
    expect(result.outcomes.find((o) => o.resource === 'acme/web')?.status).toBe('pass');
    expect(warnings.some((w) => /secondary rate limit/.test(w))).toBe(true);
  });
});
