/**
 * The endpoints of the loopback Okta, answering from an OktaOrg in Okta's wire format.
 *
 * Listings page with an `after` cursor (the last id of the previous page) and a `limit`, and say
 * where the next page is in `Link: <…>; rel="next"` (https://developer.okta.com/docs/api/#pagination);
 * the admin listing puts its next link in the body (`_links.next`), as Okta's IAM endpoints do.
 * Groups include the built-in `Everyone` (type BUILT_IN), of which every user is a member.
 */
import { parseFilter } from './okta-filter.ts';
import { renderAssignee, renderError, renderEvent, renderFactor, renderGroup, renderRole, renderUser } from './okta-json.ts';
import type { OktaOrg, OrgGroup, OrgUser } from './okta-org.ts';

export interface RouteContext {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Scheme and host the client used, for links. */
  origin: string;
  params: string[];
  org: OktaOrg;
}

export interface Reply {
  status: number;
  body: unknown;
  /** Absolute URL of the next page, sent as `Link: <…>; rel="next"`. */
  next?: string;
  /** 1-based page of a listing, for page faults. */
  page?: number;
}

type Handler = (ctx: RouteContext) => Reply;

const notFound = (what: string): Reply => ({ status: 404, body: renderError('E0000007', `Not found: Resource not found: ${what}`) });
const badRequest = (summary: string): Reply => ({ status: 400, body: renderError('E0000001', `Api validation failed: ${summary}`) });

/** A page of `items` (sorted by `key`) after the cursor, with the link to the next one. */
function paginate<T>(ctx: RouteContext, items: readonly T[], key: (item: T) => string, limits: { fallback: number; max: number }) {
  const limit = Math.min(limits.max, Math.max(1, Number(ctx.query.get('limit') ?? limits.fallback) || limits.fallback));
  const after = ctx.query.get('after');
  const start = after === null ? 0 : items.findIndex((item) => key(item) > after) === -1 ? items.length : items.findIndex((item) => key(item) > after);
  const slice = items.slice(start, start + limit);
  const last = slice.at(-1);
  let next: string | undefined;
  if (start + limit < items.length && last !== undefined) {
    const query = new URLSearchParams(ctx.query);
    query.set('after', key(last));
    query.set('limit', String(limit));
    next = `${ctx.origin}${ctx.path}?${query}`;
  }
  return { slice, next, page: Math.floor(start / limit) + 1 };
}

function userAttribute(user: OrgUser) {
  return (name: string): string | null => {
    if (name === 'status' || name === 'id' || name === 'lastUpdated' || name === 'created') return user[name];
    if (name.startsWith('profile.')) return (user.profile as Record<string, string>)[name.slice(8)] ?? null;
    return null;
  };
}

const listUsers: Handler = (ctx) => {
  const expression = ctx.query.get('filter') ?? ctx.query.get('search');
  let users = ctx.org.sortedUsers();
  if (expression !== null) {
    const predicate = parseFilter(expression);
    if (predicate === undefined) return badRequest(`invalid filter expression ${expression}`);
    users = users.filter((user) => predicate(userAttribute(user)));
  } else {
    // Without filter or search, Okta lists every user but the DEPROVISIONED ones.
    users = users.filter((user) => user.status !== 'DEPROVISIONED');
  }
  const q = ctx.query.get('q');
  if (q !== null) users = users.filter((user) => [user.profile.firstName, user.profile.lastName, user.profile.email].some((v) => v.toLowerCase().startsWith(q.toLowerCase())));
  const { slice, next, page } = paginate(ctx, users, (user) => user.id, { fallback: 200, max: 200 });
  return { status: 200, body: slice.map((user) => renderUser(user, ctx.origin)), next, page };
};

const userOr404 = (ctx: RouteContext, handler: (user: OrgUser) => Reply): Reply => {
  const user = ctx.org.findUser(ctx.params[0] as string);
  return user === undefined ? notFound(`${ctx.params[0]} (User)`) : handler(user);
};

