/**
 * The whole response to a run's results: triage, issue sync, triage evidence and alerts, with the
 * real octokit client against the loopback GitHub API and the alert sinks on 127.0.0.1.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../engine/config/load-config.ts';
import { FilesystemStore } from '../../engine/evidence/filesystem-store.ts';
import { readRecord } from '../../engine/evidence/record.ts';
import { createGitHubClient } from '../../engine/issues/github-client.ts';
import { GitHubIssueTracker } from '../../engine/issues/github-tracker.ts';
import { respond } from '../../engine/respond.ts';
import { evaluateAll, recordResults } from '../../engine/run.ts';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.ts';
import { startPagerDutyServer, type PagerDutyTestServer } from '../support/pagerduty-server.ts';
import { oktaSnapshot } from '../support/sample-run.ts';
import { startSlackServer, type SlackTestServer } from '../support/slack-server.ts';

let github: GitHubTestServer;
let pagerduty: PagerDutyTestServer;
let slack: SlackTestServer;
let dir: string;

beforeAll(async () => {
  [github, pagerduty, slack] = await Promise.all([startGitHubServer({ token: 't' }), startPagerDutyServer(), startSlackServer()]);
  github.seed('acme', 'compliance', {});
  dir = await mkdtemp(join(tmpdir(), 'evident-respond-'));
});
afterAll(async () => {
  github.assertHealthy();
  await Promise.all([github.close(), pagerduty.close(), slack.close()]);
  await rm(dir, { recursive: true, force: true });
});

const parsed = parseConfig(
  'version: 1\norganization: acme\nsources:\n  okta: { orgUrl: "https://acme.okta.com" }\n  github: { org: acme }\ncontrols:\n  okta-mfa-enrolled: { severity: critical }\nalerts:\n  pagerduty: {}\n  slack: { summary: true }\n',
);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
const config = parsed.config;

describe('respond', () => {
  it('triages, opens issues, records each new decision as evidence, pages criticals and posts a run summary', async () => {
    const store = new FilesystemStore(dir);
    const now = new Date('2026-11-02T09:00:00Z');
    const evaluation = evaluateAll({ config, snapshots: [oktaSnapshot('2026-11-02T09:00:00Z')], now, only: ['okta'] });
    const records = await recordResults(evaluation, { store, organization: 'acme', now });
    const tracker = new GitHubIssueTracker(createGitHubClient({ auth: 't', baseUrl: github.url, writeSpacingMs: 1 }), 'acme', 'compliance');
    const env = { PAGERDUTY_ROUTING_KEY: 'r'.repeat(32), SLACK_WEBHOOK_URL: slack.webhookUrl };
    const response = await respond(records.map((r) => ({ run: r.run, key: r.key })), {
      config,
      tracker,
      now,
      store,
      alerts: { env, baseUrls: { pagerduty: pagerduty.url } },
    });

    const failing = evaluation.runs.filter((run) => run.result.status === 'fail');
    expect(github.issues('acme', 'compliance')).toHaveLength(failing.length);
    expect(response.triageRecords).toHaveLength(failing.length);
    for (const written of response.triageRecords) {
      const read = readRecord(written.key, (await store.get(written.key))!);
      expect('record' in read && read.record.kind).toBe('triage-decision');
      // The recorded input is what a model would have seen: no email, no Okta user id.
      expect(JSON.stringify('record' in read ? read.record : {})).not.toMatch(/@acme\.example|"00u\d/);
    }
    expect(pagerduty.incidents.map((i) => [i.status, i.triggers])).toEqual([['triggered', 1]]);
    expect(slack.messages.map((m) => m.text ?? '')).toEqual([expect.stringContaining('critical'), expect.stringContaining('Evident run for acme')]);
    expect(response.alerts.every((a) => a.status === 'sent')).toBe(true);

    // The same results an hour later: no new decision, no write, no page; only the run summary.
    const again = await respond(records.map((r) => ({ run: r.run, key: r.key })), { config, tracker, now: new Date('2026-11-02T10:00:00Z'), store, alerts: { env, baseUrls: { pagerduty: pagerduty.url } } });
    expect(again.sync.writes).toBe(0);
    expect(again.triageRecords).toEqual([]);
    expect(pagerduty.incidents.map((i) => i.triggers)).toEqual([1]);
    expect(slack.messages).toHaveLength(3);
  });
});
