/**
 * GitHub App authentication for the GitHub test server, as a Probot app meets it
 * (https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/about-authentication-with-a-github-app):
 *
 * 1. The app signs a JWT (RS256, `iss` = app id, `exp` at most 10 minutes ahead) with its private key.
 * 2. `POST /app/installations/{id}/access_tokens` with that JWT answers an installation token.
 * 3. The token authenticates REST and GraphQL calls to the installation's repositories only, with
 *    the installation's permissions, for an hour; anything else is a 404 or a 403
 *    "Resource not accessible by integration", as on GitHub.
 *
 * The JWT is checked with the public key derived from the configured private key; the messages of
 * the 401s are GitHub's, which `@octokit/auth-app` matches to correct clock skew. JWT and token
 * lifetimes use the real clock, as `@octokit/auth-app` does.
 */
import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import type { PermissionLevel, PermissionName } from './github-server-handler.ts';
import { renderUser, type Urls } from './github-server-json.ts';
import { renderRepository } from './github-server-repo-json.ts';
import { actorFor, GitHubApiError, notFound, timestamp, type Actor, type Repository } from './github-server-store.ts';

export type Permissions = Record<string, PermissionLevel>;

export interface AppOptions {
  /** The app id: the JWT's `iss`. */
  id: number;
  /** The app's private key (PKCS#1 or PKCS#8 PEM); the server verifies JWTs with its public half. */
  privateKeyPem: string;
  /** Default `evident`: the bot acts as `<slug>[bot]`. */
  slug?: string;
  name?: string;
  /** Also accepted as the JWT's `iss`, as GitHub does. Default `Iv23li` + the id. */
  clientId?: string;
  /** The account that owns the app. Default `acme`. */
  owner?: string;
  /** Default: checks write, contents read, issues write, metadata read, pull_requests read. */
  permissions?: Permissions;
  events?: string[];
}

/** A GitHub App as the server knows it: the one configured, or GitHub Actions behind a GITHUB_TOKEN. */
export interface AppIdentity {
  id: number;
  slug: string;
  name: string;
  clientId: string;
  owner: Actor;
  description: string;
  externalUrl: string;
  createdAt: string;
  permissions: Permissions;
  events: string[];
  /** Who the app's installation tokens act as: `<slug>[bot]`. */
  bot: Actor;
}

/** The app behind GitHub Actions' GITHUB_TOKEN (github-actions[bot]): check runs created with it name this app. */
export const GITHUB_ACTIONS_APP: AppIdentity = {
  id: 15368,
  slug: 'github-actions',
  name: 'GitHub Actions',
  clientId: 'Iv1.05c79e9ad1f6bdfa',
  owner: { login: 'github', id: 9919, type: 'Organization', authorAssociation: 'NONE' },
  description: 'Automate your workflow from idea to production',
  externalUrl: 'https://help.github.com/en/actions',
  createdAt: '2018-07-30T09:30:17Z',
  permissions: { actions: 'write', checks: 'write', contents: 'write', issues: 'write', metadata: 'read', pull_requests: 'write', statuses: 'write' },
  events: ['check_run', 'check_suite', 'pull_request', 'push', 'workflow_dispatch'],
  bot: { login: 'github-actions[bot]', id: 41898282, type: 'Bot', authorAssociation: 'NONE' },
};

const DEFAULT_PERMISSIONS: Permissions = { checks: 'write', contents: 'read', issues: 'write', metadata: 'read', pull_requests: 'read' };

export interface InstallationSeed {
  id: number;
  /** The organization (or user) the app is installed on. */
  account: string;
  accountType?: 'Organization' | 'User';
  /** `owner/repo` names: repository_selection `selected`. Omitted: every repository of the account (`all`). */
  repositories?: string[];
  /** Default: the app's permissions. */
  permissions?: Permissions;
  events?: string[];
  created_at?: string | Date;
}

