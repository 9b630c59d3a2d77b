/**
 * The GitHub App end to end: the real Probot server on 127.0.0.1 receives deliveries taken from
 * @octokit/webhooks-examples and signed as GitHub signs them; it talks to a loopback GitHub (REST
 * validated against @octokit/openapi, GraphQL against GitHub's schema) and writes evidence.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Probot, ProbotOctokit } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidentApp } from '../../app/index.ts';
import { createWebhookReceiver } from '../../app/webhook-receiver.ts';
import { sample } from '../../engine/secrets/rules/sample.ts';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.ts';
import { deliver, examplePayload } from '../support/webhook-delivery.ts';

const SECRET = 'e2e-webhook-secret-that-is-long-enough';
const APP_ID = 4242;
const INSTALLATION = 77;
const HEAD = 'c0ffee0000000000000000000000000000000001';
const MERGED_HEAD = 'c0ffee0000000000000000000000000000000008';
const keyId = sample('AKIA', 'Z6QRCU2LPKWA7FNY');

let github: GitHubTestServer;
let receiver: Server;
let url: string;
let evidence: string;

/** A pull_request delivery from GitHub's examples, pointed at acme/api#7 and our installation. */
function pullRequestPayload(action: 'opened' | 'synchronize' | 'closed', merged = false, number = merged ? 8 : 7) {
  const payload = examplePayload('pull_request', action) as Record<string, any>;
  payload.installation = { id: INSTALLATION, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNzc=' };
  payload.repository.name = 'api';
  payload.repository.full_name = 'acme/api';
  payload.repository.owner.login = 'acme';
  payload.number = number;
  payload.pull_request.number = number;
  payload.pull_request.head.sha = merged ? MERGED_HEAD : HEAD;
  payload.pull_request.merged = merged;
  payload.pull_request.merged_at = merged ? '2026-11-02T10:00:00Z' : null;
  return payload;
}

function reviewPayload() {
  const payload = examplePayload('pull_request_review', 'submitted') as Record<string, any>;
  payload.installation = { id: INSTALLATION, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNzc=' };
  Object.assign(payload.repository, { name: 'api', full_name: 'acme/api' });
  payload.repository.owner.login = 'acme';
  Object.assign(payload.pull_request, { number: 8, merged_at: '2026-11-02T10:00:00Z' });
  payload.pull_request.head.sha = MERGED_HEAD;
  Object.assign(payload.review, { state: 'approved', submitted_at: '2026-11-02T12:00:00Z', commit_id: MERGED_HEAD });
  return payload;
}

const evidenceFiles = async () => (await readdir(evidence, { recursive: true })).filter((f) => /^\d{4}\//.test(f)).sort();

beforeAll(async () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  github = await startGitHubServer({ app: { id: APP_ID, privateKeyPem } });
  github.seedInstallation({ id: INSTALLATION, account: 'acme', repositories: ['acme/api', 'acme/compliance'] });
  evidence = await mkdtemp(join(tmpdir(), 'evident-app-'));
  github.seedFile(
    'acme',
    'compliance',
    'compliance.yml',
    `version: 1\norganization: acme\nevidence: { store: filesystem, path: ${JSON.stringify(evidence)} }\nsources:\n  github: { org: acme, complianceRepo: compliance }\ncontrols:\n  pr-ticket-linked: { jiraProjects: [SEC] }\n`,
  );
  github.seedPullRequest('acme', 'api', {
    number: 7,
    title: 'SEC-12 rotate the billing credentials',
    body: 'Moves the billing client to the new account.',
    user: 'ana',
    head: { ref: 'sec-12-rotate', sha: HEAD },
    created_at: '2026-11-02T08:00:00Z',
    commits: [{ sha: HEAD, authors: ['ana'], committed_date: '2026-11-02T08:30:00Z' }],
    files: [
      { filename: 'src/billing.ts', status: 'modified', additions: 2, deletions: 1, patch: `@@ -1,2 +1,3 @@\n import { Client } from './client';\n-const key = process.env.KEY;\n+const region = 'eu-west-1';\n+const key = "${keyId}";` },
      { filename: 'docs/diagram.png', status: 'added', additions: 0, deletions: 0 },
    ],
  });

  github.seedPullRequest('acme', 'api', {
    number: 8,
    title: 'SEC-14 move billing to eu-west-1',
    body: 'Region change only.',
    user: 'ana',
    head: { ref: 'sec-14-region', sha: MERGED_HEAD },
    state: 'closed',
    created_at: '2026-11-02T08:00:00Z',
    merged_at: '2026-11-02T10:00:00Z',
    merged_by: 'ana',
    merge_commit_sha: 'aaaaaaa000000000000000000000000000000008',
    commits: [{ sha: MERGED_HEAD, authors: ['ana'], committed_date: '2026-11-02T08:30:00Z' }],
    files: [{ filename: 'src/billing.ts', status: 'modified', additions: 1, deletions: 1, patch: "@@ -1,1 +1,1 @@\n-const region = 'us-east-1';\n+const region = 'eu-west-1';" }],
  });

  process.env.WEBHOOK_SECRET = SECRET;
  const probot = new Probot({
    appId: APP_ID,
    privateKey: privateKeyPem,
    secret: SECRET,
    baseUrl: github.url,
    logLevel: 'fatal',
    // Writes spaced a second apart are for GitHub, not for a loopback server.
    Octokit: ProbotOctokit.defaults((options: Record<string, any>) => ({ ...options, throttle: { ...options.throttle, enabled: false } })),
  });
  // The endpoint app/server.ts runs: deliveries are verified before Probot sees them.
  await probot.load(evidentApp({ dependencies: { env: { EVIDENT_FINGERPRINT_KEY: 'e2e' } } }));
  const endpoint = createWebhookReceiver({ probot, secret: SECRET });
  receiver = createServer((request, response) => void endpoint(request, response, () => response.writeHead(404).end()));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/github/webhooks`;
});

afterAll(async () => {
  github.assertHealthy();
  await new Promise((resolve) => receiver.close(resolve));
  await github.close();
  await rm(evidence, { recursive: true, force: true });
});

describe('the Evident GitHub App', () => {
  it('answers 400 to a forged delivery and calls GitHub not at all', async () => {
    const before = github.requests.length;
    const result = await deliver(url, { event: 'pull_request', payload: pullRequestPayload('opened'), secret: 'not-the-secret' });
    expect(result.status).toBe(400);
    expect(github.requests.length).toBe(before);
  });

  it('puts one failing check run on the head commit, with the secret annotated and never shown', async () => {
    const result = await deliver(url, { event: 'pull_request', payload: pullRequestPayload('opened'), secret: SECRET });
    expect(result.status).toBe(200);
    const [run] = github.checkRuns('acme', 'api');
    expect(run).toMatchObject({ name: 'Evident / change management', head_sha: HEAD, status: 'completed', conclusion: 'failure' });
    expect(run?.output.title).toBe('2 of 3 change-management tests fail: Independent approval, No hardcoded secrets');
    expect(run?.annotations).toEqual([expect.objectContaining({ path: 'src/billing.ts', start_line: 3, annotation_level: 'failure' })]);
    expect(JSON.stringify(github.requests)).not.toContain(keyId.slice(4));

    await deliver(url, { event: 'pull_request', payload: pullRequestPayload('synchronize'), secret: SECRET });
    expect(github.checkRuns('acme', 'api')).toHaveLength(1);
  });

  it('records the merge as evidence and opens one issue per failed test; a redelivery writes nothing new', async () => {
    const merged = pullRequestPayload('closed', true);
    const before = github.requests.length;
    const first = await deliver(url, { event: 'pull_request', payload: merged, secret: SECRET, id: 'delivery-merge-7' });
    expect(first.status).toBe(200);
    const files = await evidenceFiles();
    expect(files.filter((f) => f.includes('change-management'))).toHaveLength(3 + 1);
    const issues = github.issues('acme', 'compliance');
    expect(issues.map((i) => i.title)).toEqual(['CC8.1 pr-approved: acme/api#8 without the required independent approvals (github:acme/api#8)']);

    // Reading the merged pull request costs one GraphQL query and one diff request.
    const reads = github.requests.slice(before).filter((r) => r.repo !== 'compliance' && !r.path.startsWith('/app/'));
    expect(reads.map((r) => r.operation)).toEqual(['POST /graphql', 'GET /repos/{owner}/{repo}/pulls/{pull_number}']);

    const again = await deliver(url, { event: 'pull_request', payload: merged, secret: SECRET, id: 'delivery-merge-7' });
    expect(again.status).toBe(200);
    expect(await evidenceFiles()).toEqual(files);
    expect(github.issues('acme', 'compliance')).toHaveLength(1);
  });

  it('fails the check with every problem of an invalid compliance.yml, never running on silent defaults', async () => {
    github.seedInstallation({ id: 78, account: 'broken', repositories: ['broken/api', 'broken/compliance'] });
    github.seedFile('broken', 'compliance', 'compliance.yml', 'version: 1\norganization: broken\napp: { mode: strict }\n');
    github.seedPullRequest('broken', 'api', { number: 1, title: 'x', user: 'ana', head: { ref: 'x', sha: HEAD }, files: [] });
    const payload = pullRequestPayload('opened', false, 1);
    payload.installation.id = 78;
    Object.assign(payload.repository, { name: 'api', full_name: 'broken/api' });
    payload.repository.owner.login = 'broken';
    expect((await deliver(url, { event: 'pull_request', payload, secret: SECRET })).status).toBe(200);
    const [run] = github.checkRuns('broken', 'api');
    expect(run).toMatchObject({ conclusion: 'failure', output: { title: 'compliance.yml is not valid, so no test ran' } });
    expect(run?.output.summary).toContain('broken/compliance/compliance.yml:3:8  app.mode: expected "enforce" or "advisory", got the string "strict"');
  });

  it('closes the merged-without-approval issue when an approving review of the merged code arrives', async () => {
    github.addReview('acme', 'api', 8, { user: 'ben', state: 'APPROVED', submitted_at: '2026-11-02T12:00:00Z', commit_id: MERGED_HEAD });
    const before = await evidenceFiles();
    const result = await deliver(url, { event: 'pull_request_review', payload: reviewPayload(), secret: SECRET });
    expect(result.status).toBe(200);
    const [issue] = github.issues('acme', 'compliance');
    expect([issue?.state, issue?.state_reason]).toEqual(['closed', 'completed']);
    expect(github.comments('acme', 'compliance', issue!.number).at(-1)?.body).toContain('Passes as of 2026-11-02 12:00 UTC');
    expect((await evidenceFiles()).length).toBe(before.length + 1);
  });
});
