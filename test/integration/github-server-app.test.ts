import { createHash, createHmac, generateKeyPairSync, sign, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeMiddleware, Probot, ProbotOctokit } from 'probot';

type ProbotOctokitOptions = NonNullable<ConstructorParameters<typeof ProbotOctokit>[0]>;
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubServer, type GitHubTestServer, type PullFileSeed } from '../support/github-server.ts';
import { deliver, examplePayload, signWebhook } from '../support/webhook-delivery.ts';

const APP_ID = 424242;
const INSTALLATION_ID = 31_337;
const owner = 'acme';
const repo = 'api';
const HEAD_SHA = 'a'.repeat(40);

let privateKey: string;
let otherKey: string;
let server: GitHubTestServer;
let probot: Probot;
let clock: Date;

const rsaKey = () => generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;

beforeAll(() => {
  // PKCS#1, the format GitHub hands out app keys in.
  privateKey = rsaKey();
  otherKey = rsaKey();
});

beforeEach(async () => {
  clock = new Date('2026-11-02T09:00:00Z');
  server = await startGitHubServer({ app: { id: APP_ID, privateKeyPem: privateKey }, repositories: ['acme/secret'], now: () => clock });
  server.seedInstallation({ id: INSTALLATION_ID, account: owner, repositories: ['acme/api', 'acme/compliance'] });
  probot = newProbot({ throttle: false });
});

/**
 * A Probot for the app. Its default Octokit spaces writes a second apart (plugin-throttling's
 * write limiter), as against github.com; tests that write a lot turn that off.
 */
const newProbot = ({ throttle }: { throttle: boolean }) =>
  new Probot({
    appId: APP_ID,
    privateKey,
    secret: 'webhook-secret',
    baseUrl: server.url,
    logLevel: 'fatal',
    // A function, because Probot passes its own throttle options to the constructor, which a plain default would lose to.
    ...(throttle ? {} : { Octokit: ProbotOctokit.defaults((options: ProbotOctokitOptions) => ({ ...options, throttle: { ...options.throttle, enabled: false } })) }),
  });

afterEach(async () => {
  // Every REST response matched GitHub's schema, and every GraphQL field asked for is implemented.
  expect(server.schemaErrors).toEqual([]);
  expect(server.handlerErrors).toEqual([]);
  await server.close();
});

