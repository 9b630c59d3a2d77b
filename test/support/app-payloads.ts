/**
 * Deliveries for the app's tests, from @octokit/webhooks-examples (real deliveries GitHub sent),
 * pointed at one installation, repository and pull request. The payload says what it said when
 * GitHub sent it: a test makes it stale by giving it another head or merge state than the server holds.
 */
import { examplePayload } from './webhook-delivery.ts';

export interface PullRequestTarget {
  installation: number;
  owner: string;
  repo: string;
  number: number;
}

function target(payload: Record<string, any>, to: PullRequestTarget): Record<string, any> {
  payload.installation = { id: to.installation, node_id: `installation-${to.installation}` };
  Object.assign(payload.repository, { name: to.repo, full_name: `${to.owner}/${to.repo}` });
  payload.repository.owner.login = to.owner;
  Object.assign(payload.pull_request, { number: to.number });
  if ('number' in payload) Object.assign(payload, { number: to.number });
  return payload;
}

/** A `pull_request` delivery with `action`, naming `headSha` and, when `mergedAt` is given, a merge. */
export function pullRequestPayload(
  to: PullRequestTarget,
  action: 'opened' | 'synchronize' | 'closed' | 'reopened' | 'ready_for_review',
  options: { headSha: string; mergedAt?: string | null; closed?: boolean },
): Record<string, any> {
  const payload = target(examplePayload('pull_request', action) as Record<string, any>, to);
  const merged = options.mergedAt != null;
  payload.pull_request.head.sha = options.headSha;
  payload.pull_request.merged = merged;
  payload.pull_request.merged_at = options.mergedAt ?? null;
  payload.pull_request.state = merged || options.closed === true ? 'closed' : 'open';
  return payload;
}

/** A `pull_request_review` delivery; `prMergedAt` is what the payload says of the pull request's merge. */
export function reviewPayload(
  to: PullRequestTarget,
  review: { state: 'approved' | 'commented' | 'changes_requested'; submittedAt: string; commitId: string; headSha: string; prMergedAt: string | null },
): Record<string, any> {
  const payload = target(examplePayload('pull_request_review', 'submitted') as Record<string, any>, to);
  payload.pull_request.head.sha = review.headSha;
  payload.pull_request.merged_at = review.prMergedAt;
  payload.pull_request.state = review.prMergedAt === null ? 'open' : 'closed';
  Object.assign(payload.review, { state: review.state, submitted_at: review.submittedAt, commit_id: review.commitId });
  return payload;
}
