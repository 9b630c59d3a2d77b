/**
 * The scheduled run's cost on a large organization: 10,000 Okta users and 50,000 AWS resources on
 * the loopback servers of the tests. API calls and wall time of a full run and of the next hourly
 * run (each recorded as evidence and sealed, as the job does), CPU time of evaluation alone
 * (target < 1 s), and peak memory against a budget of 1 GiB, so
 * the job fits a small container or shares a runner with the rest of its workflow.
 *
 * The peak is the larger of RSS sampled every 50 ms and the process's own high-water mark
 * (`process.resourceUsage().maxRSS`, which no sampling can miss). The latter counts everything the
 * process did before, so this bench runs first in bench/index.ts; `node bench/scheduled.ts` runs it alone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAwsCollector } from '../engine/collectors/aws/index.ts';
import type { CollectContext } from '../engine/collectors/collector.ts';
import { createOktaCollector } from '../engine/collectors/okta/index.ts';
import { ComplianceConfig } from '../engine/config/schema.ts';
import { FilesystemStore } from '../engine/evidence/filesystem-store.ts';
import { evaluateAll, recordEvaluation } from '../engine/run.ts';
import { awsTestCredentials, startAwsConfigServer } from '../test/support/aws-config-server.ts';
import { generateWorld } from '../test/support/aws-config-world.ts';
import { seedOrg } from '../test/support/okta-seed.ts';
import { startOktaServer } from '../test/support/okta-server.ts';

const USERS = 10_000;
const MEMORY_BUDGET_MB = 1024;
const ACCOUNT = '123456789012';
const log = { info: () => {}, warn: () => {} };

/** The peak against the budget; `maxRSS` is in kilobytes (https://nodejs.org/api/process.html#processresourceusage). */
function memory(sampledPeakRss: number): Record<string, unknown> {
  const peakRssMb = Math.round(Math.max(sampledPeakRss, process.resourceUsage().maxRSS * 1024) / 1_048_576);
  return { peakRssMb, sampledPeakRssMb: Math.round(sampledPeakRss / 1_048_576), memoryBudgetMb: MEMORY_BUDGET_MB, withinBudget: peakRssMb <= MEMORY_BUDGET_MB };
}

export async function benchScheduled(): Promise<Record<string, unknown>> {
  const start = new Date('2026-11-02T09:00:00Z');
  const okta = await startOktaServer({ org: seedOrg({ users: USERS, now: start }), now: start });
  // 2 regions × (12,500 buckets + 12,500 security groups) = 50,000 resources.
  const world = generateWorld({ accounts: [ACCOUNT], regions: ['us-east-1', 'eu-west-1'], bucketsPerRegion: 12_500, securityGroupsPerRegion: 12_500, rulesPerRegion: 20 });
  const aws = await startAwsConfigServer(world);
  const dir = await mkdtemp(join(tmpdir(), 'evident-bench-scheduled-'));
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    const config = ComplianceConfig.parse({ version: 1, organization: 'acme', sources: { okta: { orgUrl: okta.orgUrl }, aws: { regions: ['us-east-1', 'eu-west-1'], accountIds: [ACCOUNT] } } });
    const store = new FilesystemStore(dir);
    const collectOkta = createOktaCollector();
    const collectAws = createAwsCollector({ client: { endpoint: aws.endpoint, credentials: awsTestCredentials(ACCOUNT) } });
    const context = (now: Date): CollectContext => ({ config, env: { OKTA_TOKEN: okta.token }, now, store, fetch: okta.fetch, log });

    const run = async (now: Date) => {
      const started = performance.now();
      const [oktaResult, awsResult] = await Promise.all([collectOkta(context(now)), collectAws(context(now))]);
      const collectedMs = performance.now() - started;
      const snapshots = [...oktaResult.snapshots, ...awsResult.snapshots];
      const cpu = process.cpuUsage();
      const evaluation = evaluateAll({ config, snapshots, now });
      const evaluationCpu = process.cpuUsage(cpu);
      const evaluatedMs = performance.now() - started;
      // What the scheduled job keeps: one record per result, and a seal (its memory counts too).
      const recorded = await recordEvaluation(evaluation, { store, organization: 'acme', now });
      return {
        apiCalls: { okta: oktaResult.apiCalls, aws: awsResult.apiCalls },
        wallMs: Math.round(evaluatedMs),
        collectMs: Math.round(collectedMs),
        evaluationCpuMs: Math.round((evaluationCpu.user + evaluationCpu.system) / 1000),
        results: evaluation.runs.length,
        outcomes: evaluation.runs.reduce((sum, r) => sum + r.result.outcomes.length, 0),
        recordsWritten: recorded.records.filter((r) => r.created).length,
        sealedRecords: recorded.seal.seal?.records ?? 0,
        recordMs: Math.round(performance.now() - started - evaluatedMs),
      };
    };

    const full = await run(start);
    // An hour of ordinary life: sign-ins, a new factor, a suspension, a new admin.
    const hourLater = new Date(start.getTime() + 3_600_000);
    const users = okta.org.sortedUsers().filter((user) => user.status === 'ACTIVE');
    const at = new Date(start.getTime() + 1_800_000).toISOString();
    for (const user of users.slice(0, 500)) okta.org.signIn(user.id, at);
    okta.org.addFactor(users[600]!.id, { factorType: 'webauthn', provider: 'FIDO', status: 'ACTIVE' } as never, at);
    okta.org.setStatus(users[601]!.id, 'SUSPENDED', at, 'user.lifecycle.suspend');
    okta.org.grantRole(users[602]!.id, 'ORG_ADMIN', at);
    const hourly = await run(hourLater);
    return {
      bench: 'scheduled-run',
      oktaUsers: USERS,
      awsResources: 50_000,
      full,
      hourly,
      targets: { hourlyOktaCalls: '≤ 100', evaluationCpuMs: '< 1000' },
      ...memory(peakRss),
    };
  } finally {
    clearInterval(sampler);
    await Promise.all([okta.close(), aws.close()]);
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  process.stdout.write(`${JSON.stringify(await benchScheduled())}\n`);
  process.exit(0);
}
