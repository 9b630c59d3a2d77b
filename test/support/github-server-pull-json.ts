/**
 * GitHub's JSON for pull requests and what hangs off them: the pull request
 * (https://docs.github.com/rest/pulls/pulls#get-a-pull-request), its changed files (`diff-entry`),
 * its reviews, and the minimal form check runs carry.
 */
import { renderLabel, renderUser, type Urls } from './github-server-json.ts';
import type { StoredPull, StoredPullFile, StoredReview } from './github-server-pulls.ts';
import { ownerOf, renderRepository } from './github-server-repo-json.ts';
import type { Repository } from './github-server-store.ts';

/** GitHub's current global ids: a type prefix and an opaque base64 body (`PR_kwDO…`). */
export const globalId = (prefix: string, ...parts: (string | number)[]) => `${prefix}_kwDO${Buffer.from(parts.join(':')).toString('base64url')}`;

const repoApi = (repo: Repository, urls: Urls) => `${urls.api}/repos/${repo.owner}/${repo.name}`;
const repoHtml = (repo: Repository, urls: Urls) => `${urls.html}/${repo.owner}/${repo.name}`;

export const pullStats = (pull: StoredPull) => ({
  additions: pull.files.reduce((sum, f) => sum + f.additions, 0),
  deletions: pull.files.reduce((sum, f) => sum + f.deletions, 0),
  changedFiles: pull.files.length,
});

export function renderPull(repo: Repository, pull: StoredPull, urls: Urls): Record<string, unknown> {
  const api = `${repoApi(repo, urls)}/pulls/${pull.number}`;
  const issueApi = `${repoApi(repo, urls)}/issues/${pull.number}`;
  const html = `${repoHtml(repo, urls)}/pull/${pull.number}`;
  const repository = renderRepository(repo, urls, false);
  const owner = renderUser(ownerOf(repo), urls);
  const branch = (ref: string, sha: string) => ({ label: `${repo.owner}:${ref}`, ref, sha, user: owner, repo: repository });
  const stats = pullStats(pull);
  const merged = pull.mergedAt !== null;
  return {
    url: api,
    id: pull.id,
    node_id: globalId('PR', repo.id, pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueApi,
    number: pull.number,
    state: pull.state,
    locked: pull.locked,
    title: pull.title,
    user: renderUser(pull.user, urls),
    body: pull.body,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    labels: repo.labels.filter((l) => pull.labelIds.includes(l.id)).map((l) => renderLabel(repo, l, urls)),
    milestone: null,
    draft: pull.draft,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${repoApi(repo, urls)}/pulls/comments{/number}`,
    comments_url: `${issueApi}/comments`,
    statuses_url: `${repoApi(repo, urls)}/statuses/${pull.head.sha}`,
    head: branch(pull.head.ref, pull.head.sha),
    base: branch(pull.base.ref, pull.base.sha),
    _links: {
      self: { href: api },
      html: { href: html },
      issue: { href: issueApi },
      comments: { href: `${issueApi}/comments` },
      review_comments: { href: `${api}/comments` },
      review_comment: { href: `${repoApi(repo, urls)}/pulls/comments{/number}` },
      commits: { href: `${api}/commits` },
      statuses: { href: `${repoApi(repo, urls)}/statuses/${pull.head.sha}` },
    },
    author_association: pull.user.authorAssociation,
    auto_merge: null,
    active_lock_reason: null,
    merged,
    // GitHub computes mergeability in the background; a closed pull request has none.
    mergeable: pull.state === 'open' ? true : null,
    rebaseable: pull.state === 'open' ? true : null,
    mergeable_state: pull.state === 'open' ? (pull.draft ? 'draft' : 'clean') : 'unknown',
    merged_by: pull.mergedBy === null ? null : renderUser(pull.mergedBy, urls),
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: pull.commits.length,
    additions: stats.additions,
    deletions: stats.deletions,
    changed_files: stats.changedFiles,
  };
}

export function renderFile(repo: Repository, pull: StoredPull, file: StoredPullFile, urls: Urls): Record<string, unknown> {
  const path = file.filename.split('/').map(encodeURIComponent).join('/');
  return {
    sha: file.status === 'removed' ? file.baseSha : file.sha,
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${repoHtml(repo, urls)}/blob/${pull.head.sha}/${path}`,
    raw_url: `${repoHtml(repo, urls)}/raw/${pull.head.sha}/${path}`,
    contents_url: `${repoApi(repo, urls)}/contents/${path}?ref=${pull.head.sha}`,
    ...(file.patch === undefined ? {} : { patch: file.patch }),
    ...(file.previousFilename === undefined ? {} : { previous_filename: file.previousFilename }),
  };
}

export function renderReview(repo: Repository, pull: StoredPull, review: StoredReview, urls: Urls): Record<string, unknown> {
  const html = `${repoHtml(repo, urls)}/pull/${pull.number}#pullrequestreview-${review.id}`;
  const pullApi = `${repoApi(repo, urls)}/pulls/${pull.number}`;
  return {
    id: review.id,
    node_id: globalId('PRR', repo.id, review.id),
    user: renderUser(review.user, urls),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: pullApi,
    author_association: review.authorAssociation,
    _links: { html: { href: html }, pull_request: { href: pullApi } },
    ...(review.submittedAt === null ? {} : { submitted_at: review.submittedAt }),
    commit_id: review.commitId,
  };
}

/** The `pull-request-minimal` check runs list: open pull requests whose head is the check run's commit. */
export function renderPullMinimal(repo: Repository, pull: StoredPull, urls: Urls): Record<string, unknown> {
  const repository = { id: repo.id, url: repoApi(repo, urls), name: repo.name };
  return {
    url: `${repoApi(repo, urls)}/pulls/${pull.number}`,
    id: pull.id,
    number: pull.number,
    head: { ref: pull.head.ref, sha: pull.head.sha, repo: repository },
    base: { ref: pull.base.ref, sha: pull.base.sha, repo: repository },
  };
}
