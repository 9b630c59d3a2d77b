import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkResponse } from '../support/github-server-schema.ts';
import { GITHUB_ACTIONS_BOT, startGitHubServer, type GitHubTestServer } from '../support/github-server.ts';

const PaginatingOctokit = Octokit.plugin(paginateRest);
const owner = 'acme';
const repo = 'payments';
const TOKEN = 'ghs_evidenttesttoken';

let server: GitHubTestServer;
let octokit: InstanceType<typeof PaginatingOctokit>;
let clock: Date;
const tick = (seconds: number) => {
  clock = new Date(clock.getTime() + seconds * 1000);
};

beforeEach(async () => {
  clock = new Date('2026-11-02T09:00:00Z');
  server = await startGitHubServer({ token: TOKEN, repositories: [`${owner}/${repo}`], now: () => clock });
  octokit = new PaginatingOctokit({ baseUrl: server.url, auth: TOKEN });
});

afterEach(async () => {
  // Every response of every test was checked against GitHub's own schema.
  expect(server.schemaErrors).toEqual([]);
  expect(server.handlerErrors).toEqual([]);
  await server.close();
});

const writes = () => server.requests.filter((r) => r.method !== 'GET');

describe('issues: create, then list by label across pages', () => {
  it('lists 250 labelled issues in 3 pages whose Link headers are the ones GitHub sends', async () => {
    const base = Date.parse('2026-10-01T00:00:00Z');
    server.seed(owner, repo, {
      issues: [
        ...Array.from({ length: 247 }, (_, i) => ({
          title: `seeded finding ${i + 1}`,
          labels: ['evident'],
          created_at: new Date(base + i * 60_000),
          ...(i % 5 === 0 ? { state: 'closed' as const, state_reason: 'completed' as const } : {}),
        })),
        ...Array.from({ length: 20 }, (_, i) => ({ title: `unrelated ${i}`, labels: ['bug'], created_at: new Date(base + i * 60_000) })),
      ],
    });
    const created = [];
    for (const control of ['mfa', 'branch-protection', 'secret-scanning']) {
      tick(1);
      const response = await octokit.request('POST /repos/{owner}/{repo}/issues', {
        owner,
        repo,
        title: `Evident: ${control} failing`,
        body: `<!-- evident:${control} -->`,
        labels: ['evident', 'evident:control'],
      });
      expect(response.status).toBe(201);
      expect(response.headers.location).toBe(response.data.url);
      created.push(response.data);
    }
    expect(created.map((i) => i.number)).toEqual([268, 269, 270]);
    expect(created[0]).toMatchObject({
      url: `${server.url}/repos/${owner}/${repo}/issues/268`,
      html_url: `https://github.com/${owner}/${repo}/issues/268`,
      state: 'open',
      state_reason: null,
      locked: false,
      comments: 0,
      closed_at: null,
      created_at: '2026-11-02T09:00:01Z',
      user: { login: 'github-actions[bot]', type: 'Bot' },
      author_association: 'NONE',
      labels: [{ name: 'evident' }, { name: 'evident:control', color: 'ededed', default: false, description: null }],
    });
    expect(created[0]?.id).not.toBe(created[0]?.number);
    // GitHub creates the label an issue names but the repository lacks.
    expect(server.labels(owner, repo).map((l) => l.name)).toEqual(['bug', 'evident', 'evident:control']);

    const links: (string | undefined)[] = [];
    const listed = [];
    for await (const page of octokit.paginate.iterator('GET /repos/{owner}/{repo}/issues', { owner, repo, labels: 'evident', state: 'all', per_page: 100 })) {
      links.push(page.headers.link);
      listed.push(...page.data);
    }
    expect(listed).toHaveLength(250);
    expect(new Set(listed.map((i) => i.number)).size).toBe(250);
    expect(listed.every((i) => i.labels.some((l) => typeof l !== 'string' && l.name === 'evident'))).toBe(true);
    // Default sort: created, newest first.
    expect(listed.slice(0, 3).map((i) => i.number)).toEqual([270, 269, 268]);
    expect(listed.at(-1)?.title).toBe('seeded finding 1');
    // The single-issue field closed_by is not in lists, as on GitHub.
    expect(listed[0]).not.toHaveProperty('closed_by');

    const repositoryId = /\/repositories\/(\d+)\/issues/.exec(links[0] ?? '')?.[1];
    expect(repositoryId).toMatch(/^\d+$/);
    const page = (n: number) => `<${server.url}/repositories/${repositoryId}/issues?labels=evident&state=all&per_page=100&page=${n}>`;
    expect(links).toEqual([
      `${page(2)}; rel="next", ${page(3)}; rel="last"`,
      `${page(1)}; rel="prev", ${page(3)}; rel="next", ${page(3)}; rel="last", ${page(1)}; rel="first"`,
      `${page(2)}; rel="prev", ${page(1)}; rel="first"`,
    ]);
    const gets = server.requests.filter((r) => r.operation === 'GET /repos/{owner}/{repo}/issues');
    expect(gets.map((r) => [r.path, r.query.page, r.status])).toEqual([
      [`/repos/${owner}/${repo}/issues`, undefined, 200],
      [`/repositories/${repositoryId}/issues`, '2', 200],
      [`/repositories/${repositoryId}/issues`, '3', 200],
    ]);
    expect(gets.every((r) => r.owner === owner && r.repo === repo && r.query.labels === 'evident' && r.query.state === 'all')).toBe(true);
    expect(writes()).toHaveLength(3);
  });

  it('filters by state (open by default) and by every listed label, and fits one page without a Link', async () => {
    server.seed(owner, repo, {
      issues: [
        { title: 'a', labels: ['evident', 'severity:high'] },
        { title: 'b', labels: ['evident'] },
        { title: 'c', labels: ['evident', 'severity:high'], state: 'closed', state_reason: 'not_planned' },
        { title: 'd', labels: ['severity:high'] },
      ],
    });
    const list = (query: Record<string, string>) => octokit.request('GET /repos/{owner}/{repo}/issues', { owner, repo, ...query });
    const titles = async (query: Record<string, string>) => (await list(query)).data.map((i) => i.title).sort();
    expect(await titles({ labels: 'evident' })).toEqual(['a', 'b']);
    expect(await titles({ labels: 'evident,severity:high', state: 'all' })).toEqual(['a', 'c']);
    expect(await titles({ labels: 'Evident, SEVERITY:HIGH', state: 'closed' })).toEqual(['c']);
    expect(await titles({ labels: 'no-such-label', state: 'all' })).toEqual([]);
    expect(await titles({ state: 'all' })).toEqual(['a', 'b', 'c', 'd']);
    expect((await list({ sort: 'created', direction: 'asc', state: 'all' })).data.map((i) => i.title)).toEqual(['a', 'b', 'c', 'd']);
    expect((await list({ labels: 'evident' })).headers.link).toBeUndefined();
    // A value outside the documented enum is refused, not silently read as the default.
    await expect(list({ state: 'everything' })).rejects.toMatchObject({ status: 422 });
  });
});