interface Installation {
  id: number;
  account: Actor;
  selection: 'all' | 'selected';
  repositories: string[];
  permissions: Permissions;
  events: string[];
  createdAt: string;
}

interface IssuedToken {
  installation: Installation;
  /** Lower-cased `owner/repo` names the token is limited to, when the request named some. */
  only: string[] | undefined;
  permissions: Permissions;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Who a request acts as: the installation's bot, scoped to its repositories and permissions. */
export interface InstallationCaller {
  installationId: number;
  app: AppIdentity;
  /** The account the app is installed on: its organization endpoints are the only ones the token reaches. */
  account: string;
  canSee(repo: Repository): boolean;
  allows(permission: PermissionName, level: PermissionLevel): boolean;
}

const JWT_UNDECODABLE = 'A JSON web token could not be decoded';
const JWT_EXPIRED = "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
const JWT_TOO_LONG = "'Expiration time' claim ('exp') is too far in the future";
const JWT_ISSUED_LATER = "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
/** GitHub refuses a JWT that lives longer than 10 minutes (https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app). */
const JWT_MAX_SECONDS = 600;
const TOKEN_SECONDS = 3600;

const keyOf = (fullName: string) => fullName.toLowerCase();

function decodeSegment(segment: string | undefined): Record<string, unknown> {
  if (segment === undefined || segment === '') throw new GitHubApiError(401, JWT_UNDECODABLE);
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Falls through to GitHub's answer for anything that is not a JWT.
  }
  throw new GitHubApiError(401, JWT_UNDECODABLE);
}

export function renderApp(app: AppIdentity, urls: Urls, installationsCount?: number): Record<string, unknown> {
  return {
    id: app.id,
    slug: app.slug,
    node_id: Buffer.from(`012:Integration${app.id}`).toString('base64'),
    client_id: app.clientId,
    owner: renderUser(app.owner, urls),
    name: app.name,
    description: app.description,
    external_url: app.externalUrl,
    html_url: `${urls.html}/apps/${app.slug}`,
    created_at: app.createdAt,
    updated_at: app.createdAt,
    permissions: app.permissions,
    events: app.events,
    ...(installationsCount === undefined ? {} : { installations_count: installationsCount }),
  };
}

const satisfies = (held: PermissionLevel | undefined, wanted: PermissionLevel) => held === 'write' || (held === 'read' && wanted === 'read');

