/**
 * Case 15 of issue #8: one PagerDuty incident per finding, however many runs see it fail, and that
 * incident resolved when the control passes.
 *
 * The scheduled run (engine/scheduled-run.ts, as `evident run` calls it) with the real octokit
 * client against the loopback GitHub API and the loopback PagerDuty Events API v2, which keeps
 * alerts by dedup_key as PagerDuty does
 * (https://developer.pagerduty.com/docs/events-api-v2/overview/#alert-de-duplication). Each run
 * builds its own clients, as separate `evident run` processes would.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingFingerprint } from '../../engine/findings.ts';
import { readFingerprint } from '../../engine/issues/issue-state.ts';
import { scheduledRun } from '../../engine/scheduled-run.ts';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.ts';
import { startPagerDutyServer, type PagerDutyTestServer } from '../support/pagerduty-server.ts';
import { oktaSnapshot } from '../support/sample-run.ts';
import { writeSnapshotFolder } from '../support/snapshot-folder.ts';

let github: GitHubTestServer;
let pagerduty: PagerDutyTestServer;
let dir: string;
let configPath: string;
const warnings: string[] = [];
const env = { GITHUB_TOKEN: 'e2e-token', EVIDENT_GITHUB_WRITE_SPACING_MS: '1', PAGERDUTY_ROUTING_KEY: 'r'.repeat(32) };

beforeAll(async () => {
  [github, pagerduty] = await Promise.all([startGitHubServer({ token: 'e2e-token' }), startPagerDutyServer()]);
  github.seed('acme', 'compliance', { defaultLabels: true });
  dir = await mkdtemp(join(tmpdir(), 'evident-alerts-dedup-'));
  configPath = join(dir, 'compliance.yml');
  // okta-mfa-enrolled made critical, so its failure pages (PagerDuty pages critical by default).
  await writeFile(
    configPath,
    `version: 1\norganization: acme\nevidence: { store: filesystem, path: archive }\nsources:\n  github: { org: acme, complianceRepo: compliance, apiUrl: "${github.url}" }\n  okta: { orgUrl: "https://acme.okta.com" }\ncontrols:\n  okta-mfa-enrolled: { severity: critical }\nalerts:\n  pagerduty: {}\n`,
  );
});
afterAll(async () => {
  github.assertHealthy();
  await Promise.all([github.close(), pagerduty.close()]);
  await rm(dir, { recursive: true, force: true });
});

/** The scheduled run on the Okta snapshot of `hour` (the okta-mfa-enrolled fixture `fail` or `pass`). */
async function runAt(hour: string, fixture: 'fail' | 'pass', options: { config?: string; pagerduty?: PagerDutyTestServer; seal?: boolean } = {}) {
  const collectedAt = `2026-11-02T${hour}:00:00Z`;
  const snapshotDir = await writeSnapshotFolder(join(dir, 'snapshots', `${hour}-${fixture}`), [oktaSnapshot(collectedAt, `${fixture}.json`)]);
  return scheduledRun({
    configPath: options.config ?? configPath,
    snapshotDir,
    only: ['okta'],
    dryRun: false,
    seal: options.seal ?? true,
    env,
    now: new Date(`2026-11-02T${hour}:05:00Z`),
    log: { info: () => {}, warn: (message) => warnings.push(message) },
    alertBaseUrls: { pagerduty: (options.pagerduty ?? pagerduty).url },
  });
}

const events = () => pagerduty.requests.map((r) => r.body as { event_action: string; dedup_key: string; payload?: { severity: string } });