describe('issues: update and close', () => {
  it('edits, closes as not planned, reopens and closes as completed, with GitHub timestamps and state reasons', async () => {
    const { data: issue } = await octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title: 'MFA missing', labels: ['evident', 'stale'] });
    tick(60);
    const edited = await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      owner,
      repo,
      issue_number: issue.number,
      title: 'MFA missing for 2 users',
      body: 'u-17, u-18',
      labels: ['evident'],
    });
    expect(edited.data).toMatchObject({ title: 'MFA missing for 2 users', body: 'u-17, u-18', updated_at: '2026-11-02T09:01:00Z', created_at: '2026-11-02T09:00:00Z' });
    expect(edited.data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['evident']);

    tick(60);
    const closed = await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      owner,
      repo,
      issue_number: issue.number,
      state: 'closed',
      state_reason: 'not_planned',
    });
    expect(closed.data).toMatchObject({ state: 'closed', state_reason: 'not_planned', closed_at: '2026-11-02T09:02:00Z', closed_by: { login: GITHUB_ACTIONS_BOT.login } });

    tick(60);
    const reopened = await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: issue.number, state: 'open' });
    expect(reopened.data).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null });

    // A state_reason without a state change is ignored, as GitHub documents.
    const ignored = await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: issue.number, state_reason: 'not_planned' });
    expect(ignored.data).toMatchObject({ state: 'open', state_reason: 'reopened' });

    tick(60);
    await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: issue.number, state: 'closed' });
    const fetched = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: issue.number });
    expect(fetched.data).toMatchObject({ state: 'closed', state_reason: 'completed', closed_at: '2026-11-02T09:04:00Z', updated_at: '2026-11-02T09:04:00Z' });
    expect(server.issues(owner, repo)).toEqual([fetched.data]);
    // The label an edit removed still exists in the repository.
    expect(server.labels(owner, repo).map((l) => l.name)).toEqual(['evident', 'stale']);
    expect(writes().map((r) => [r.method, r.operation, r.status])).toEqual([
      ['POST', 'POST /repos/{owner}/{repo}/issues', 201],
      ...Array.from({ length: 5 }, () => ['PATCH', 'PATCH /repos/{owner}/{repo}/issues/{issue_number}', 200]),
    ]);
    expect(writes()[2]?.body).toEqual({ state: 'closed', state_reason: 'not_planned' });
  });

  it('answers invalid requests as GitHub does: 404, 400 for broken JSON, 422 for bodies outside the schema', async () => {
    await expect(octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: 99 })).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/issues/issues#get-an-issue', status: '404' } },
    });
    await expect(octokit.request('GET /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'elsewhere' })).rejects.toMatchObject({ status: 404 });
    await expect(octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo } as never)).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Invalid request.\n\n"title" wasn\'t supplied.', status: '422' } },
    });
    const { data: issue } = await octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title: 'x' });
    await expect(
      octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: issue.number, state: 'done' as 'open' }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: issue.number, state: 'closed', state_reason: 'reopened' }),
    ).rejects.toMatchObject({ status: 422, response: { data: { message: 'Validation Failed', errors: [{ resource: 'Issue', field: 'state_reason', code: 'invalid' }] } } });
    await expect(octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title: 'long', body: 'x'.repeat(65_537) })).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ resource: 'Issue', field: 'body', code: 'custom', message: 'body is too long (maximum is 65536 characters)' }] } },
    });
    const broken = await fetch(`${server.url}/repos/${owner}/${repo}/issues`, {
      method: 'POST',
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
      body: '{"title": ',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ message: 'Problems parsing JSON' });
    expect(server.issues(owner, repo)).toHaveLength(1);
  });
});

