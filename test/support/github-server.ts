/**
 * A stateful GitHub API on 127.0.0.1 for integration tests: issues, labels and comments, with each
 * issue's assignees and timeline (`github-server-timeline.ts`); pull requests with their diff,
 * files and reviews; check runs; repository contents; organizations with their members,
 * repositories and outside collaborators; branch protection, the rules of a branch and repository
 * collaborators; GitHub App authentication; and GraphQL. The real `@octokit/core` client,
 * with its paginate, throttling and retry plugins (or a whole Probot app), points `baseUrl` at it and
 * gets what github.com would send.
 *
 * - Every JSON body it sends is checked against the response schema of that operation and status
 *   in GitHub's own OpenAPI description (`@octokit/openapi`); a mismatch is recorded in
 *   `schemaErrors` and answered 500, so neither the client nor the test can miss it. Request
 *   bodies and documented query parameters are checked too, answered 400/422 as GitHub does.
 *   GraphQL queries are validated against GitHub's GraphQL schema (`github-server-graphql.ts`).
 * - Rate-limit headers on every response (REST and GraphQL budgeted apart); GETs carry a weak
 *   `ETag`, and a matching `If-None-Match` gets `304 Not Modified`, which does not count against the limit
 *   (https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate).
 * - Faults on demand: 5xx, primary and secondary rate limits in the shapes plugin-throttling
 *   recognises (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api),
 *   410 "Issues are disabled for this repo", 401 without a valid credential.
 * - Credentials: the configured `token`; the `users` tokens, other accounts (people acting by
 *   hand); and with `app` configured, app JWTs for `/app/…` and the installation tokens they
 *   obtain, each limited to its installation's repositories and permissions (`github-server-app.ts`).
 * - Every request is recorded with its headers, body, status and timing; GraphQL ones as
 *   `POST /graphql` with `{ query, variables }` as the body.
 *
 * Repositories exist only once named (`repositories` option, `seed`, `seedPullRequest`,
 * `seedFile`, `seedInstallation`, `seedRepositorySettings`): any other is a 404, so a client aimed at
 * the wrong repository fails instead of writing somewhere convenient. Organizations likewise exist
 * only once seeded (`seedOrganization`); their repositories are the ones the server holds for them.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  APP_ROUTES,
  createAppAuth,
  GITHUB_ACTIONS_APP,
  type AppIdentity,
  type InstallationCaller,
} from './github-server-app.ts';
import { renderCheckRun } from './github-server-checks.ts';
import { seedFile } from './github-server-contents.ts';
import { answerGraphQL } from './github-server-graphql.ts';
import { matchPath, type Reply } from './github-server-handler.ts';
import { createOrganization, matchOrgRoute, ORG_ROUTES, orgOperationKey, parseOrgPath, seedOrganization, type StoredOrganization } from './github-server-org.ts';
import { seedSettings } from './github-server-repo-settings.ts';
import { renderComment, renderIssue, renderLabel } from './github-server-json.ts';
import { createLimits, rateLimitHeaders } from './github-server-limits.ts';
import { renderPull, renderReview } from './github-server-pull-json.ts';
import { addReview, findPull, seedPull } from './github-server-pulls.ts';
import { ROUTES, labelsByName, matchRoute, operationKey } from './github-server-routes.ts';
import { checkQuery, checkRequestBody, checkResponse, operationInfo, registerOperations } from './github-server-schema.ts';
import {
  actorFor,
  createRepository,
  GITHUB_ACTIONS_BOT,
  GitHubApiError,
  nextNumber,
  notFound,
  seedRepository,
  timestamp,
  type Actor,
  type Repository,
} from './github-server-store.ts';
import type { GitHubServerOptions, GitHubTestServer, RecordedRequest, SchemaError } from './github-server-types.ts';

export type { GitHubServerOptions, GitHubTestServer, RecordedRequest, SchemaError } from './github-server-types.ts';
export type { GitHubComment, GitHubIssue, GitHubLabel, GitHubUser } from './github-server-json.ts';
export type { Fault, RateLimitFault, RateLimitState } from './github-server-limits.ts';
export type { Actor, IssueSeed, LabelInput, RepositorySeed } from './github-server-store.ts';
export type { AppOptions, InstallationSeed, Permissions } from './github-server-app.ts';
export type { CheckAnnotation, GitHubCheckRun } from './github-server-checks.ts';
export type { ClosingIssueSeed, CommitSeed, PullFileSeed, PullSeed, ReviewSeed } from './github-server-pulls.ts';
export type { OrganizationSeed } from './github-server-org.ts';
export type { BranchRuleSeed, ClassicProtectionSeed, CollaboratorSeed, RepositorySettingsSeed, RoleName } from './github-server-repo-settings.ts';
export { GITHUB_ACTIONS_BOT, GITHUB_DEFAULT_LABELS } from './github-server-store.ts';
export { GITHUB_ACTIONS_APP } from './github-server-app.ts';

const GRAPHQL = 'POST /graphql';
const GRAPHQL_AUTH_DOCS = 'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql';

registerOperations([...ROUTES.map(operationKey), ...ORG_ROUTES.map(orgOperationKey), ...APP_ROUTES.map((r) => `${r.method} ${r.path}`)]);

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
  const organizations = new Map<string, StoredOrganization>();
  const requests: RecordedRequest[] = [];
  const schemaErrors: SchemaError[] = [];
  const handlerErrors: Error[] = [];
  const limits = createLimits(options.rateLimit ?? 5000, actor);
  const graphqlLimits = createLimits(options.rateLimit ?? 5000, actor);
  const appAuth = createAppAuth(options.app, () => [...repositories.values()], clock);
  let requestCounter = 0;
  let url = '';

  const keyOf = (owner: string, repo: string) => `${owner}/${repo}`.toLowerCase();
  const findRepository = (owner: string, repo: string) => repositories.get(keyOf(owner, repo));
  const ensureRepository = (owner: string, repo: string): Repository => {
    const existing = findRepository(owner, repo);
    if (existing !== undefined) return existing;
    const created = createRepository(owner, repo, clock());
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

  /** Who a request acts as: the configured actor, or an installation's bot within its repositories. */
  interface Caller {
    actor: Actor;
    app: AppIdentity | undefined;
    installation: InstallationCaller | undefined;
  }
  const configuredCaller = (): Caller => ({
    actor,
    // GitHub Actions' GITHUB_TOKEN is an installation token of the GitHub Actions app.
    app: actor.login === GITHUB_ACTIONS_APP.bot.login ? GITHUB_ACTIONS_APP : undefined,
    installation: undefined,
  });

  function authenticate(authorization: string | undefined, graphql: boolean): Caller {
    if (options.token === undefined && options.app === undefined && options.users === undefined) return configuredCaller();
    const docs = graphql ? GRAPHQL_AUTH_DOCS : undefined;
    const presented = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (presented === undefined) {
      throw new GitHubApiError(401, graphql ? 'This endpoint requires you to be authenticated.' : 'Requires authentication', undefined, docs);
    }
    if (presented === options.token) return configuredCaller();
    const user = options.users !== undefined && Object.hasOwn(options.users, presented) ? options.users[presented] : undefined;
    if (user !== undefined) return { actor: actorFor(user), app: undefined, installation: undefined };
    const installation = appAuth.installationCaller(presented);
    if (installation === undefined || installation === 'expired') throw new GitHubApiError(401, 'Bad credentials', undefined, docs);
    return { actor: installation.app.bot, app: installation.app, installation };
  }

  function parseBody(rawBody: string): unknown {
    try {
      return rawBody.trim() === '' ? {} : JSON.parse(rawBody);
    } catch {
      throw new GitHubApiError(400, 'Problems parsing JSON');
    }
  }

  async function validBody(operation: string, rawBody: string): Promise<unknown> {
    const body = parseBody(rawBody);
    const problems = await checkRequestBody(operation, body);
    if (problems.length > 0) throw new GitHubApiError(422, `Invalid request.\n\n${problems.join('\n')}`);
    return body;
  }

  /** POST /graphql: queries see the repositories the caller may see; each costs one point of the GraphQL budget. */
  async function answerGraphql(record: RecordedRequest, rawBody: string, requestId: string): Promise<Reply & { counted: boolean }> {
    const caller = authenticate(record.headers.authorization, true);
    const refused = limits.take(record.method, [record.path], requestId) ?? graphqlLimits.exhausted(requestId);
    if (refused !== undefined) return { ...refused, counted: false };
    const body = parseBody(rawBody);
    graphqlLimits.count();
    const answered = await answerGraphQL(body, {
      urls: { api: url, html: htmlUrl },
      viewer: caller.actor,
      repository: (owner, name) => {
        const found = findRepository(owner, name);
        return found !== undefined && (caller.installation === undefined || caller.installation.canSee(found)) ? found : undefined;
      },
      rateLimit: () => {
        const state = graphqlLimits.state();
        return { cost: 1, limit: state.limit, remaining: state.remaining, used: state.used, resetAt: timestamp(new Date(state.reset * 1000)) };
      },
    });
    handlerErrors.push(...answered.problems);
    return { status: 200, body: answered.body, counted: false };
  }

  /** Everything up to a reply: routing, auth, faults, limits, validation, the handler. */
  async function answer(record: RecordedRequest, requestUrl: URL, rawBody: string, requestId: string): Promise<Reply & { counted: boolean }> {
    if (requestUrl.pathname === '/graphql' && record.method === 'POST') {
      record.operation = GRAPHQL;
      return answerGraphql(record, rawBody, requestId);
    }
    const segments = requestUrl.pathname.split('/');
    let repository: Repository | undefined;
    let rest: string | undefined;
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
    if (repository !== undefined && rest !== undefined) canonical = `/repos/${repository.owner}/${repository.name}${rest}`;

    // Endpoints authenticated by the app's JWT: /app/… and GET /repos/{owner}/{repo}/installation.
    for (const route of APP_ROUTES) {
      const params = route.method === record.method ? matchPath(route.path, canonical) : undefined;
      if (params === undefined) continue;
      record.operation = `${route.method} ${route.path}`;
      appAuth.verifyJwt(record.headers.authorization);
      const refused = limits.take(record.method, [requestUrl.pathname, canonical], requestId) ?? limits.exhausted(requestId);
      if (refused !== undefined) return { ...refused, counted: false };
      const body = record.method === 'GET' ? undefined : await validBody(record.operation, rawBody);
      return { ...route.handle({ auth: appAuth, params, body, urls: { api: url, html: htmlUrl } }), counted: true };
    }

    const orgPath = parseOrgPath(requestUrl.pathname);
    if (orgPath !== undefined) return answerOrg(record, requestUrl, orgPath, requestId);

    const matched = rest === undefined ? undefined : matchRoute(record.method, rest);
    record.operation = matched === undefined ? undefined : operationKey(matched.route);
    const caller = authenticate(record.headers.authorization, false);
    if (matched === undefined || rest === undefined) throw notFound();

    const refused = limits.take(record.method, [requestUrl.pathname, canonical], requestId) ?? limits.exhausted(requestId);
    if (refused !== undefined) return { ...refused, counted: false };
    if (repository === undefined) throw notFound();
    if (caller.installation !== undefined) {
      // A repository outside the installation does not exist for its token; a missing permission is a 403.
      if (!caller.installation.canSee(repository)) throw notFound();
      const [permission, level] = matched.route.permission;
      if (!caller.installation.allows(permission, level)) throw new GitHubApiError(403, 'Resource not accessible by integration');
    }
    if (matched.route.issueEndpoint && !repository.issuesEnabled) throw new GitHubApiError(410, 'Issues are disabled for this repo');

    const operation = record.operation ?? '';
    const invalidQuery = await checkQuery(operation, requestUrl.searchParams);
    if (invalidQuery.length > 0) {
      throw new GitHubApiError(422, 'Validation Failed', invalidQuery.map((field) => ({ resource: 'Search', field, code: 'invalid' })));
    }
    const body = record.method === 'GET' ? undefined : await validBody(operation, rawBody);
    const reply = matched.route.handle({
      repo: repository,
      params: matched.params,
      query: requestUrl.searchParams,
      body,
      urls: { api: url, html: htmlUrl },
      rest,
      actor: caller.actor,
      now: timestamp(clock()),
      accept: String(record.headers.accept ?? '').toLowerCase(),
      app: caller.app,
    });
    return { ...reply, counted: true };
  }

  /** `/orgs/{org}/…` (or `/organizations/{id}/…`, where Links point): the organization's own endpoints. */
  async function answerOrg(
    record: RecordedRequest,
    requestUrl: URL,
    orgPath: NonNullable<ReturnType<typeof parseOrgPath>>,
    requestId: string,
  ): Promise<Reply & { counted: boolean }> {
    const matched = matchOrgRoute(record.method, orgPath.rest);
    record.operation = matched === undefined ? undefined : orgOperationKey(matched.route);
    const caller = authenticate(record.headers.authorization, false);
    const org =
      orgPath.login !== undefined ? organizations.get(orgPath.login.toLowerCase()) : [...organizations.values()].find((o) => o.id === orgPath.id);
    record.owner = org?.login ?? orgPath.login;
    if (matched === undefined) throw notFound();
    const canonical = org === undefined ? requestUrl.pathname : `/orgs/${org.login}${orgPath.rest}`;
    const refused = limits.take(record.method, [requestUrl.pathname, canonical], requestId) ?? limits.exhausted(requestId);
    if (refused !== undefined) return { ...refused, counted: false };
    if (org === undefined) throw notFound();
    const installation = caller.installation;
    if (installation !== undefined) {
      // An installation reaches only the organization it is installed on, with its permissions.
      if (installation.account.toLowerCase() !== org.login.toLowerCase()) throw notFound();
      const [permission, level] = matched.route.permission;
      if (!installation.allows(permission, level)) throw new GitHubApiError(403, 'Resource not accessible by integration');
    }
    const operation = record.operation ?? '';
    const invalidQuery = await checkQuery(operation, requestUrl.searchParams);
    if (invalidQuery.length > 0) {
      throw new GitHubApiError(422, 'Validation Failed', invalidQuery.map((field) => ({ resource: 'Search', field, code: 'invalid' })));
    }
    const owned = [...repositories.values()].filter(
      (r) => r.owner.toLowerCase() === org.login.toLowerCase() && (installation === undefined || installation.canSee(r)),
    );
    const reply = matched.route.handle({
      org,
      repositories: owned,
      params: matched.params,
      query: requestUrl.searchParams,
      urls: { api: url, html: htmlUrl },
      rest: orgPath.rest,
      linkBase: `/organizations/${org.id}`,
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
    let contentType = 'application/json; charset=utf-8';
    const graphql = record.path === '/graphql' && record.method === 'POST';
    try {
      let reply: Reply & { counted: boolean };
      try {
        reply = await answer(record, requestUrl, rawBody, requestId);
      } catch (error) {
        if (!(error instanceof GitHubApiError)) throw error;
        const docs =
          error.documentationUrl ??
          (record.operation === undefined ? 'https://docs.github.com/rest' : graphql ? 'https://docs.github.com/graphql' : (await operationInfo(record.operation)).docsUrl);
        const body = { message: error.message, ...(error.errors ? { errors: error.errors } : {}), documentation_url: docs, status: String(error.status) };
        reply = { status: error.status, body, counted: error.status !== 401 };
      }
      headers = { ...reply.headers };
      if (reply.text !== undefined) {
        // A diff or raw file: not JSON, so there is no schema to hold it to.
        text = reply.text;
        contentType = headers['content-type'] ?? 'text/plain; charset=utf-8';
      } else {
        text = JSON.stringify(reply.body);
        // A GraphQL answer is shaped by GitHub's GraphQL schema as graphql-js executes it; its HTTP errors are REST's.
        const problems = graphql && reply.status === 200 ? [] : await checkResponse(record.operation ?? 'unknown', reply.status, JSON.parse(text));
        if (problems.length > 0) {
          schemaErrors.push({ operation: record.operation ?? 'unknown', status: reply.status, method: record.method, path: record.path, problems, body: JSON.parse(text) });
          throw new SchemaViolation(`github-server: the ${reply.status} response to ${record.method} ${record.path} does not match GitHub's schema:\n${problems.join('\n')}`);
        }
      }
      status = reply.status;
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
      headers = { ...(graphql ? rateLimitHeaders(graphqlLimits.state(), 'graphql') : rateLimitHeaders(limits.state())), ...headers };
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      if (!(failure instanceof SchemaViolation)) handlerErrors.push(failure);
      status = 500;
      headers = {};
      contentType = 'application/json; charset=utf-8';
      text = JSON.stringify({ message: failure.message, documentation_url: 'https://docs.github.com/rest' });
    }
    record.status = status;
    record.durationMs = performance.now() - started;
    response.writeHead(status, {
      'x-github-media-type': 'github.v3; format=json',
      ...(options.dateFromClock === true ? { date: clock().toUTCString() } : {}),
      ...headers,
      ...(text === undefined ? {} : { 'content-type': contentType }),
      vary: 'Accept, Authorization, Cookie, X-GitHub-OTP',
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
    seedInstallation: (seed) => {
      for (const fullName of seed.repositories ?? []) {
        const [owner = '', repo = ''] = fullName.split('/');
        ensureRepository(owner, repo);
      }
      appAuth.seedInstallation(seed);
    },
    seedPullRequest: (owner, repo, seed) => {
      const r = ensureRepository(owner, repo);
      return renderPull(r, seedPull(r, seed, seed.number ?? nextNumber(r), clock()), urls());
    },
    addReview: (owner, repo, pullNumber, review) => {
      const r = repositoryOrThrow(owner, repo);
      const pull = findPull(r, pullNumber);
      return renderReview(r, pull, addReview(pull, { submitted_at: clock(), ...review }), urls());
    },
    checkRuns: (owner, repo) => {
      const r = repositoryOrThrow(owner, repo);
      return r.checkRuns.map((run) => ({ ...renderCheckRun(r, run, urls()), annotations: run.annotations.map((a) => ({ ...a })) }));
    },
    seedFile: (owner, repo, path, text, fileOptions = {}) => {
      const r = ensureRepository(owner, repo);
      seedFile(r, path, text, fileOptions.ref);
    },
    seedOrganization: (login, seed = {}) => {
      const key = login.toLowerCase();
      const org = organizations.get(key) ?? createOrganization(login, clock());
      organizations.set(key, org);
      seedOrganization(org, seed);
    },
    seedRepositorySettings: (owner, repo, settings) => {
      seedSettings(ensureRepository(owner, repo), settings);
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
