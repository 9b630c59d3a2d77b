/**
 * GitHub's JSON for the objects the test server holds, with every field github.com returns for a
 * classic issue (https://docs.github.com/rest/issues/issues#get-an-issue): API URLs under the
 * server's own base URL, `html_url` under `htmlUrl`, legacy node ids, empty reaction rollups.
 */
import type { Actor, AuthorAssociation, IssueState, Repository, StateReason, StoredComment, StoredIssue, StoredLabel } from './github-server-store.ts';

export interface Urls {
  /** The server's base URL, e.g. http://127.0.0.1:41234 (GitHub: https://api.github.com). */
  api: string;
  /** Where html_url points (GitHub: https://github.com). */
  html: string;
}

/** GitHub's JSON for a user (`simple-user`). */
export interface GitHubUser {
  login: string;
  id: number;
  node_id: string;
  avatar_url: string;
  gravatar_id: string;
  url: string;
  html_url: string;
  followers_url: string;
  following_url: string;
  gists_url: string;
  starred_url: string;
  subscriptions_url: string;
  organizations_url: string;
  repos_url: string;
  events_url: string;
  received_events_url: string;
  type: string;
  user_view_type: string;
  site_admin: boolean;
}

export interface GitHubLabel {
  id: number;
  node_id: string;
  url: string;
  name: string;
  color: string;
  default: boolean;
  description: string | null;
}

export interface ReactionRollup {
  url: string;
  total_count: number;
  '+1': number;
  '-1': number;
  laugh: number;
  hooray: number;
  confused: number;
  heart: number;
  rocket: number;
  eyes: number;
}

export interface GitHubIssue {
  url: string;
  repository_url: string;
  labels_url: string;
  comments_url: string;
  events_url: string;
  html_url: string;
  id: number;
  node_id: string;
  number: number;
  title: string;
  user: GitHubUser;
  labels: GitHubLabel[];
  state: IssueState;
  locked: boolean;
  /** The first assignee, as GitHub's legacy field has it. */
  assignee: GitHubUser | null;
  assignees: GitHubUser[];
  milestone: null;
  comments: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  author_association: AuthorAssociation;
  type: null;
  active_lock_reason: null;
  sub_issues_summary: { total: number; completed: number; percent_completed: number };
  issue_dependencies_summary: { blocked_by: number; total_blocked_by: number; blocking: number; total_blocking: number };
  body: string | null;
  /** Only in the single-issue response, as on GitHub. */
  closed_by?: GitHubUser | null;
  reactions: ReactionRollup;
  timeline_url: string;
  performed_via_github_app: null;
  state_reason: StateReason | null;
  /** Only for a pull request seen through the issues API. */
  draft?: boolean;
  pull_request?: { url: string; html_url: string; diff_url: string; patch_url: string; merged_at: string | null };
}

export interface GitHubComment {
  url: string;
  html_url: string;
  issue_url: string;
  id: number;
  node_id: string;
  user: GitHubUser;
  created_at: string;
  updated_at: string;
  author_association: AuthorAssociation;
  body: string;
  reactions: ReactionRollup;
  performed_via_github_app: null;
}

/** A legacy global node id, as GitHub still returns for these objects: base64("05:Issue123"). */
const nodeId = (type: string, id: number) => Buffer.from(`${String(type.length).padStart(2, '0')}:${type}${id}`).toString('base64');