/** An app JWT signed by hand, to send what @octokit/auth-app never would. */
function jwt(claims: Record<string, unknown>, key = privateKey): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), key).toString('base64url')}`;
}
const seconds = () => Math.floor(Date.now() / 1000);
const validClaims = () => ({ iat: seconds() - 30, exp: seconds() + 540, iss: APP_ID });

async function call(method: string, path: string, credential: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: credential, accept: 'application/vnd.github+json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function installationToken(body?: unknown): Promise<string> {
  const created = await call('POST', `/app/installations/${INSTALLATION_ID}/access_tokens`, `Bearer ${jwt(validClaims())}`, body);
  expect(created.status).toBe(201);
  return String(created.body.token);
}

describe('GitHub App authentication', () => {
  it('lets Probot trade its JWT for an installation token and call REST with it, within the installation', async () => {
    const octokit = await probot.auth(INSTALLATION_ID);
    const { data: issue } = await octokit.rest.issues.create({ owner, repo, title: 'Evident: branch protection off' });
    expect(issue.user).toMatchObject({ login: 'evident[bot]', type: 'Bot' });
    expect((await octokit.rest.issues.listForRepo({ owner, repo: 'compliance' })).data).toEqual([]);
    // A repository the installation does not include does not exist for its token.
    await expect(octokit.rest.issues.listForRepo({ owner, repo: 'secret' })).rejects.toMatchObject({ status: 404 });

    const [exchange, ...calls] = server.requests;
    expect(exchange).toMatchObject({ method: 'POST', operation: 'POST /app/installations/{installation_id}/access_tokens', status: 201 });
    const presented = /^bearer (.+)$/i.exec(String(exchange?.headers.authorization))?.[1] ?? '';
    const claims = JSON.parse(Buffer.from(presented.split('.')[1] ?? '', 'base64url').toString()) as { iss: unknown; exp: number; iat: number };
    expect(String(claims.iss)).toBe(String(APP_ID));
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(600);
    // One token exchange, then every call carries the installation token.
    expect(calls.map((r) => r.operation)).not.toContain('POST /app/installations/{installation_id}/access_tokens');
    expect(calls.every((r) => /^token ghs_[A-Za-z0-9]{36}$/.test(String(r.headers.authorization)))).toBe(true);
    expect(calls.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/repos/acme/api/issues', 201],
      ['GET', '/repos/acme/compliance/issues', 200],
      ['GET', '/repos/acme/secret/issues', 404],
    ]);
  });

  it('answers the token exchange with GitHub’s fields, and GET /app and the installation to the JWT', async () => {
    const credential = `Bearer ${jwt(validClaims())}`;
    const created = await call('POST', `/app/installations/${INSTALLATION_ID}/access_tokens`, credential);
    expect(created).toMatchObject({ status: 201, body: { repository_selection: 'selected', permissions: { checks: 'write', contents: 'read', issues: 'write', metadata: 'read', pull_requests: 'read' } } });
    expect(Date.parse(String(created.body.expires_at)) - Date.now()).toBeGreaterThan(59 * 60_000);
    expect((await call('GET', '/app', credential)).body).toMatchObject({ id: APP_ID, slug: 'evident', html_url: 'https://github.com/apps/evident', installations_count: 1 });
    expect((await call('GET', `/app/installations/${INSTALLATION_ID}`, credential)).body).toMatchObject({
      id: INSTALLATION_ID,
      app_id: APP_ID,
      account: { login: owner, type: 'Organization' },
      repository_selection: 'selected',
    });
    expect((await call('GET', '/repos/acme/compliance/installation', credential)).body).toMatchObject({ id: INSTALLATION_ID });
    expect((await call('GET', '/repos/acme/secret/installation', credential)).status).toBe(404);
    expect((await call('POST', '/app/installations/404/access_tokens', credential)).status).toBe(404);
  });

  it('refuses expired, foreign and badly signed JWTs with GitHub’s 401s', async () => {
    const exchange = (credential: string) => call('POST', `/app/installations/${INSTALLATION_ID}/access_tokens`, credential);
    const now = seconds();
    const refused = (message: string) => ({ status: 401, body: { message, documentation_url: expect.any(String), status: '401' } });
    expect(await exchange(`Bearer ${jwt({ iat: now - 700, exp: now - 100, iss: APP_ID })}`)).toMatchObject(
      refused("'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"),
    );
    expect(await exchange(`Bearer ${jwt({ iat: now, exp: now + 3600, iss: APP_ID })}`)).toMatchObject(refused("'Expiration time' claim ('exp') is too far in the future"));
    expect(await exchange(`Bearer ${jwt({ iat: now + 600, exp: now + 660, iss: APP_ID })}`)).toMatchObject(
      refused("'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"),
    );
    // GitHub answers an app id that does not match the key, and a key that is not the app's, alike.
    expect(await exchange(`Bearer ${jwt({ ...validClaims(), iss: APP_ID + 1 })}`)).toMatchObject(refused('A JSON web token could not be decoded'));
    expect(await exchange(`Bearer ${jwt(validClaims(), otherKey)}`)).toMatchObject(refused('A JSON web token could not be decoded'));
    expect(await exchange('Bearer not-a-jwt')).toMatchObject(refused('A JSON web token could not be decoded'));
    expect(await exchange(`token ${await installationToken()}`)).toMatchObject(refused('A JSON web token could not be decoded'));
    // …and a JWT is not a token for the REST API.
    expect(await call('GET', '/repos/acme/api/issues', `Bearer ${jwt(validClaims())}`)).toMatchObject(refused('Bad credentials'));
    expect(await call('GET', '/repos/acme/api/issues', 'token ghs_unknown')).toMatchObject(refused('Bad credentials'));
  });

  it('narrows a token to the repositories and permissions asked for, and refuses more than the installation has', async () => {
    const readOnly = await installationToken({ repositories: ['api'], permissions: { issues: 'read' } });
    expect((await call('GET', '/repos/acme/api/issues', `token ${readOnly}`)).status).toBe(200);
    expect(await call('POST', '/repos/acme/api/issues', `token ${readOnly}`, { title: 'x' })).toMatchObject({
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
    expect((await call('GET', '/repos/acme/compliance/issues', `token ${readOnly}`)).status).toBe(404);
    const exchange = (body: unknown) => call('POST', `/app/installations/${INSTALLATION_ID}/access_tokens`, `Bearer ${jwt(validClaims())}`, body);
    expect(await exchange({ permissions: { administration: 'write' } })).toMatchObject({ status: 422, body: { message: 'The permissions requested are not granted to this installation.' } });
    expect((await exchange({ repositories: ['secret'] })).status).toBe(422);
    const scoped = await exchange({ repositories: ['compliance'] });
    expect(scoped.body).toMatchObject({ repository_selection: 'selected', repositories: [{ full_name: 'acme/compliance', default_branch: 'main' }] });
  });
});

const SEEDED_FILES: PullFileSeed[] = [
  { filename: 'src/app.ts', status: 'modified', additions: 1, deletions: 1, patch: '@@ -1,2 +1,2 @@\n-const a = 1;\n+const a = 2;\n export { a };' },
  { filename: 'docs/new.md', status: 'added', additions: 2, deletions: 0, patch: '@@ -0,0 +1,2 @@\n+# New\n+text' },
  { filename: 'old.txt', status: 'removed', additions: 0, deletions: 1, patch: '@@ -1 +0,0 @@\n-gone' },
  { filename: 'lib/b.ts', previous_filename: 'lib/a.ts', status: 'renamed', additions: 0, deletions: 0 },
  { filename: 'assets/logo.png', status: 'modified', additions: 0, deletions: 0 },
];

function seedPull(files = SEEDED_FILES) {
  return server.seedPullRequest(owner, repo, {
    number: 7,
    title: 'Rotate the signing key',
    body: 'Closes #3',
    user: 'mona',
    head: { ref: 'rotate-key', sha: HEAD_SHA },
    base: { ref: 'main' },
    labels: ['security'],
    files,
    reviews: [
      { id: 11, user: 'hubot', state: 'CHANGES_REQUESTED', submitted_at: '2026-11-01T10:00:00Z', author_association: 'MEMBER' },
      { id: 12, user: 'hubot', state: 'APPROVED', submitted_at: '2026-11-01T11:00:00Z', author_association: 'MEMBER' },
    ],
    commits: [
      { sha: 'c'.repeat(40), authors: ['mona', 'octocat'], committed_date: '2026-11-01T09:00:00Z' },
      { sha: HEAD_SHA, author: 'renovate[bot]', committed_date: '2026-11-01T09:30:00Z' },
    ],
    closing_issues: [{ owner, repo, number: 3, state: 'open' }],
    created_at: '2026-11-01T08:00:00Z',
  });
}

describe('pull requests', () => {
  it('serves the pull request as JSON and as the diff GitHub builds from its files', async () => {
    const octokit = await probot.auth(INSTALLATION_ID);
    seedPull();
    const { data: pull } = await octokit.rest.pulls.get({ owner, repo, pull_number: 7 });
    expect(pull).toMatchObject({
      number: 7,
      state: 'open',
      merged: false,
      draft: false,
      user: { login: 'mona' },
      head: { ref: 'rotate-key', sha: HEAD_SHA, label: 'acme:rotate-key', repo: { full_name: 'acme/api' } },
      base: { ref: 'main' },
      labels: [{ name: 'security' }],
      commits: 2,
      additions: 3,
      deletions: 2,
      changed_files: 5,
      diff_url: 'https://github.com/acme/api/pull/7.diff',
    });

    const { data: files } = await octokit.rest.pulls.listFiles({ owner, repo, pull_number: 7 });
    expect(files.map((f) => [f.filename, f.status, f.changes, f.patch !== undefined])).toEqual([
      ['src/app.ts', 'modified', 2, true],
      ['docs/new.md', 'added', 2, true],
      ['old.txt', 'removed', 1, true],
      ['lib/b.ts', 'renamed', 0, false],
      ['assets/logo.png', 'modified', 0, false],
    ]);
    expect(files[3]?.previous_filename).toBe('lib/a.ts');

    for (const accept of ['application/vnd.github.diff', 'application/vnd.github.v3.diff']) {
      const response = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner, repo, pull_number: 7, headers: { accept } });
      expect(response.headers['content-type']).toBe(`${accept}; charset=utf-8`);
      const diff = String(response.data);
      const blob = (name: string) => files.find((f) => f.filename === name)?.sha?.slice(0, 7);
      // The index lines carry abbreviated blob ids: zeros for the side that does not exist.
      expect(diff.replace(/^index [0-9a-f]{7}\.\.[0-9a-f]{7}( 100644)?$/gm, 'index <base>..<head>$1')).toBe(
        [
          'diff --git a/src/app.ts b/src/app.ts',
          'index <base>..<head> 100644',
          '--- a/src/app.ts',
          '+++ b/src/app.ts',
          '@@ -1,2 +1,2 @@',
          '-const a = 1;',
          '+const a = 2;',
          ' export { a };',
          'diff --git a/docs/new.md b/docs/new.md',
          'new file mode 100644',
          'index <base>..<head>',
          '--- /dev/null',
          '+++ b/docs/new.md',
          '@@ -0,0 +1,2 @@',
          '+# New',
          '+text',
          'diff --git a/old.txt b/old.txt',
          'deleted file mode 100644',
          'index <base>..<head>',
          '--- a/old.txt',
          '+++ /dev/null',
          '@@ -1 +0,0 @@',
          '-gone',
          'diff --git a/lib/a.ts b/lib/b.ts',
          'similarity index 100%',
          'rename from lib/a.ts',
          'rename to lib/b.ts',
          'diff --git a/assets/logo.png b/assets/logo.png',
          'index <base>..<head> 100644',
          'Binary files a/assets/logo.png and b/assets/logo.png differ',
          '',
        ].join('\n'),
      );
      expect(diff).toContain(`new file mode 100644\nindex 0000000..${blob('docs/new.md')}\n`);
      expect(diff).toMatch(/deleted file mode 100644\nindex [0-9a-f]{7}\.\.0000000\n/);
    }
  });

  it('refuses the diff with GitHub’s 406 past 300 files or 20,000 lines, while the files API still answers', async () => {
    const octokit = await probot.auth(INSTALLATION_ID);
    const file = (i: number, lines = 1): PullFileSeed => ({
      filename: `f${i}.txt`,
      status: 'added',
      additions: lines,
      deletions: 0,
      patch: `@@ -0,0 +1,${lines} @@\n${Array.from({ length: lines }, (_, l) => `+line ${l}`).join('\n')}`,
    });
    seedPull(Array.from({ length: 301 }, (_, i) => file(i)));
    const tooManyFiles = {
      status: 406,
      response: {
        data: {
          message: "Sorry, the diff exceeded the maximum number of files (300). Consider using 'List pull requests files' API or locally cloning the repository instead.",
          errors: [{ resource: 'PullRequest', field: 'diff', code: 'too_large' }],
          documentation_url: 'https://docs.github.com/rest/pulls/pulls#list-pull-requests-files',
          status: '406',
        },
      },
    };
    // plugin-retry retries a 406 as it would any status it does not know to be final; once is enough here.
    const once = { request: { retries: 0 } };
    await expect(octokit.rest.pulls.get({ owner, repo, pull_number: 7, mediaType: { format: 'diff' }, ...once })).rejects.toMatchObject(tooManyFiles);
    expect(await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: 7, per_page: 100 })).toHaveLength(301);

    server.seedPullRequest(owner, repo, { number: 8, title: 'Big', head: { ref: 'big', sha: 'b'.repeat(40) }, files: [file(0, 12_000), file(1, 8_000)] });
    await expect(octokit.rest.pulls.get({ owner, repo, pull_number: 8, mediaType: { format: 'diff' }, ...once })).rejects.toMatchObject({
      status: 406,
      response: { data: { message: expect.stringContaining('the diff exceeded the maximum number of lines (20000)') } },
    });
    // Exactly at the limit still diffs: 2 files × 5 header lines + 2 hunk headers + 19,988 added lines = 20,000.
    server.seedPullRequest(owner, repo, { number: 9, title: 'Limit', head: { ref: 'limit', sha: 'd'.repeat(40) }, files: [file(0, 10_000), file(1, 9_988)] });
    const { data: diff } = await octokit.rest.pulls.get({ owner, repo, pull_number: 9, mediaType: { format: 'diff' } });
    expect(String(diff).split('\n')).toHaveLength(20_001);
  });

  it('lists files 100 a page and never past GitHub’s 3,000', async () => {
    const octokit = await probot.auth(INSTALLATION_ID);
    seedPull(Array.from({ length: 3_050 }, (_, i) => ({ filename: `gen/${i}.json`, status: 'added', additions: 1, deletions: 0, patch: '@@ -0,0 +1 @@\n+{}' })));
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: 7, per_page: 100 });
    expect(files).toHaveLength(3_000);
    expect(files.at(-1)?.filename).toBe('gen/2999.json');
    const pages = server.requests.filter((r) => r.operation === 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files');
    expect(pages).toHaveLength(30);
    const { data: pull } = await octokit.rest.pulls.get({ owner, repo, pull_number: 7 });
    expect(pull.changed_files).toBe(3_050);
  });

  it('is an issue too, as on GitHub: fetched, listed and commented on through the issues API', async () => {
    const octokit = await probot.auth(INSTALLATION_ID);
    server.seed(owner, repo, { issues: [{ title: 'Rotate keys', labels: ['security'] }] });
    seedPull();
    const { data: asIssue } = await octokit.rest.issues.get({ owner, repo, issue_number: 7 });
    expect(asIssue).toMatchObject({
      number: 7,
      title: 'Rotate the signing key',
      html_url: 'https://github.com/acme/api/pull/7',
      pull_request: { url: `${server.url}/repos/acme/api/pulls/7`, diff_url: 'https://github.com/acme/api/pull/7.diff', merged_at: null },
    });
    const { data: listed } = await octokit.rest.issues.listForRepo({ owner, repo, labels: 'security' });
    // Newest first: the issue was opened today, the pull request yesterday.
    expect(listed.map((i) => [i.number, i.pull_request !== undefined])).toEqual([
      [1, false],
      [7, true],
    ]);
    clock = new Date('2026-11-02T10:00:00Z');
    const { data: comment } = await octokit.rest.issues.createComment({ owner, repo, issue_number: 7, body: 'Evident: 1 of 1 approvals' });
    expect(comment.html_url).toBe(`https://github.com/acme/api/pull/7#issuecomment-${comment.id}`);
    expect(server.comments(owner, repo, 7).map((c) => c.body)).toEqual(['Evident: 1 of 1 approvals']);
    const { data: pull } = await octokit.rest.pulls.get({ owner, repo, pull_number: 7 });
    expect(pull.updated_at).toBe('2026-11-02T10:00:00Z');
    // The issue list of the server holds issues only.
    expect(server.issues(owner, repo).map((i) => i.number)).toEqual([1]);
  });

  it('lists submitted reviews and adds one later', async () => {
    const octokit = await probot.auth(INSTALLATION_ID);
    seedPull();
    server.addReview(owner, repo, 7, { user: 'octocat', state: 'COMMENTED', body: 'nit' });
    server.addReview(owner, repo, 7, { user: 'lurker', state: 'PENDING' });
    const { data: reviews } = await octokit.rest.pulls.listReviews({ owner, repo, pull_number: 7 });
    expect(reviews.map((r) => [r.id, r.user?.login, r.state, r.submitted_at])).toEqual([
      [11, 'hubot', 'CHANGES_REQUESTED', '2026-11-01T10:00:00Z'],
      [12, 'hubot', 'APPROVED', '2026-11-01T11:00:00Z'],
      [expect.any(Number), 'octocat', 'COMMENTED', '2026-11-02T09:00:00Z'],
    ]);
  });
});

