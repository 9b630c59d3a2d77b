/**
 * Case 15 of issue #8, continued: an alert a sink did not take is not lost. Alerts follow issue
 * changes, so a trigger PagerDuty refused while its issue was opened would never be sent again if
 * the finding then stayed the same; the issue's state keeps it owed (engine/owed-alerts.ts), the
 * next run sends it to that sink alone, and clears it once taken.
 *
 * The scheduled run with the real octokit client against the loopback GitHub API, and the loopback
 * PagerDuty Events API v2 and Slack webhook; each run builds its own clients, as separate
 * `evident run` processes would.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingFingerprint } from '../../engine/findings.ts';
import { readState } from '../../engine/issues/issue-state.ts';
import { scheduledRun } from '../../engine/scheduled-run.ts';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.ts';
import { startPagerDutyServer, type PagerDutyTestServer } from '../support/pagerduty-server.ts';
import { oktaSnapshot } from '../support/sample-run.ts';
import { startSlackServer, type SlackTestServer } from '../support/slack-server.ts';
import { writeSnapshotFolder } from '../support/snapshot-folder.ts';

let github: GitHubTestServer;
let pagerduty: PagerDutyTestServer;
let slack: SlackTestServer;
let dir: string;
let configPath: string;

beforeAll(async () => {
  [github, pagerduty, slack] = await Promise.all([startGitHubServer({ token: 'owed-token' }), startPagerDutyServer(), startSlackServer()]);
  github.seed('acme', 'compliance', { defaultLabels: true });
  dir = await mkdtemp(join(tmpdir(), 'evident-alerts-owed-'));
  configPath = join(dir, 'compliance.yml');
  await writeFile(
    configPath,
    `version: 1\norganization: acme\nevidence: { store: filesystem, path: archive }\nsources:\n  github: { org: acme, complianceRepo: compliance, apiUrl: "${github.url}" }\n  okta: { orgUrl: "https://acme.okta.com" }\ncontrols:\n  okta-mfa-enrolled: { severity: critical }\nalerts:\n  pagerduty: {}\n  slack: {}\n`,
  );
});
afterAll(async () => {
  github.assertHealthy();
  await Promise.all([github.close(), pagerduty.close(), slack.close()]);
  await rm(dir, { recursive: true, force: true });
});

async function runAt(hour: string, fixture: 'fail' | 'pass') {
  const collectedAt = `2026-11-02T${hour}:00:00Z`;
  const snapshotDir = await writeSnapshotFolder(join(dir, 'snapshots', `${hour}-${fixture}`), [oktaSnapshot(collectedAt, `${fixture}.json`)]);
  return scheduledRun({
    configPath,
    snapshotDir,
    only: ['okta'],
    dryRun: false,
    seal: false,
    env: { GITHUB_TOKEN: 'owed-token', EVIDENT_GITHUB_WRITE_SPACING_MS: '1', PAGERDUTY_ROUTING_KEY: 'o'.repeat(32), SLACK_WEBHOOK_URL: slack.webhookUrl },
    now: new Date(`2026-11-02T${hour}:05:00Z`),
    log: { info: () => {}, warn: () => {} },
    alertBaseUrls: { pagerduty: pagerduty.url },
  });
}

const mfaIssue = () => github.issues('acme', 'compliance').find((issue) => issue.title.includes('okta-mfa-enrolled'))!;
const owed = () => readState(mfaIssue().body)?.owedAlert;
const pdActions = () => pagerduty.requests.map((r) => (r.body as { event_action: string }).event_action);
const slackCount = () => slack.requests.length;
const REFUSED = { status: 500, body: { status: 'error', message: 'internal error' } };

describe('[case 15] an alert a sink did not take is owed, not lost', { timeout: 60_000 }, () => {
  it('[case 15] a trigger PagerDuty refused is kept on the issue, sent by the next run to PagerDuty alone, then cleared; a refused resolve likewise', async () => {
    // 09:00 the finding opens; PagerDuty answers 500 to every attempt, Slack takes its message.
    pagerduty.answerNext(REFUSED, REFUSED, REFUSED);
    const first = await runAt('09', 'fail');
    expect(first.exitCode).toBe(2);
    expect(first.problems.some((p) => p.startsWith('alert to pagerduty failed') && p.includes('the next run sends it again'))).toBe(true);
    expect(pagerduty.incidents).toEqual([]);
    expect(owed()).toMatchObject({ kind: 'opened', sinks: ['pagerduty'] });
    const slackAfterFirst = slackCount();
    expect(slackAfterFirst).toBeGreaterThan(0);

    // 10:00 the same users fail, the issue does not change: the owed trigger goes out, to PagerDuty only.
    const second = await runAt('10', 'fail');
    expect(second.exitCode).toBe(1);
    const dedupKey = findingFingerprint('okta-mfa-enrolled', second.evaluation.runs.find((r) => r.control.id === 'okta-mfa-enrolled')!.result.scope);
    expect(pagerduty.incidents).toEqual([expect.objectContaining({ dedupKey, status: 'triggered', triggers: 1 })]);
    expect(slackCount()).toBe(slackAfterFirst);
    expect(owed()).toBeUndefined();

    // 11:00 unchanged again: nothing is owed, nothing is sent.
    const sentBefore = pagerduty.requests.length;
    expect((await runAt('11', 'fail')).exitCode).toBe(1);
    expect(pagerduty.requests.length).toBe(sentBefore);

    // 12:00 the control passes and the issue closes; PagerDuty refuses the resolve.
    pagerduty.answerNext(REFUSED, REFUSED, REFUSED);
    expect((await runAt('12', 'pass')).exitCode).toBe(2);
    expect(mfaIssue().state).toBe('closed');
    expect(owed()).toMatchObject({ kind: 'resolved', sinks: ['pagerduty'] });
    expect(pagerduty.incidents[0]?.status).toBe('triggered');

    // 13:00 still passing: the owed resolve goes out and the incident is resolved.
    expect((await runAt('13', 'pass')).exitCode).toBe(0);
    expect(pagerduty.incidents).toEqual([expect.objectContaining({ dedupKey, status: 'resolved' })]);
    expect(owed()).toBeUndefined();
    // Three refused attempts and the one taken, for each: nothing sent twice once it was taken.
    expect(pdActions()).toEqual(['trigger', 'trigger', 'trigger', 'trigger', 'resolve', 'resolve', 'resolve', 'resolve']);
  });
});
