/**
 * A stateful GitHub REST API (issues, labels, comments) on 127.0.0.1 for integration tests: the
 * real `@octokit/core` client, with its paginate, throttling and retry plugins, points `baseUrl`
 * at it and gets what github.com would send.
 *
 * - Every JSON body it sends is checked against the response schema of that operation and status
 *   in GitHub's own OpenAPI description (`@octokit/openapi`); a mismatch is recorded in
 *   `schemaErrors` and answered 500, so neither the client nor the test can miss it. Request
 *   bodies and documented query parameters are checked too, answered 400/422 as GitHub does.
 * - Rate-limit headers on every response; GETs carry a weak `ETag`, and a matching
 *   `If-None-Match` gets `304 Not Modified`, which does not count against the limit
 *   (https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate).
 * - Faults on demand: 5xx, primary and secondary rate limits in the shapes plugin-throttling
 *   recognises (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api),
 *   410 "Issues are disabled for this repo", 401 without the configured token.
 * - Every request is recorded with its headers, body, status and timing.
 *
 * Repositories exist only once named (`repositories` option or `seed`): any other is a 404, so a
 * client aimed at the wrong repository fails instead of writing somewhere convenient.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderComment, renderIssue, renderLabel, type GitHubComment, type GitHubIssue, type GitHubLabel } from './github-server-json.ts';
import { createLimits, rateLimitHeaders, type Fault, type RateLimitFault, type RateLimitState } from './github-server-limits.ts';
import { ROUTES, labelsByName, matchRoute, operationKey, type Reply } from './github-server-routes.ts';
import { checkQuery, checkRequestBody, checkResponse, operationInfo, registerOperations } from './github-server-schema.ts';
import {
  GITHUB_ACTIONS_BOT,
  GitHubApiError,
  nextId,
  notFound,
  seedRepository,
  timestamp,
  type Actor,
  type Repository,
  type RepositorySeed,
} from './github-server-store.ts';

export type { GitHubComment, GitHubIssue, GitHubLabel, GitHubUser } from './github-server-json.ts';
export type { Fault, RateLimitFault, RateLimitState } from './github-server-limits.ts';
export type { Actor, IssueSeed, LabelInput, RepositorySeed } from './github-server-store.ts';
export { GITHUB_ACTIONS_BOT, GITHUB_DEFAULT_LABELS } from './github-server-store.ts';

registerOperations(ROUTES.map(operationKey));

export interface GitHubServerOptions {
  /** When set, every request needs `authorization: token <token>` or `Bearer <token>`; 401 otherwise. */
  token?: string;
  /** Who the token acts as: author of created issues and comments. Default: github-actions[bot]. */
  actor?: Actor;
  /** Repositories that exist from the start, as `owner/repo`. */
  repositories?: string[];
  /** x-ratelimit-limit; requests past it are answered 403 until the hour resets. Default 5000. */
  rateLimit?: number;
  /** Where `html_url`s point. Default https://github.com. */
  htmlUrl?: string;
  /** Clock for created_at/updated_at/closed_at. Rate-limit resets use the real clock, as the throttling plugin does. */
  now?: () => Date;
}

export interface RecordedRequest {
  method: string;
  /** The path requested: `/repos/o/r/issues`, or `/repositories/{id}/issues` when following a Link. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text when it was not JSON; undefined when empty. */
  body: unknown;
  /** The operation matched, keyed like GitHub's description: `GET /repos/{owner}/{repo}/issues`. */
  operation: string | undefined;
  owner: string | undefined;
  repo: string | undefined;
  status: number;
  /** Date.now() when the request arrived, and how long the answer took. */
  at: number;
  durationMs: number;
}

export interface SchemaError {
  operation: string;
  status: number;
  method: string;
  path: string;
  problems: string[];
  body: unknown;
}

