/**
 * The REST operations the GitHub test server answers under `/repos/{owner}/{repo}`, one handler
 * each, keyed like GitHub's OpenAPI description (`GET /repos/{owner}/{repo}/issues`) so each
 * response is checked against the schema of exactly that operation. Issues, comments and labels
 * are here; issue timelines and assignees (`github-server-timeline.ts`), pull requests, check runs,
 * contents and repository settings (branch protection, rules, collaborators) come from their own
 * files. Organization endpoints are in `github-server-org.ts`.
 */
import { CHECK_ROUTES } from './github-server-checks.ts';
import { CONTENT_ROUTES } from './github-server-contents.ts';
import { created, input, matchPath, paginate, type Route, type RouteContext } from './github-server-handler.ts';
import { renderComment, renderIssue, renderLabel } from './github-server-json.ts';
import { PULL_ROUTES } from './github-server-pulls.ts';
import { SETTINGS_ROUTES } from './github-server-repo-settings.ts';
import { TIMELINE_ROUTES } from './github-server-timeline.ts';
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
  type IssueFilter,
  type IssueInput,
  type IssuePatch,
  type LabelInput,
  type Repository,
} from './github-server-store.ts';

export { operationKey, type Reply, type Route, type RouteContext } from './github-server-handler.ts';

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

const ISSUE_ROUTES: Route[] = [
  {
    method: 'GET',
    rest: '/issues',
    issueEndpoint: true,
    permission: ['issues', 'read'],
    handle: (c) => paginate(listIssues(c.repo, issueFilter(c.query)).map((i) => renderIssue(c.repo, i, c.urls, false)), c),
  },
  {
    method: 'POST',
    rest: '/issues',
    issueEndpoint: true,
    permission: ['issues', 'write'],
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
    permission: ['issues', 'read'],
    handle: (c) => ({ status: 200, body: renderIssue(c.repo, findIssue(c.repo, c.params.issue_number ?? ''), c.urls, true) }),
  },
  {
    method: 'PATCH',
    rest: '/issues/{issue_number}',
    issueEndpoint: true,
    permission: ['issues', 'write'],
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
    permission: ['issues', 'read'],
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
    permission: ['issues', 'write'],
    handle: (c) => {
      const issue = findIssue(c.repo, c.params.issue_number ?? '');
      return created(renderComment(c.repo, addComment(c.repo, issue, input<{ body: string }>(c.body).body, c.actor, c.now), c.urls));
    },
  },
  {
    method: 'GET',
    rest: '/labels',
    issueEndpoint: false,
    permission: ['issues', 'read'],
    handle: (c) => paginate(labelsByName(c.repo).map((l) => renderLabel(c.repo, l, c.urls)), c),
  },
  {
    method: 'POST',
    rest: '/labels',
    issueEndpoint: false,
    permission: ['issues', 'write'],
    handle: (c) => created(renderLabel(c.repo, addLabel(c.repo, input<LabelInput>(c.body)), c.urls)),
  },
  {
    method: 'GET',
    rest: '/labels/{name}',
    issueEndpoint: false,
    permission: ['issues', 'read'],
    handle: (c) => ({ status: 200, body: renderLabel(c.repo, label(c), c.urls) }),
  },
  {
    method: 'PATCH',
    rest: '/labels/{name}',
    issueEndpoint: false,
    permission: ['issues', 'write'],
    handle: (c) => {
      const found = label(c);
      editLabel(c.repo, found, input<{ new_name?: string; color?: string; description?: string }>(c.body));
      return { status: 200, body: renderLabel(c.repo, found, c.urls) };
    },
  },
];

export const labelsByName = (repo: Repository) => [...repo.labels].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));

/** Every operation under `/repos/{owner}/{repo}` the server answers. */
export const ROUTES: Route[] = [...ISSUE_ROUTES, ...TIMELINE_ROUTES, ...PULL_ROUTES, ...CHECK_ROUTES, ...CONTENT_ROUTES, ...SETTINGS_ROUTES];

/** Finds the route for a path after the repository (`/issues/3`), with its decoded parameters. */
export function matchRoute(method: string, rest: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const params = matchPath(route.rest, rest);
    if (params !== undefined) return { route, params };
  }
  return undefined;
}
