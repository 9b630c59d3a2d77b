/**
 * What the GitHub test server (github-server.ts) offers a test: its options, the requests it
 * records, and the methods that seed it, inject faults and read its state.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AppOptions, InstallationSeed } from './github-server-app.ts';
import type { GitHubCheckRun } from './github-server-checks.ts';
import type { GitHubComment, GitHubIssue, GitHubLabel } from './github-server-json.ts';
import type { Fault, RateLimitFault, RateLimitState } from './github-server-limits.ts';
import type { OrganizationSeed } from './github-server-org.ts';
import type { PullSeed, ReviewSeed } from './github-server-pulls.ts';
import type { RepositorySettingsSeed } from './github-server-repo-settings.ts';
import type { Actor, RepositorySeed } from './github-server-store.ts';

export interface GitHubServerOptions {
  /** When set, every request needs `authorization: token <token>` or `Bearer <token>`; 401 otherwise. */
  token?: string;
  /** Who the token acts as: author of created issues and comments. Default: github-actions[bot]. */
  actor?: Actor;
  /**
   * More accounts, by token: a request with one of these tokens acts as that login (a person
   * commenting, assigning or closing by hand, or another bot), within the same rate-limit budget.
   */
  users?: Record<string, string | Actor>;
  /** Repositories that exist from the start, as `owner/repo`. */
  repositories?: string[];
  /** x-ratelimit-limit; requests past it are answered 403 until the hour resets. Default 5000. */
  rateLimit?: number;
  /** Where `html_url`s point. Default https://github.com. */
  htmlUrl?: string;
  /** Clock for created_at/updated_at/closed_at. Rate-limit resets use the real clock, as the throttling plugin does. */
  now?: () => Date;
  /** true: the `Date` header follows `now` too, as GitHub's does its timestamps. Default: Node's real-time header. */
  dateFromClock?: boolean;
  /**
   * A GitHub App: `/app/…` endpoints then accept its JWTs (verified with the public half of
   * `privateKeyPem`) and issue installation tokens for the installations `seedInstallation` adds.
   * With `app` and no `token`, every other request needs an installation token.
   */
  app?: AppOptions;
}

export interface RecordedRequest {
  method: string;
  /** The path requested: `/repos/o/r/issues`, or `/repositories/{id}/issues` when following a Link. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text when it was not JSON; undefined when empty. */
  body: unknown;
  /** The operation matched, keyed like GitHub's description: `GET /repos/{owner}/{repo}/issues`. */
  operation: string | undefined;
  owner: string | undefined;
  repo: string | undefined;
  status: number;
  /** Date.now() when the request arrived, and how long the answer took. */
  at: number;
  durationMs: number;
}

export interface SchemaError {
  operation: string;
  status: number;
  method: string;
  path: string;
  problems: string[];
  body: unknown;
}

export interface GitHubTestServer {
  /** Pass as Octokit's `baseUrl`. */
  url: string;
  /** Every request, in arrival order; `requests.filter((r) => r.method !== 'GET')` are the writes. */
  requests: RecordedRequest[];
  /** Responses that did not match GitHub's schema (each also answered 500). Tests assert it is empty. */
  schemaErrors: SchemaError[];
  /** Exceptions the server itself threw (bugs in the test double), answered 500. */
  handlerErrors: Error[];
  /** The repository's issues by number, as GET /issues/{n} renders them. Throws for an unknown repository. */
  issues(owner: string, repo: string): GitHubIssue[];
  /** The repository's comments (or one issue's), oldest first, as the API renders them. */
  comments(owner: string, repo: string, issueNumber?: number): GitHubComment[];
  /** The repository's labels by name, as the API renders them. */
  labels(owner: string, repo: string): GitHubLabel[];
  /** Creates the repository if needed and preloads labels and issues (not recorded as requests). */
  seed(owner: string, repo: string, seed?: RepositorySeed): GitHubIssue[];
  /** Issue and comment endpoints answer 410 "Issues are disabled for this repo"; labels keep working. */
  disableIssues(owner: string, repo: string): void;
  enableIssues(owner: string, repo: string): void;
  /** The next `times` matching requests get a 5xx. Faults queue; each request takes the first that matches. */
  failNext(fault: Fault): void;
  /** The next `times` matching requests hit a primary or secondary rate limit. */
  rateLimitNext(fault: RateLimitFault): void;
  /** Injected faults not yet delivered: 0 once every one was hit. */
  pendingFaults(): number;
  /** The hour's budget as the next x-ratelimit-* headers will state it. */
  rateLimit(): RateLimitState;
  /** Installs the app (`app` option) on an account, for all its repositories or the ones named (created if needed). */
  seedInstallation(seed: InstallationSeed): void;
  /** Creates the repository if needed and adds a pull request with its files, reviews, commits and closing issues. */
  seedPullRequest(owner: string, repo: string, seed: PullSeed): Record<string, unknown>;
  /** Adds a review to a seeded pull request, as if submitted now (not recorded as a request). */
  addReview(owner: string, repo: string, pullNumber: number, review: ReviewSeed): Record<string, unknown>;
  /** The repository's check runs, oldest first, as the API renders them, each with every annotation it accumulated. */
  checkRuns(owner: string, repo: string): GitHubCheckRun[];
  /** Creates the repository if needed and puts a file on the default branch, or on `ref`. */
  seedFile(owner: string, repo: string, path: string, text: string, options?: { ref?: string }): void;
  /** Creates the organization if needed and sets its 2FA requirement, members and who lacks 2FA. */
  seedOrganization(login: string, seed?: OrganizationSeed): void;
  /**
   * Creates the repository if needed and sets what the organization collector reads: visibility,
   * archived, fork, secret scanning, the token's role, branch protection, rules and collaborators.
   */
  seedRepositorySettings(owner: string, repo: string, settings: RepositorySettingsSeed): void;
  /** Throws when any response failed its schema or the server threw (GraphQL fields it does not implement included). */
  assertHealthy(): void;
  /** Stops listening and drops keep-alive connections, so nothing holds the test run open. */
  close(): Promise<void>;
}
