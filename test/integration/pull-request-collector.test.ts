/**
 * The pull-request collector with the real octokit client against the loopback GitHub: the one
 * GraphQL query and the diff, the files-API fallback past GitHub's diff limits, and completeness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPullRequest } from '../../engine/collectors/github-pull-request.ts';
import { findControl } from '../../engine/controls/index.ts';
import { evaluateControl } from '../../engine/evaluate-control.ts';
import { createGitHubClient } from '../../engine/issues/github-client.ts';
import { fingerprinter } from '../../engine/secrets/fingerprint.ts';
import { sample } from '../../engine/secrets/rules/sample.ts';
import { createScanner } from '../../engine/secrets/scanner.ts';
import type { PullRequestData } from '../../engine/snapshots/github-pull-request.ts';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.ts';

let server: GitHubTestServer;
const keyId = sample('AKIA', 'Z6QRCU2LPKWA7FNY');
const scanner = createScanner({ fingerprint: fingerprinter('collector-test') });
const now = new Date('2026-11-02T12:00:00Z');
const sha = (n: number) => `${'c0ffee'}${String(n).padStart(34, '0')}`;
const file = (i: number, secret = false) => ({
  filename: `src/module-${i}.ts`,
  status: 'added' as const,
  additions: 1,
  deletions: 0,
  patch: `@@ -0,0 +1 @@\n+export const value${i} = ${secret ? `"${keyId}"` : i};`,
});

beforeAll(async () => {
  server = await startGitHubServer({ token: 't' });
  server.seed('acme', 'api', {});
});
afterAll(async () => {
  server.assertHealthy();
  await server.close();
});

const client = () => createGitHubClient({ auth: 't', baseUrl: server.url, writeSpacingMs: 1, retryBaseMs: 5 });
const reads = (from: number) => server.requests.slice(from).map((r) => r.operation);

describe('collectPullRequest', () => {
  it('reads a pull request in one GraphQL query and one diff request, bots named as GitHub webhooks name them', async () => {
    server.seedPullRequest('acme', 'api', {
      number: 1,
      title: 'Bump lodash',
      user: 'dependabot[bot]',
      head: { ref: 'dependabot/npm/lodash', sha: sha(1) },
      commits: [{ sha: sha(1), authors: ['dependabot[bot]'] }],
      reviews: [{ user: 'ben', state: 'APPROVED', commit_id: sha(1), submitted_at: '2026-11-02T09:00:00Z' }],
      files: [file(1)],
    });
    const before = server.requests.length;
    const { snapshot, stats } = await collectPullRequest(client(), { owner: 'acme', repo: 'api', number: 1 }, { scanner, now });
    expect(reads(before)).toEqual(['POST /graphql', 'GET /repos/{owner}/{repo}/pulls/{pull_number}']);
    expect(stats).toEqual({ requests: 2, graphqlPoints: 1 });
    const data = snapshot.data as PullRequestData;
    expect(data.author).toEqual({ login: 'dependabot[bot]', isBot: true });
    expect(data.reviews).toEqual([{ id: expect.any(String), author: { login: 'ben', isBot: false }, state: 'APPROVED', submittedAt: '2026-11-02T09:00:00Z', commitSha: sha(1) }]);
    expect(snapshot.parts).toMatchObject({ pullRequest: { complete: true }, reviews: { complete: true, count: 1 }, commits: { complete: true }, diff: { complete: true } });
  });

  it('falls back to the files API when GitHub will not render the diff, and still finds the secret', async () => {
    const files = Array.from({ length: 350 }, (_, i) => file(i, i === 320));
    server.seedPullRequest('acme', 'api', { number: 2, title: 'SEC-1 generated clients', user: 'ana', head: { ref: 'gen', sha: sha(2) }, files });
    const before = server.requests.length;
    const { snapshot } = await collectPullRequest(client(), { owner: 'acme', repo: 'api', number: 2 }, { scanner, now });
    expect(reads(before)).toEqual(['POST /graphql', 'GET /repos/{owner}/{repo}/pulls/{pull_number}', ...Array(4).fill('GET /repos/{owner}/{repo}/pulls/{pull_number}/files')]);
    const scan = (snapshot.data as PullRequestData).secretScan;
    expect(scan.findings.map((f) => [f.rule, f.file, f.line, f.redacted])).toEqual([['aws-access-key-id', 'src/module-320.ts', 1, 'AKIA…']]);
    expect(evaluateControl(findControl('pr-no-secrets')!, snapshot).status).toBe('fail');
  });

  it('makes the secrets test error, never pass, past GitHub’s 3,000-file listing cap', async () => {
    const files = Array.from({ length: 3005 }, (_, i) => file(i));
    server.seedPullRequest('acme', 'api', { number: 3, title: 'SEC-2 vendor the SDK', user: 'ana', head: { ref: 'vendor', sha: sha(3) }, files });
    const { snapshot } = await collectPullRequest(client(), { owner: 'acme', repo: 'api', number: 3 }, { scanner, now });
    expect(snapshot.parts.diff).toMatchObject({ complete: false, count: 3000, error: 'GitHub lists 3000 of the 3005 changed files' });
    const result = evaluateControl(findControl('pr-no-secrets')!, snapshot);
    expect(result.status).toBe('error');
  });

  it('reads every page of a long review history', async () => {
    const reviews = Array.from({ length: 130 }, (_, i) => ({ user: `reviewer-${i}`, state: 'COMMENTED' as const, submitted_at: '2026-11-02T09:00:00Z', commit_id: sha(4) }));
    server.seedPullRequest('acme', 'api', { number: 4, title: 'SEC-3 big debate', user: 'ana', head: { ref: 'debate', sha: sha(4) }, reviews, files: [file(4)] });
    const before = server.requests.length;
    const { snapshot } = await collectPullRequest(client(), { owner: 'acme', repo: 'api', number: 4 }, { scanner, now });
    expect(reads(before).filter((op) => op === 'POST /graphql')).toHaveLength(2);
    expect(snapshot.parts.reviews).toEqual({ complete: true, count: 130 });
  });
});