export interface GitHubTestServer {
  /** Pass as Octokit's `baseUrl`. */
  url: string;
  /** Every request, in arrival order; `requests.filter((r) => r.method !== 'GET')` are the writes. */
  requests: RecordedRequest[];
  /** Responses that did not match GitHub's schema (each also answered 500). Tests assert it is empty. */
  schemaErrors: SchemaError[];
  /** Exceptions the server itself threw (bugs in the test double), answered 500. */
  handlerErrors: Error[];
  /** The repository's issues by number, as GET /issues/{n} renders them. Throws for an unknown repository. */
  issues(owner: string, repo: string): GitHubIssue[];
  /** The repository's comments (or one issue's), oldest first, as the API renders them. */
  comments(owner: string, repo: string, issueNumber?: number): GitHubComment[];
  /** The repository's labels by name, as the API renders them. */
  labels(owner: string, repo: string): GitHubLabel[];
  /** Creates the repository if needed and preloads labels and issues (not recorded as requests). */
  seed(owner: string, repo: string, seed?: RepositorySeed): GitHubIssue[];
  /** Issue and comment endpoints answer 410 "Issues are disabled for this repo"; labels keep working. */
  disableIssues(owner: string, repo: string): void;
  enableIssues(owner: string, repo: string): void;
  /** The next `times` matching requests get a 5xx. Faults queue; each request takes the first that matches. */
  failNext(fault: Fault): void;
  /** The next `times` matching requests hit a primary or secondary rate limit. */
  rateLimitNext(fault: RateLimitFault): void;
  /** Injected faults not yet delivered: 0 once every one was hit. */
  pendingFaults(): number;
  /** The hour's budget as the next x-ratelimit-* headers will state it. */
  rateLimit(): RateLimitState;
  /** Throws when any response failed its schema or the server threw. */
  assertHealthy(): void;
  /** Stops listening and drops keep-alive connections, so nothing holds the test run open. */
  close(): Promise<void>;
}

/** A response that does not match GitHub's schema: recorded in `schemaErrors`, then answered 500. */
class SchemaViolation extends Error {}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `If-None-Match` may list several tags, weak or strong; GitHub compares them weakly. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