const PULL_QUERY = /* GraphQL */ `
  query ($owner: String!, $name: String!, $number: Int!, $reviewsAfter: String) {
    repository(owner: $owner, name: $name) {
      pullRequest(number: $number) {
        id number title body url state isDraft createdAt mergedAt merged
        mergedBy { login }
        mergeCommit { oid committedDate }
        author { __typename login }
        headRefName baseRefName headRefOid changedFiles additions deletions
        labels(first: 10) { nodes { name } }
        reviews(first: 100, after: $reviewsAfter) {
          totalCount
          pageInfo { hasNextPage endCursor }
          nodes { id state submittedAt author { __typename login } commit { oid } authorAssociation }
        }
        commits(first: 100) {
          totalCount
          pageInfo { hasNextPage endCursor }
          nodes { commit { oid committedDate pushedDate authors(first: 5) { nodes { user { login } } } } }
        }
        closingIssuesReferences(first: 10) { totalCount nodes { number state repository { nameWithOwner } } }
      }
      issue(number: 3) { number state }
    }
    rateLimit { cost remaining resetAt }
  }
`;

describe('GraphQL', () => {
  it('answers a valid query from the seeded pull request, and records it', async () => {
    const octokit = await probot.auth(INSTALLATION_ID);
    server.seed(owner, repo, { issues: [{ title: 'one' }, { title: 'two' }, { title: 'Rotate keys', state: 'closed' }] });
    server.seedPullRequest(owner, repo, {
      number: 4,
      title: 'Merged change',
      user: 'dependabot[bot]',
      head: { ref: 'deps', sha: 'e'.repeat(40) },
      merged_at: '2026-11-01T12:00:00Z',
      merged_by: 'mona',
      merge_commit_sha: 'f'.repeat(40),
    });
    seedPull();
    const variables = { owner, name: repo, number: 7 };
    const data = await octokit.graphql<{ repository: { pullRequest: Record<string, unknown>; issue: unknown }; rateLimit: { cost: number; remaining: number } }>(PULL_QUERY, variables);
    expect(data.repository.pullRequest).toMatchObject({
      number: 7,
      title: 'Rotate the signing key',
      body: 'Closes #3',
      url: 'https://github.com/acme/api/pull/7',
      state: 'OPEN',
      isDraft: false,
      createdAt: '2026-11-01T08:00:00Z',
      mergedAt: null,
      merged: false,
      mergedBy: null,
      mergeCommit: null,
      author: { __typename: 'User', login: 'mona' },
      headRefName: 'rotate-key',
      baseRefName: 'main',
      headRefOid: HEAD_SHA,
      changedFiles: 5,
      additions: 3,
      deletions: 2,
      labels: { nodes: [{ name: 'security' }] },
      reviews: {
        totalCount: 2,
        pageInfo: { hasNextPage: false },
        nodes: [
          { state: 'CHANGES_REQUESTED', submittedAt: '2026-11-01T10:00:00Z', author: { __typename: 'User', login: 'hubot' }, commit: { oid: HEAD_SHA }, authorAssociation: 'MEMBER' },
          { state: 'APPROVED', submittedAt: '2026-11-01T11:00:00Z' },
        ],
      },
      commits: {
        totalCount: 2,
        nodes: [
          { commit: { oid: 'c'.repeat(40), committedDate: '2026-11-01T09:00:00Z', pushedDate: null, authors: { nodes: [{ user: { login: 'mona' } }, { user: { login: 'octocat' } }] } } },
          // A bot's commits have no User behind them.
          { commit: { oid: HEAD_SHA, authors: { nodes: [{ user: null }] } } },
        ],
      },
      // Live: the server holds acme/api#3, closed since the pull request was seeded.
      closingIssuesReferences: { totalCount: 1, nodes: [{ number: 3, state: 'CLOSED', repository: { nameWithOwner: 'acme/api' } }] },
    });
    expect(data.repository.issue).toEqual({ number: 3, state: 'CLOSED' });
    expect(data.rateLimit).toMatchObject({ cost: 1, remaining: 4999 });

    const merged = await octokit.graphql<{ repository: { pullRequest: Record<string, unknown> } }>(PULL_QUERY, { ...variables, number: 4 });
    expect(merged.repository.pullRequest).toMatchObject({
      state: 'MERGED',
      merged: true,
      mergedBy: { login: 'mona' },
      mergeCommit: { oid: 'f'.repeat(40), committedDate: '2026-11-01T12:00:00Z' },
      // GraphQL names a bot without the [bot] of its REST login.
      author: { __typename: 'Bot', login: 'dependabot' },
    });

    const recorded = server.requests.filter((r) => r.operation === 'POST /graphql');
    expect(recorded).toHaveLength(2);
    expect(recorded[0]?.body).toEqual({ query: PULL_QUERY, variables });
    expect(recorded[1]).toMatchObject({ status: 200, headers: { authorization: expect.stringMatching(/^token ghs_/) } });
  });

  it('pages reviews with first and after, as GitHub’s cursors do', async () => {
    const octokit = await probot.auth(INSTALLATION_ID);
    server.seed(owner, repo, { issues: [{ title: 'one' }, { title: 'two' }, { title: 'Rotate keys' }] });
    seedPull();
    for (let i = 0; i < 228; i += 1) server.addReview(owner, repo, 7, { user: `reviewer-${i}`, state: 'COMMENTED', submitted_at: new Date(Date.UTC(2026, 10, 2, 0, i)) });
    type Page = { repository: { pullRequest: { reviews: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { author: { login: string } }[] } } } };
    const logins: string[] = [];
    let after: string | null = null;
    let remaining = 0;
    for (;;) {
      const page: Page & { rateLimit: { remaining: number } } = await octokit.graphql(PULL_QUERY, { owner, name: repo, number: 7, reviewsAfter: after });
      const reviews = page.repository.pullRequest.reviews;
      expect(reviews.totalCount).toBe(230);
      logins.push(...reviews.nodes.map((n) => n.author.login));
      remaining = page.rateLimit.remaining;
      if (!reviews.pageInfo.hasNextPage) break;
      after = reviews.pageInfo.endCursor;
    }
    expect(logins).toHaveLength(230);
    expect(new Set(logins).size).toBe(230 - 1);
    expect(logins.at(-1)).toBe('reviewer-227');
    expect(remaining).toBe(4997);
    const last = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { authorization: `token ${await installationToken()}` }, body: '{"query":"{ rateLimit { remaining } }"}' });
    expect(last.headers.get('x-ratelimit-resource')).toBe('graphql');
    expect(last.headers.get('x-ratelimit-remaining')).toBe('4996');
  });

  it('answers invalid queries, missing data and excessive pages as GitHub does', async () => {
    const octokit = await probot.auth(INSTALLATION_ID);
    seedPull();
    const token = await installationToken();
    const post = async (query: string, variables?: Record<string, unknown>) => {
      const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { authorization: `token ${token}` }, body: JSON.stringify({ query, variables }) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await post('query { repository(owner: "acme", name: "api") { pullRequest(number: 7) { title reviewCount } } }')).toEqual({
      status: 200,
      body: {
        errors: [
          {
            path: ['query', 'repository', 'pullRequest', 'reviewCount'],
            extensions: { code: 'undefinedField', typeName: 'PullRequest', fieldName: 'reviewCount' },
            locations: [{ line: 1, column: 81 }],
            message: "Field 'reviewCount' doesn't exist on type 'PullRequest'",
          },
        ],
      },
    });
    expect(await post('query Q { repository(owner: "acme", name: "api") { pullRequest { title } } }')).toMatchObject({
      body: { errors: [{ path: ['query Q', 'repository', 'pullRequest'], message: "Field 'pullRequest' is missing required arguments: number" }] },
    });
    expect(await post('query { repository(owner: "acme", name: "api") { pullRequest(number: 999) { title } } }')).toEqual({
      status: 200,
      body: {
        data: { repository: { pullRequest: null } },
        errors: [{ type: 'NOT_FOUND', path: ['repository', 'pullRequest'], locations: [{ line: 1, column: 50 }], message: 'Could not resolve to a PullRequest with the number of 999.' }],
      },
    });
    // Outside the installation, a repository is not there at all.
    expect((await post('{ repository(owner: "acme", name: "secret") { name } }')).body).toMatchObject({
      data: { repository: null },
      errors: [{ type: 'NOT_FOUND', message: "Could not resolve to a Repository with the name 'acme/secret'." }],
    });
    expect((await post('{ repository(owner: "acme", name: "api") { pullRequest(number: 7) { reviews(first: 101) { totalCount } } } }')).body).toMatchObject({
      errors: [{ type: 'EXCESSIVE_PAGINATION', message: 'Requesting 101 records on the `reviews` connection exceeds the `first` limit of 100 records.' }],
    });
    expect((await post('{ repository(owner: "acme", name: "api") { pullRequest(number: 7) { reviews { totalCount } } } }')).body).toMatchObject({
      errors: [{ type: 'MISSING_PAGINATION_BOUNDARIES' }],
    });
    expect((await post('query ($n: Int!) { repository(owner: "acme", name: "api") { pullRequest(number: $n) { title } } }')).body).toMatchObject({
      errors: [{ message: 'Variable $n of type Int! was provided invalid value' }],
    });
    // @octokit/graphql turns `errors` into a GraphqlResponseError that keeps the partial data.
    await expect(octokit.graphql('{ repository(owner: "acme", name: "api") { pullRequest(number: 999) { title } } }')).rejects.toMatchObject({
      name: 'GraphqlResponseError',
      data: { repository: { pullRequest: null } },
      errors: [{ type: 'NOT_FOUND' }],
    });
    expect(await fetch(`${server.url}/graphql`, { method: 'POST', body: '{"query":"{ viewer { login } }"}' }).then((r) => r.json())).toMatchObject({
      message: 'This endpoint requires you to be authenticated.',
    });
  });

  it('reports a field the test server does not implement as a handler error, not a silent null', async () => {
    const octokit = await probot.auth(INSTALLATION_ID);
    seedPull();
    const answer = await octokit.graphql('{ repository(owner: "acme", name: "api") { pullRequest(number: 7) { title milestone { title } } } }').catch((e: unknown) => e);
    expect(answer).toMatchObject({ errors: [{ message: expect.stringContaining('PullRequest.milestone is not implemented') }] });
    expect(() => server.assertHealthy()).toThrow(/PullRequest\.milestone is not implemented/);
    server.handlerErrors.length = 0;
  });
});

