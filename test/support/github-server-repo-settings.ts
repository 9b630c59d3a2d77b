/**
 * What the GitHub organization collector reads of a repository in the GitHub test server, beyond its
 * issues and pull requests: visibility, archived and fork flags, secret scanning settings
 * (`security_and_analysis`), classic branch protection, the active ruleset rules of a branch, and
 * collaborators with their roles.
 *
 * - GET /repos/{owner}/{repo}/branches/{branch}/protection
 *   (https://docs.github.com/rest/branches/branch-protection#get-branch-protection): 404 "Branch not
 *   protected" when the branch has none, 404 "Branch not found" for a branch that does not exist, 403
 *   "Must have admin rights to Repository." when the token's role is below admin.
 * - GET /repos/{owner}/{repo}/rules/branches/{branch}
 *   (https://docs.github.com/rest/repos/rules#get-rules-for-a-branch): the seeded active rules, paginated.
 * - GET /repos/{owner}/{repo}/collaborators
 *   (https://docs.github.com/rest/collaborators/collaborators#list-repository-collaborators): filtered by
 *   `affiliation` and `permission` (collaborators holding at least that permission); 403 "Must have push
 *   access to view repository collaborators." when the token's role is below write.
 *
 * The token's own role on a repository (`viewerRole`) also decides whether listings carry
 * `security_and_analysis`: GitHub shows it only to admins.
 */
import { paginate, type Route } from './github-server-handler.ts';
import { renderUser, type Urls } from './github-server-json.ts';
import { actorFor, GitHubApiError, type Repository } from './github-server-store.ts';

/** Repository roles, lowest first, as GitHub names them in `role_name`. */
export const ROLES = ['read', 'triage', 'write', 'maintain', 'admin'] as const;
export type RoleName = (typeof ROLES)[number];
const rank = (role: RoleName) => ROLES.indexOf(role);

/** The permissions hash of a role (`pull`, `triage`, `push`, `maintain`, `admin`: the `permission` parameter's names): every level up to it is true. */
export function permissionsOf(role: RoleName): Record<'pull' | 'triage' | 'push' | 'maintain' | 'admin', boolean> {
  return {
    pull: rank(role) >= rank('read'),
    triage: rank(role) >= rank('triage'),
    push: rank(role) >= rank('write'),
    maintain: rank(role) >= rank('maintain'),
    admin: rank(role) >= rank('admin'),
  };
}

/** Classic branch protection as GitHub's PUT body names it (https://docs.github.com/rest/branches/branch-protection#update-branch-protection). */
export interface ClassicProtectionSeed {
  /** null (the default): pull requests are not required. */
  required_pull_request_reviews?: {
    required_approving_review_count?: number;
    dismiss_stale_reviews?: boolean;
    require_code_owner_reviews?: boolean;
  } | null;
  /** Default true. */
  enforce_admins?: boolean;
  /** Default false. */
  allow_force_pushes?: boolean;
  /** Default false. */
  allow_deletions?: boolean;
}

/** One active rule, exactly as GET /repos/{owner}/{repo}/rules/branches/{branch} lists it. */
export interface BranchRuleSeed {
  type: string;
  parameters?: Record<string, unknown>;
  ruleset_source_type: 'Repository' | 'Organization';
  ruleset_source: string;
  ruleset_id: number;
}

export interface CollaboratorSeed {
  login: string;
  role: RoleName;
  /** An outside collaborator: not a member of the organization that owns the repository. Default false. */
  outside?: boolean;
}

export interface RepositorySettingsSeed {
  visibility?: 'public' | 'private' | 'internal';
  archived?: boolean;
  fork?: boolean;
  defaultBranch?: string;
  /** What `security_and_analysis` shows. Default: both disabled, as for a private repository without Secret Protection. */
  secretScanning?: { enabled: boolean; pushProtection: boolean };
  /**
   * The token's own role on the repository. Default admin. Below admin, branch protection answers 403
   * and listings leave `security_and_analysis` out; below write, collaborators answer 403.
   */
  viewerRole?: RoleName;
  /** Classic protection by branch name (replaces what was seeded for that branch; null removes it). */
  branchProtection?: Record<string, ClassicProtectionSeed | null>;
  /** The active rules that apply to a branch, by branch name (replaces what was seeded for it). */
  rules?: Record<string, BranchRuleSeed[]>;
  /** Replaces the repository's collaborators. */
  collaborators?: CollaboratorSeed[];
}

/** The settings part of the repository record (`createRepository` in github-server-store.ts sets the defaults). */
export interface RepositorySettings {
  visibility: 'public' | 'private' | 'internal';
  archived: boolean;
  fork: boolean;
  secretScanning: { enabled: boolean; pushProtection: boolean };
  viewerRole: RoleName;
  protections: Map<string, Required<ClassicProtectionSeed>>;
  branchRules: Map<string, BranchRuleSeed[]>;
  collaborators: CollaboratorSeed[];
}

