/**
 * The GitHub organization collector: one snapshot of `github:<org>` (engine/snapshots/github-org.ts)
 * for the 2FA, branch protection, secret scanning and outside-collaborator controls.
 *
 * Calls, for an organization of R repositories (A archived) and O outside collaborators:
 * - 4 lists, read side by side: GET /orgs/{org}, /orgs/{org}/members?filter=2fa_disabled,
 *   /orgs/{org}/repos (secret scanning comes with it) and /orgs/{org}/outside_collaborators, each
 *   ⌈n/100⌉ pages;
 * - per non-archived repository, its default branch's classic protection and active rules: 2 × (R − A)
 *   (archived ones too when github-default-branch-protected sets `includeArchived`);
 * - per repository, its outside collaborators with admin
 *   (GET /repos/{owner}/{repo}/collaborators?affiliation=outside&permission=admin): R, but none at
 *   all when the organization has no outside collaborator, the common case.
 * A part whose control is disabled in compliance.yml is not read. Repeated collections in one process
 * ask with ETags (github-org-client.ts).
 *
 * The repository listing is reconciled with the organization's own counts (github-org-reconcile.ts):
 * fewer repositories than GitHub counts makes it incomplete.
 *
 * Failures are parts, never empty lists: a 403 on the 2FA filter (only owners may use it) leaves
 * `membersWithout2fa` null and `members2fa` incomplete with GitHub's answer; a protection or rules
 * read that fails (403, 5xx after retries) makes `branchProtection` incomplete; only 404 "Branch not
 * protected" (or "Branch not found", an empty repository) reads as no classic protection. Only a
 * missing token, bad credentials or an organization GitHub does not show throw: then nothing can be read.
 */
import { ConfigurationError } from '../errors.ts';
import type { GitHubClient } from '../issues/github-client.ts';
import { mapConcurrent } from '../evidence/map-concurrent.ts';
import type { Snapshot, SnapshotPart } from '../model.ts';
import { GithubOrgData, type GithubBranchRule, type GithubClassicProtection, type GithubRepository } from '../snapshots/github-org.ts';
import { EVIDENT_VERSION } from '../version.ts';
import type { Collector, CollectContext } from './collector.ts';
import { createOrgClientCache, type OrgClientCache } from './github-org-client.ts';
import { classicProtectionOf, rulesOf, secretScanningOf, visibilityOf, type ProtectionItem, type RepositoryItem } from './github-org-normalize.ts';
import { describeFailure, messageOf, readOne, readPages, statusOf, type PagesRead } from './github-org-reads.ts';
import { repositoryShortfall, type OrgRepositoryCounts } from './github-org-reconcile.ts';
import { clockParameters, sourceClock } from './source-clock.ts';

export interface GithubOrgCollectorOptions {
  /** Base of the backoff after a 5xx or a rate limit, in ms (octokit's default: 1000). Tests shorten it. */
  retryBaseMs?: number;
  /** Repositories read at once for protection, rules and collaborators. Default 8. */
  concurrency?: number;
  /** Clients (and their ETag caches) to reuse; default one per collector. */
  clients?: OrgClientCache;
}

/** The environment variable holding the token, unless `sources.github.tokenEnv` names another. */
export const DEFAULT_TOKEN_ENV = 'GITHUB_TOKEN';

const BRANCH_CONTROL = 'github-default-branch-protected';
const OUTSIDE_ADMIN_CONTROL = 'github-outside-collaborators-no-admin';

interface ControlSettings {
  enabled?: boolean;
  includeArchived?: boolean;
}

interface ProtectionRead {
  classicProtection: GithubClassicProtection | null;
  rules: GithubBranchRule[];
  calls: number;
}

