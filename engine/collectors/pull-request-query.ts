/**
 * The GraphQL the app sends for a pull request: everything the three change-management controls
 * read, in one query of cost 1 (https://docs.github.com/en/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api).
 * The query is checked against GitHub's published schema in the tests.
 */
const REVIEW_FIELDS = 'id state submittedAt author { __typename login } commit { oid }';
const COMMIT_FIELDS = 'commit { oid committedDate authors(first: 10) { nodes { user { login } } } }';

export const PULL_REQUEST_QUERY = `query EvidentPullRequest($owner: String!, $repo: String!, $number: Int!) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      number title body state isDraft merged createdAt mergedAt
      headRefName baseRefName headRefOid changedFiles
      author { __typename login }
      mergedBy { __typename login }
      mergeCommit { oid }
      labels(first: 100) { nodes { name } }
      closingIssuesReferences(first: 25) { nodes { number state repository { nameWithOwner } } }
      reviews(first: 100) { totalCount pageInfo { hasNextPage endCursor } nodes { ${REVIEW_FIELDS} } }
      commits(first: 100) { totalCount pageInfo { hasNextPage endCursor } nodes { ${COMMIT_FIELDS} } }
    }
  }
}`;

export const REVIEWS_PAGE_QUERY = `query EvidentPullRequestReviews($owner: String!, $repo: String!, $number: Int!, $after: String) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) { reviews(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${REVIEW_FIELDS} } } }
  }
}`;

export const COMMITS_PAGE_QUERY = `query EvidentPullRequestCommits($owner: String!, $repo: String!, $number: Int!, $after: String) {
  rateLimit { cost remaining }
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) { commits(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${COMMIT_FIELDS} } } }
  }
}`;

type Actor = { __typename: string; login: string } | null;
type Page<T> = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: T[] };

export interface PullRequestNode {
  number: number;
  title: string;
  body: string | null;
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  isDraft: boolean;
  merged: boolean;
  createdAt: string;
  mergedAt: string | null;
  headRefName: string;
  baseRefName: string;
  headRefOid: string;
  changedFiles: number;
  author: Actor;
  mergedBy: Actor;
  mergeCommit: { oid: string } | null;
  labels: { nodes: { name: string }[] };
  closingIssuesReferences: { nodes: { number: number; state: 'OPEN' | 'CLOSED'; repository: { nameWithOwner: string } }[] };
  reviews: Page<{ id: string; state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING'; submittedAt: string | null; author: Actor; commit: { oid: string } | null }>;
  commits: Page<{ commit: { oid: string; committedDate: string; authors: { nodes: { user: { login: string } | null }[] } } }>;
}
