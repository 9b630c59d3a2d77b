/**
 * The objects GraphQL queries of the GitHub test server resolve to: repositories, pull requests
 * with their reviews, commits, files, labels and closing issues, issues, actors and `rateLimit`,
 * built from the same records the REST API serves.
 *
 * A field resolves to the property of the same name; a function property is called with the
 * field's arguments. A field none of these objects has is reported as not implemented (a handler
 * error of the server), never silently answered with null.
 *
 * Connections follow GitHub's rules (https://docs.github.com/graphql/overview/resource-limitations):
 * `first` or `last` is required and at most 100; cursors are opaque.
 */
import type { Urls } from './github-server-json.ts';
import { globalId, pullStats } from './github-server-pull-json.ts';
import type { StoredCommit, StoredPull, StoredReview } from './github-server-pulls.ts';
import type { Actor, Repository, StoredIssue } from './github-server-store.ts';

/** An error GitHub reports with a `type` (NOT_FOUND, …): the query was fine, the data is not there. */
export class GraphQLFault extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

export interface GraphQLWorld {
  urls: Urls;
  /** Who the token acts as. */
  viewer: Actor;
  /** A repository the caller may see, or undefined. */
  repository(owner: string, name: string): Repository | undefined;
  /** The GraphQL budget after this query was charged. */
  rateLimit(): { cost: number; limit: number; remaining: number; used: number; resetAt: string };
}

type Node = Record<string, unknown>;
interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

const MAX_PAGE = 100;
const cursorOf = (index: number) => Buffer.from(`cursor:v2:${index}`).toString('base64');

function indexOf(cursor: string): number {
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (match === null) throw new GraphQLFault('INVALID_CURSOR_ARGUMENTS', `\`${cursor}\` does not appear to be a valid cursor.`);
  return Number(match[1]);
}

/** A connection over `items`, as GitHub pages it. `name` is the field, for GitHub's error messages. */
export function connection<T>(items: T[], args: PageArgs, name: string, toNode: (item: T) => Node): Node {
  const { first, last, after, before } = args;
  if (first == null && last == null) {
    throw new GraphQLFault('MISSING_PAGINATION_BOUNDARIES', `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`);
  }
  for (const [argument, value] of [['first', first], ['last', last]] as const) {
    if (value != null && value > MAX_PAGE) {
      throw new GraphQLFault('EXCESSIVE_PAGINATION', `Requesting ${value} records on the \`${name}\` connection exceeds the \`${argument}\` limit of ${MAX_PAGE} records.`);
    }
  }
  let start = after == null ? 0 : indexOf(after) + 1;
  let end = before == null ? items.length : Math.min(items.length, indexOf(before));
  if (first != null) end = Math.min(end, start + Math.max(0, first));
  if (last != null) start = Math.max(start, end - Math.max(0, last));
  const indices = Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
  const nodes = indices.map((i) => toNode(items[i] as T));
  return {
    totalCount: items.length,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: indices.length > 0 ? cursorOf(start) : null,
      endCursor: indices.length > 0 ? cursorOf(end - 1) : null,
    },
    nodes,
    edges: indices.map((i, n) => ({ cursor: cursorOf(i), node: nodes[n] })),
  };
}

/**
 * An author. GitHub's GraphQL names a bot without the `[bot]` its REST login carries
 * (`dependabot`, not `dependabot[bot]`), with `__typename: "Bot"`.
 */
export function actorNode(actor: Actor, urls: Urls): Node {
  const bot = actor.type === 'Bot';
  const login = bot ? actor.login.replace(/\[bot\]$/, '') : actor.login;
  const url = bot ? `${urls.html}/apps/${login}` : `${urls.html}/${login}`;
  return {
    __typename: bot ? 'Bot' : actor.type === 'Organization' ? 'Organization' : 'User',
    id: globalId(bot ? 'BOT' : actor.type === 'Organization' ? 'O' : 'U', actor.id),
    databaseId: actor.id,
    login,
    url,
    resourcePath: new URL(url).pathname,
    avatarUrl: () => `https://avatars.githubusercontent.com/${bot ? 'in' : 'u'}/${actor.id}?v=4`,
  };
}

/** A commit author: `user` is a User, so null for a bot, as on GitHub. */
const gitActor = (actor: Actor, date: string, urls: Urls): Node => ({
  name: actor.login,
  email: `${actor.id}+${actor.login}@users.noreply.github.com`,
  date,
  user: actor.type === 'User' ? actorNode(actor, urls) : null,
});