describe('[case 15] PagerDuty across runs', () => {
  it('[case 15] the same critical failure in two runs is one incident (one dedup_key); the control passing resolves it with that dedup_key; failing again opens a new one', async () => {
    const first = await runAt('09', 'fail');
    expect(first.exitCode).toBe(1);
    const result = first.evaluation.runs.find((r) => r.control.id === 'okta-mfa-enrolled')!.result;
    expect([result.status, result.severity]).toEqual(['fail', 'critical']);
    const dedupKey = findingFingerprint('okta-mfa-enrolled', result.scope);
    // The dedup_key is the fingerprint the finding's issue carries.
    const issue = github.issues('acme', 'compliance').find((i) => i.title.includes('okta-mfa-enrolled'))!;
    expect(readFingerprint(issue.body ?? '')).toBe(dedupKey);
    expect(events().map((e) => [e.event_action, e.dedup_key, e.payload?.severity])).toEqual([['trigger', dedupKey, 'critical']]);
    expect(pagerduty.incidents).toEqual([expect.objectContaining({ dedupKey, status: 'triggered', triggers: 1 })]);

    // An hour later, the same users still fail: same issue, no second incident.
    const second = await runAt('10', 'fail');
    expect(second.exitCode).toBe(1);
    expect(second.response?.alerts.filter((a) => a.status === 'failed')).toEqual([]);
    expect(events().every((e) => e.dedup_key === dedupKey)).toBe(true);
    expect(pagerduty.incidents.map((i) => [i.dedupKey, i.status])).toEqual([[dedupKey, 'triggered']]);
    expect(github.issues('acme', 'compliance').filter((i) => i.title.includes('okta-mfa-enrolled'))).toHaveLength(1);

    // The same hour run again (a retried job): nothing is sent at all.
    const sent = pagerduty.requests.length;
    await runAt('10', 'fail');
    expect(pagerduty.requests).toHaveLength(sent);

    // The control passes: the issue closes and the incident is resolved through the same dedup_key.
    const passed = await runAt('11', 'pass');
    expect(passed.exitCode).toBe(0);
    expect(events().slice(sent)).toEqual([{ routing_key: env.PAGERDUTY_ROUTING_KEY, event_action: 'resolve', dedup_key: dedupKey }]);
    expect(pagerduty.incidents.map((i) => [i.dedupKey, i.status])).toEqual([[dedupKey, 'resolved']]);
    expect(github.issues('acme', 'compliance').find((i) => i.number === issue.number)?.state).toBe('closed');

    // A regression is a new incident under the same dedup_key, as PagerDuty opens one after a resolve.
    const again = await runAt('12', 'fail');
    expect(again.exitCode).toBe(1);
    expect(pagerduty.incidents.map((i) => [i.dedupKey, i.status, i.triggers])).toEqual([
      [dedupKey, 'resolved', 1],
      [dedupKey, 'triggered', 1],
    ]);
    expect(warnings).toEqual([]);
  });

  it('[case 15] two runs paging the same critical failure at once (an overlapping retried job) still make one incident', async () => {
    const overlap = await startPagerDutyServer();
    try {
      github.seed('acme', 'compliance-overlap', { defaultLabels: true });
      const config = join(dir, 'overlap.yml');
      await writeFile(config, (await readFile(configPath, 'utf8')).replace('complianceRepo: compliance,', 'complianceRepo: compliance-overlap,').replace('path: archive', 'path: archive-overlap'));
      // One of them leaves sealing to the other: two sealers racing is another matter (one stops, by design).
      const runs = await Promise.all([runAt('09', 'fail', { config, pagerduty: overlap }), runAt('09', 'fail', { config, pagerduty: overlap, seal: false })]);
      expect(runs.map((r) => r.exitCode)).toEqual([1, 1]);
      const dedupKeys = overlap.requests.map((r) => (r.body as { dedup_key: string }).dedup_key);
      expect(dedupKeys.length).toBeGreaterThanOrEqual(1);
      expect(new Set(dedupKeys)).toEqual(new Set([findingFingerprint('okta-mfa-enrolled', runs[0]!.evaluation.runs[0]!.result.scope)]));
      expect(overlap.incidents.map((i) => i.status)).toEqual(['triggered']);
    } finally {
      await overlap.close();
    }
  });
});