export function createGithubOrgCollector(options: GithubOrgCollectorOptions = {}): Collector {
  const clients = options.clients ?? createOrgClientCache();
  const concurrency = options.concurrency ?? 8;

  return async (context) => {
    const github = context.config.sources.github;
    if (github === undefined) throw new ConfigurationError('sources.github is not configured: set sources.github.org in compliance.yml to collect the GitHub organization');
    const tokenEnv = (github as { tokenEnv?: string }).tokenEnv ?? DEFAULT_TOKEN_ENV;
    const token = context.env[tokenEnv];
    if (token === undefined || token === '') {
      throw new ConfigurationError(
        `${tokenEnv} is not set: the GitHub organization collector needs a token that can read organization ${github.org} ` +
          "(an owner's token with read:org and repo, or a GitHub App installation token with Administration, Members and Metadata read)",
      );
    }
    const { value: snapshot, count } = await clients.withClient(
      { token, baseUrl: github.apiUrl, fetch: context.fetch, retryBaseMs: options.retryBaseMs, log: context.log },
      (client) => collectOrganization(client, { org: github.org, apiUrl: github.apiUrl, tokenEnv }, context, concurrency),
    );
    snapshot.collector.apiCalls = count.calls;
    // Dated by GitHub's clock, not the runner's (source-clock.ts).
    const clock = sourceClock(context.now, count.clockOffsetMs);
    snapshot.collectedAt = clock.at.toISOString();
    Object.assign(snapshot.collector.parameters, clockParameters(context.now, clock));
    const cached = count.notModified === 0 ? '' : ` (${count.notModified} answered 304 Not Modified, free against the rate limit)`;
    context.log.info(`github-org: read ${snapshot.parts.repositories?.count ?? 0} repositories of ${github.org} in ${count.calls} API calls${cached}`);
    return { snapshots: [snapshot], apiCalls: count.calls };
  };
}

/** The scheduled run's collector (engine/collect.ts). */
export const collectGithubOrg: Collector = createGithubOrgCollector();