export function seedSettings(repo: Repository, seed: RepositorySettingsSeed): void {
  if (seed.visibility !== undefined) repo.visibility = seed.visibility;
  if (seed.archived !== undefined) repo.archived = seed.archived;
  if (seed.fork !== undefined) repo.fork = seed.fork;
  if (seed.defaultBranch !== undefined) repo.defaultBranch = seed.defaultBranch;
  if (seed.secretScanning !== undefined) repo.secretScanning = { ...seed.secretScanning };
  if (seed.viewerRole !== undefined) repo.viewerRole = seed.viewerRole;
  for (const [branch, protection] of Object.entries(seed.branchProtection ?? {})) {
    if (protection === null) {
      repo.protections.delete(branch);
      continue;
    }
    repo.protections.set(branch, {
      required_pull_request_reviews: protection.required_pull_request_reviews ?? null,
      enforce_admins: protection.enforce_admins ?? true,
      allow_force_pushes: protection.allow_force_pushes ?? false,
      allow_deletions: protection.allow_deletions ?? false,
    });
  }
  for (const [branch, rules] of Object.entries(seed.rules ?? {})) repo.branchRules.set(branch, rules.map((rule) => structuredClone(rule)));
  if (seed.collaborators !== undefined) {
    const logins = seed.collaborators.map((c) => c.login.toLowerCase());
    if (new Set(logins).size !== logins.length) throw new Error(`github-server: ${repo.owner}/${repo.name} lists a collaborator twice`);
    repo.collaborators = seed.collaborators.map((c) => ({ ...c, outside: c.outside ?? false }));
  }
}

/** `security_and_analysis` as an admin sees it; undefined when the token's role hides it. */
export function securityAndAnalysis(repo: Repository): Record<string, { status: 'enabled' | 'disabled' }> | undefined {
  if (repo.viewerRole !== 'admin') return undefined;
  const status = (on: boolean) => ({ status: on ? ('enabled' as const) : ('disabled' as const) });
  return {
    secret_scanning: status(repo.secretScanning.enabled),
    secret_scanning_push_protection: status(repo.secretScanning.pushProtection),
    secret_scanning_non_provider_patterns: status(false),
    dependabot_security_updates: status(false),
  };
}

/** Branches that exist: the default branch, any branch holding seeded files, protection or rules. */
function branchExists(repo: Repository, branch: string): boolean {
  return branch === repo.defaultBranch || repo.protections.has(branch) || repo.branchRules.has(branch) || repo.files.some((f) => f.ref === branch);
}

function renderProtection(repo: Repository, branch: string, protection: Required<ClassicProtectionSeed>, urls: Urls): Record<string, unknown> {
  const url = `${urls.api}/repos/${repo.owner}/${repo.name}/branches/${encodeURIComponent(branch)}/protection`;
  const reviews = protection.required_pull_request_reviews;
  return {
    url,
    ...(reviews === null
      ? {}
      : {
          required_pull_request_reviews: {
            url: `${url}/required_pull_request_reviews`,
            dismiss_stale_reviews: reviews.dismiss_stale_reviews ?? false,
            require_code_owner_reviews: reviews.require_code_owner_reviews ?? false,
            required_approving_review_count: reviews.required_approving_review_count ?? 1,
            require_last_push_approval: false,
          },
        }),
    required_signatures: { url: `${url}/required_signatures`, enabled: false },
    enforce_admins: { url: `${url}/enforce_admins`, enabled: protection.enforce_admins },
    required_linear_history: { enabled: false },
    allow_force_pushes: { enabled: protection.allow_force_pushes },
    allow_deletions: { enabled: protection.allow_deletions },
    block_creations: { enabled: false },
    required_conversation_resolution: { enabled: false },
    lock_branch: { enabled: false },
    allow_fork_syncing: { enabled: false },
  };
}

function renderCollaborator(collaborator: CollaboratorSeed, urls: Urls): Record<string, unknown> {
  return {
    ...renderUser(actorFor(collaborator.login), urls),
    permissions: permissionsOf(collaborator.role),
    role_name: collaborator.role,
  };
}

export const SETTINGS_ROUTES: Route[] = [
  {
    method: 'GET',
    rest: '/branches/{branch}/protection',
    issueEndpoint: false,
    permission: ['administration', 'read'],
    handle: (c) => {
      if (c.repo.viewerRole !== 'admin') throw new GitHubApiError(403, 'Must have admin rights to Repository.');
      const branch = c.params.branch ?? '';
      if (!branchExists(c.repo, branch)) throw new GitHubApiError(404, 'Branch not found');
      const protection = c.repo.protections.get(branch);
      if (protection === undefined) throw new GitHubApiError(404, 'Branch not protected');
      return { status: 200, body: renderProtection(c.repo, branch, protection, c.urls) };
    },
  },
  {
    method: 'GET',
    rest: '/rules/branches/{branch}',
    issueEndpoint: false,
    permission: ['metadata', 'read'],
    handle: (c) => paginate(structuredClone(c.repo.branchRules.get(c.params.branch ?? '') ?? []), c),
  },
  {
    method: 'GET',
    rest: '/collaborators',
    issueEndpoint: false,
    permission: ['metadata', 'read'],
    handle: (c) => {
      if (rank(c.repo.viewerRole) < rank('write')) throw new GitHubApiError(403, 'Must have push access to view repository collaborators.');
      const affiliation = c.query.get('affiliation') ?? 'all';
      const permission = c.query.get('permission');
      const listed = c.repo.collaborators
        .filter((m) => affiliation === 'all' || (affiliation === 'outside') === (m.outside ?? false))
        .filter((m) => permission === null || permissionsOf(m.role)[permission as keyof ReturnType<typeof permissionsOf>])
        .sort((a, b) => actorFor(a.login).id - actorFor(b.login).id);
      return paginate(listed.map((m) => renderCollaborator(m, c.urls)), c);
    },
  },
];

