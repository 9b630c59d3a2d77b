/**
 * The issue history read from GitHub (engine/reports/github-issue-history.ts), end to end: Evident's
 * own sync writes the issues through the real octokit client and GitHubIssueTracker, people act on
 * them with their own tokens, and loadGitHubIssueHistory reads them back over HTTP from the loopback
 * GitHub server, whose every answer (the issue timeline included) is checked against GitHub's OpenAPI.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findingFingerprint } from '../../engine/findings.ts';
import { createGitHubClient, type GitHubClientOptions } from '../../engine/issues/github-client.ts';
import { GitHubIssueTracker } from '../../engine/issues/github-tracker.ts';
import { fingerprintMarker, stateMarker, type IssueState } from '../../engine/issues/issue-state.ts';
import { syncIssues, type SyncItem } from '../../engine/issues/sync-issues.ts';
import type { Finding } from '../../engine/model.ts';
import { GitHubIssueHistoryError, loadGitHubIssueHistory } from '../../engine/reports/github-issue-history.ts';
import { remediationCycles, type FindingIssue } from '../../engine/reports/issue-history.ts';
import { findingOf, mfaResult, rulesDecision } from '../support/findings.ts';
import { startGitHubServer, type GitHubTestServer, type IssueSeed } from '../support/github-server.ts';

const EVIDENT_TOKEN = 'evident-token';
const ROSA_TOKEN = 'rosa-token';
const APP_TOKEN = 'app-token';
const RENOVATE_TOKEN = 'renovate-token';
const SERVICE_TOKEN = 'service-account-token';
const owner = 'acme';
const LISTING = 'GET /repos/{owner}/{repo}/issues';
const TIMELINE = 'GET /repos/{owner}/{repo}/issues/{issue_number}/timeline';

let server: GitHubTestServer;
let clock = new Date('2026-11-02T09:00:00Z');
let repoCount = 0;
let name = '';

beforeAll(async () => {
  server = await startGitHubServer({
    token: EVIDENT_TOKEN,
    // A person, an App acting as Evident under its own slug, and another bot.
    users: Object.fromEntries([
      [ROSA_TOKEN, 'rosa.mendes'],
      [APP_TOKEN, 'acme-compliance[bot]'],
      [RENOVATE_TOKEN, 'renovate[bot]'],
      [SERVICE_TOKEN, 'acme-compliance-svc'],
    ]),
    now: () => clock,
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  name = `compliance-${++repoCount}`;
  server.seed(owner, name, { defaultLabels: true });
});
afterEach(() => {
  server.assertHealthy();
});

const client = (auth = EVIDENT_TOKEN, extra: Partial<GitHubClientOptions> = {}) =>
  createGitHubClient({ auth, baseUrl: server.url, writeSpacingMs: 1, retryBaseMs: 1, ...extra });
const repository = () => ({ owner, repo: name });
const setClock = (iso: string) => {
  clock = new Date(iso);
};
const triage = async (finding: Finding) => rulesDecision(finding);
const failingAt = (at: string, users: string[]): SyncItem => {
  const result = mfaResult(at, users);
  return { result, finding: findingOf(result), evidenceKey: `${at.slice(0, 10).replace(/-/g, '/')}/access-control-${at.slice(11, 13)}00-${'e'.repeat(64)}.json` };
};
const passingAt = (at: string): SyncItem => ({ result: mfaResult(at, []), evidenceKey: `${at.slice(0, 10).replace(/-/g, '/')}/access-control-${at.slice(11, 13)}00-pass.json` });
/** An Evident run at `at`: the server's clock and the result's time agree, as in a scheduled run. */
const run = async (item: (at: string) => SyncItem, at: string, auth = EVIDENT_TOKEN) => {
  setClock(at);
  const report = await syncIssues([item(at)], { tracker: new GitHubIssueTracker(client(auth), owner, name), triage });
  expect(report.items.map((i) => i.error)).toEqual([undefined]);
  return report;
};
const mark = () => server.requests.length;
const since = (from: number) => server.requests.slice(from).filter((r) => r.repo === name);
const compact = (issue: FindingIssue) => issue.events.map((e) => [e.kind, e.at, e.actor, e.byEvident, e.detail]);