describe('comments', () => {
  it('adds comments that count on the issue and lists them oldest first, 30 a page', async () => {
    const { data: issue } = await octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title: 'Branch protection off' });
    for (let i = 1; i <= 35; i += 1) {
      tick(1);
      const { data: comment, headers } = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        owner,
        repo,
        issue_number: issue.number,
        body: `run ${i}: still failing`,
      });
      expect(headers.location).toBe(comment.url);
      if (i === 1) {
        expect(comment).toMatchObject({
          body: 'run 1: still failing',
          issue_url: issue.url,
          html_url: `${issue.html_url}#issuecomment-${comment.id}`,
          user: { login: 'github-actions[bot]' },
          created_at: '2026-11-02T09:00:01Z',
          author_association: 'NONE',
          reactions: { total_count: 0 },
        });
      }
    }
    const comments = await octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: issue.number });
    expect(comments.map((c) => c.body)).toEqual(Array.from({ length: 35 }, (_, i) => `run ${i + 1}: still failing`));
    const pages = server.requests.filter((r) => r.operation === 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments');
    expect(pages).toHaveLength(2);
    const { data: after } = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: issue.number });
    expect(after).toMatchObject({ comments: 35, updated_at: '2026-11-02T09:00:35Z' });
    expect(server.comments(owner, repo, issue.number)).toHaveLength(35);
    const since = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: issue.number, since: '2026-11-02T09:00:33Z' });
    expect(since.data.map((c) => c.body)).toEqual(['run 33: still failing', 'run 34: still failing', 'run 35: still failing']);
    await expect(
      octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: issue.number } as never),
    ).rejects.toMatchObject({ status: 422 });
    await expect(octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: 404, body: 'x' })).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe('labels', () => {
  it('creates a label, refuses a duplicate (any case) with 422 in GitHub’s validation shape, and renames it in place', async () => {
    const created = await octokit.request('POST /repos/{owner}/{repo}/labels', { owner, repo, name: 'evident', color: '#5319E7', description: 'Opened by Evident' });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ name: 'evident', color: '5319E7', description: 'Opened by Evident', default: false, url: `${server.url}/repos/${owner}/${repo}/labels/evident` });
    expect(created.headers.location).toBe(created.data.url);

    await expect(octokit.request('POST /repos/{owner}/{repo}/labels', { owner, repo, name: 'Evident' })).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          message: 'Validation Failed',
          errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
          documentation_url: 'https://docs.github.com/rest/issues/labels#create-a-label',
          status: '422',
        },
      },
    });
    await expect(octokit.request('POST /repos/{owner}/{repo}/labels', { owner, repo, name: 'bad', color: 'purple' })).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ resource: 'Label', code: 'invalid', field: 'color' }] } },
    });

    const { data: issue } = await octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title: 't', labels: ['evident'] });
    const renamed = await octokit.request('PATCH /repos/{owner}/{repo}/labels/{name}', { owner, repo, name: 'evident', new_name: 'evident finding', color: '0e8a16' });
    expect(renamed.data).toMatchObject({ id: created.data.id, name: 'evident finding', color: '0e8a16', url: `${server.url}/repos/${owner}/${repo}/labels/evident%20finding` });
    const fetched = await octokit.request('GET /repos/{owner}/{repo}/labels/{name}', { owner, repo, name: 'evident finding' });
    expect(fetched.data).toEqual(renamed.data);
    const { data: relabelled } = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: issue.number });
    expect(relabelled.labels).toEqual([renamed.data]);
    await expect(octokit.request('PATCH /repos/{owner}/{repo}/labels/{name}', { owner, repo, name: 'evident', color: 'ffffff' })).rejects.toMatchObject({ status: 404 });
  });

  it('lists labels by name, paginated, including GitHub’s default labels when seeded', async () => {
    server.seed(owner, repo, { defaultLabels: true, labels: [{ name: 'evident', color: '5319e7' }] });
    const labels = await octokit.paginate('GET /repos/{owner}/{repo}/labels', { owner, repo, per_page: 4 });
    expect(labels.map((l) => l.name)).toEqual(['bug', 'documentation', 'duplicate', 'enhancement', 'evident', 'good first issue', 'help wanted', 'invalid', 'question', 'wontfix']);
    expect(labels[0]).toMatchObject({ color: 'd73a4a', default: true, description: "Something isn't working" });
    expect(server.requests.filter((r) => r.operation === 'GET /repos/{owner}/{repo}/labels').map((r) => r.query.page)).toEqual([undefined, '2', '3']);
  });
});