export function createAppAuth(options: AppOptions | undefined, repositories: () => Repository[], now: () => Date) {
  const slug = options?.slug ?? 'evident';
  const app: AppIdentity | undefined =
    options === undefined
      ? undefined
      : {
          id: options.id,
          slug,
          name: options.name ?? 'Evident',
          clientId: options.clientId ?? `Iv23li${options.id}`,
          owner: { ...actorFor(options.owner ?? 'acme'), type: 'Organization', authorAssociation: 'NONE' },
          description: 'Continuous compliance monitoring',
          externalUrl: 'https://github.com/acme/evident',
          createdAt: timestamp(now()),
          permissions: options.permissions ?? DEFAULT_PERMISSIONS,
          events: options.events ?? ['check_run', 'issues', 'pull_request', 'pull_request_review'],
          bot: { ...actorFor(`${slug}[bot]`), authorAssociation: 'NONE' },
        };
  const publicKey: KeyObject | undefined = options === undefined ? undefined : createPublicKey(options.privateKeyPem);
  const installations = new Map<number, Installation>();
  const tokens = new Map<string, IssuedToken>();

  const repositoriesOf = (installation: Installation) =>
    repositories().filter((r) =>
      installation.selection === 'all' ? r.owner.toLowerCase() === installation.account.login.toLowerCase() : installation.repositories.includes(keyOf(`${r.owner}/${r.name}`)),
    );

  const installationOr404 = (id: string | number) => {
    const found = installations.get(Number(id));
    if (found === undefined) throw notFound();
    return found;
  };

  function renderInstallation(installation: Installation, urls: Urls): Record<string, unknown> {
    if (app === undefined) throw new Error('github-server: no app configured');
    const organization = installation.account.type === 'Organization';
    return {
      id: installation.id,
      client_id: app.clientId,
      account: renderUser(installation.account, urls),
      repository_selection: installation.selection,
      access_tokens_url: `${urls.api}/app/installations/${installation.id}/access_tokens`,
      repositories_url: `${urls.api}/installation/repositories`,
      html_url: organization
        ? `${urls.html}/organizations/${installation.account.login}/settings/installations/${installation.id}`
        : `${urls.html}/settings/installations/${installation.id}`,
      app_id: app.id,
      app_slug: app.slug,
      target_id: installation.account.id,
      target_type: installation.account.type,
      permissions: installation.permissions,
      events: installation.events,
      created_at: installation.createdAt,
      updated_at: installation.createdAt,
      single_file_name: null,
      has_multiple_single_files: false,
      single_file_paths: [],
      suspended_by: null,
      suspended_at: null,
    };
  }

  /** POST /app/installations/{id}/access_tokens: `repositories`/`repository_ids` and `permissions` may only narrow the installation's. */
  function issueToken(installationId: string, body: { repositories?: string[]; repository_ids?: number[]; permissions?: Permissions }, urls: Urls) {
    const installation = installationOr404(installationId);
    const reachable = repositoriesOf(installation);
    let only: Repository[] | undefined;
    if (body.repositories !== undefined || body.repository_ids !== undefined) {
      const named = (body.repositories ?? []).map((name) => reachable.find((r) => r.name.toLowerCase() === name.toLowerCase()));
      const byId = (body.repository_ids ?? []).map((id) => reachable.find((r) => r.id === id));
      if ([...named, ...byId].some((r) => r === undefined)) {
        throw new GitHubApiError(422, 'There is at least one repository that does not exist or is not accessible to the parent installation.');
      }
      only = [...new Set([...named, ...byId] as Repository[])];
    }
    const permissions = body.permissions ?? installation.permissions;
    for (const [name, level] of Object.entries(permissions)) {
      if (!satisfies(installation.permissions[name], level)) throw new GitHubApiError(422, 'The permissions requested are not granted to this installation.');
    }
    const token = `ghs_${randomBytes(27).toString('base64url').replace(/[-_]/g, 'x').slice(0, 36)}`;
    const expiresAt = Math.floor(Date.now() / 1000 + TOKEN_SECONDS) * 1000;
    tokens.set(token, { installation, only: only?.map((r) => keyOf(`${r.owner}/${r.name}`)), permissions, expiresAt });
    return {
      token,
      expires_at: timestamp(new Date(expiresAt)),
      permissions,
      repository_selection: only === undefined ? installation.selection : 'selected',
      ...(only === undefined ? {} : { repositories: only.map((r) => renderRepository(r, urls, false)) }),
    };
  }

  return {
    app,
    seedInstallation(seed: InstallationSeed): void {
      if (app === undefined) throw new Error('github-server: seedInstallation needs the server started with `app: { id, privateKeyPem }`');
      installations.set(seed.id, {
        id: seed.id,
        account: { ...actorFor(seed.account), type: seed.accountType ?? 'Organization', authorAssociation: 'NONE' },
        selection: seed.repositories === undefined ? 'all' : 'selected',
        repositories: (seed.repositories ?? []).map(keyOf),
        permissions: seed.permissions ?? app.permissions,
        events: seed.events ?? app.events,
        createdAt: timestamp(new Date(seed.created_at ?? now())),
      });
    },

    /** Checks an app JWT as GitHub does; throws GitHub's 401 otherwise. */
    verifyJwt(authorization: string | undefined): AppIdentity {
      const jwt = /^bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
      if (authorization === undefined) throw new GitHubApiError(401, 'Requires authentication');
      if (jwt === undefined || app === undefined || publicKey === undefined) throw new GitHubApiError(401, JWT_UNDECODABLE);
      const [header, payload, signature, extra] = jwt.split('.');
      if (extra !== undefined || signature === undefined) throw new GitHubApiError(401, JWT_UNDECODABLE);
      const algorithm = decodeSegment(header).alg;
      const claims = decodeSegment(payload);
      const signed = algorithm === 'RS256' && verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'));
      // GitHub says the same whether the signature is wrong or `iss` names another app.
      if (!signed || (String(claims.iss) !== String(app.id) && claims.iss !== app.clientId)) throw new GitHubApiError(401, JWT_UNDECODABLE);
      const seconds = Math.floor(Date.now() / 1000);
      if (typeof claims.iat !== 'number' || !Number.isInteger(claims.iat) || claims.iat > seconds + 60) throw new GitHubApiError(401, JWT_ISSUED_LATER);
      if (typeof claims.exp !== 'number' || claims.exp <= seconds) throw new GitHubApiError(401, JWT_EXPIRED);
      if (claims.exp > seconds + JWT_MAX_SECONDS) throw new GitHubApiError(401, JWT_TOO_LONG);
      return app;
    },

    /** The caller behind an installation token; `expired` once its hour is over; undefined for an unknown token. */
    installationCaller(token: string): InstallationCaller | 'expired' | undefined {
      const issued = tokens.get(token);
      if (issued === undefined || app === undefined) return undefined;
      if (Date.now() >= issued.expiresAt) return 'expired';
      const visible = () => repositoriesOf(issued.installation).filter((r) => issued.only === undefined || issued.only.includes(keyOf(`${r.owner}/${r.name}`)));
      return {
        installationId: issued.installation.id,
        app,
        account: issued.installation.account.login,
        canSee: (repo) => visible().includes(repo),
        allows: (permission, level) => permission === 'metadata' || satisfies(issued.permissions[permission], level),
      };
    },

    renderApp: (urls: Urls) => renderApp(app as AppIdentity, urls, installations.size),
    renderInstallation: (id: string, urls: Urls) => renderInstallation(installationOr404(id), urls),
    /** The installation that can reach a repository (GET /repos/{owner}/{repo}/installation). */
    renderInstallationFor(owner: string, name: string, urls: Urls) {
      const repo = repositories().find((r) => keyOf(`${r.owner}/${r.name}`) === keyOf(`${owner}/${name}`));
      const installation = repo === undefined ? undefined : [...installations.values()].find((i) => repositoriesOf(i).includes(repo));
      if (installation === undefined) throw notFound();
      return renderInstallation(installation, urls);
    },
    issueToken,
  };
}

