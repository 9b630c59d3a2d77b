/**
 * The AWS collector with the real AWS SDK client against a loopback AWS Config
 * (test/support/aws-config-server.ts): complete reads, NextToken paging, recorder gaps, throttling,
 * AccessDenied in one region, a failing page, and aggregator mode, with API calls counted.
 *
 * Retries use the SDK's standard strategy with a fixed short backoff (ConfiguredRetryStrategy), so
 * a throttling storm runs out of attempts in milliseconds rather than seconds.
 */
import { ConfigServiceClient, SelectResourceConfigCommand } from '@aws-sdk/client-config-service';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterEach, describe, expect, it } from 'vitest';
import { createAwsCollector } from '../../engine/collectors/aws/index.ts';
import type { CollectContext } from '../../engine/collectors/collector.ts';
import { ComplianceConfig } from '../../engine/config/schema.ts';
import { findControl } from '../../engine/controls/index.ts';
import { evaluateControl } from '../../engine/evaluate-control.ts';
import type { Result, Snapshot } from '../../engine/model.ts';
import { AwsData } from '../../engine/snapshots/aws.ts';
import { awsTestCredentials, type AwsConfigServerOptions, type AwsConfigTestServer, startAwsConfigServer } from '../support/aws-config-server.ts';
import { type ConfigWorld, generateWorld, type WorldOptions, WORLD_TIME } from '../support/aws-config-world.ts';

const ACCOUNT = '111111111111';
const BACKOFF_MS = 15;
let server: AwsConfigTestServer | undefined;
let warnings: string[] = [];

afterEach(async () => {
  await server?.close();
  server = undefined;
  warnings = [];
});

async function start(options: WorldOptions = {}, serverOptions: AwsConfigServerOptions = {}): Promise<AwsConfigTestServer> {
  server = await startAwsConfigServer(generateWorld(options), serverOptions);
  return server;
}

function context(aws: Record<string, unknown>): CollectContext {
  return {
    config: ComplianceConfig.parse({ version: 1, organization: 'acme', sources: { aws } }),
    // Empty: no AWS_* variable of the machine running the tests reaches the collector.
    env: {},
    now: WORLD_TIME,
    log: { info: () => {}, warn: (message) => warnings.push(message) },
  };
}

async function collect(target: AwsConfigTestServer, aws: Record<string, unknown>, options: { account?: string; maxAttempts?: number } = {}) {
  const maxAttempts = options.maxAttempts ?? 3;
  const collector = createAwsCollector({
    maxAttempts,
    client: {
      endpoint: target.endpoint,
      credentials: awsTestCredentials(options.account ?? ACCOUNT),
      retryStrategy: new ConfiguredRetryStrategy(maxAttempts, BACKOFF_MS),
    },
  });
  const result = await collector(context(aws));
  expect(result.snapshots).toHaveLength(1);
  return { ...result, snapshot: result.snapshots[0] as Snapshot, data: AwsData.parse(result.snapshots[0]?.data) };
}

function evaluate(id: string, snapshot: Snapshot): Result {
  const control = findControl(id);
  if (control === undefined) throw new Error(`no control ${id}`);
  return evaluateControl(control, snapshot);
}

const AWS_CONTROLS = ['aws-config-rules-compliant', 'aws-s3-public-access-blocked', 'aws-sg-no-open-ingress'];

/** The calls a one-account read makes in a region: recorder (2, or 1 without one), rule pages, details, three SELECTs and the count they are reconciled with. */
function expectedRegionCalls(world: ConfigWorld, region: string, pages: { rules: number; selects: number; details: (count: number) => number }): number {
  const recorder = world.recorders.get(`${ACCOUNT}/${region}`) === null ? 1 : 2;
  const details = world.rules
    .filter((r) => r.accountId === ACCOUNT && r.region === region && r.compliance === 'NON_COMPLIANT')
    .reduce((sum, r) => sum + pages.details(r.nonCompliantResources.length), 0);
  return recorder + pages.rules + details + pages.selects;
}