async function collectOrganization(
  client: GitHubClient,
  source: { org: string; apiUrl: string | undefined; tokenEnv: string },
  context: CollectContext,
  concurrency: number,
): Promise<Snapshot> {
  const { org, apiUrl } = source;
  const controls = context.config.controls as Record<string, ControlSettings | undefined>;
  const readProtection = controls[BRANCH_CONTROL]?.enabled !== false;
  const readArchivedProtection = readProtection && controls[BRANCH_CONTROL]?.includeArchived === true;
  const readCollaborators = controls[OUTSIDE_ADMIN_CONTROL]?.enabled !== false;

  const [orgRead, members, listed, outside] = await Promise.all([
    readOne<{ two_factor_requirement_enabled?: boolean | null } & OrgRepositoryCounts>(client, 'GET /orgs/{org}', { org }),
    readPages<{ login: string }>(client, 'GET /orgs/{org}/members', { org, filter: '2fa_disabled' }),
    readPages<RepositoryItem>(client, 'GET /orgs/{org}/repos', { org, type: 'all', sort: 'full_name', direction: 'asc' }),
    readCollaborators ? readPages<{ login: string }>(client, 'GET /orgs/{org}/outside_collaborators', { org }) : undefined,
  ]);

  if (!orgRead.ok) {
    const status = statusOf(orgRead.error);
    // Nothing else can be read either: say so once, as the source's error.
    if (status === 401) throw new ConfigurationError(`GitHub refused the token (${describeFailure(orgRead.error)}): check ${source.tokenEnv} or sources.github.apiUrl`);
    if (status === 404) {
      throw new ConfigurationError(`GitHub does not show organization ${org} to this token (${describeFailure(orgRead.error)}): check sources.github.org and the token's access`);
    }
  }

  const parts: Record<string, SnapshotPart> = {};
  parts.org = orgRead.ok ? { complete: true, count: 1, pages: 1 } : { complete: false, count: 0, pages: 1, error: describeFailure(orgRead.error) };
  parts.members2fa = partOf(members, members.error === undefined ? '' : twoFactorAdvice(members.error));

  // Sorted and deduplicated: a repository created while the listing was paged may shift a page boundary.
  const unique = new Map<string, RepositoryItem>();
  for (const item of listed.items) unique.set(item.full_name.toLowerCase(), item);
  const sorted = [...unique.values()].sort((a, b) => a.full_name.toLowerCase().localeCompare(b.full_name.toLowerCase()));
  // GitHub always names the default branch; an item without one cannot be tested, so the listing is incomplete.
  const items = sorted.filter((item): item is RepositoryItem & { default_branch: string } => item.default_branch !== undefined && item.default_branch !== '');
  // A listing that ended without error is reconciled with GitHub's counts (github-org-reconcile.ts).
  const shortfall = listed.error === undefined && orgRead.ok ? repositoryShortfall(sorted, orgRead.value) : undefined;
  const listingErrors = [
    ...(listed.error === undefined ? [] : [listed.error]),
    ...(shortfall === undefined ? [] : [shortfall]),
    ...sorted.filter((item) => !item.default_branch).map((item) => `${item.full_name}: listed without a default branch`),
  ];
  const listingError = listingErrors.length === 0 ? undefined : summarize(listingErrors);
  parts.repositories = { ...partOf({ ...listed, items }), ...(listingError === undefined ? {} : { complete: false, error: listingError }) };

  // Secret scanning comes with the listing: the part is as complete as the listing.
  parts.secretScanning = { complete: parts.repositories.complete, count: items.length, pages: listed.pages, ...(listingError === undefined ? {} : { error: listingError }) };

  const repositories: GithubRepository[] = items.map((item) => ({
    name: item.name,
    fullName: item.full_name,
    archived: item.archived ?? false,
    fork: item.fork,
    visibility: visibilityOf(item),
    defaultBranch: item.default_branch,
    classicProtection: null,
    rules: [],
    secretScanning: secretScanningOf(item),
    outsideAdmins: [],
  }));

  if (readProtection) {
    const inScope = repositories.filter((repository) => readArchivedProtection || !repository.archived);
    const errors: string[] = [];
    let calls = 0;
    const reads = await mapConcurrent(inScope, concurrency, async (repository) => {
      const read = await readBranchProtection(client, repository);
      if ('error' in read) errors.push(`${repository.fullName}: ${read.error}`);
      else {
        repository.classicProtection = read.classicProtection;
        repository.rules = read.rules;
      }
      calls += read.calls;
      return read;
    });
    parts.branchProtection = {
      complete: parts.repositories.complete && errors.length === 0,
      count: reads.filter((read) => !('error' in read)).length,
      pages: calls,
      ...(errors.length === 0 ? (listingError === undefined ? {} : { error: `repositories not all listed: ${listingError}` }) : { error: summarize(errors) }),
    };
  } else {
    context.log.info(`github-org: ${BRANCH_CONTROL} is disabled, so branch protection is not read`);
  }

  let outsideCollaborators: string[] = [];
  if (outside !== undefined) {
    outsideCollaborators = outside.items.map((user) => user.login).sort();
    const errors: string[] = [];
    let pages = outside.pages;
    if (outside.error !== undefined) {
      errors.push(`outside collaborators not all listed: ${outside.error}${appAdvice(outside.error, 'organization permission Members: read')}`);
    } else if (outsideCollaborators.length > 0) {
      // Only then can a repository have one: with none, no repository needs to be asked.
      await mapConcurrent(repositories, concurrency, async (repository) => {
        const admins = await readPages<{ login: string; permissions?: { admin?: boolean } }>(client, 'GET /repos/{owner}/{repo}/collaborators', {
          owner: ownerOf(repository),
          repo: repository.name,
          affiliation: 'outside',
          permission: 'admin',
        });
        pages += admins.pages;
        if (admins.error !== undefined) errors.push(`${repository.fullName}: ${admins.error}`);
        // `permission=admin` already filters; `permissions.admin` is checked too, in case a server ignores the filter.
        repository.outsideAdmins = admins.items.filter((user) => user.permissions?.admin === true).map((user) => user.login).sort();
      });
    }
    if (listingError !== undefined) errors.push(`repositories not all listed: ${listingError}`);
    parts.collaborators = {
      complete: errors.length === 0,
      count: outsideCollaborators.length,
      pages,
      ...(errors.length === 0 ? {} : { error: summarize(errors) }),
    };
  } else {
    context.log.info(`github-org: ${OUTSIDE_ADMIN_CONTROL} is disabled, so collaborators are not read`);
  }

  const data = GithubOrgData.parse({
    org: { login: org, twoFactorRequirementEnabled: orgRead.ok ? (orgRead.value.two_factor_requirement_enabled ?? null) : null },
    // A partial list is kept (it can only miss members, never add one); no page at all is null.
    membersWithout2fa: members.pages === 0 && members.error !== undefined ? null : members.items.map((user) => user.login),
    repositories,
    outsideCollaborators,
  });

  for (const [name, part] of Object.entries(parts)) {
    if (!part.complete) context.log.warn(`github-org: ${name} read only in part: ${part.error ?? 'unknown reason'}`);
  }

  return {
    source: 'github-org',
    scope: `github:${org}`,
    collectedAt: context.now.toISOString(),
    collector: {
      name: 'github-org',
      version: EVIDENT_VERSION,
      parameters: {
        org,
        ...(apiUrl === undefined ? {} : { apiUrl }),
        // Evidence of what `classicProtection: null, rules: []` means for an archived repository: not read.
        archivedProtectionRead: readArchivedProtection,
      },
    },
    parts,
    data,
  };
}