describe('conditional requests', () => {
  it('sends an ETag, answers a matching If-None-Match with a free 304, and a new ETag once the issue changes', async () => {
    const { data: issue } = await octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title: 'etag' });
    const first = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: issue.number });
    const etag = first.headers.etag;
    expect(etag).toMatch(/^W\/"[0-9a-f]{64}"$/);
    const remaining = Number(first.headers['x-ratelimit-remaining']);

    const notModified = await octokit
      .request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: issue.number, headers: { 'if-none-match': etag } })
      .catch((error: unknown) => error as { status: number; response: { headers: Record<string, string>; data: unknown } });
    expect(notModified).toMatchObject({ status: 304, response: { headers: { etag, 'x-ratelimit-remaining': String(remaining) } } });
    expect(server.requests.at(-1)).toMatchObject({ status: 304, headers: { 'if-none-match': etag } });
    expect(server.rateLimit().remaining).toBe(remaining);

    await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: issue.number, body: 'changed' });
    const changed = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: issue.number, headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);

    const list = await octokit.request('GET /repos/{owner}/{repo}/issues', { owner, repo });
    await expect(
      octokit.request('GET /repos/{owner}/{repo}/issues', { owner, repo, headers: { 'if-none-match': `"unrelated", ${list.headers.etag}` } }),
    ).rejects.toMatchObject({ status: 304 });
  });
});