export async function startGitHubServer(options: GitHubServerOptions = {}): Promise<GitHubTestServer> {
  const actor = options.actor ?? GITHUB_ACTIONS_BOT;
  const clock = options.now ?? (() => new Date());
  const htmlUrl = options.htmlUrl ?? 'https://github.com';
  const repositories = new Map<string, Repository>();
  const requests: RecordedRequest[] = [];
  const schemaErrors: SchemaError[] = [];
  const handlerErrors: Error[] = [];
  const limits = createLimits(options.rateLimit ?? 5000, actor);
  let requestCounter = 0;
  let url = '';

  const keyOf = (owner: string, repo: string) => `${owner}/${repo}`.toLowerCase();
  const findRepository = (owner: string, repo: string) => repositories.get(keyOf(owner, repo));
  const ensureRepository = (owner: string, repo: string): Repository => {
    const existing = findRepository(owner, repo);
    if (existing !== undefined) return existing;
    const created: Repository = { id: nextId('repository'), owner, name: repo, issuesEnabled: true, issues: [], labels: [], comments: [] };
    repositories.set(keyOf(owner, repo), created);
    return created;
  };
  const repositoryOrThrow = (owner: string, repo: string) => {
    const found = findRepository(owner, repo);
    if (found === undefined) throw new Error(`github-server: no repository ${owner}/${repo}; seed it or list it in \`repositories\``);
    return found;
  };
  for (const fullName of options.repositories ?? []) {
    const [owner = '', repo = ''] = fullName.split('/');
    ensureRepository(owner, repo);
  }

  /** Everything up to a reply with a JSON body: routing, auth, faults, limits, validation, the handler. */
  async function answer(record: RecordedRequest, requestUrl: URL, rawBody: string, requestId: string): Promise<Reply & { counted: boolean }> {
    const segments = requestUrl.pathname.split('/');
    let repository: Repository | undefined;
    let rest = '';
    let canonical = requestUrl.pathname;
    if (segments[1] === 'repos' && segments.length >= 4) {
      const decode = (text: string) => {
        try {
          return decodeURIComponent(text);
        } catch {
          return text;
        }
      };
      record.owner = decode(segments[2] ?? '');
      record.repo = decode(segments[3] ?? '');
      repository = findRepository(record.owner, record.repo);
      rest = `/${segments.slice(4).join('/')}`.replace(/\/$/, '');
    } else if (segments[1] === 'repositories' && segments.length >= 3) {
      repository = [...repositories.values()].find((r) => String(r.id) === segments[2]);
      rest = `/${segments.slice(3).join('/')}`.replace(/\/$/, '');
      record.owner = repository?.owner;
      record.repo = repository?.name;
    }
    if (repository !== undefined) canonical = `/repos/${repository.owner}/${repository.name}${rest}`;
    const matched = matchRoute(record.method, rest);
    record.operation = matched === undefined ? undefined : operationKey(matched.route);

    const authorization = record.headers.authorization;
    if (options.token !== undefined) {
      const presented = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? '')?.[1];
      if (presented === undefined) throw new GitHubApiError(401, 'Requires authentication');
      if (presented !== options.token) throw new GitHubApiError(401, 'Bad credentials');
    }
    if (matched === undefined) throw notFound();

    const refused = limits.take(record.method, [requestUrl.pathname, canonical], requestId) ?? limits.exhausted(requestId);
    if (refused !== undefined) return { ...refused, counted: false };
    if (repository === undefined) throw notFound();
    if (matched.route.issueEndpoint && !repository.issuesEnabled) throw new GitHubApiError(410, 'Issues are disabled for this repo');

    const invalidQuery = await checkQuery(record.operation ?? '', requestUrl.searchParams);
    if (invalidQuery.length > 0) {
      throw new GitHubApiError(422, 'Validation Failed', invalidQuery.map((field) => ({ resource: 'Search', field, code: 'invalid' })));
    }
    let body: unknown;
    if (record.method !== 'GET') {
      try {
        body = rawBody.trim() === '' ? {} : JSON.parse(rawBody);
      } catch {
        throw new GitHubApiError(400, 'Problems parsing JSON');
      }
      const problems = await checkRequestBody(record.operation ?? '', body);
      if (problems.length > 0) throw new GitHubApiError(422, `Invalid request.\n\n${problems.join('\n')}`);
    }
    const reply = matched.route.handle({
      repo: repository,
      params: matched.params,
      query: requestUrl.searchParams,
      body,
      urls: { api: url, html: htmlUrl },
      rest,
      actor,
      now: timestamp(clock()),
    });
    return { ...reply, counted: true };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    const requestId = `E5D1:${(++requestCounter).toString(16).toUpperCase().padStart(6, '0')}:${process.pid.toString(16).toUpperCase()}`;
    const requestUrl = new URL(request.url ?? '/', url);
    const record: RecordedRequest = {
      method: (request.method ?? 'GET').toUpperCase(),
      path: requestUrl.pathname,
      query: Object.fromEntries(requestUrl.searchParams),
      headers: { ...request.headers },
      body: undefined,
      operation: undefined,
      owner: undefined,
      repo: undefined,
      status: 0,
      at: Date.now(),
      durationMs: 0,
    };
    requests.push(record);
    const rawBody = await readBody(request);
    if (rawBody !== '') {
      try {
        record.body = JSON.parse(rawBody);
      } catch {
        record.body = rawBody;
      }
    }
    let status: number;
    let headers: Record<string, string>;
    let text: string | undefined;
    try {
      let reply: Reply & { counted: boolean };
      try {
        reply = await answer(record, requestUrl, rawBody, requestId);
      } catch (error) {
        if (!(error instanceof GitHubApiError)) throw error;
        const docs = record.operation === undefined ? 'https://docs.github.com/rest' : (await operationInfo(record.operation)).docsUrl;
        const body = { message: error.message, ...(error.errors ? { errors: error.errors } : {}), documentation_url: docs, status: String(error.status) };
        reply = { status: error.status, body, counted: error.status !== 401 };
      }
      text = JSON.stringify(reply.body);
      const problems = await checkResponse(record.operation ?? 'unknown', reply.status, JSON.parse(text));
      if (problems.length > 0) {
        schemaErrors.push({ operation: record.operation ?? 'unknown', status: reply.status, method: record.method, path: record.path, problems, body: JSON.parse(text) });
        throw new SchemaViolation(`github-server: the ${reply.status} response to ${record.method} ${record.path} does not match GitHub's schema:\n${problems.join('\n')}`);
      }
      status = reply.status;
      headers = { ...reply.headers };
      if (record.method === 'GET' && status === 200) {
        const etag = `W/"${createHash('sha256').update(text).digest('hex')}"`;
        Object.assign(headers, { etag, 'cache-control': 'private, max-age=60, s-maxage=60' });
        if (matchesEtag(record.headers['if-none-match'], etag)) {
          status = 304;
          text = undefined;
        }
      }
      // A 304 is free (see the header comment); refusals carry their own x-ratelimit-* headers.
      if (reply.counted && status !== 304) limits.count();
      headers = { ...rateLimitHeaders(limits.state()), ...headers };
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      if (!(failure instanceof SchemaViolation)) handlerErrors.push(failure);
      status = 500;
      headers = {};
      text = JSON.stringify({ message: failure.message, documentation_url: 'https://docs.github.com/rest' });
    }
    record.status = status;
    record.durationMs = performance.now() - started;
    response.writeHead(status, {
      ...headers,
      ...(text === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      vary: 'Accept, Authorization, Cookie, X-GitHub-OTP',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': requestId,
    });
    response.end(text);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      handlerErrors.push(error instanceof Error ? error : new Error(String(error)));
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const urls = () => ({ api: url, html: htmlUrl });

  return {
    url,
    requests,
    schemaErrors,
    handlerErrors,
    issues: (owner, repo) => {
      const r = repositoryOrThrow(owner, repo);
      return [...r.issues].sort((a, b) => a.number - b.number).map((i) => renderIssue(r, i, urls(), true));
    },
    comments: (owner, repo, issueNumber) => {
      const r = repositoryOrThrow(owner, repo);
      return r.comments.filter((c) => issueNumber === undefined || c.issueNumber === issueNumber).map((c) => renderComment(r, c, urls()));
    },
    labels: (owner, repo) => {
      const r = repositoryOrThrow(owner, repo);
      return labelsByName(r).map((l) => renderLabel(r, l, urls()));
    },
    seed: (owner, repo, seed = {}) => {
      const r = ensureRepository(owner, repo);
      return seedRepository(r, seed, actor, clock()).map((issue) => renderIssue(r, issue, urls(), true));
    },
    disableIssues: (owner, repo) => {
      repositoryOrThrow(owner, repo).issuesEnabled = false;
    },
    enableIssues: (owner, repo) => {
      repositoryOrThrow(owner, repo).issuesEnabled = true;
    },
    failNext: (fault) => limits.failNext(fault),
    rateLimitNext: (fault) => limits.rateLimitNext(fault),
    pendingFaults: () => limits.pending(),
    rateLimit: () => limits.state(),
    assertHealthy: () => {
      const problems = [
        ...schemaErrors.map((e) => `${e.method} ${e.path} → ${e.status} does not match ${e.operation}: ${e.problems.join('; ')}`),
        ...handlerErrors.map((e) => `server threw: ${e.stack ?? e.message}`),
      ];
      if (problems.length > 0) throw new Error(`github-server: ${problems.length} problem(s):\n${problems.join('\n')}`);
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