function lifecycle(ctx: RouteContext, user: OrgUser, action: string): Reply {
  const at = ctx.org.now.toISOString();
  if (action === 'suspend') {
    if (user.status !== 'ACTIVE') return badRequest('Cannot suspend a user that is not active');
    ctx.org.setStatus(user.id, 'SUSPENDED', at, 'user.lifecycle.suspend');
  } else if (action === 'unsuspend') {
    if (user.status !== 'SUSPENDED') return badRequest('Cannot unsuspend a user that is not suspended');
    ctx.org.setStatus(user.id, 'ACTIVE', at, 'user.lifecycle.unsuspend');
  } else if (action === 'deactivate') {
    if (user.status === 'DEPROVISIONED') return badRequest('Cannot deactivate a user that is already deactivated');
    ctx.org.setStatus(user.id, 'DEPROVISIONED', at, 'user.lifecycle.deactivate');
  } else {
    return notFound(`lifecycle operation ${action}`);
  }
  return { status: 200, body: {} };
}

const listAssignees: Handler = (ctx) => {
  const { slice, next } = paginate(ctx, ctx.org.adminIds(), (id) => id, { fallback: 100, max: 100 });
  return { status: 200, body: { value: slice.map((id) => renderAssignee(id, ctx.origin)), _links: next === undefined ? {} : { next: { href: next } } } };
};

/** The built-in group every user of the org belongs to, whatever their status. */
export const EVERYONE_GROUP_ID = '00geveryone000000001';

function everyone(org: OktaOrg): OrgGroup {
  return { id: EVERYONE_GROUP_ID, name: 'Everyone', created: '2020-01-01T00:00:00.000Z', members: new Set(org.sortedUsers().map((user) => user.id)), roles: [] };
}

function findGroup(org: OktaOrg, id: string): OrgGroup | undefined {
  return id === EVERYONE_GROUP_ID ? everyone(org) : org.groups.get(id);
}

/** Members a listing of the group gives (its `usersCount`, https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Group/#tag/Group/operation/listGroups `expand=stats`). */
const groupMembers = (ctx: RouteContext, group: OrgGroup) => ctx.org.sortedUsers().filter((user) => group.members.has(user.id));

/** `q` (name prefix), `filter` on `type` and `profile.name`, and `expand=stats`. */
const listGroups: Handler = (ctx) => {
  const q = ctx.query.get('q')?.toLowerCase();
  const stats = ctx.query.get('expand') === 'stats';
  const expression = ctx.query.get('filter');
  const predicate = expression === null ? () => true : parseFilter(expression);
  if (predicate === undefined) return badRequest(`invalid filter expression ${expression}`);
  const typeOf = (group: OrgGroup) => (group.id === EVERYONE_GROUP_ID ? 'BUILT_IN' : 'OKTA_GROUP');
  const groups = [everyone(ctx.org), ...ctx.org.groups.values()]
    .filter((group) => q === undefined || group.name.toLowerCase().startsWith(q))
    .filter((group) => predicate((name) => (name === 'type' ? typeOf(group) : name === 'profile.name' ? group.name : null)))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const { slice, next, page } = paginate(ctx, groups, (group) => group.id, { fallback: 200, max: 10_000 });
  const render = (group: OrgGroup) => ({
    ...renderGroup(group, ctx.origin),
    type: typeOf(group),
    ...(stats ? { _embedded: { stats: { usersCount: groupMembers(ctx, group).length, appsCount: 0, groupPushMappingsCount: 0, hasAdminPrivilege: group.roles.length > 0 } } } : {}),
  });
  return { status: 200, body: slice.map(render), next, page };
};

const listGroupUsers: Handler = (ctx) => {
  const group = findGroup(ctx.org, ctx.params[0] as string);
  if (group === undefined) return notFound(`${ctx.params[0]} (UserGroup)`);
  const members = groupMembers(ctx, group);
  const { slice, next, page } = paginate(ctx, members, (user) => user.id, { fallback: 1000, max: 1000 });
  return { status: 200, body: slice.map((user) => renderUser(user, ctx.origin)), next, page };
};

/**
 * Bounded queries only (`since` and `until`): the next link is sent only while more events remain.
 * `since` defaults to 7 days before `until`, as Okta's does.
 */
