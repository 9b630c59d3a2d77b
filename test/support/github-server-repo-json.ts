/**
 * GitHub's JSON for a repository: the `repository` shape inside pull requests and installation
 * tokens, and the `full-repository` shape of GET /repos/{owner}/{repo}
 * (https://docs.github.com/rest/repos/repos#get-a-repository), and the `minimal-repository` items of
 * GET /orgs/{org}/repos (https://docs.github.com/rest/repos/repos#list-organization-repositories).
 * Repositories here are owned by an organization, private unless seeded otherwise, with no stars or
 * licence; `security_and_analysis` and the token's `permissions` come from the seeded settings
 * (github-server-repo-settings.ts).
 */
import { renderUser, type GitHubUser, type Urls } from './github-server-json.ts';
import { permissionsOf, securityAndAnalysis } from './github-server-repo-settings.ts';
import { actorFor, type Actor, type Repository } from './github-server-store.ts';

/** The organization that owns a repository, as an actor. */
export const ownerOf = (repo: Repository): Actor => ({ ...actorFor(repo.owner), type: 'Organization', authorAssociation: 'NONE' });

export const repositoryNodeId = (repo: Repository) => Buffer.from(`010:Repository${repo.id}`).toString('base64');

/**
 * `full`: the shape of GET /repos/{owner}/{repo}. `listed`: an item of an authenticated listing, which
 * carries the token's `permissions` and, for an admin, `security_and_analysis`.
 */
export function renderRepository(
  repo: Repository,
  urls: Urls,
  full: boolean,
  listed = false,
): Record<string, unknown> & { owner: GitHubUser; id: number; name: string } {
  const api = `${urls.api}/repos/${repo.owner}/${repo.name}`;
  const html = `${urls.html}/${repo.owner}/${repo.name}`;
  const host = new URL(urls.html).host;
  const openIssues = repo.issues.filter((i) => i.state === 'open').length + repo.pulls.filter((p) => p.state === 'open').length;
  const security = securityAndAnalysis(repo);
  const updatedAt = [repo.createdAt, ...repo.issues.map((i) => i.updatedAt), ...repo.pulls.map((p) => p.updatedAt)].sort().at(-1) ?? repo.createdAt;
  return {
    id: repo.id,
    node_id: repositoryNodeId(repo),
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    private: repo.visibility !== 'public',
    owner: renderUser(ownerOf(repo), urls),
    html_url: html,
    description: null,
    fork: repo.fork,
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
    created_at: repo.createdAt,
    updated_at: updatedAt,
    pushed_at: updatedAt,
    git_url: `git://${host}/${repo.owner}/${repo.name}.git`,
    ssh_url: `git@${host}:${repo.owner}/${repo.name}.git`,
    clone_url: `${html}.git`,
    svn_url: html,
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: repo.issuesEnabled,
    has_projects: true,
    has_downloads: true,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    forks_count: 0,
    mirror_url: null,
    archived: repo.archived,
    disabled: false,
    open_issues_count: openIssues,
    license: null,
    allow_forking: false,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    visibility: repo.visibility,
    forks: 0,
    open_issues: openIssues,
    watchers: 0,
    default_branch: repo.defaultBranch,
    ...(full ? { network_count: 0, subscribers_count: 0 } : {}),
    ...(full || listed ? { permissions: permissionsOf(repo.viewerRole) } : {}),
    ...((full || listed) && security !== undefined ? { security_and_analysis: security } : {}),
  };
}
