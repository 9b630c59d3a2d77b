/**
 * The App's listing of the compliance repository's issues between deliveries
 * (engine/issues/issue-listing-cache.ts): the real octokit client and GitHubIssueTracker against the
 * loopback GitHub API (answers checked against GitHub's OpenAPI). A listing after the first asks
 * only for the issues updated since, and still sees what people and Evident changed in between.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../engine/issues/github-client.ts';
import { GitHubIssueTracker, type RestIssue } from '../../engine/issues/github-tracker.ts';
import { IssueListingCache } from '../../engine/issues/issue-listing-cache.ts';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.ts';

const TOKEN = 'listing-token';
const PERSON = 'person-token';
let server: GitHubTestServer;
let clock = Date.parse('2026-11-02T09:00:00Z');

beforeAll(async () => {
  server = await startGitHubServer({ token: TOKEN, users: { [PERSON]: 'rosa.mendes' }, now: () => new Date(clock), dateFromClock: true });
});
afterAll(async () => {
  server.assertHealthy();
  await server.close();
});

const LISTING = 'GET /repos/{owner}/{repo}/issues';
const listings = (from: number) => server.requests.slice(from).filter((r) => r.operation === LISTING);
const client = (auth = TOKEN) => createGitHubClient({ auth, baseUrl: server.url, writeSpacingMs: 1, retryBaseMs: 1 });
const marker = (n: number) => `<!-- evident:fingerprint=${n.toString(16).padStart(24, '0')} -->`;

describe('IssueListingCache with GitHubIssueTracker', () => {
  it('reads 250 issues whole once, then only what changed since: a person’s close, a new issue, and Evident’s own writes', async () => {
    server.seed('acme', 'compliance', {
      defaultLabels: true,
      issues: Array.from({ length: 250 }, (_, i) => ({ title: `finding ${i + 1}`, body: marker(i + 1), labels: ['evident'], created_at: '2026-11-01T09:00:00Z' })),
    });
    const listing = new IssueListingCache<RestIssue>({ now: () => clock });
    // A tracker per delivery, as the App makes them; the cache outlives them.
    const tracker = () => new GitHubIssueTracker(client(), 'acme', 'compliance', { listing });

    let from = server.requests.length;
    expect(await tracker().list()).toHaveLength(250);
    expect(listings(from).map((r) => r.query.since)).toEqual([undefined, undefined, undefined]);

    // Ten minutes later a person closes #7; half an hour after that Evident opens a new issue and
    // updates #8. What Evident remembers writing must not move `since` past the person's change.
    clock += 600_000;
    await client(PERSON).request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner: 'acme', repo: 'compliance', issue_number: 7, state: 'closed', state_reason: 'not_planned' });
    clock += 1_800_000;
    const writer = tracker();
    const created = await writer.create({ title: 'finding 251', body: marker(251), labels: ['evident'] });
    await writer.update(8, { body: `${marker(8)}\nupdated` });

    clock += 60_000;
    from = server.requests.length;
    const issues = await tracker().list();
    const asked = listings(from);
    expect(asked).toHaveLength(1);
    // GitHub's clock when the first listing began (its Date header, 09:00), less the 5-minute margin.
    expect(asked[0]?.query.since).toBe('2026-11-02T08:55:00.000Z');
    expect(issues).toHaveLength(251);
    expect(issues.find((i) => i.number === 7)).toMatchObject({ state: 'closed', stateReason: 'not_planned' });
    expect(issues.find((i) => i.number === created.number)?.title).toBe('finding 251');
    expect(issues.find((i) => i.number === 8)?.body).toContain('updated');

    // Once the whole listing is an hour old it is read whole again: what `since` cannot show (a deleted issue) goes.
    clock += 3_600_000;
    from = server.requests.length;
    expect(await tracker().list()).toHaveLength(251);
    expect(listings(from).every((r) => r.query.since === undefined)).toBe(true);
    expect(listings(from)).toHaveLength(3);
  });

  it('forgets the repository when a listing fails, so the next one reads it whole', async () => {
    server.seed('acme', 'compliance-2', { defaultLabels: true, issues: [{ title: 'one', body: marker(1), labels: ['evident'] }] });
    const listing = new IssueListingCache<RestIssue>({ now: () => clock });
    const tracker = () => new GitHubIssueTracker(createGitHubClient({ auth: TOKEN, baseUrl: server.url, writeSpacingMs: 1, retryBaseMs: 1 }), 'acme', 'compliance-2', { listing });
    await tracker().list();
    server.failNext({ method: 'GET', path: /\/repos\/acme\/compliance-2\/issues$/, status: 403 });
    await expect(tracker().list()).rejects.toThrow(/403/);
    const from = server.requests.length;
    expect(await tracker().list()).toHaveLength(1);
    expect(listings(from).map((r) => r.query.since)).toEqual([undefined]);
  });
});