describe('rate-limit headers and authentication', () => {
  it('sends x-ratelimit-* on every response and counts each request', async () => {
    const a = await octokit.request('GET /repos/{owner}/{repo}/labels', { owner, repo });
    const b = await octokit.request('GET /repos/{owner}/{repo}/issues', { owner, repo });
    expect(a.headers).toMatchObject({ 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-used': '1', 'x-ratelimit-resource': 'core' });
    expect(b.headers).toMatchObject({ 'x-ratelimit-remaining': '4998', 'x-ratelimit-used': '2' });
    expect(Number(b.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    const failed = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: 1 }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ status: 404, response: { headers: { 'x-ratelimit-remaining': '4997' } } });
  });

  it('requires the configured token as `token …` or `Bearer …`, answering 401 otherwise', async () => {
    const anonymous = new Octokit({ baseUrl: server.url });
    await expect(anonymous.request('GET /repos/{owner}/{repo}/issues', { owner, repo })).rejects.toMatchObject({
      status: 401,
      response: { data: { message: 'Requires authentication' } },
    });
    const wrong = new Octokit({ baseUrl: server.url, auth: 'ghs_wrong' });
    await expect(wrong.request('GET /repos/{owner}/{repo}/issues', { owner, repo })).rejects.toMatchObject({ status: 401, response: { data: { message: 'Bad credentials' } } });
    const bearer = await fetch(`${server.url}/repos/${owner}/${repo}/issues`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(bearer.status).toBe(200);
    await octokit.request('GET /repos/{owner}/{repo}/issues', { owner, repo });
    expect(server.requests.at(-1)?.headers).toMatchObject({ authorization: `token ${TOKEN}`, 'user-agent': expect.stringContaining('octokit-core.js/') });
  });
});

describe('fault injection', () => {
  it('fails matching requests with 5xx the given number of times, which the retry plugin rides out', async () => {
    server.failNext({ method: 'GET', path: /\/issues$/, status: 502, times: 2 });
    server.failNext({ method: 'POST', status: 500 });
    await expect(octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title: 'x' })).rejects.toMatchObject({ status: 500 });
    expect(server.issues(owner, repo)).toEqual([]);

    const Retrying = Octokit.plugin(retry);
    const retrying = new Retrying({ baseUrl: server.url, auth: TOKEN, retry: { retryAfterBaseValue: 1 } });
    await retrying.request('GET /repos/{owner}/{repo}/labels', { owner, repo }); // not matched by the path
    const listed = await retrying.request('GET /repos/{owner}/{repo}/issues', { owner, repo });
    expect(listed.status).toBe(200);
    expect(server.requests.filter((r) => r.operation === 'GET /repos/{owner}/{repo}/issues').map((r) => r.status)).toEqual([502, 502, 200]);
    expect(server.pendingFaults()).toBe(0);
  });

  it('answers secondary rate limits (403 + retry-after) that plugin-throttling recognises and retries', async () => {
    const Throttled = Octokit.plugin(throttling);
    const seen: { kind: string; retryAfter: number }[] = [];
    const throttled = new Throttled({
      baseUrl: server.url,
      auth: TOKEN,
      throttle: {
        retryAfterBaseValue: 1,
        onSecondaryRateLimit: (retryAfter) => (seen.push({ kind: 'secondary', retryAfter }), true),
        onRateLimit: (retryAfter) => (seen.push({ kind: 'primary', retryAfter }), true),
      },
    });
    server.rateLimitNext({ kind: 'secondary', retryAfter: 7 });
    const response = await throttled.request('GET /repos/{owner}/{repo}/issues', { owner, repo });
    expect(response.status).toBe(200);
    expect(seen).toEqual([{ kind: 'secondary', retryAfter: 7 }]);
    const limited = server.requests.find((r) => r.status === 403);
    expect(limited).toBeDefined();

    server.rateLimitNext({ kind: 'secondary', status: 429, retryAfter: 3 });
    await throttled.request('GET /repos/{owner}/{repo}/issues', { owner, repo });
    expect(seen.at(-1)).toEqual({ kind: 'secondary', retryAfter: 3 });

    server.rateLimitNext({ retryAfter: 30 });
    await throttled.request('GET /repos/{owner}/{repo}/labels', { owner, repo });
    expect(seen.at(-1)?.kind).toBe('primary');
    expect(seen.at(-1)?.retryAfter).toBeGreaterThanOrEqual(30);
    expect(server.requests.map((r) => r.status)).toEqual([403, 200, 429, 200, 403, 200]);
    expect(server.pendingFaults()).toBe(0);
  });

  it('shapes rate-limit answers as GitHub does, and enforces the hourly limit itself', async () => {
    server.rateLimitNext({ kind: 'secondary', retryAfter: 60 });
    const secondary = (await octokit.request('GET /repos/{owner}/{repo}/issues', { owner, repo }).catch((e: unknown) => e)) as {
      status: number;
      message: string;
      response: { headers: Record<string, string> };
    };
    expect(secondary.status).toBe(403);
    expect(secondary.message).toContain('You have exceeded a secondary rate limit');
    expect(secondary.response.headers['retry-after']).toBe('60');

    server.rateLimitNext({ retryAfter: 120, status: 429 });
    const primary = (await octokit.request('GET /repos/{owner}/{repo}/issues', { owner, repo }).catch((e: unknown) => e)) as typeof secondary;
    expect(primary.status).toBe(429);
    expect(primary.message).toContain('API rate limit exceeded');
    expect(primary.response.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(primary.response.headers['x-ratelimit-reset']) - Date.now() / 1000).toBeGreaterThan(100);

    const small = await startGitHubServer({ repositories: [`${owner}/${repo}`], rateLimit: 2 });
    try {
      const client = new Octokit({ baseUrl: small.url });
      await client.request('GET /repos/{owner}/{repo}/issues', { owner, repo });
      await client.request('GET /repos/{owner}/{repo}/issues', { owner, repo });
      await expect(client.request('GET /repos/{owner}/{repo}/issues', { owner, repo })).rejects.toMatchObject({
        status: 403,
        response: { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '2' } },
      });
      expect(small.schemaErrors).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('answers 410 "Issues are disabled for this repo" on issue endpoints while labels keep working', async () => {
    const { data: issue } = await octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title: 'before' });
    server.disableIssues(owner, repo);
    const gone = {
      status: 410,
      response: { data: { message: 'Issues are disabled for this repo', status: '410' } },
    };
    await expect(octokit.request('GET /repos/{owner}/{repo}/issues', { owner, repo })).rejects.toMatchObject(gone);
    await expect(octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title: 'x' })).rejects.toMatchObject(gone);
    await expect(octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: issue.number, state: 'closed' })).rejects.toMatchObject(gone);
    await expect(octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: issue.number, body: 'x' })).rejects.toMatchObject(gone);
    expect((await octokit.request('GET /repos/{owner}/{repo}/labels', { owner, repo })).status).toBe(200);
    server.enableIssues(owner, repo);
    expect((await octokit.request('GET /repos/{owner}/{repo}/issues', { owner, repo })).data).toHaveLength(1);
  });
});

