/**
 * What a route of the GitHub test server receives and returns, how paths are matched, and the
 * pagination every list shares. Kept apart from the route tables so each of them
 * (`github-server-routes.ts`, `-pulls.ts`, `-checks.ts`, `-contents.ts`) can import it without a cycle.
 *
 * Lists are paginated as GitHub does (https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api):
 * 30 a page by default, at most 100, and a `Link` header naming prev/next/last/first pages with
 * the request's own query, under `/repositories/{id}/…` (`/organizations/{id}/…` for an
 * organization's lists), the form github.com uses. No Link when everything fits on one page.
 */
import type { AppIdentity } from './github-server-app.ts';
import type { Urls } from './github-server-json.ts';
import type { Actor, Repository } from './github-server-store.ts';

/** Permissions a GitHub App installation holds (https://docs.github.com/rest/authentication/permissions-required-for-github-apps). */
export type PermissionName = 'issues' | 'pull_requests' | 'checks' | 'contents' | 'metadata' | 'administration' | 'members';
export type PermissionLevel = 'read' | 'write';

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
  /** The request's `Accept` header, lower-cased; '' when absent. */
  accept: string;
  /** The GitHub App the credential belongs to (an installation token, or GitHub Actions' GITHUB_TOKEN). */
  app: AppIdentity | undefined;
}

export interface Reply {
  status: number;
  /** Sent as JSON and checked against the operation's response schema. */
  body?: unknown;
  /** Sent as it is instead of `body` (a diff, raw file contents), with the content-type from `headers`. */
  text?: string;
  headers?: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH';
  /** The path after `/repos/{owner}/{repo}`, as in GitHub's description. */
  rest: string;
  /** Answered with 410 when the repository has issues disabled. Labels stay available, as on GitHub. */
  issueEndpoint: boolean;
  /** What an installation token needs; without it GitHub answers 403 "Resource not accessible by integration". */
  permission: [PermissionName, PermissionLevel];
  handle(context: RouteContext): Reply;
}

export const operationKey = (route: Route) => `${route.method} /repos/{owner}/{repo}${route.rest}`;

/**
 * Matches a path against a template such as `/issues/{issue_number}`, returning the decoded
 * parameters. A template ending in `{path}` takes the rest of the path, slashes included, as
 * GitHub's contents API does.
 */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const parts = template.split('/');
  const segments = path.split('/');
  const greedy = parts.at(-1) === '{path}';
  if (greedy ? segments.length < parts.length : segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const segment = greedy && i === parts.length - 1 ? segments.slice(i).join('/') : (segments[i] ?? '');
    if (!part.startsWith('{')) {
      if (part !== segment) return undefined;
      continue;
    }
    if (segment === '' || segment.endsWith('/')) return undefined;
    try {
      params[part.slice(1, -1)] = segment.split('/').map(decodeURIComponent).join('/');
    } catch {
      return undefined;
    }
  }
  return params;
}

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

export interface Page<T> {
  items: T[];
  /** The Link header, or none when everything fits on one page. */
  headers: Record<string, string>;
}

/** What pagination needs of a request: its query, and where its Link URLs point. */
export interface PageContext {
  query: URLSearchParams;
  urls: Urls;
  /** The path after `linkBase`, such as `/issues` or `/repos`. */
  rest: string;
  /** `/repositories/{id}` or `/organizations/{id}`; default the repository's. */
  linkBase?: string;
  repo?: Repository;
}

/** One page of `items` as the request's `page` and `per_page` ask, with GitHub's Link header. */
export function pageOf<T>(items: T[], context: PageContext): Page<T> {
  const requested = Number(context.query.get('per_page') ?? DEFAULT_PER_PAGE);
  const perPage = requested >= 1 ? Math.min(Math.floor(requested), MAX_PER_PAGE) : DEFAULT_PER_PAGE;
  const page = Math.max(1, Math.floor(Number(context.query.get('page') ?? 1)) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  if (items.length <= perPage && page === 1) return { items: slice, headers: {} };
  const href = (n: number) => {
    const query = new URLSearchParams(context.query);
    query.set('page', String(n));
    return `<${context.urls.api}${context.linkBase ?? `/repositories/${context.repo?.id}`}${context.rest}?${query}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${href(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) links.push(`${href(page + 1)}; rel="next"`, `${href(last)}; rel="last"`);
  if (page > 1) links.push(`${href(1)}; rel="first"`);
  return { items: slice, headers: { link: links.join(', ') } };
}

/** A list answered as a JSON array, one page at a time. */
export function paginate<T>(items: T[], context: PageContext): Reply {
  const page = pageOf(items, context);
  return { status: 200, body: page.items, ...(page.headers.link === undefined ? {} : { headers: page.headers }) };
}

export const created = (body: { url: string }): Reply => ({ status: 201, body, headers: { location: body.url } });

/** Request bodies have passed the operation's schema before a handler runs; these only narrow the type. */
export const input = <T>(body: unknown) => (body ?? {}) as T;

/** Whether the request asked for a media type such as `diff` (`application/vnd.github.diff` or `.v3.diff`). */
export const wantsMediaType = (accept: string, format: string) => new RegExp(`application/vnd\\.github(?:\\.v3)?\\.${format}\\b`).test(accept);

/** The content-type GitHub answers a custom media type with, echoing the version the client asked for. */
export const mediaTypeHeaders = (accept: string, format: string): Record<string, string> => {
  const versioned = accept.includes(`application/vnd.github.v3.${format}`);
  return {
    'content-type': `application/vnd.github.${versioned ? 'v3.' : ''}${format}; charset=utf-8`,
    'x-github-media-type': `github.v3; param=${versioned ? 'v3.' : ''}${format}; format=${format}`,
  };
};