describe('check runs', () => {
  it('creates, updates with annotations accumulated across requests, and lists by name for the commit', async () => {
    const octokit = await probot.auth(INSTALLATION_ID);
    seedPull();
    const annotation = (i: number) => ({ path: `src/${i}.ts`, start_line: i + 1, end_line: i + 1, annotation_level: 'failure' as const, message: `finding ${i}` });
    const { data: run } = await octokit.rest.checks.create({ owner, repo, name: 'Evident', head_sha: HEAD_SHA, status: 'in_progress', output: { title: 'Checking', summary: 'Running' } });
    expect(run).toMatchObject({ status: 'in_progress', conclusion: null, started_at: '2026-11-02T09:00:00Z', app: { id: APP_ID, slug: 'evident' }, pull_requests: [{ number: 7 }] });

    clock = new Date('2026-11-02T09:01:00Z');
    await octokit.rest.checks.update({
      owner,
      repo,
      check_run_id: run.id,
      output: { title: '50 findings', summary: 'first batch', annotations: Array.from({ length: 50 }, (_, i) => annotation(i)) },
    });
    const { data: done } = await octokit.rest.checks.update({
      owner,
      repo,
      check_run_id: run.id,
      conclusion: 'failure',
      output: { title: '60 findings', summary: 'second batch', text: 'details', annotations: Array.from({ length: 10 }, (_, i) => annotation(50 + i)) },
    });
    expect(done).toMatchObject({ status: 'completed', conclusion: 'failure', completed_at: '2026-11-02T09:01:00Z', output: { title: '60 findings', summary: 'second batch', text: 'details', annotations_count: 60 } });
    await expect(
      octokit.rest.checks.update({ owner, repo, check_run_id: run.id, output: { summary: 'too many', annotations: Array.from({ length: 51 }, (_, i) => annotation(i)) } }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(octokit.rest.checks.create({ owner, repo, name: 'Other', head_sha: HEAD_SHA, status: 'completed' })).rejects.toMatchObject({ status: 422 });
    await expect(
      octokit.rest.checks.create({ owner, repo, name: 'Other', head_sha: HEAD_SHA, conclusion: 'success', output: { title: 't', summary: 's', annotations: [{ ...annotation(0), end_line: 3, start_column: 1 }] } }),
    ).rejects.toMatchObject({ status: 422 });
    await octokit.rest.checks.create({ owner, repo, name: 'Other', head_sha: HEAD_SHA, conclusion: 'success' });

    const [stored] = server.checkRuns(owner, repo);
    expect(stored?.annotations).toHaveLength(60);
    expect(stored?.annotations[59]).toEqual(annotation(59));
    const { data: byName } = await octokit.rest.checks.listForRef({ owner, repo, ref: HEAD_SHA, check_name: 'Evident' });
    expect(byName.total_count).toBe(1);
    expect(byName.check_runs.map((r) => [r.id, r.conclusion])).toEqual([[run.id, 'failure']]);
    const { data: all } = await octokit.rest.checks.listForRef({ owner, repo, ref: 'rotate-key' });
    expect(all.check_runs.map((r) => r.name).sort()).toEqual(['Evident', 'Other']);
    const annotations = await octokit.paginate(octokit.rest.checks.listAnnotations, { owner, repo, check_run_id: run.id, per_page: 50 });
    expect(annotations).toHaveLength(60);
  });

  it('accepts check runs only from an app with checks: write', async () => {
    const noChecks = await installationToken({ permissions: { issues: 'write' } });
    expect(await call('POST', '/repos/acme/api/check-runs', `token ${noChecks}`, { name: 'x', head_sha: HEAD_SHA })).toMatchObject({
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
    const userServer = await startGitHubServer({ repositories: ['acme/api'], actor: { login: 'mona', id: 1, type: 'User', authorAssociation: 'MEMBER' } });
    try {
      const response = await fetch(`${userServer.url}/repos/acme/api/check-runs`, { method: 'POST', body: JSON.stringify({ name: 'x', head_sha: HEAD_SHA }) });
      expect(response.status).toBe(403);
      expect(userServer.schemaErrors).toEqual([]);
    } finally {
      await userServer.close();
    }
  });
});

describe('contents', () => {
  it('reads files from the default branch or a ref, as base64 JSON, raw, or a directory listing', async () => {
    const octokit = await probot.auth(INSTALLATION_ID);
    seedPull();
    server.seedFile(owner, repo, '.github/evident.yml', 'controls:\n  mfa: required\n');
    server.seedFile(owner, repo, '.github/CODEOWNERS', '* @acme/security\n');
    server.seedFile(owner, repo, '.github/evident.yml', 'controls:\n  mfa: optional\n', { ref: 'rotate-key' });

    const { data: file } = await octokit.rest.repos.getContent({ owner, repo, path: '.github/evident.yml' });
    if (Array.isArray(file) || file.type !== 'file') throw new Error('expected a file');
    expect(Buffer.from(file.content, 'base64').toString()).toBe('controls:\n  mfa: required\n');
    // The blob id git itself computes: sha1("blob <size>\0<content>").
    expect(file.sha).toBe(createHash('sha1').update('blob 26\0controls:\n  mfa: required\n').digest('hex'));
    expect(file).toMatchObject({ encoding: 'base64', size: 26, name: 'evident.yml', path: '.github/evident.yml' });

    const atHead = await octokit.rest.repos.getContent({ owner, repo, path: '.github/evident.yml', ref: HEAD_SHA, mediaType: { format: 'raw' } });
    expect(atHead.data).toBe('controls:\n  mfa: optional\n');
    // What Probot's context.config() reads.
    const probotConfig = await octokit.config.get({ owner, repo, path: '.github/evident.yml' });
    expect(probotConfig.config).toEqual({ controls: { mfa: 'required' } });

    const { data: listing } = await octokit.rest.repos.getContent({ owner, repo, path: '.github' });
    expect(Array.isArray(listing) && listing.map((e) => [e.name, e.type])).toEqual([
      ['CODEOWNERS', 'file'],
      ['evident.yml', 'file'],
    ]);
    await expect(octokit.rest.repos.getContent({ owner, repo, path: 'missing.yml' })).rejects.toMatchObject({ status: 404 });
    await expect(octokit.rest.repos.getContent({ owner, repo, path: '.github/evident.yml', ref: 'no-such-branch' })).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'No commit found for the ref no-such-branch' } },
    });
    const { data: repository } = await octokit.rest.repos.get({ owner, repo });
    expect(repository).toMatchObject({ full_name: 'acme/api', default_branch: 'main', private: true, owner: { login: owner, type: 'Organization' } });
  });
});

