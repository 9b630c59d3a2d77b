/**
 * Issue #8, case 16: a runner whose clock is hours or days off from the source's. Inactivity
 * (okta-inactive-users) is counted from Okta's clock, read from its `Date` header, and a result's
 * `effectiveAt` is the source's time; the System Log window opens and closes by Okta's clock, so a
 * skewed runner neither skips changes nor reads them late. The loopback servers run on a skewed
 * clock (`clockSkewMs`: their `Date` and rate-limit resets both move); the runner is the test
 * process, on the real one.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterEach, describe, expect, it } from 'vitest';
import { createAwsCollector } from '../../engine/collectors/aws/index.ts';
import { createGithubOrgCollector } from '../../engine/collectors/github-org.ts';
import { createOktaCollector } from '../../engine/collectors/okta/index.ts';
import { pointerKey } from '../../engine/collectors/okta/okta-state.ts';
import { ComplianceConfig } from '../../engine/config/schema.ts';
import { FilesystemStore } from '../../engine/evidence/filesystem-store.ts';
import type { Result, Snapshot } from '../../engine/model.ts';
import { OktaData } from '../../engine/snapshots/okta.ts';
import { awsTestCredentials, startAwsConfigServer } from '../support/aws-config-server.ts';
import { generateWorld } from '../support/aws-config-world.ts';
import { evident } from '../support/cli.ts';
import { startGitHubServer } from '../support/github-server.ts';
import { oktaContext, type CapturedLog } from '../support/okta-context.ts';
import { startOktaServer, type OktaTestServer } from '../support/okta-server.ts';
import { oktaUserId, smallOktaOrg, type SmallOrgUser } from '../support/okta-small-org.ts';
import { evaluateById, onlySnapshot } from '../support/source-evaluation.ts';

const HOUR = 3_600_000;
// Users are placed a fifth of a day past whole days (100.2 days ago): the clocks are measured to
// the second, and a count of days must not hang on which side of midnight that second falls.
const DAY = 24 * HOUR;
/** Short waits: no test sleeps through a real backoff. */
const collect = createOktaCollector({ http: { maxWaitMs: 5, retryBaseMs: 1 } });

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A loopback Okta whose clock is `skewMs` from the runner's, with users placed by its clock. */
async function skewedOkta(skewMs: number, users: SmallOrgUser[]): Promise<OktaTestServer> {
  const server = await startOktaServer({ org: smallOktaOrg(new Date(Date.now() + skewMs), users), clockSkewMs: skewMs });
  cleanup.push(() => server.close());
  return server;
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'evident-clock-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const only = onlySnapshot;
const evaluate = (id: string, snapshot: Snapshot): Result => evaluateById(id, snapshot, id === 'okta-inactive-users' ? { exemptGroups: ['break-glass'] } : {});

const outcomeOf = (result: Result, name: string) => result.outcomes.find((o) => o.resource === oktaUserId(name));

/** |a − b| in ms. */
const apart = (a: string | Date | number, b: string | Date | number) => Math.abs(new Date(a).getTime() - new Date(b).getTime());

describe('[case 16] Okta inactivity is counted by Okta\'s clock', () => {
  it('[case 16] a runner 30 days behind Okta does not pass an account idle 100 days by Okta\'s clock', async () => {
    const server = await skewedOkta(30 * DAY, [
      { name: 'idle100', lastLoginDaysAgo: 100.2 },
      { name: 'recent60', lastLoginDaysAgo: 60.2 },
    ]);
    const runnerNow = new Date();
    const snapshot = only((await collect(oktaContext(server, runnerNow))).snapshots);

    // The snapshot, and so every result's effectiveAt, is Okta's moment, not the runner's.
    expect(apart(snapshot.collectedAt, server.serverNow())).toBeLessThan(60_000);
    expect(apart(snapshot.collectedAt, runnerNow)).toBeGreaterThan(29 * DAY);
    const clock = snapshot.collector.parameters.sourceClock as { runnerNow: string; offsetMs: number };
    expect(clock.runnerNow).toBe(runnerNow.toISOString());
    expect(Math.abs(clock.offsetMs - 30 * DAY)).toBeLessThanOrEqual(1000);

    const result = evaluate('okta-inactive-users', snapshot);
    expect(result.effectiveAt).toBe(snapshot.collectedAt);
    expect(result.status).toBe('fail');
    expect(outcomeOf(result, 'idle100')).toMatchObject({ status: 'fail', details: { inactiveDays: 100 } });
    expect(outcomeOf(result, 'recent60')).toMatchObject({ status: 'pass', details: { inactiveDays: 60 } });
    // By the runner's clock the same account looks 70 days idle and passes: the false pass this prevents.
    const byRunner = evaluate('okta-inactive-users', { ...snapshot, collectedAt: runnerNow.toISOString() });
    expect(outcomeOf(byRunner, 'idle100')).toMatchObject({ status: 'pass', details: { inactiveDays: 70 } });
  });

  it('[case 16] a runner 30 days ahead of Okta does not fail an account used 70 days ago by Okta\'s clock', async () => {
    const server = await skewedOkta(-30 * DAY, [
      { name: 'active70', lastLoginDaysAgo: 70.2 },
      { name: 'idle95', lastLoginDaysAgo: 95.2 },
      { name: 'never', lastLoginDaysAgo: null, activatedDaysAgo: 80.2 },
    ]);
    const runnerNow = new Date();
    const snapshot = only((await collect(oktaContext(server, runnerNow))).snapshots);
    expect(apart(snapshot.collectedAt, server.serverNow())).toBeLessThan(60_000);

    const result = evaluate('okta-inactive-users', snapshot);
    expect(outcomeOf(result, 'active70')).toMatchObject({ status: 'pass', details: { inactiveDays: 70 } });
    expect(outcomeOf(result, 'never')).toMatchObject({ status: 'pass', details: { inactiveDays: 80 } });
    expect(outcomeOf(result, 'idle95')).toMatchObject({ status: 'fail', details: { inactiveDays: 95 } });
    expect(result.summary).toBe('1 of 3 active accounts without a sign-in within the allowed period');
  });

  it('[case 16] clocks that agree leave the runner\'s moment as it is, and the parameters without a clock note', async () => {
    const server = await skewedOkta(0, [{ name: 'ana', lastLoginDaysAgo: 3 }]);
    const runnerNow = new Date('2026-11-02T09:00:00Z');
    const snapshot = only((await collect(oktaContext(server, runnerNow))).snapshots);
    expect(snapshot.collectedAt).toBe(runnerNow.toISOString());
    expect(snapshot.collector.parameters.sourceClock).toBeUndefined();
  });
});

describe('[case 16] the System Log window follows Okta\'s clock', () => {
  /** A full scan now, a factor reset 30 minutes later by Okta's clock, and the hourly run an hour after the scan. */
  async function factorResetAfterScan(skewMs: number) {
    const server = await skewedOkta(skewMs, [
      { name: 'ana', lastLoginDaysAgo: 1 },
      { name: 'ben', lastLoginDaysAgo: 2 },
    ]);
    const store = new FilesystemStore(await tempDir());
    const runnerStart = new Date();
    const full = only((await collect(oktaContext(server, runnerStart, { store }))).snapshots);
    expect(full.collector.parameters.mode).toBe('full');
    expect(apart(full.collectedAt, server.serverNow())).toBeLessThan(60_000);
    expect(evaluate('okta-mfa-enrolled', full).status).toBe('pass');

    const oktaScanAt = Date.parse(full.collectedAt);
    const pointer = JSON.parse(new TextDecoder().decode(await store.get(pointerKey('acme.okta.com')))) as { cursor: string };
    server.org.resetFactors(oktaUserId('ana'), new Date(oktaScanAt + 30 * 60_000).toISOString());
    const log: CapturedLog = { info: [], warn: [] };
    server.requests.length = 0;
    const hourly = only((await collect(oktaContext(server, new Date(runnerStart.getTime() + HOUR), { store, log }))).snapshots);
    return { server, full, hourly, log, oktaScanAt, pointer };
  }

  it('[case 16] a runner 3 hours behind Okta still reads the changes up to Okta\'s now: a factor reset is seen, not passed', async () => {
    const { server, hourly, log, oktaScanAt } = await factorResetAfterScan(3 * HOUR);
    expect(hourly.collector.parameters).toMatchObject({ mode: 'incremental', events: 1 });
    expect(Object.values(hourly.parts).every((part) => part.complete)).toBe(true);
    // The window closed at Okta's now (scan + 1 h), not at the runner's (3 hours earlier).
    expect(apart(hourly.collector.parameters.logUntil as string, oktaScanAt + HOUR)).toBeLessThan(60_000);
    expect(apart(hourly.collectedAt, oktaScanAt + HOUR)).toBeLessThan(60_000);
    // The first read, closed by the runner's clock, was read again up to Okta's now.
    const reads = server.requests.filter((r) => r.path === '/api/v1/logs');
    expect(reads).toHaveLength(2);
    expect(Date.parse(reads[1]!.query.until!)).toBeGreaterThan(Date.parse(reads[0]!.query.until!) + 2 * HOUR);
    expect(log.warn.join('\n')).toMatch(/runner's clock is \d+ s behind Okta's/);

    const mfa = evaluate('okta-mfa-enrolled', hourly);
    expect(mfa.status).toBe('fail');
    expect(mfa.outcomes.filter((o) => o.status === 'fail').map((o) => o.resource)).toEqual([oktaUserId('ana')]);
  });

  it('[case 16] a runner 3 hours ahead of Okta keeps the System Log cursor at Okta\'s time, so the next run misses nothing', async () => {
    const { server, hourly, oktaScanAt, pointer } = await factorResetAfterScan(-3 * HOUR);
    // The full scan left its cursor at Okta's moment; the runner's would sit 3 hours in Okta's future.
    expect(Date.parse(pointer.cursor)).toBe(oktaScanAt);
    const since = Date.parse(hourly.collector.parameters.logSince as string);
    expect(since).toBeLessThan(oktaScanAt);
    expect(hourly.collector.parameters).toMatchObject({ mode: 'incremental', events: 1 });
    expect(apart(hourly.collector.parameters.logUntil as string, oktaScanAt + HOUR)).toBeLessThan(60_000);
    expect(server.requests.filter((r) => r.path === '/api/v1/logs')).toHaveLength(2);
    expect(evaluate('okta-mfa-enrolled', hourly).outcomes.find((o) => o.resource === oktaUserId('ana'))?.status).toBe('fail');
  });

  it('[case 16] a System Log cursor in Okta\'s future (kept by a runner whose clock ran ahead) is not trusted: the org is read in full', async () => {
    const server = await skewedOkta(0, [{ name: 'ana', lastLoginDaysAgo: 1 }]);
    const store = new FilesystemStore(await tempDir());
    const runnerStart = new Date();
    await collect(oktaContext(server, runnerStart, { store }));
    // The same org (same URL, same state) served by an Okta whose clock is a day behind that cursor.
    const behind = await skewedOkta(-DAY, [{ name: 'ana', lastLoginDaysAgo: 1 }]);
    const log: CapturedLog = { info: [], warn: [] };
    const snapshot = only((await collect(oktaContext(behind, new Date(runnerStart.getTime() + HOUR), { store, log }))).snapshots);
    expect(snapshot.collector.parameters.mode).toBe('full');
    expect(log.warn.join('\n')).toMatch(/System Log cursor \(.+\) is later than Okta's now/);
    expect(OktaData.parse(snapshot.data).users.map((u) => u.id)).toEqual([oktaUserId('ana')]);
  });
});

describe('[case 16] AWS results are dated by AWS\'s clock', () => {
  it('[case 16] an AWS Config whose clock is 2 days ahead dates the snapshot and its results by its own clock', async () => {
    const account = '111111111111';
    const aws = await startAwsConfigServer(generateWorld({ accounts: [account], regions: ['us-east-1'] }), { clockSkewMs: 2 * DAY });
    cleanup.push(() => aws.close());
    const runnerNow = new Date();
    const collector = createAwsCollector({ maxAttempts: 2, client: { endpoint: aws.endpoint, credentials: awsTestCredentials(account), retryStrategy: new ConfiguredRetryStrategy(2, 5) } });
    const context = { config: ComplianceConfig.parse({ version: 1, organization: 'acme', sources: { aws: { regions: ['us-east-1'] } } }), env: {}, now: runnerNow, log: { info: () => {}, warn: () => {} } };
    const snapshot = only((await collector(context)).snapshots);
    expect(apart(snapshot.collectedAt, runnerNow.getTime() + 2 * DAY)).toBeLessThan(60_000);
    expect(snapshot.collector.parameters.sourceClock).toMatchObject({ runnerNow: runnerNow.toISOString() });
    expect(evaluate('aws-sg-no-open-ingress', snapshot).effectiveAt).toBe(snapshot.collectedAt);
  });
});

describe('[case 16] GitHub results are dated by GitHub\'s clock', () => {
  it('[case 16] a GitHub whose clock is 6 hours behind dates the organization snapshot by its own clock', async () => {
    const github = await startGitHubServer({ token: 'ghs_clock' });
    cleanup.push(async () => {
      github.assertHealthy();
      await github.close();
    });
    github.seedOrganization('acme', { twoFactorRequirementEnabled: true, members: ['alice'] });
    github.seedRepositorySettings('acme', 'api', { secretScanning: { enabled: true, pushProtection: true } });
    // GitHub's Date header, 6 hours behind the runner's clock, as a proxy in front of it would see it.
    const skewed: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const headers = new Headers(response.headers);
      headers.set('date', new Date(Date.now() - 6 * HOUR).toUTCString());
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    };
    const runnerNow = new Date();
    const context = {
      config: ComplianceConfig.parse({ version: 1, organization: 'acme', sources: { github: { org: 'acme', apiUrl: github.url } } }),
      env: { GITHUB_TOKEN: 'ghs_clock' },
      now: runnerNow,
      fetch: skewed,
      log: { info: () => {}, warn: () => {} },
    };
    const snapshot = only((await createGithubOrgCollector({ retryBaseMs: 1 })(context)).snapshots);
    expect(apart(snapshot.collectedAt, runnerNow.getTime() - 6 * HOUR)).toBeLessThan(60_000);
    expect(snapshot.collector.parameters.sourceClock).toMatchObject({ runnerNow: runnerNow.toISOString() });
    expect(evaluate('github-org-2fa-required', snapshot).effectiveAt).toBe(snapshot.collectedAt);
  });
});

describe('[case 16] end to end: `evident run` on a runner 30 days behind Okta', () => {
  it('[case 16] records okta-inactive-users as failing the account idle 100 days by Okta\'s clock, effective at Okta\'s time', async () => {
    const server = await skewedOkta(30 * DAY, [
      { name: 'idle100', lastLoginDaysAgo: 100.2 },
      { name: 'recent60', lastLoginDaysAgo: 60.2 },
    ]);
    const dir = await tempDir();
    await writeFile(
      join(dir, 'compliance.yml'),
      ['version: 1', 'organization: acme', 'evidence: { store: filesystem, path: evidence }', 'sources:', `  okta: { orgUrl: "${server.url}" }`, ''].join('\n'),
    );
    const run = await evident(['run', '--config', join(dir, 'compliance.yml'), '--only', 'okta', '--no-seal'], { cwd: dir, env: { OKTA_TOKEN: server.token }, timeoutMs: 60_000 });
    expect(run.stdout).toMatch(/^okta-inactive-users +127\.0\.0\.1:\d+ +FAIL /m);
    expect(run.code).toBe(1);

    const records = await readRecords(join(dir, 'evidence'));
    const inactive = records.find((r) => r.kind === 'control-result' && r.result?.controlId === 'okta-inactive-users');
    expect(inactive).toBeDefined();
    expect(apart(inactive!.effectiveAt, server.serverNow())).toBeLessThan(5 * 60_000);
    expect(inactive!.result!.effectiveAt).toBe(inactive!.effectiveAt);
    const failing = inactive!.result!.outcomes.filter((o) => o.status === 'fail');
    expect(failing.map((o) => [o.resource, o.details?.inactiveDays])).toEqual([[oktaUserId('idle100'), 100]]);
  }, 90_000);
});

interface StoredRecord {
  kind: string;
  effectiveAt: string;
  result?: Result;
}

/** Every JSON record under the evidence folder (not the state pointers). */
async function readRecords(root: string): Promise<StoredRecord[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.json') && !join(e.parentPath, e.name).includes(`${root}/state`));
  return Promise.all(files.map(async (e) => JSON.parse(await readFile(join(e.parentPath, e.name), 'utf8')) as StoredRecord));
}