/** A finding issue as Evident writes it, for seeding many at once. */
const findingIssueSeed = (scope: string, extra: Partial<IssueSeed> = {}): IssueSeed => {
  const state: IssueState = { v: 1, failing: ['00u5'], since: '2026-11-01T09:00:00Z', fixed: [], severity: 'medium', lastStatus: 'fail', evidence: [] };
  return {
    title: `CC6.1 okta-mfa-enrolled: 1 of 4 users who can sign in without an active MFA factor (${scope})`,
    body: `${fingerprintMarker(findingFingerprint('okta-mfa-enrolled', scope))}\n**MFA enrolled** fails on \`${scope}\`: 1 of 4 users.\n${stateMarker(state)}\n`,
    labels: ['evident', 'severity:medium', 'sla:168h', 'control:okta-mfa-enrolled'],
    created_at: '2026-11-01T09:00:00Z',
    ...extra,
  };
};

describe('loadGitHubIssueHistory against the GitHub issues API', () => {
  it('reads what Evident and a person did to an issue, and the SLA outcome of each remediation cycle', async () => {
    await run((at) => failingAt(at, ['00u5']), '2026-11-02T09:00:00Z');
    const [created] = server.issues(owner, name);
    const number = created!.number;
    const rosa = client(ROSA_TOKEN);
    const issue = { owner, repo: name, issue_number: number };

    setClock('2026-11-02T11:00:00Z');
    await rosa.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...issue, body: 'Looking into it: 00u5 is a service account.' });
    setClock('2026-11-02T12:00:00Z');
    await rosa.request('POST /repos/{owner}/{repo}/issues/{issue_number}/assignees', { ...issue, assignees: ['rosa.mendes'] });
    // The control passes: Evident comments and closes as completed, inside the 72 h SLA.
    await run(passingAt, '2026-11-02T14:00:00Z');
    // It fails again: Evident reopens, updates and comments.
    await run((at) => failingAt(at, ['00u5']), '2026-11-03T09:00:00Z');
    // Rosa accepts the risk, then changes her mind.
    setClock('2026-11-03T12:00:00Z');
    await rosa.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...issue, state: 'closed', state_reason: 'not_planned' });
    setClock('2026-11-04T09:00:00Z');
    await rosa.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...issue, state: 'open', state_reason: 'reopened' });

    const now = new Date('2026-11-05T09:00:00Z');
    const history = await loadGitHubIssueHistory(client(), repository(), { now });
    expect(history.repository).toBe(`${owner}/${name}`);
    expect(history.exportedAt).toBe(now.toISOString());
    expect(history.issues).toHaveLength(1);
    const loaded = history.issues[0]!;
    expect(loaded).toMatchObject({
      fingerprint: findingFingerprint('okta-mfa-enrolled', 'acme.okta.com'),
      controlId: 'okta-mfa-enrolled',
      scope: 'acme.okta.com',
      number,
      url: `https://github.com/${owner}/${name}/issues/${number}`,
      title: created!.title,
      state: 'open',
      severity: 'high',
      slaHours: 72,
      assignees: ['rosa.mendes'],
    });

    const bot = 'github-actions[bot]';
    const labelsAtCreation = loaded.events.filter((e) => e.kind === 'labeled');
    expect(labelsAtCreation.map((e) => [e.at, e.actor, e.byEvident])).toEqual(created!.labels.map(() => ['2026-11-02T09:00:00.000Z', bot, true]));
    expect(labelsAtCreation.map((e) => e.detail).sort()).toEqual(created!.labels.map((l) => l.name).sort());
    expect(compact(loaded).filter(([kind]) => kind !== 'labeled')).toEqual([
      ['opened', '2026-11-02T09:00:00.000Z', bot, true, undefined],
      ['commented', '2026-11-02T11:00:00.000Z', 'rosa.mendes', false, undefined],
      ['assigned', '2026-11-02T12:00:00.000Z', 'rosa.mendes', false, 'rosa.mendes'],
      ['commented', '2026-11-02T14:00:00.000Z', bot, true, undefined],
      ['closed', '2026-11-02T14:00:00.000Z', bot, true, 'completed'],
      ['reopened', '2026-11-03T09:00:00.000Z', bot, true, undefined],
      ['commented', '2026-11-03T09:00:00.000Z', bot, true, undefined],
      ['closed', '2026-11-03T12:00:00.000Z', 'rosa.mendes', false, 'not_planned'],
      ['reopened', '2026-11-04T09:00:00.000Z', 'rosa.mendes', false, undefined],
    ]);

    const cycles = remediationCycles(loaded, now).map(({ issue: _issue, ...cycle }) => cycle);
    expect(cycles).toEqual([
      // Evident's labels at 09:00 are not a response; Rosa's comment at 11:00 is.
      { openedAt: '2026-11-02T09:00:00.000Z', dueAt: '2026-11-05T09:00:00.000Z', firstResponseAt: '2026-11-02T11:00:00.000Z', closedAt: '2026-11-02T14:00:00.000Z', closedAs: 'completed', slaMet: true },
      // Closed as not planned: an accepted risk never meets the SLA.
      { openedAt: '2026-11-03T09:00:00.000Z', dueAt: '2026-11-06T09:00:00.000Z', closedAt: '2026-11-03T12:00:00.000Z', closedAs: 'not_planned', slaMet: false },
      // Reopened by Rosa and open: not yet due on the 5th.
      { openedAt: '2026-11-04T09:00:00.000Z', dueAt: '2026-11-07T09:00:00.000Z' },
    ]);
    expect(remediationCycles(loaded, new Date('2026-11-08T09:00:00Z')).at(-1)?.slaMet).toBe(false);
  });

  it('counts an App’s own writes as Evident’s by the issues it authored, and other bots as not Evident unless named', async () => {
    await run((at) => failingAt(at, ['00u5']), '2026-11-02T09:00:00Z', APP_TOKEN);
    const number = server.issues(owner, name)[0]!.number;
    setClock('2026-11-02T10:00:00Z');
    await client(RENOVATE_TOKEN).request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo: name, issue_number: number, body: 'Dependency dashboard' });

    const now = new Date('2026-11-02T12:00:00Z');
    const byDefault = (await loadGitHubIssueHistory(client(), repository(), { now })).issues[0]!;
    expect(byDefault.events.filter((e) => e.actor === 'acme-compliance[bot]').every((e) => e.byEvident)).toBe(true);
    expect(byDefault.events.filter((e) => e.actor === 'acme-compliance[bot]').length).toBeGreaterThan(1);
    expect(compact(byDefault).at(-1)).toEqual(['commented', '2026-11-02T10:00:00.000Z', 'renovate[bot]', false, undefined]);
    expect(remediationCycles(byDefault, now)[0]?.firstResponseAt).toBe('2026-11-02T10:00:00.000Z');

    const named = (await loadGitHubIssueHistory(client(), repository(), { now, botLogins: ['Renovate[bot]'] })).issues[0]!;
    expect(named.events.every((e) => e.byEvident)).toBe(true);
    expect(remediationCycles(named, now)[0]?.firstResponseAt).toBeUndefined();
  });

  it('counts a service account that writes Evident’s issues as Evident, so its comments are no response', async () => {
    // A scheduled run with a fine-grained token of an ordinary account, not a [bot].
    await run((at) => failingAt(at, ['00u5']), '2026-11-02T09:00:00Z', SERVICE_TOKEN);
    await run((at) => failingAt(at, ['00u5', '00u6']), '2026-11-02T10:00:00Z', SERVICE_TOKEN);
    const now = new Date('2026-11-02T12:00:00Z');
    const [loaded] = (await loadGitHubIssueHistory(client(), repository(), { now })).issues;
    const own = loaded!.events.filter((e) => e.actor === 'acme-compliance-svc');
    expect(own.map((e) => e.kind)).toEqual(expect.arrayContaining(['opened', 'commented']));
    expect(own.every((e) => e.byEvident)).toBe(true);
    expect(remediationCycles(loaded!, now)[0]?.firstResponseAt).toBeUndefined();
  });

  it('pages through more than 100 issues and a long timeline with as many requests as the comment says, then reads them again for 304s', async () => {
    const scopes = Array.from({ length: 120 }, (_, i) => `org-${String(i).padStart(3, '0')}.okta.com`);
    server.seed(owner, name, {
      issues: scopes.map((scope, i) =>
        findingIssueSeed(scope, i === 0 ? { comments: Array.from({ length: 150 }, (_, c) => ({ body: `note ${c}`, created_at: new Date(Date.parse('2026-11-01T10:00:00Z') + c * 60_000) })) } : i === 1 ? { state: 'closed', state_reason: 'not_planned', closed_at: '2026-11-01T12:00:00Z' } : {}),
      ),
    });
    // A pull request with the label is listed among the issues, and skipped.
    server.seedPullRequest(owner, name, { title: 'Fix MFA', head: { ref: 'fix', sha: 'f'.repeat(40) }, labels: ['evident'] });

    const reused = client();
    const before = mark();
    const history = await loadGitHubIssueHistory(reused, repository(), { now: new Date('2026-11-02T09:00:00Z') });
    const requests = since(before);
    expect(history.issues).toHaveLength(120);
    expect(history.issues.map((i) => i.scope)).toEqual(scopes);
    expect(history.issues[0]!.events.filter((e) => e.kind === 'commented')).toHaveLength(150);
    expect(compact(history.issues[1]!).at(-1)).toEqual(['closed', '2026-11-01T12:00:00.000Z', 'github-actions[bot]', true, 'not_planned']);
    expect(history.issues[2]).toMatchObject({ severity: 'medium', slaHours: 168, state: 'open' });

    // 121 listed (120 issues and the pull request): 2 listing pages; 1 timeline page per issue, and
    // a second for the issue whose 154 timeline events (4 labels, 150 comments) pass 100.
    const listing = requests.filter((r) => r.operation === LISTING);
    const timelines = requests.filter((r) => r.operation === TIMELINE);
    expect(listing).toHaveLength(2);
    expect(timelines).toHaveLength(121);
    expect(requests).toHaveLength(2 + 121);
    expect(requests.every((r) => r.method === 'GET' && r.status === 200)).toBe(true);
    expect(listing[0]?.query).toMatchObject({ labels: 'evident', state: 'all', per_page: '100' });
    expect(timelines.every((r) => r.query.per_page === '100')).toBe(true);
    const pullNumber = 121;
    expect(timelines.some((r) => r.path.endsWith(`/issues/${pullNumber}/timeline`))).toBe(false);

    // The same client again: every page is asked with If-None-Match, answered 304, and costs no rate limit.
    const used = server.rateLimit().used;
    const again = mark();
    const second = await loadGitHubIssueHistory(reused, repository(), { now: new Date('2026-11-02T09:00:00Z') });
    expect(second.issues).toEqual(history.issues);
    expect(since(again).map((r) => r.status)).toEqual(Array.from({ length: 2 + 121 }, () => 304));
    expect(server.rateLimit().used).toBe(used);
    // About 250 requests, each answer checked against GitHub's schema: more than the default 20 s may take on a busy machine.
  }, 60_000);

  describe('never returns a partial history', () => {
    const seedThree = () => server.seed(owner, name, { issues: ['a.okta.com', 'b.okta.com', 'c.okta.com'].map((scope) => findingIssueSeed(scope)) }).map((i) => i.number);

    it('throws naming the issue when its timeline keeps failing with a 5xx after the retries', async () => {
      const [, second, third] = seedThree();
      server.failNext({ method: 'GET', path: new RegExp(`/issues/${second}/timeline$`), status: 500, times: 4 });
      const before = mark();
      const load = loadGitHubIssueHistory(client(), repository(), { now: clock });
      await expect(load).rejects.toThrow(GitHubIssueHistoryError);
      await expect(load).rejects.toThrow(new RegExp(`the timeline of issue #${second} \\(https://github.com/${owner}/${name}/issues/${second}\\) failed: HTTP 500`));
      expect(server.pendingFaults()).toBe(0);
      // It stopped there: the next issue's timeline was never asked for.
      expect(since(before).some((r) => r.path.endsWith(`/issues/${third}/timeline`))).toBe(false);
    });

    it.each([
      ['primary', /rate limit is spent until/],
      ['secondary', /secondary rate limit: retry after 60 s/],
    ] as const)('throws naming the issue when a %s rate limit is not waited out', async (kind, detail) => {
      const [, second] = seedThree();
      server.rateLimitNext({ method: 'GET', path: new RegExp(`/issues/${second}/timeline$`), retryAfter: 60, kind });
      const warnings: string[] = [];
      const load = loadGitHubIssueHistory(client(EVIDENT_TOKEN, { rateLimitRetries: 0, log: { warn: (m) => warnings.push(m) } }), repository(), { now: clock });
      await expect(load).rejects.toThrow(new RegExp(`timeline of issue #${second} .*failed: HTTP 403 .*rate limit`));
      await expect(load).rejects.toThrow(detail);
      expect(server.pendingFaults()).toBe(0);
      expect(warnings).toEqual([expect.stringContaining('rate limit')]);
    });

    /** A client whose fetch answers `body` (200, JSON) instead of GitHub for requests whose path matches. */
    const answering = (path: RegExp, body: string) =>
      client(EVIDENT_TOKEN, {
        fetch: async (input, init) => {
          const url = new URL(input instanceof Request ? input.url : String(input));
          if (!path.test(url.pathname)) return fetch(input, init);
          return new Response(body, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
        },
      });

    it.each([
      ['an object instead of a list', JSON.stringify({ message: 'Moved' }), /page 1 is not a list but an object/],
      ['an empty answer', '', /page 1 is not a list but an empty answer/],
      ['a list of numbers', JSON.stringify([42]), /entry 1 of page 1 is not a timeline event/],
      ['a closed event without a time', JSON.stringify([{ event: 'closed', actor: { login: 'rosa.mendes' }, created_at: 'last tuesday' }]), /its `closed` event \(entry 1\) is not as GitHub documents it \(created_at: /],
      ['a labeled event without its label', JSON.stringify([{ event: 'labeled', actor: { login: 'rosa.mendes' }, created_at: '2026-11-02T09:00:00Z' }]), /its `labeled` event \(entry 1\) is not as GitHub documents it \(label: /],
    ])('throws naming the issue when its timeline is %s', async (_what, body, problem) => {
      const [, second] = seedThree();
      const load = loadGitHubIssueHistory(answering(new RegExp(`/issues/${second}/timeline$`), body), repository(), { now: clock });
      await expect(load).rejects.toThrow(new RegExp(`issue history of ${owner}/${name} from GitHub: .*timeline of issue #${second} `));
      await expect(load).rejects.toThrow(problem);
    });

    it('throws when the listing holds something that is not an issue', async () => {
      seedThree();
      const load = loadGitHubIssueHistory(answering(/\/issues$/, JSON.stringify([{ title: 'no number', state: 'open' }])), repository(), { now: clock });
      await expect(load).rejects.toThrow(/listing the issues labelled evident: entry 1 of page 1 is not an issue as GitHub documents it \(number: /);
    });

    it('throws when the listing fails', async () => {
      seedThree();
      server.failNext({ method: 'GET', path: /\/issues$/, status: 502, times: 4 });
      await expect(loadGitHubIssueHistory(client(), repository(), { now: clock })).rejects.toThrow(/listing the issues labelled evident failed: HTTP 502/);
      expect(server.pendingFaults()).toBe(0);
    });
  });

  it('leaves out, with a log line, an issue labelled evident that has no Evident marker, and reads nothing more of it', async () => {
    await run((at) => failingAt(at, ['00u5']), '2026-11-02T09:00:00Z');
    setClock('2026-11-02T10:00:00Z');
    const filed = await client(ROSA_TOKEN).request('POST /repos/{owner}/{repo}/issues', {
      owner,
      repo: name,
      title: 'okta-mfa-enrolled: please also check the contractors tenant (contractors.okta.com)',
      body: '**MFA** fails on `contractors.okta.com` too, I think.',
      labels: ['evident', 'severity:high'],
    });
    const warnings: string[] = [];
    const before = mark();
    const history = await loadGitHubIssueHistory(client(), repository(), { now: clock, log: { warn: (m) => warnings.push(m) } });
    expect(history.issues.map((i) => i.scope)).toEqual(['acme.okta.com']);
    expect(warnings).toEqual([`issue #${filed.data.number} in ${owner}/${name} (${filed.data.html_url}) is labelled evident but has no Evident fingerprint marker; left out of the issue history`]);
    expect(since(before).some((r) => r.path.endsWith(`/issues/${filed.data.number}/timeline`))).toBe(false);
  });

  it('keeps an issue whose state marker was edited away, by its fingerprint, with severity and SLA from its labels', async () => {
    const [seeded] = server.seed(owner, name, { issues: [findingIssueSeed('acme.okta.com')] });
    const body = seeded!.body!.replace(/<!-- evident:state=[^>]*-->/, '');
    await client(ROSA_TOKEN).request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo: name, issue_number: seeded!.number, body, labels: ['evident', 'severity:urgent', 'sla:168h', 'control:okta-mfa-enrolled'] });
    const warnings: string[] = [];
    const history = await loadGitHubIssueHistory(client(), repository(), { now: clock, log: { warn: (m) => warnings.push(m) } });
    const [issue] = history.issues;
    expect(issue).toMatchObject({ fingerprint: findingFingerprint('okta-mfa-enrolled', 'acme.okta.com'), controlId: 'okta-mfa-enrolled', scope: 'acme.okta.com', slaHours: 168 });
    // `severity:urgent` is no severity and there is no state marker to fall back on: none is claimed.
    expect(issue?.severity).toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining('label severity:urgent is not a severity; no severity is recorded')]);
  });
});