export function renderUser(actor: Actor, urls: Urls): GitHubUser {
  const api = `${urls.api}/users/${encodeURIComponent(actor.login)}`;
  const bot = actor.type === 'Bot';
  return {
    login: actor.login,
    id: actor.id,
    node_id: nodeId(bot ? 'Bot' : actor.type, actor.id),
    avatar_url: `https://avatars.githubusercontent.com/${bot ? 'in' : 'u'}/${actor.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: bot ? `${urls.html}/apps/${actor.login.replace(/\[bot\]$/, '')}` : `${urls.html}/${actor.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: actor.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

const repoApi = (repo: Repository, urls: Urls) => `${urls.api}/repos/${repo.owner}/${repo.name}`;

export function renderLabel(repo: Repository, label: StoredLabel, urls: Urls): GitHubLabel {
  return {
    id: label.id,
    node_id: nodeId('Label', label.id),
    url: `${repoApi(repo, urls)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  };
}

const reactions = (url: string): ReactionRollup => ({
  url,
  total_count: 0,
  '+1': 0,
  '-1': 0,
  laugh: 0,
  hooray: 0,
  confused: 0,
  heart: 0,
  rocket: 0,
  eyes: 0,
});

const byName = (a: StoredLabel, b: StoredLabel) => a.name.toLowerCase().localeCompare(b.name.toLowerCase());

/**
 * `single` adds `closed_by`, which GitHub returns for one issue but not in lists. A pull request
 * seen as an issue links to `/pull/{n}` and carries `pull_request` and `draft`, as on GitHub.
 */
export function renderIssue(repo: Repository, issue: StoredIssue, urls: Urls, single: boolean): GitHubIssue {
  const url = `${repoApi(repo, urls)}/issues/${issue.number}`;
  const labels = repo.labels.filter((l) => issue.labelIds.includes(l.id)).sort(byName);
  const assigned = (repo.assignees.get(issue.number) ?? []).map((actor) => renderUser(actor, urls));
  const pull = repo.issues.includes(issue) ? undefined : repo.pulls.find((p) => p.number === issue.number);
  const pullHtml = `${urls.html}/${repo.owner}/${repo.name}/pull/${issue.number}`;
  const pullRequest =
    pull === undefined
      ? {}
      : {
          draft: pull.draft,
          pull_request: {
            url: `${repoApi(repo, urls)}/pulls/${pull.number}`,
            html_url: pullHtml,
            diff_url: `${pullHtml}.diff`,
            patch_url: `${pullHtml}.patch`,
            merged_at: pull.mergedAt,
          },
        };
  return {
    url,
    repository_url: repoApi(repo, urls),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: pull === undefined ? `${urls.html}/${repo.owner}/${repo.name}/issues/${issue.number}` : pullHtml,
    id: issue.id,
    node_id: nodeId('Issue', issue.id),
    number: issue.number,
    title: issue.title,
    user: renderUser(issue.author, urls),
    labels: labels.map((l) => renderLabel(repo, l, urls)),
    state: issue.state,
    locked: issue.locked,
    assignee: assigned[0] ?? null,
    assignees: assigned,
    milestone: null,
    comments: repo.comments.filter((c) => c.issueNumber === issue.number).length,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    author_association: issue.author.authorAssociation,
    type: null,
    active_lock_reason: null,
    sub_issues_summary: { total: 0, completed: 0, percent_completed: 0 },
    issue_dependencies_summary: { blocked_by: 0, total_blocked_by: 0, blocking: 0, total_blocking: 0 },
    body: issue.body,
    ...(single ? { closed_by: issue.closedBy === null ? null : renderUser(issue.closedBy, urls) } : {}),
    reactions: reactions(`${url}/reactions`),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    state_reason: issue.stateReason,
    ...pullRequest,
  };
}

export function renderComment(repo: Repository, comment: StoredComment, urls: Urls): GitHubComment {
  const url = `${repoApi(repo, urls)}/issues/comments/${comment.id}`;
  return {
    url,
    html_url: `${urls.html}/${repo.owner}/${repo.name}/${repo.pulls.some((p) => p.number === comment.issueNumber) ? 'pull' : 'issues'}/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${repoApi(repo, urls)}/issues/${comment.issueNumber}`,
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    user: renderUser(comment.author, urls),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: comment.author.authorAssociation,
    body: comment.body,
    reactions: reactions(`${url}/reactions`),
    performed_via_github_app: null,
  };
}
