/**
 * Organizations in the GitHub test server, as the GitHub organization collector reads them:
 *
 * - GET /orgs/{org} (https://docs.github.com/rest/orgs/orgs#get-an-organization): the owner-only
 *   fields, `two_factor_requirement_enabled` among them, only when the seed makes the token an
 *   owner's (`twoFactorRequirementEnabled` not null), as GitHub leaves them out otherwise.
 * - GET /orgs/{org}/members (https://docs.github.com/rest/orgs/members#list-organization-members):
 *   `filter=2fa_disabled` lists the members seeded `withoutTwoFactor`; GitHub lets only owners use
 *   that filter, so `twoFactorFilterRefused` answers it with that status and "Only owners can use this filter.".
 * - GET /orgs/{org}/repos (https://docs.github.com/rest/repos/repos#list-organization-repositories):
 *   every repository the server holds for the organization (`type`, `sort`, `direction` honoured).
 * - GET /orgs/{org}/outside_collaborators
 *   (https://docs.github.com/rest/orgs/outside-collaborators#list-outside-collaborators-for-an-organization):
 *   everyone seeded as an outside collaborator of one of its repositories.
 *
 * Lists are paginated with Links under `/organizations/{id}/…`, the form github.com uses. An
 * organization exists only once seeded (`seedOrganization`); any other is a 404.
 */
import { matchPath, paginate, type PermissionLevel, type PermissionName, type Reply } from './github-server-handler.ts';
import { renderUser, type Urls } from './github-server-json.ts';
import { renderRepository } from './github-server-repo-json.ts';
import { actorFor, GitHubApiError, timestamp, type Repository } from './github-server-store.ts';

export interface OrganizationSeed {
  /**
   * `two_factor_requirement_enabled`. null: the token is not an owner's, so GitHub leaves it and the
   * other owner-only fields out. Default true.
   */
  twoFactorRequirementEnabled?: boolean | null;
  /** Members, as logins or with their role (default `member`). */
  members?: (string | { login: string; role?: 'admin' | 'member' })[];
  /** Logins (members or outside collaborators) without 2FA: what `filter=2fa_disabled` lists. */
  withoutTwoFactor?: string[];
  /** Answers the 2FA filters with this status and "Only owners can use this filter.", as GitHub does for a non-owner. */
  twoFactorFilterRefused?: 403 | 422;
}

export interface StoredOrganization {
  login: string;
  id: number;
  createdAt: string;
  twoFactorRequirementEnabled: boolean | null;
  members: { login: string; role: 'admin' | 'member' }[];
  withoutTwoFactor: Set<string>;
  twoFactorFilterRefused: 403 | 422 | undefined;
}

export function createOrganization(login: string, now: Date): StoredOrganization {
  return {
    login,
    id: actorFor(login).id,
    createdAt: timestamp(now),
    twoFactorRequirementEnabled: true,
    members: [],
    withoutTwoFactor: new Set(),
    twoFactorFilterRefused: undefined,
  };
}

export function seedOrganization(org: StoredOrganization, seed: OrganizationSeed): void {
  if (seed.twoFactorRequirementEnabled !== undefined) org.twoFactorRequirementEnabled = seed.twoFactorRequirementEnabled;
  if (seed.members !== undefined) {
    org.members = seed.members.map((m) => (typeof m === 'string' ? { login: m, role: 'member' as const } : { login: m.login, role: m.role ?? 'member' }));
  }
  if (seed.withoutTwoFactor !== undefined) org.withoutTwoFactor = new Set(seed.withoutTwoFactor.map((login) => login.toLowerCase()));
  if (seed.twoFactorFilterRefused !== undefined) org.twoFactorFilterRefused = seed.twoFactorFilterRefused;
}

export interface OrgRouteContext {
  org: StoredOrganization;
  /** The organization's repositories the caller can see. */
  repositories: Repository[];
  params: Record<string, string>;
  query: URLSearchParams;
  urls: Urls;
  /** The path after `/orgs/{org}`, such as `/repos`, for Link URLs. */
  rest: string;
  linkBase: string;
}

export interface OrgRoute {
  method: 'GET';
  /** The path after `/orgs/{org}`, as in GitHub's description ('' for the organization itself). */
  rest: string;
  /** What an installation token needs (organization permissions for member lists). */
  permission: [PermissionName, PermissionLevel];
  handle(context: OrgRouteContext): Reply;
}

export const orgOperationKey = (route: OrgRoute) => `${route.method} /orgs/{org}${route.rest}`;

/** `/orgs/acme/repos` or `/organizations/123/repos`: which organization, and the path after it. */
export function parseOrgPath(pathname: string): { login?: string; id?: number; rest: string } | undefined {
  const segments = pathname.split('/');
  const rest = `/${segments.slice(3).join('/')}`.replace(/\/$/, '');
  if (segments[1] === 'orgs' && segments.length >= 3 && segments[2] !== '') {
    try {
      return { login: decodeURIComponent(segments[2] ?? ''), rest };
    } catch {
      return undefined;
    }
  }
  if (segments[1] === 'organizations' && /^\d+$/.test(segments[2] ?? '')) return { id: Number(segments[2]), rest };
  return undefined;
}

export function matchOrgRoute(method: string, rest: string): { route: OrgRoute; params: Record<string, string> } | undefined {
  for (const route of ORG_ROUTES) {
    if (route.method !== method) continue;
    const params = matchPath(route.rest, rest);
    if (params !== undefined) return { route, params };
  }
  return undefined;
}