describe('schema validation', () => {
  it('fails loudly, with a recorded error, when a response does not match GitHub’s schema', async () => {
    server.seed(owner, repo, { issues: [{ title: 'bad author', author: { ...GITHUB_ACTIONS_BOT, authorAssociation: 'ROBOT' as 'NONE' } }] });
    await expect(octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: 1 })).rejects.toMatchObject({ status: 500 });
    expect(server.schemaErrors).toHaveLength(1);
    expect(server.schemaErrors[0]).toMatchObject({ operation: 'GET /repos/{owner}/{repo}/issues/{issue_number}', status: 200 });
    expect(server.schemaErrors[0]?.problems.join('\n')).toContain('/author_association');
    expect(() => server.assertHealthy()).toThrow(/does not match GET \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}/);
    server.schemaErrors.length = 0;
  });

  it('reads OpenAPI 3.0 `nullable` as JSON Schema null and still rejects wrong types and missing fields', async () => {
    const issue = server.seed(owner, repo, { issues: [{ title: 'ok' }] })[0];
    const key = 'GET /repos/{owner}/{repo}/issues/{issue_number}';
    expect(await checkResponse(key, 200, issue)).toEqual([]);
    expect(issue).toMatchObject({ body: null, closed_at: null, state_reason: null });
    expect(await checkResponse(key, 200, { ...issue, closed_at: 5 })).not.toEqual([]);
    const { node_id: _omitted, ...withoutNodeId } = issue as unknown as Record<string, unknown>;
    expect((await checkResponse(key, 200, withoutNodeId)).join('\n')).toContain('node_id');
    expect(await checkResponse(key, 200, { ...issue, created_at: 'yesterday' })).not.toEqual([]);
  });
});

describe('lifecycle', () => {
  it('closes promptly with keep-alive connections open', async () => {
    const other = await startGitHubServer({ repositories: ['a/b'] });
    const client = new Octokit({ baseUrl: other.url });
    await Promise.all(Array.from({ length: 5 }, () => client.request('GET /repos/{owner}/{repo}/issues', { owner: 'a', repo: 'b' })));
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(client.request('GET /repos/{owner}/{repo}/issues', { owner: 'a', repo: 'b' })).rejects.toBeDefined();
  });
});