/** The default branch's classic protection and active rules; a failure of either is the repository's error. */
async function readBranchProtection(client: GitHubClient, repository: GithubRepository): Promise<ProtectionRead | { error: string; calls: number }> {
  const where = { owner: ownerOf(repository), repo: repository.name, branch: repository.defaultBranch };
  const [protection, rules] = await Promise.all([
    readOne<ProtectionItem>(client, 'GET /repos/{owner}/{repo}/branches/{branch}/protection', where),
    readPages<unknown>(client, 'GET /repos/{owner}/{repo}/rules/branches/{branch}', where),
  ]);
  const calls = 1 + rules.pages + (rules.error === undefined ? 0 : 1);
  let classicProtection: GithubClassicProtection | null;
  if (protection.ok) {
    classicProtection = classicProtectionOf(protection.value);
  } else if (statusOf(protection.error) === 404 && /^Branch not (protected|found)/.test(messageOf(protection.error))) {
    // https://docs.github.com/en/rest/branches/branch-protection#get-branch-protection: "Branch not
    // protected"; an empty repository has no branch yet, so nothing protects it either.
    classicProtection = null;
  } else {
    const error = describeFailure(protection.error);
    return { error: `${error}${appAdvice(error, 'repository permission Administration: read')}`, calls };
  }
  if (rules.error !== undefined) return { error: rules.error, calls };
  const parsed = rulesOf(rules.items);
  if (!parsed.ok) return { error: `GET /repos/${repository.fullName}/rules/branches/${repository.defaultBranch}: ${parsed.reason}`, calls };
  return { classicProtection, rules: parsed.rules, calls };
}

function ownerOf(repository: GithubRepository): string {
  return repository.fullName.slice(0, repository.fullName.length - repository.name.length - 1);
}

/** The first failures in name order and how many more: a reason that stays readable when every repository failed. */
function summarize(errors: readonly string[], shown = 5): string {
  const sorted = [...errors].sort();
  const more = sorted.length - shown;
  return sorted.slice(0, shown).join('; ') + (more > 0 ? `; and ${more} more` : '');
}

function partOf(read: PagesRead<unknown>, advice = ''): SnapshotPart {
  return {
    complete: read.error === undefined,
    count: read.items.length,
    pages: read.pages,
    ...(read.error === undefined ? {} : { error: `${read.error}${advice}` }),
  };
}

/** What a refusal of the 2FA filter means, so the reason in the results says what to do. */
function twoFactorAdvice(error: string): string {
  if (!/^(403|422) /.test(error)) return '';
  return appAdvice(error, 'organization permission Members: read') || " (only organization owners may list members without 2FA: use an owner's token with read:org)";
}

/** For a GitHub App's token, the permission it lacks (https://docs.github.com/en/rest/authentication/permissions-required-for-github-apps). */
function appAdvice(error: string, permission: string): string {
  return /^403 Resource not accessible by integration/.test(error) ? ` (the GitHub App needs the ${permission})` : '';
}