function commitNode(repo: Repository, commit: StoredCommit, urls: Urls): Node {
  const [author] = commit.authors;
  return {
    __typename: 'Commit',
    id: globalId('C', repo.id, commit.sha),
    oid: commit.sha,
    abbreviatedOid: commit.sha.slice(0, 7),
    url: `${urls.html}/${repo.owner}/${repo.name}/commit/${commit.sha}`,
    message: commit.message,
    messageHeadline: commit.message.split('\n')[0],
    committedDate: commit.committedDate,
    authoredDate: commit.committedDate,
    pushedDate: commit.pushedDate,
    author: author === undefined ? null : gitActor(author, commit.committedDate, urls),
    authors: (args: PageArgs) => connection(commit.authors, args, 'authors', (a) => gitActor(a, commit.committedDate, urls)),
  };
}

/** A commit the records only know by SHA (a review's, a merge commit). */
const bareCommit = (repo: Repository, sha: string, date: string, urls: Urls) => commitNode(repo, { sha, authors: [], committedDate: date, pushedDate: null, message: '' }, urls);

function reviewNode(repo: Repository, pull: StoredPull, review: StoredReview, urls: Urls): Node {
  const commit = pull.commits.find((c) => c.sha === review.commitId);
  return {
    __typename: 'PullRequestReview',
    id: globalId('PRR', repo.id, review.id),
    databaseId: review.id,
    state: review.state,
    body: review.body,
    submittedAt: review.submittedAt,
    createdAt: review.submittedAt ?? pull.createdAt,
    publishedAt: review.submittedAt,
    author: actorNode(review.user, urls),
    authorAssociation: review.authorAssociation,
    url: `${urls.html}/${repo.owner}/${repo.name}/pull/${pull.number}#pullrequestreview-${review.id}`,
    commit: commit === undefined ? bareCommit(repo, review.commitId, review.submittedAt ?? pull.createdAt, urls) : commitNode(repo, commit, urls),
  };
}

const CHANGE_TYPES: Record<string, string> = { added: 'ADDED', removed: 'DELETED', modified: 'MODIFIED', renamed: 'RENAMED', copied: 'COPIED', changed: 'CHANGED', unchanged: 'MODIFIED' };

/** GitHub's review decision from each reviewer's latest approving or blocking review. */
function reviewDecision(pull: StoredPull): string | null {
  const latest = new Map<string, string>();
  for (const review of pull.reviews) if (review.state === 'APPROVED' || review.state === 'CHANGES_REQUESTED' || review.state === 'DISMISSED') latest.set(review.user.login, review.state);
  const states = [...latest.values()];
  if (states.includes('CHANGES_REQUESTED')) return 'CHANGES_REQUESTED';
  return states.includes('APPROVED') ? 'APPROVED' : null;
}

export function issueNode(repo: Repository, issue: StoredIssue, world: GraphQLWorld): Node {
  return {
    __typename: 'Issue',
    id: globalId('I', repo.id, issue.id),
    databaseId: issue.id,
    number: issue.number,
    title: issue.title,
    body: issue.body ?? '',
    state: issue.state.toUpperCase(),
    stateReason: issue.stateReason?.toUpperCase() ?? null,
    closed: issue.state === 'closed',
    closedAt: issue.closedAt,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    url: `${world.urls.html}/${repo.owner}/${repo.name}/issues/${issue.number}`,
    author: actorNode(issue.author, world.urls),
    labels: (args: PageArgs) => connection(repo.labels.filter((l) => issue.labelIds.includes(l.id)), args, 'labels', (l) => ({ name: l.name, color: l.color, description: l.description })),
    repository: () => repositoryNode(repo, world),
  };
}

/** An issue a pull request closes: live when the server holds it, else as seeded. */
function closingIssueNode(pull: StoredPull, index: number, world: GraphQLWorld): Node {
  const reference = pull.closingIssues[index];
  if (reference === undefined) return {};
  const repo = world.repository(reference.owner, reference.repo);
  const issue = repo?.issues.find((i) => i.number === reference.number);
  if (repo !== undefined && issue !== undefined) return issueNode(repo, issue, world);
  const nameWithOwner = `${reference.owner}/${reference.repo}`;
  return {
    __typename: 'Issue',
    number: reference.number,
    title: reference.title ?? `Issue #${reference.number}`,
    state: reference.state.toUpperCase(),
    closed: reference.state === 'closed',
    url: `${world.urls.html}/${nameWithOwner}/issues/${reference.number}`,
    repository: { nameWithOwner, name: reference.repo, owner: { __typename: 'Organization', login: reference.owner }, url: `${world.urls.html}/${nameWithOwner}` },
  };
}