describe('webhook deliveries', () => {
  let receiver: Server;
  let received: { headers: Record<string, string | string[] | undefined>; body: Buffer }[];

  beforeEach(async () => {
    received = [];
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        received.push({ headers: request.headers, body });
        // The check @octokit/webhooks-methods makes: HMAC of the exact bytes, compared in constant time.
        const expected = Buffer.from(`sha256=${createHmac('sha256', 'webhook-secret').update(body).digest('hex')}`);
        const presented = Buffer.from(String(request.headers['x-hub-signature-256'] ?? ''));
        const valid = presented.length === expected.length && timingSafeEqual(presented, expected);
        response.writeHead(valid ? 202 : 401).end(valid ? 'accepted' : 'bad signature');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('signs the exact body as GitHub does and sends Hookshot’s headers', async () => {
    const target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
    const payload = examplePayload('pull_request', 'opened');
    const delivered = await deliver(target, { event: 'pull_request', payload, secret: 'webhook-secret' });
    expect(delivered).toMatchObject({ status: 202, body: 'accepted' });
    const [request] = received;
    expect(request?.headers).toMatchObject({
      'x-github-event': 'pull_request',
      'x-github-delivery': delivered.id,
      'content-type': 'application/json',
      'user-agent': expect.stringMatching(/^GitHub-Hookshot\//),
      'x-hub-signature-256': signWebhook(request?.body.toString() ?? '', 'webhook-secret'),
    });
    expect(delivered.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.parse(request?.body.toString() ?? '')).toEqual(payload);
    // The documented test vector (https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation).
    expect(signWebhook('Hello, World!', "It's a Secret to Everybody")).toBe('sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');

    expect((await deliver(target, { event: 'ping', payload: { zen: 'Keep it logically awesome.' }, secret: 'wrong' })).status).toBe(401);
  });

  it('hands out deep copies of the examples, preferring one an app installation received', () => {
    const first = examplePayload('pull_request', 'opened');
    expect(first.installation?.id).toBe(1);
    first.pull_request.title = 'changed';
    expect(examplePayload('pull_request', 'opened').pull_request.title).not.toBe('changed');
    expect(() => examplePayload('pull_request', 'exploded')).toThrow(/examples have: .*opened/);
  });
});

describe('a Probot app end to end', () => {
  it('receives a signed pull_request delivery, reads its config, queries GraphQL and completes a check run', async () => {
    server.seedFile(owner, repo, '.github/evident.yml', 'required_approvals: 1\n');
    seedPull();
    const app = (robot: Probot) => {
      robot.on('pull_request.opened', async (context) => {
        const config = (await context.config<{ required_approvals: number }>('evident.yml')) ?? { required_approvals: 2 };
        const { repository } = await context.octokit.graphql<{ repository: { pullRequest: { reviews: { nodes: { state: string }[] } } } }>(
          'query ($owner: String!, $name: String!, $number: Int!) { repository(owner: $owner, name: $name) { pullRequest(number: $number) { reviews(first: 100) { nodes { state } } } } }',
          { owner: context.payload.repository.owner.login, name: context.payload.repository.name, number: context.payload.pull_request.number },
        );
        const approvals = repository.pullRequest.reviews.nodes.filter((r) => r.state === 'APPROVED').length;
        await context.octokit.rest.checks.create(
          context.repo({
            name: 'Evident: review',
            head_sha: context.payload.pull_request.head.sha,
            conclusion: approvals >= config.required_approvals ? 'success' : 'failure',
            output: { title: `${approvals} of ${config.required_approvals} approvals`, summary: 'Change management (CC8.1)' },
          }),
        );
      });
    };
    // Probot exactly as an app runs it, with its default Octokit.
    const middleware = await createNodeMiddleware(app, { probot: newProbot({ throttle: true }) });
    const webhooks = createServer((request, response) => void middleware(request, response));
    await new Promise<void>((resolve) => webhooks.listen(0, '127.0.0.1', resolve));
    try {
      const payload = examplePayload('pull_request', 'opened');
      payload.installation = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMzEzMzc=' };
      payload.repository.name = repo;
      payload.repository.full_name = `${owner}/${repo}`;
      payload.repository.owner.login = owner;
      payload.number = 7;
      payload.pull_request.number = 7;
      payload.pull_request.head.sha = HEAD_SHA;
      const url = `http://127.0.0.1:${(webhooks.address() as AddressInfo).port}/api/github/webhooks`;
      expect((await deliver(url, { event: 'pull_request', payload, secret: 'wrong-secret' })).status).toBe(400);
      const delivered = await deliver(url, { event: 'pull_request', payload, secret: 'webhook-secret' });
      expect(delivered.status).toBe(200);
    } finally {
      webhooks.closeAllConnections();
      await new Promise<void>((resolve) => webhooks.close(() => resolve()));
    }
    expect(server.checkRuns(owner, repo).map((r) => [r.name, r.head_sha, r.conclusion, r.output.title])).toEqual([['Evident: review', HEAD_SHA, 'success', '1 of 1 approvals']]);
    expect(server.requests.map((r) => r.operation)).toEqual([
      'POST /app/installations/{installation_id}/access_tokens',
      'GET /repos/{owner}/{repo}/contents/{path}',
      'POST /graphql',
      'POST /repos/{owner}/{repo}/check-runs',
    ]);
  });
});