const listLogs: Handler = (ctx) => {
  const until = ctx.query.get('until') ?? ctx.org.now.toISOString();
  const since = ctx.query.get('since') ?? new Date(Date.parse(until) - 7 * 86_400_000).toISOString();
  if (Number.isNaN(Date.parse(since)) || Number.isNaN(Date.parse(until))) return badRequest('since and until must be ISO 8601 timestamps');
  const filter = ctx.query.get('filter');
  const predicate = filter === null ? () => true : parseFilter(filter);
  if (predicate === undefined) return badRequest(`invalid filter expression ${filter}`);
  const from = new Date(since).toISOString();
  const to = new Date(until).toISOString();
  const events = ctx.org.events
    .map((event, index) => ({ event, key: String(index).padStart(12, '0') }))
    .filter(({ event }) => event.published >= from && event.published < to)
    .filter(({ event }) => predicate((name) => (name === 'eventType' ? event.eventType : name === 'outcome.result' ? event.outcome.result : null)));
  const { slice, next, page } = paginate(ctx, events, (item) => item.key, { fallback: 100, max: 1000 });
  const ordered = ctx.query.get('sortOrder') === 'DESCENDING' ? [...slice].reverse() : slice;
  return { status: 200, body: ordered.map(({ event }) => renderEvent(event)), next, page };
};

export const ROUTES: { method: string; pattern: RegExp; handler: Handler }[] = [
  { method: 'GET', pattern: /^\/api\/v1\/users$/, handler: listUsers },
  { method: 'GET', pattern: /^\/api\/v1\/users\/([^/]+)$/, handler: (ctx) => userOr404(ctx, (user) => ({ status: 200, body: renderUser(user, ctx.origin) })) },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/users\/([^/]+)\/factors$/,
    handler: (ctx) => userOr404(ctx, (user) => ({ status: 200, body: (ctx.org.factors.get(user.id) ?? []).map((f) => renderFactor(f, user.id, ctx.origin)) })),
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/users\/([^/]+)\/roles$/,
    handler: (ctx) => userOr404(ctx, (user) => ({ status: 200, body: ctx.org.effectiveRoles(user.id).map((r) => renderRole(r, user.id, ctx.origin)) })),
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/users\/([^/]+)\/groups$/,
    handler: (ctx) => userOr404(ctx, (user) => ({ status: 200, body: [...ctx.org.groups.values()].filter((g) => g.members.has(user.id)).map((g) => renderGroup(g, ctx.origin)) })),
  },
  { method: 'POST', pattern: /^\/api\/v1\/users\/([^/]+)\/lifecycle\/([a-z]+)$/, handler: (ctx) => userOr404(ctx, (user) => lifecycle(ctx, user, ctx.params[1] as string)) },
  { method: 'GET', pattern: /^\/api\/v1\/iam\/assignees\/users$/, handler: listAssignees },
  { method: 'GET', pattern: /^\/api\/v1\/groups$/, handler: listGroups },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/groups\/([^/]+)$/,
    handler: (ctx) => {
      const group = findGroup(ctx.org, ctx.params[0] as string);
      return group === undefined ? notFound(`${ctx.params[0]} (UserGroup)`) : { status: 200, body: { ...renderGroup(group, ctx.origin), ...(group.id === EVERYONE_GROUP_ID ? { type: 'BUILT_IN' } : {}) } };
    },
  },
  { method: 'GET', pattern: /^\/api\/v1\/groups\/([^/]+)\/users$/, handler: listGroupUsers },
  { method: 'GET', pattern: /^\/api\/v1\/logs$/, handler: listLogs },
];

export function route(ctx: Omit<RouteContext, 'params'>): Reply {
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(ctx.path);
    if (match === null) continue;
    if (candidate.method !== ctx.method) return { status: 405, body: renderError('E0000022', `The endpoint does not support the provided HTTP method`) };
    return candidate.handler({ ...ctx, params: match.slice(1).map(decodeURIComponent) });
  }
  return notFound(ctx.path);
}