export function pullNode(repo: Repository, pull: StoredPull, world: GraphQLWorld): Node {
  const { urls } = world;
  const merged = pull.mergedAt !== null;
  const stats = pullStats(pull);
  return {
    __typename: 'PullRequest',
    id: globalId('PR', repo.id, pull.id),
    databaseId: pull.id,
    number: pull.number,
    title: pull.title,
    body: pull.body ?? '',
    url: `${urls.html}/${repo.owner}/${repo.name}/pull/${pull.number}`,
    state: merged ? 'MERGED' : pull.state.toUpperCase(),
    isDraft: pull.draft,
    closed: pull.state === 'closed',
    locked: pull.locked,
    createdAt: pull.createdAt,
    updatedAt: pull.updatedAt,
    closedAt: pull.closedAt,
    mergedAt: pull.mergedAt,
    merged,
    mergedBy: pull.mergedBy === null ? null : actorNode(pull.mergedBy, urls),
    mergeCommit: pull.mergeCommitSha === null ? null : bareCommit(repo, pull.mergeCommitSha, pull.mergedAt ?? pull.updatedAt, urls),
    mergeable: pull.state === 'open' ? 'MERGEABLE' : 'UNKNOWN',
    author: actorNode(pull.user, urls),
    authorAssociation: pull.user.authorAssociation,
    headRefName: pull.head.ref,
    headRefOid: pull.head.sha,
    baseRefName: pull.base.ref,
    baseRefOid: pull.base.sha,
    changedFiles: stats.changedFiles,
    additions: stats.additions,
    deletions: stats.deletions,
    reviewDecision: reviewDecision(pull),
    repository: () => repositoryNode(repo, world),
    labels: (args: PageArgs) => connection(repo.labels.filter((l) => pull.labelIds.includes(l.id)), args, 'labels', (l) => ({ name: l.name, color: l.color, description: l.description })),
    reviews: (args: PageArgs & { states?: string[] | null; author?: string | null }) => {
      const reviews = pull.reviews.filter(
        (r) => (args.states == null || args.states.includes(r.state)) && (args.author == null || actorNode(r.user, urls).login === args.author),
      );
      return connection(reviews, args, 'reviews', (r) => reviewNode(repo, pull, r, urls));
    },
    commits: (args: PageArgs) =>
      connection(pull.commits, args, 'commits', (c) => ({
        __typename: 'PullRequestCommit',
        id: globalId('PURC', pull.id, c.sha),
        url: `${urls.html}/${repo.owner}/${repo.name}/pull/${pull.number}/commits/${c.sha}`,
        commit: commitNode(repo, c, urls),
      })),
    files: (args: PageArgs) =>
      connection(pull.files, args, 'files', (f) => ({ path: f.filename, additions: f.additions, deletions: f.deletions, changeType: CHANGE_TYPES[f.status] })),
    closingIssuesReferences: (args: PageArgs) =>
      connection(
        pull.closingIssues.map((_, i) => i),
        args,
        'closingIssuesReferences',
        (i) => closingIssueNode(pull, i, world),
      ),
  };
}

export function repositoryNode(repo: Repository, world: GraphQLWorld): Node {
  const nameWithOwner = `${repo.owner}/${repo.name}`;
  return {
    __typename: 'Repository',
    id: globalId('R', repo.id),
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner,
    url: `${world.urls.html}/${nameWithOwner}`,
    isPrivate: repo.visibility !== 'public',
    owner: { __typename: 'Organization', login: repo.owner, url: `${world.urls.html}/${repo.owner}` },
    defaultBranchRef: { name: repo.defaultBranch, prefix: 'refs/heads/' },
    pullRequest: ({ number }: { number: number }) => {
      const pull = repo.pulls.find((p) => p.number === number);
      if (pull === undefined) throw new GraphQLFault('NOT_FOUND', `Could not resolve to a PullRequest with the number of ${number}.`);
      return pullNode(repo, pull, world);
    },
    issue: ({ number }: { number: number }) => {
      const issue = repo.issues.find((i) => i.number === number);
      if (issue === undefined) throw new GraphQLFault('NOT_FOUND', `Could not resolve to an Issue with the number of ${number}.`);
      return issueNode(repo, issue, world);
    },
  };
}

/** The root `Query`. */
export function queryRoot(world: GraphQLWorld): Node {
  return {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = world.repository(owner, name);
      if (repo === undefined) throw new GraphQLFault('NOT_FOUND', `Could not resolve to a Repository with the name '${owner}/${name}'.`);
      return repositoryNode(repo, world);
    },
    rateLimit: () => world.rateLimit(),
    viewer: () => ({ ...actorNode(world.viewer, world.urls), __typename: 'User', login: world.viewer.login }),
  };
}