export type AppAuth = ReturnType<typeof createAppAuth>;

export interface AppRouteContext {
  auth: AppAuth;
  params: Record<string, string>;
  body: unknown;
  urls: Urls;
}

export interface AppRoute {
  method: 'GET' | 'POST';
  /** The full path as in GitHub's description, e.g. `/app/installations/{installation_id}`. */
  path: string;
  handle(context: AppRouteContext): { status: number; body: unknown };
}

/** The operations authenticated by the app's JWT (https://docs.github.com/rest/apps/apps). */
export const APP_ROUTES: AppRoute[] = [
  { method: 'GET', path: '/app', handle: (c) => ({ status: 200, body: c.auth.renderApp(c.urls) }) },
  {
    method: 'GET',
    path: '/app/installations/{installation_id}',
    handle: (c) => ({ status: 200, body: c.auth.renderInstallation(c.params.installation_id ?? '', c.urls) }),
  },
  {
    method: 'POST',
    path: '/app/installations/{installation_id}/access_tokens',
    handle: (c) => ({ status: 201, body: c.auth.issueToken(c.params.installation_id ?? '', (c.body ?? {}) as Parameters<AppAuth['issueToken']>[1], c.urls) }),
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/installation',
    handle: (c) => ({ status: 200, body: c.auth.renderInstallationFor(c.params.owner ?? '', c.params.repo ?? '', c.urls) }),
  },
];
