/**
 * Issue sync end to end: the real octokit client (paginate, throttling, retry plugins) against a
 * stateful GitHub issues API on 127.0.0.1 whose every response is checked against GitHub's OpenAPI.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../engine/issues/github-client.ts';
import { GitHubIssueTracker } from '../../engine/issues/github-tracker.ts';
import { readState } from '../../engine/issues/issue-state.ts';
import { syncIssues, type SyncItem } from '../../engine/issues/sync-issues.ts';
import type { Finding } from '../../engine/model.ts';
import { findingOf, mfaResult, rulesDecision } from '../support/findings.ts';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.ts';

let server: GitHubTestServer;
let repo = 0;
let owner = 'acme';
let name = '';

beforeAll(async () => {
  server = await startGitHubServer({ token: 'test-token' });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  name = `compliance-${++repo}`;
  server.seed(owner, name, { defaultLabels: true });
});
afterEach(() => {
  server.assertHealthy();
});

const tracker = () =>
  new GitHubIssueTracker(createGitHubClient({ auth: 'test-token', baseUrl: server.url, writeSpacingMs: 1, retryBaseMs: 5 }), owner, name);
const triage = async (finding: Finding) => rulesDecision(finding);
const at = (hour: number) => `2026-11-02T${String(hour).padStart(2, '0')}:00:00Z`;
const failing = (hour: number, users: string[]): SyncItem => {
  const result = mfaResult(at(hour), users);
  return { result, finding: findingOf(result), evidenceKey: `2026/11/02/access-control-${String(hour).padStart(2, '0')}00-${'e'.repeat(64)}.json` };
};
const passing = (hour: number): SyncItem => ({ result: mfaResult(at(hour), []), evidenceKey: `2026/11/02/access-control-${hour}00-pass.json` });
const writesSince = (mark: number) => server.requests.slice(mark).filter((r) => r.method !== 'GET' && r.repo === name);
const mark = () => server.requests.length;

describe('issue sync against the GitHub issues API', () => {
  it('opens one issue for a first failure, creating Evident labels with colours and descriptions', async () => {
    const report = await syncIssues([failing(9, ['00u5', '00u6'])], { tracker: tracker(), triage });
    expect(report.writes).toBe(1);
    const issues = server.issues(owner, name);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.title).toBe('CC6.1 okta-mfa-enrolled: 2 of 4 users who can sign in without an active MFA factor (acme.okta.com)');
    expect(issues[0]?.labels.map((l) => l.name).sort()).toEqual(['control:okta-mfa-enrolled', 'evident', 'iso27001:A.5.17', 'iso27001:A.8.5', 'severity:high', 'sla:72h', 'soc2:CC6.1', 'triage:rules']);
    const labels = server.labels(owner, name);
    expect(labels.find((l) => l.name === 'severity:high')).toMatchObject({ color: 'd93f0b', description: 'Evident severity high' });
    expect(report.alerts.map((a) => a.kind)).toEqual(['opened']);
  });

  it('makes no write for an unchanged failure an hour later, and reads the listing conditionally', async () => {
    const t = tracker();
    await syncIssues([failing(9, ['00u5', '00u6'])], { tracker: t, triage });
    await syncIssues([failing(10, ['00u5', '00u6'])], { tracker: t, triage });
    const before = mark();
    const report = await syncIssues([failing(11, ['00u5', '00u6'])], { tracker: t, triage });
    expect(report.writes).toBe(0);
    expect(writesSince(before)).toEqual([]);
    const listing = server.requests.slice(before).filter((r) => r.operation === 'GET /repos/{owner}/{repo}/issues');
    expect(listing.map((r) => [r.headers['if-none-match'] !== undefined, r.status])).toEqual([[true, 304]]);
  });

  it('updates the body and comments when the failing set changes, and keeps people’s own labels', async () => {
    const t = tracker();
    await syncIssues([failing(9, ['00u5', '00u6'])], { tracker: t, triage });
    const number = server.issues(owner, name)[0]!.number;
    const client = createGitHubClient({ auth: 'test-token', baseUrl: server.url, writeSpacingMs: 1 });
    await client.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo: name, issue_number: number, labels: ['evident', 'team:identity', 'severity:high'] });
    const before = mark();
    const report = await syncIssues([failing(10, ['00u6', '00u7'])], { tracker: tracker(), triage });
    expect(writesSince(before).map((r) => r.operation)).toEqual(['PATCH /repos/{owner}/{repo}/issues/{issue_number}', 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments']);
    const issue = server.issues(owner, name)[0]!;
    expect(issue.labels.map((l) => l.name)).toContain('team:identity');
    expect(readState(issue.body)?.failing).toEqual(['00u6', '00u7']);
    expect(server.comments(owner, name, number).at(-1)?.body).toContain('Newly failing (1): `00u7`');
    expect(report.alerts.map((a) => a.kind)).toEqual(['changed']);
  });

  it('closes as completed when the control passes, and reopens with a comment when it fails again', async () => {
    const t = tracker();
    await syncIssues([failing(9, ['00u5'])], { tracker: t, triage });
    const closed = await syncIssues([passing(10)], { tracker: t, triage });
    const issue = server.issues(owner, name)[0]!;
    expect([issue.state, issue.state_reason]).toEqual(['closed', 'completed']);
    expect(server.comments(owner, name, issue.number).at(-1)?.body).toContain('Passes as of 2026-11-02 10:00 UTC');
    expect(closed.alerts.map((a) => a.kind)).toEqual(['resolved']);

    const reopened = await syncIssues([failing(11, ['00u5'])], { tracker: tracker(), triage });
    const again = server.issues(owner, name)[0]!;
    expect([again.state, again.state_reason]).toEqual(['open', 'reopened']);
    expect(server.issues(owner, name)).toHaveLength(1);
    expect(server.comments(owner, name, again.number).at(-1)?.body).toContain('Failing again as of 2026-11-02 11:00 UTC');
    expect(reopened.alerts.map((a) => a.kind)).toEqual(['reopened']);
  });

  it('comments once per error streak and never closes on an error', async () => {
    const t = tracker();
    await syncIssues([failing(9, ['00u5'])], { tracker: t, triage });
    const error = (hour: number): SyncItem => ({ result: { ...mfaResult(at(hour), ['00u5']), status: 'error', reason: 'factors read only in part (429 after 3 retries)' } });
    await syncIssues([error(10)], { tracker: t, triage });
    await syncIssues([error(11)], { tracker: t, triage });
    await syncIssues([error(12)], { tracker: t, triage });
    const issue = server.issues(owner, name)[0]!;
    expect(issue.state).toBe('open');
    expect(server.comments(owner, name, issue.number).filter((c) => c.body?.startsWith('Could not test'))).toHaveLength(1);
  });

  it('creates one issue when 100 syncs of the same finding run at once', async () => {
    const t = tracker();
    const reports = await Promise.all(Array.from({ length: 100 }, () => syncIssues([failing(9, ['00u5', '00u6'])], { tracker: t, triage })));
    expect(server.issues(owner, name)).toHaveLength(1);
    expect(reports.reduce((sum, r) => sum + r.writes, 0)).toBe(1);
  });

  it('retries a 5xx and then succeeds, writing once', async () => {
    server.failNext({ method: 'POST', path: /\/issues$/, status: 502, times: 2 });
    const report = await syncIssues([failing(9, ['00u5'])], { tracker: tracker(), triage });
    expect(report.items[0]?.error).toBeUndefined();
    expect(server.issues(owner, name)).toHaveLength(1);
    expect(server.pendingFaults()).toBe(0);
  });

  it('warns and writes nothing when the repository has issues disabled', async () => {
    server.disableIssues(owner, name);
    const warnings: string[] = [];
    const report = await syncIssues([failing(9, ['00u5'])], { tracker: tracker(), triage, log: { warn: (m) => warnings.push(m) } });
    expect(report.unavailable).toContain(`issues are disabled in ${owner}/${name}`);
    expect(warnings).toEqual([expect.stringContaining('findings stay in the evidence archive')]);
    expect(report.writes).toBe(0);
  });

  it('finds its issue by the hidden marker whatever people renamed it to, and never uses the search API', async () => {
    const t = tracker();
    await syncIssues([failing(9, ['00u5'])], { tracker: t, triage });
    const number = server.issues(owner, name)[0]!.number;
    const client = createGitHubClient({ auth: 'test-token', baseUrl: server.url, writeSpacingMs: 1 });
    await client.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo: name, issue_number: number, title: 'MFA gaps (Q4 access review)' });
    await syncIssues([failing(10, ['00u5', '00u6'])], { tracker: tracker(), triage });
    expect(server.issues(owner, name)).toHaveLength(1);
    expect(server.requests.some((r) => r.path.startsWith('/search'))).toBe(false);
  });
});
