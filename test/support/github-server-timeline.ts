/**
 * An issue's timeline in the GitHub test server (https://docs.github.com/rest/issues/timeline):
 * `GET /repos/{owner}/{repo}/issues/{issue_number}/timeline`, paginated like every list, with the
 * events the store records as the writes happen (github-server-store.ts `recordIssueEvent`):
 *
 * - `labeled` / `unlabeled` for each label an issue is created with, gains or loses, by whoever wrote it;
 * - `commented`, rendered from the comment as it is now (`timeline-comment-event`);
 * - `closed` with its `state_reason` (`completed`, `not_planned`, `duplicate`), and `reopened`;
 * - `assigned`, through `POST /repos/{owner}/{repo}/issues/{issue_number}/assignees`, also served here
 *   (https://docs.github.com/rest/issues/assignees#add-assignees-to-an-issue). GitHub silently
 *   ignores people without push access; this server assigns any login it is given.
 *
 * Events are in the order they happened, by `created_at` (whole seconds), ties in the order they
 * were recorded. Other kinds GitHub shows (mentioned, subscribed, renamed, cross-referenced, …)
 * are not recorded. Each response is checked against GitHub's `timeline-issue-events` schema like
 * every other (github-server-schema.ts).
 */
import { input, paginate, type Route } from './github-server-handler.ts';
import { renderComment, renderIssue, renderUser, type Urls } from './github-server-json.ts';
import { actorFor, findIssue, GitHubApiError, recordIssueEvent, type Repository, type StoredIssueEvent } from './github-server-store.ts';

/** GitHub caps an issue's assignees at ten; more are ignored. */
const MAX_ASSIGNEES = 10;

/** A legacy global node id, as github-server-json.ts makes them: base64("10:LabeledEvent123"). */
const nodeId = (type: string, id: number) => Buffer.from(`${String(type.length).padStart(2, '0')}:${type}${id}`).toString('base64');

const NODE_TYPES: Record<StoredIssueEvent['event'], string> = {
  commented: 'IssueComment',
  labeled: 'LabeledEvent',
  unlabeled: 'UnlabeledEvent',
  assigned: 'AssignedEvent',
  closed: 'ClosedEvent',
  reopened: 'ReopenedEvent',
};

/** One timeline entry as GitHub's JSON, or undefined for a comment that no longer exists. */
export function renderTimelineEvent(repo: Repository, event: StoredIssueEvent, urls: Urls): Record<string, unknown> | undefined {
  if (event.event === 'commented') {
    const comment = repo.comments.find((c) => c.id === event.commentId);
    return comment === undefined ? undefined : { event: 'commented', actor: renderUser(comment.author, urls), ...renderComment(repo, comment, urls) };
  }
  return {
    id: event.id,
    node_id: nodeId(NODE_TYPES[event.event], event.id),
    url: `${urls.api}/repos/${repo.owner}/${repo.name}/issues/events/${event.id}`,
    actor: renderUser(event.actor, urls),
    event: event.event,
    commit_id: null,
    commit_url: null,
    created_at: event.createdAt,
    performed_via_github_app: null,
    ...(event.label === undefined ? {} : { label: { ...event.label } }),
    ...(event.assignee === undefined ? {} : { assignee: renderUser(event.assignee, urls) }),
    ...(event.event === 'closed' ? { state_reason: event.stateReason ?? null } : {}),
  };
}

/** The issue's timeline, oldest first. */
export function timelineOf(repo: Repository, issueNumber: number, urls: Urls): Record<string, unknown>[] {
  return repo.issueEvents
    .filter((e) => e.issueNumber === issueNumber)
    .map((e, order) => ({ e, order, at: Date.parse(e.createdAt) }))
    .sort((a, b) => a.at - b.at || a.order - b.order)
    .map(({ e }) => renderTimelineEvent(repo, e, urls))
    .filter((rendered) => rendered !== undefined);
}

export const TIMELINE_ROUTES: Route[] = [
  {
    method: 'GET',
    rest: '/issues/{issue_number}/timeline',
    issueEndpoint: true,
    permission: ['issues', 'read'],
    handle: (c) => paginate(timelineOf(c.repo, findIssue(c.repo, c.params.issue_number ?? '').number, c.urls), c),
  },
  {
    method: 'POST',
    rest: '/issues/{issue_number}/assignees',
    issueEndpoint: true,
    permission: ['issues', 'write'],
    handle: (c) => {
      const issue = findIssue(c.repo, c.params.issue_number ?? '');
      const logins = (input<{ assignees?: (string | { login: string })[] }>(c.body).assignees ?? []).map((a) => (typeof a === 'string' ? a : a.login));
      if (logins.some((login) => login.trim() === '')) throw new GitHubApiError(422, 'Validation Failed', [{ resource: 'Issue', code: 'invalid', field: 'assignees' }]);
      const assigned = c.repo.assignees.get(issue.number) ?? [];
      for (const login of logins) {
        if (assigned.length >= MAX_ASSIGNEES || assigned.some((a) => a.login.toLowerCase() === login.toLowerCase())) continue;
        const assignee = actorFor(login);
        assigned.push(assignee);
        recordIssueEvent(c.repo, issue, { event: 'assigned', actor: c.actor, createdAt: c.now, assignee });
        issue.updatedAt = c.now;
      }
      c.repo.assignees.set(issue.number, assigned);
      return { status: 201, body: renderIssue(c.repo, issue, c.urls, true) };
    },
  },
];