describe('AWS collector, one account', () => {
  it('reads every part in full, and the data equals the organization the server holds', async () => {
    const target = await start();
    const { snapshot, data, apiCalls } = await collect(target, { regions: ['us-east-1', 'eu-west-1'] });

    expect(snapshot.scope).toBe(`aws:${ACCOUNT}`);
    expect(snapshot.collectedAt).toBe(WORLD_TIME.toISOString());
    expect(Object.values(snapshot.parts).every((part) => part.complete)).toBe(true);
    expect(data).toEqual(target.world.truth);
    expect(snapshot.parts.securityGroups).toMatchObject({ complete: true, count: 16, pages: 2 });

    // Every request counted once, and none of them refused by the server.
    expect(apiCalls).toBe(target.requests.length);
    expect(snapshot.collector.apiCalls).toBe(apiCalls);
    expect(target.requests.every((r) => r.status === 200)).toBe(true);
    const single = { rules: 1, selects: 3 + 1, details: () => 1 };
    for (const region of ['us-east-1', 'eu-west-1']) {
      expect(target.count({ region })).toBe(expectedRegionCalls(target.world, region, single));
    }
    for (const id of AWS_CONTROLS) expect(evaluate(id, snapshot).status).not.toBe('error');
  });

  it('follows NextToken through every page of rules, rule details and resources', async () => {
    const target = await start({ regions: ['us-east-1'], rulesPerRegion: 30, nonCompliantPerRule: 130, securityGroupsPerRegion: 250, bucketsPerRegion: 40 }, { pageCaps: { SelectResourceConfig: 30 } });
    const { snapshot, data, apiCalls } = await collect(target, { regions: ['us-east-1'] });

    expect(data).toEqual(target.world.truth);
    expect(data.securityGroups).toHaveLength(250);
    // 250 groups at 30 a page (the server's cap, below the Limit of 100 asked for).
    expect(snapshot.parts.securityGroups).toMatchObject({ complete: true, count: 250, pages: 9 });
    expect(snapshot.parts.buckets).toMatchObject({ complete: true, count: 40, pages: 2 });
    // 30 rules at 25 a page; 130 non-compliant resources per rule at 100 a page.
    expect(target.count({ operation: 'DescribeComplianceByConfigRule' })).toBe(2);
    const nonCompliant = target.world.rules.filter((r) => r.compliance === 'NON_COMPLIANT');
    expect(nonCompliant.length).toBeGreaterThan(0);
    expect(target.count({ operation: 'GetComplianceDetailsByConfigRule' })).toBe(2 * nonCompliant.length);
    expect(data.configRules.filter((r) => r.compliance === 'NON_COMPLIANT').every((r) => r.nonCompliantResources.length === 130)).toBe(true);
    expect(target.requests.filter((r) => r.operation === 'SelectResourceConfig').map((r) => r.page).sort((a, b) => a - b).at(-1)).toBe(8);
    expect(apiCalls).toBe(target.requests.length);
    expect(apiCalls).toBe(expectedRegionCalls(target.world, 'us-east-1', { rules: 2, selects: 9 + 2 + 1 + 1, details: (n) => Math.ceil(n / 100) }));
  });

  it('reports a region without a recorder as recorder: null, and aws-config-rules-compliant fails on the gap', async () => {
    const target = await start({ withoutRecorder: [`${ACCOUNT}/eu-west-1`] });
    const { snapshot, data } = await collect(target, { regions: ['us-east-1', 'eu-west-1'] });

    expect(snapshot.parts.recorders).toMatchObject({ complete: true, count: 2 });
    expect(data.recorders).toContainEqual({ accountId: ACCOUNT, region: 'eu-west-1', recorder: null });
    // No recorder to describe: only its (empty) status was asked for.
    expect(target.requests.filter((r) => r.region === 'eu-west-1' && r.operation.includes('Recorder')).map((r) => r.operation)).toEqual(['DescribeConfigurationRecorderStatus']);

    const result = evaluate('aws-config-rules-compliant', snapshot);
    expect(result.status).toBe('fail');
    const gap = result.outcomes.find((o) => o.resource === `config-recorder:${ACCOUNT}/eu-west-1`);
    expect(gap?.status).toBe('fail');
    expect(gap?.message).toContain('has no configuration recorder');
    expect(result.outcomes.find((o) => o.resource === `config-recorder:${ACCOUNT}/us-east-1`)?.status).toBe('pass');
  });

  it('backs off on throttling and succeeds when the throttling stops', async () => {
    const target = await start({ regions: ['us-east-1'] });
    target.inject({ error: 'ThrottlingException', operation: 'DescribeComplianceByConfigRule', times: 2 });
    const { snapshot, data, apiCalls } = await collect(target, { regions: ['us-east-1'] });

    expect(Object.values(snapshot.parts).every((part) => part.complete)).toBe(true);
    expect(data).toEqual(target.world.truth);
    const attempts = target.requests.filter((r) => r.operation === 'DescribeComplianceByConfigRule');
    expect(attempts.map((r) => r.error ?? 'ok')).toEqual(['ThrottlingException', 'ThrottlingException', 'ok']);
    // The SDK waited between attempts.
    for (let i = 1; i < attempts.length; i += 1) {
      expect((attempts[i]?.at ?? 0) - (attempts[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(BACKOFF_MS - 2);
    }
    // Retries are API calls too.
    expect(apiCalls).toBe(target.requests.length);
  });

  it('marks the parts a throttling storm starved as incomplete, so their controls say error, never pass', async () => {
    const target = await start();
    target.inject({ error: 'ThrottlingException', operation: 'SelectResourceConfig', region: 'eu-west-1' });
    const { snapshot, data, apiCalls } = await collect(target, { regions: ['us-east-1', 'eu-west-1'] }, { maxAttempts: 3 });

    for (const part of ['buckets', 's3Account', 'securityGroups']) {
      expect(snapshot.parts[part]?.complete).toBe(false);
      expect(snapshot.parts[part]?.error).toMatch(/^ThrottlingException in eu-west-1 \(SelectResourceConfig, 3 attempts\): Rate exceeded/);
    }
    expect(snapshot.parts.recorders?.complete).toBe(true);
    expect(snapshot.parts.configRules?.complete).toBe(true);
    // Three queries and the count, three attempts each, in the starved region; the other region read in full.
    expect(target.requests.filter((r) => r.region === 'eu-west-1' && r.operation === 'SelectResourceConfig')).toHaveLength(12);
    expect(data.securityGroups.map((g) => g.region)).toEqual(target.world.truth.securityGroups.filter((g) => g.region === 'us-east-1').map(() => 'us-east-1'));
    expect(apiCalls).toBe(target.requests.length);

    expect(evaluate('aws-sg-no-open-ingress', snapshot).status).toBe('error');
    expect(evaluate('aws-s3-public-access-blocked', snapshot).status).toBe('error');
    expect(evaluate('aws-sg-no-open-ingress', snapshot).reason).toContain('ThrottlingException in eu-west-1');
    expect(warnings.some((w) => w.includes('securityGroups read only in part'))).toBe(true);
  });

  it('reads the other regions when one denies access, and leaves the denied region out with the reason', async () => {
    const target = await start();
    target.inject({ error: 'AccessDeniedException', region: 'eu-west-1' });
    const { snapshot, data } = await collect(target, { regions: ['us-east-1', 'eu-west-1'] });

    for (const part of ['recorders', 'configRules', 'buckets', 's3Account', 'securityGroups']) {
      expect(snapshot.parts[part]?.complete, part).toBe(false);
      expect(snapshot.parts[part]?.error, part).toContain('AccessDeniedException in eu-west-1');
    }
    for (const items of [data.recorders, data.configRules, data.buckets, data.securityGroups]) {
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((item) => item.region === 'us-east-1')).toBe(true);
    }
    // The account-level block was still read in us-east-1.
    expect(data.s3Account).toEqual(target.world.truth.s3Account);
    // AccessDenied is not retried: one call per read in the denied region.
    expect(target.requests.filter((r) => r.region === 'eu-west-1').map((r) => r.operation).sort()).toEqual([
      'DescribeComplianceByConfigRule',
      'DescribeConfigurationRecorderStatus',
      'SelectResourceConfig',
      'SelectResourceConfig',
      'SelectResourceConfig',
      'SelectResourceConfig',
    ]);
    for (const id of AWS_CONTROLS) {
      const result = evaluate(id, snapshot);
      expect(result.status, id).toBe('error');
      expect(result.reason, id).toContain('AccessDeniedException in eu-west-1');
    }
  });

  it('keeps the pages read before a page that keeps failing, and says which call failed', async () => {
    const target = await start({ regions: ['us-east-1'], securityGroupsPerRegion: 250 });
    target.inject({ error: 'InternalFailure', operation: 'SelectResourceConfig', page: 1 });
    const { snapshot, data } = await collect(target, { regions: ['us-east-1'] }, { maxAttempts: 2 });

    expect(snapshot.parts.securityGroups).toMatchObject({ complete: false, count: 100, pages: 1 });
    expect(snapshot.parts.securityGroups?.error).toMatch(/^InternalFailure in us-east-1 \(SelectResourceConfig, 2 attempts\)/);
    expect(data.securityGroups).toEqual(target.world.truth.securityGroups.slice(0, 100));
    expect(snapshot.parts.buckets?.complete).toBe(true);
    expect(target.requests.filter((r) => r.page === 1).map((r) => r.status)).toEqual([500, 500]);
    expect(evaluate('aws-sg-no-open-ingress', snapshot).status).toBe('error');
  });

  it('refuses credentials for another account than accountIds names', async () => {
    const target = await start();
    await expect(collect(target, { regions: ['us-east-1'], accountIds: ['222222222222'] })).rejects.toThrow(/credentials are for account 111111111111/);
    expect(target.requests).toHaveLength(0);
  });
});

describe('AWS collector through an aggregator', () => {
  const accounts = Array.from({ length: 12 }, (_, i) => String(100000000001 + i));

  it('reads every account and region in one set of calls from the aggregator region', async () => {
    const target = await start({ accounts, aggregator: { name: 'org', region: 'us-east-1' }, bucketsPerRegion: 5, securityGroupsPerRegion: 5 });
    const { snapshot, data, apiCalls } = await collect(target, { regions: ['us-east-1', 'eu-west-1'], aggregator: { name: 'org', region: 'us-east-1' } }, { account: accounts[0] });

    expect(snapshot.scope).toBe('aws:aggregator/org');
    expect(Object.values(snapshot.parts).every((part) => part.complete)).toBe(true);
    const { truth } = target.world;
    expect(data.configRules).toEqual(truth.configRules);
    expect(data.buckets).toEqual(truth.buckets);
    expect(data.securityGroups).toEqual(truth.securityGroups);
    expect(data.s3Account).toEqual(truth.s3Account);
    expect(data.recorders).toHaveLength(24);
    expect(data.recorders.every((r) => r.recorder?.recording === true && r.recorder.lastStatus === 'Success')).toBe(true);
    expect(snapshot.collector.parameters.accountIds).toEqual(accounts);

    // 24 account-regions in one source-status page and one rule page, plus one detail read per
    // non-compliant rule; 120 buckets and 120 groups in 2 pages each, the account blocks in 1, their count in 1.
    const nonCompliant = truth.configRules.filter((r) => r.compliance === 'NON_COMPLIANT').length;
    expect(target.requests.every((r) => r.region === 'us-east-1' && r.accountId === accounts[0])).toBe(true);
    expect(target.count({ operation: 'DescribeConfigurationAggregatorSourcesStatus' })).toBe(1);
    expect(target.count({ operation: 'DescribeAggregateComplianceByConfigRules' })).toBe(1);
    expect(target.count({ operation: 'GetAggregateComplianceDetailsByConfigRule' })).toBe(nonCompliant);
    expect(target.count({ operation: 'SelectAggregateResourceConfig' })).toBe(2 + 1 + 2 + 1);
    expect(apiCalls).toBe(2 + nonCompliant + 6);
    expect(apiCalls).toBe(target.requests.length);
    expect(target.count({ operation: 'DescribeConfigurationRecorderStatus' })).toBe(0);
  });

  it('reports an account in accountIds the aggregator does not collect as a gap, and drops accounts out of scope', async () => {
    const target = await start({ accounts: accounts.slice(0, 3), aggregator: { name: 'org', region: 'us-east-1' } });
    const inScope = [accounts[1] as string, '999999999999'];
    const { snapshot, data } = await collect(target, { regions: ['us-east-1', 'eu-west-1'], accountIds: inScope, aggregator: { name: 'org', region: 'us-east-1' } }, { account: accounts[0] });

    expect(data.recorders.map((r) => [r.accountId, r.region, r.recorder === null])).toEqual([
      [accounts[1], 'us-east-1', false],
      [accounts[1], 'eu-west-1', false],
      ['999999999999', 'us-east-1', true],
      ['999999999999', 'eu-west-1', true],
    ]);
    expect(new Set([...data.buckets, ...data.securityGroups, ...data.configRules].map((i) => i.accountId))).toEqual(new Set([accounts[1]]));
    const result = evaluate('aws-config-rules-compliant', snapshot);
    expect(result.status).toBe('fail');
    expect(result.outcomes.filter((o) => o.resource.startsWith('config-recorder:999999999999/')).map((o) => o.status)).toEqual(['fail', 'fail']);
  });

  it('reads a FAILED aggregator source as a failing recorder, with the error AWS gave', async () => {
    const world = generateWorld({ accounts: accounts.slice(0, 2), aggregator: { name: 'org', region: 'us-east-1' } });
    const source = world.aggregators[0]?.sources.find((s) => s.SourceId === accounts[1] && s.AwsRegion === 'eu-west-1');
    Object.assign(source ?? {}, { LastUpdateStatus: 'FAILED', LastErrorCode: 'AccessDeniedException', LastErrorMessage: 'The aggregator is not authorized.' });
    server = await startAwsConfigServer(world);
    const { snapshot } = await collect(server, { regions: ['us-east-1', 'eu-west-1'], aggregator: { name: 'org', region: 'us-east-1' } }, { account: accounts[0] });

    const outcome = evaluate('aws-config-rules-compliant', snapshot).outcomes.find((o) => o.resource === `config-recorder:${accounts[1]}/eu-west-1`);
    expect(outcome?.status).toBe('fail');
    expect(outcome?.message).toContain('AccessDeniedException: the aggregator could not collect from this source: The aggregator is not authorized.');
  });

  it('reads 50,000 resources through an aggregator, 100 a page', async () => {
    const target = await start({ accounts: accounts.slice(0, 2), aggregator: { name: 'org', region: 'us-east-1' }, bucketsPerRegion: 6250, securityGroupsPerRegion: 6250, rulesPerRegion: 10 });
    const started = performance.now();
    const { snapshot, data, apiCalls } = await collect(target, { regions: ['us-east-1', 'eu-west-1'], aggregator: { name: 'org', region: 'us-east-1' } }, { account: accounts[0] });
    const seconds = (performance.now() - started) / 1000;

    expect(data.buckets.length + data.securityGroups.length).toBe(50_000);
    expect(Object.values(snapshot.parts).every((part) => part.complete)).toBe(true);
    expect(target.count({ operation: 'SelectAggregateResourceConfig' })).toBe(250 + 250 + 1 + 1);
    expect(apiCalls).toBe(target.requests.length);
    console.log(JSON.stringify({ resources: 50_000, apiCalls, seconds: Number(seconds.toFixed(2)) }));
  }, 60_000);
});

describe('loopback AWS Config', () => {
  it('refuses a query shape its evaluator does not know, loudly', async () => {
    const target = await start();
    const client = new ConfigServiceClient({ region: 'us-east-1', endpoint: target.endpoint, credentials: awsTestCredentials(ACCOUNT), maxAttempts: 1 });
    try {
      await expect(
        client.send(new SelectResourceConfigCommand({ Expression: "SELECT resourceId WHERE resourceType = 'AWS::S3::Bucket' AND awsRegion = 'us-east-1'" })),
      ).rejects.toMatchObject({ name: 'InvalidExpressionException', $metadata: { httpStatusCode: 400 } });
      await expect(client.send(new SelectResourceConfigCommand({ Expression: "SELECT resourceId WHERE resourceType = 'AWS::S3::Bucket'", Limit: 500 }))).rejects.toMatchObject({
        name: 'InvalidLimitException',
      });
    } finally {
      client.destroy();
    }
  });
});
