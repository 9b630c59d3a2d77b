/**
 * The REST operations the GitHub test server answers, one handler each, keyed like GitHub's
 * OpenAPI description (`GET /repos/{owner}/{repo}/issues`) so each response is checked against
 * the schema of exactly that operation.
 *
 * Lists are paginated as GitHub does (https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api):
 * 30 a page by default, at most 100, and a `Link` header naming prev/next/last/first pages with
 * the request's own query, under `/repositories/{id}/…`, the form github.com uses. No Link when
 * everything fits on one page.
 */
import { renderComment, renderIssue, renderLabel, type Urls } from './github-server-json.ts';
import {
  addComment,
  addIssue,
  addLabel,
  editLabel,
  findIssue,
  findLabel,
  listIssues,
  notFound,
  patchIssue,
  type Actor,
  type IssueFilter,
  type IssueInput,
  type IssuePatch,
  type LabelInput,
  type Repository,
} from './github-server-store.ts';

export interface RouteContext {
  repo: Repository;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  urls: Urls;
  /** The request path after the repository, e.g. `/issues/3/comments`, for Link URLs. */
  rest: string;
  actor: Actor;
  /** The resource clock, already in GitHub's whole-second form. */
  now: string;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH';
  /** The path after `/repos/{owner}/{repo}`, as in GitHub's description. */
  rest: string;
  /** Answered with 410 when the repository has issues disabled. Labels stay available, as on GitHub. */
  issueEndpoint: boolean;
  handle(context: RouteContext): Reply;
}

export const operationKey = (route: Route) => `${route.method} /repos/{owner}/{repo}${route.rest}`;

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

function paginate<T>(items: T[], context: RouteContext): Reply {
  const requested = Number(context.query.get('per_page') ?? DEFAULT_PER_PAGE);
  const perPage = requested >= 1 ? Math.min(Math.floor(requested), MAX_PER_PAGE) : DEFAULT_PER_PAGE;
  const page = Math.max(1, Math.floor(Number(context.query.get('page') ?? 1)) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const body = items.slice((page - 1) * perPage, page * perPage);
  if (items.length <= perPage && page === 1) return { status: 200, body };
  const href = (n: number) => {
    const query = new URLSearchParams(context.query);
    query.set('page', String(n));
    return `<${context.urls.api}/repositories/${context.repo.id}${context.rest}?${query}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${href(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) links.push(`${href(page + 1)}; rel="next"`, `${href(last)}; rel="last"`);
  if (page > 1) links.push(`${href(1)}; rel="first"`);
  return { status: 200, body, headers: { link: links.join(', ') } };
}

const created = (body: { url: string }): Reply => ({ status: 201, body, headers: { location: body.url } });

/** Request bodies have passed the operation's schema before a handler runs; these only narrow the type. */
const input = <T>(body: unknown) => (body ?? {}) as T;

function issueFilter(query: URLSearchParams): IssueFilter {
  return {
    state: (query.get('state') ?? 'open') as IssueFilter['state'],
    labels: (query.get('labels') ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
    creator: query.get('creator') ?? undefined,
    since: query.get('since') ?? undefined,
    sort: (query.get('sort') ?? 'created') as IssueFilter['sort'],
    direction: (query.get('direction') ?? 'desc') as IssueFilter['direction'],
  };
}

function label(context: RouteContext) {
  const found = findLabel(context.repo, context.params.name ?? '');
  if (found === undefined) throw notFound();
  return found;
}

export const ROUTES: Route[] = [
  {
    method: 'GET',
    rest: '/issues',
    issueEndpoint: true,
    handle: (c) => paginate(listIssues(c.repo, issueFilter(c.query)).map((i) => renderIssue(c.repo, i, c.urls, false)), c),
  },
  {
    method: 'POST',
    rest: '/issues',
    issueEndpoint: true,
    handle: (c) => {
      const body = input<Omit<IssueInput, 'title'> & { title: string | number }>(c.body);
      const issue = addIssue(c.repo, { ...body, title: String(body.title) }, c.actor, c.now);
      return created(renderIssue(c.repo, issue, c.urls, true));
    },
  },
  {
    method: 'GET',
    rest: '/issues/{issue_number}',
    issueEndpoint: true,
    handle: (c) => ({ status: 200, body: renderIssue(c.repo, findIssue(c.repo, c.params.issue_number ?? ''), c.urls, true) }),
  },
  {
    method: 'PATCH',
    rest: '/issues/{issue_number}',
    issueEndpoint: true,
    handle: (c) => {
      const issue = findIssue(c.repo, c.params.issue_number ?? '');
      const body = input<Omit<IssuePatch, 'title'> & { title?: string | number | null }>(c.body);
      patchIssue(c.repo, issue, { ...body, title: typeof body.title === 'number' ? String(body.title) : body.title }, c.actor, c.now);
      return { status: 200, body: renderIssue(c.repo, issue, c.urls, true) };
    },
  },
  {
    method: 'GET',
    rest: '/issues/{issue_number}/comments',
    issueEndpoint: true,
    handle: (c) => {
      const issue = findIssue(c.repo, c.params.issue_number ?? '');
      const since = c.query.get('since');
      const comments = c.repo.comments
        .filter((m) => m.issueNumber === issue.number && (since === null || Date.parse(m.updatedAt) >= Date.parse(since)))
        .sort((a, b) => a.id - b.id);
      return paginate(comments.map((m) => renderComment(c.repo, m, c.urls)), c);
    },
  },
  {
    method: 'POST',
    rest: '/issues/{issue_number}/comments',
    issueEndpoint: true,
    handle: (c) => {
      const issue = findIssue(c.repo, c.params.issue_number ?? '');
      return created(renderComment(c.repo, addComment(c.repo, issue, input<{ body: string }>(c.body).body, c.actor, c.now), c.urls));
    },
  },
  {
    method: 'GET',
    rest: '/labels',
    issueEndpoint: false,
    handle: (c) => paginate(labelsByName(c.repo).map((l) => renderLabel(c.repo, l, c.urls)), c),
  },
  {
    method: 'POST',
    rest: '/labels',
    issueEndpoint: false,
    handle: (c) => created(renderLabel(c.repo, addLabel(c.repo, input<LabelInput>(c.body)), c.urls)),
  },
  {
    method: 'GET',
    rest: '/labels/{name}',
    issueEndpoint: false,
    handle: (c) => ({ status: 200, body: renderLabel(c.repo, label(c), c.urls) }),
  },
  {
    method: 'PATCH',
    rest: '/labels/{name}',
    issueEndpoint: false,
    handle: (c) => {
      const found = label(c);
      editLabel(c.repo, found, input<{ new_name?: string; color?: string; description?: string }>(c.body));
      return { status: 200, body: renderLabel(c.repo, found, c.urls) };
    },
  },
];

export const labelsByName = (repo: Repository) => [...repo.labels].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));

/** Finds the route for a path after the repository (`/issues/3`), with its decoded parameters. */
export function matchRoute(method: string, rest: string): { route: Route; params: Record<string, string> } | undefined {
  const segments = rest.split('/');
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const template = route.rest.split('/');
    if (template.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = template.every((part, i) => {
      const segment = segments[i] ?? '';
      if (!part.startsWith('{')) return part === segment;
      try {
        params[part.slice(1, -1)] = decodeURIComponent(segment);
      } catch {
        return false;
      }
      return segment !== '';
    });
    if (matches) return { route, params };
  }
  return undefined;
}