function renderOrganization(org: StoredOrganization, repositories: Repository[], urls: Urls): Record<string, unknown> {
  const api = `${urls.api}/orgs/${org.login}`;
  const publicRepos = repositories.filter((r) => r.visibility === 'public').length;
  const owner = org.twoFactorRequirementEnabled !== null;
  return {
    login: org.login,
    id: org.id,
    node_id: Buffer.from(`012:Organization${org.id}`).toString('base64'),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${org.id}?v=4`,
    description: null,
    is_verified: false,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: publicRepos,
    public_gists: 0,
    followers: 0,
    following: 0,
    html_url: `${urls.html}/${org.login}`,
    type: 'Organization',
    created_at: org.createdAt,
    updated_at: org.createdAt,
    archived_at: null,
    // What GitHub adds for an owner's token (https://docs.github.com/rest/orgs/orgs#get-an-organization).
    ...(owner
      ? {
          total_private_repos: repositories.length - publicRepos,
          owned_private_repos: repositories.length - publicRepos,
          private_gists: 0,
          disk_usage: 0,
          collaborators: outsideCollaborators(repositories).length,
          billing_email: null,
          plan: { name: 'team', space: 976562499, private_repos: 999999, filled_seats: org.members.length, seats: org.members.length },
          default_repository_permission: 'read',
          members_can_create_repositories: false,
          two_factor_requirement_enabled: org.twoFactorRequirementEnabled,
          members_allowed_repository_creation_type: 'none',
          members_can_create_public_repositories: false,
          members_can_create_private_repositories: false,
          members_can_create_internal_repositories: false,
          members_can_create_pages: true,
          members_can_create_public_pages: true,
          members_can_create_private_pages: true,
          members_can_fork_private_repositories: false,
          web_commit_signoff_required: false,
        }
      : {}),
  };
}

/** Outside collaborators of any of the repositories, each once, by login. */
function outsideCollaborators(repositories: Repository[]): string[] {
  const logins = new Map<string, string>();
  for (const repo of repositories) {
    for (const collaborator of repo.collaborators) if (collaborator.outside === true) logins.set(collaborator.login.toLowerCase(), collaborator.login);
  }
  return [...logins.values()].sort((a, b) => actorFor(a).id - actorFor(b).id);
}

/** `filter=2fa_disabled` (and `2fa_insecure`, which nobody is here) only for owners. */
function twoFactorFilter(context: OrgRouteContext): ((login: string) => boolean) | undefined {
  const filter = context.query.get('filter') ?? 'all';
  if (filter === 'all') return undefined;
  if (context.org.twoFactorFilterRefused !== undefined) throw new GitHubApiError(context.org.twoFactorFilterRefused, 'Only owners can use this filter.');
  return filter === '2fa_disabled' ? (login) => context.org.withoutTwoFactor.has(login.toLowerCase()) : () => false;
}

const REPOSITORY_SORTS: Record<string, (r: Repository) => string> = {
  created: (r) => `${r.createdAt}:${String(r.id).padStart(12, '0')}`,
  updated: (r) => `${r.createdAt}:${String(r.id).padStart(12, '0')}`,
  pushed: (r) => `${r.createdAt}:${String(r.id).padStart(12, '0')}`,
  full_name: (r) => `${r.owner}/${r.name}`.toLowerCase(),
};

function listRepositories(context: OrgRouteContext): Reply {
  const type = context.query.get('type') ?? 'all';
  const sort = context.query.get('sort') ?? 'created';
  // GitHub's default direction: ascending by name, newest first otherwise.
  const direction = context.query.get('direction') ?? (sort === 'full_name' ? 'asc' : 'desc');
  const key = REPOSITORY_SORTS[sort] ?? REPOSITORY_SORTS.created!;
  const selected = context.repositories
    .filter((r) => {
      switch (type) {
        case 'public':
          return r.visibility === 'public';
        case 'private':
          return r.visibility !== 'public';
        case 'forks':
          return r.fork;
        case 'sources':
          return !r.fork;
        default:
          return true;
      }
    })
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (direction === 'asc' ? 1 : -1));
  return paginate(
    selected.map((r) => renderRepository(r, context.urls, false, true)),
    context,
  );
}

export const ORG_ROUTES: OrgRoute[] = [
  {
    method: 'GET',
    rest: '',
    permission: ['metadata', 'read'],
    handle: (c) => ({ status: 200, body: renderOrganization(c.org, c.repositories, c.urls) }),
  },
  {
    method: 'GET',
    rest: '/members',
    permission: ['members', 'read'],
    handle: (c) => {
      const only = twoFactorFilter(c);
      const role = c.query.get('role') ?? 'all';
      const members = c.org.members
        .filter((m) => role === 'all' || m.role === role)
        .filter((m) => only === undefined || only(m.login))
        .sort((a, b) => actorFor(a.login).id - actorFor(b.login).id);
      return paginate(
        members.map((m) => renderUser(actorFor(m.login), c.urls)),
        c,
      );
    },
  },
  {
    method: 'GET',
    rest: '/repos',
    permission: ['metadata', 'read'],
    handle: listRepositories,
  },
  {
    method: 'GET',
    rest: '/outside_collaborators',
    permission: ['members', 'read'],
    handle: (c) => {
      const only = twoFactorFilter(c);
      const logins = outsideCollaborators(c.repositories).filter((login) => only === undefined || only(login));
      return paginate(
        logins.map((login) => renderUser(actorFor(login), c.urls)),
        c,
      );
    },
  },
];
