/**
 * The octokit client issue sync uses: REST with pagination, GitHub's rate limits respected
 * (@octokit/plugin-throttling: writes one at a time, a second apart, as GitHub's best practices ask:
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#avoid-concurrent-requests),
 * transient 5xx retried (@octokit/plugin-retry), and reads made conditional with ETags, so an
 * unchanged listing costs a 304 that does not count against the rate limit
 * (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate).
 */
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import { EVIDENT_VERSION } from '../version.ts';

const GitHubOctokit = Octokit.plugin(paginateRest, throttling, retry);
export type GitHubClient = InstanceType<typeof GitHubOctokit>;

export interface GitHubClientOptions {
  /** A token (GITHUB_TOKEN, an App installation token). */
  auth: string;
  /** https://api.github.com, or a GitHub Enterprise Server API URL. */
  baseUrl?: string | undefined;
  fetch?: typeof fetch;
  /**
   * Spacing between writes; GitHub asks for at least a second, and the throttling plugin spaces
   * writes that notify people (new issues, comments) three seconds apart. Tests shorten both.
   */
  writeSpacingMs?: number;
  /** Base of the backoff after a 5xx or a rate limit, in ms (octokit's default: 1000). */
  retryBaseMs?: number;
  /** How many times to wait out a rate limit before giving up. */
  rateLimitRetries?: number;
  log?: { warn(message: string): void };
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const retries = options.rateLimitRetries ?? 3;
  const warn = options.log?.warn ?? (() => {});
  const client = new GitHubOctokit({
    auth: options.auth,
    userAgent: `evident/${EVIDENT_VERSION}`,
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    ...(options.fetch === undefined ? {} : { request: { fetch: options.fetch } }),
    retry: { retryAfterBaseValue: options.retryBaseMs ?? 1000 },
    throttle: {
      // Write queues of our own, so their spacing can be set (the plugin's are fixed at 1 s and 3 s).
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeSpacingMs ?? 1000 }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeSpacingMs === undefined ? 3000 : options.writeSpacingMs }),
      retryAfterBaseValue: options.retryBaseMs ?? 1000,
      onRateLimit: (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        warn(`GitHub rate limit on ${request.method} ${request.url}: retrying in ${retryAfter} s (attempt ${retryCount + 1} of ${retries})`);
        return retryCount < retries;
      },
      onSecondaryRateLimit: (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        warn(`GitHub secondary rate limit on ${request.method} ${request.url}: retrying in ${retryAfter} s (attempt ${retryCount + 1} of ${retries})`);
        return retryCount < retries;
      },
    },
  });
  addConditionalReads(client);
  return client;
}

/**
 * Remembers each GET's ETag and body; asks again with If-None-Match, and on 304 answers with the
 * remembered body. Lives as long as the client (an App process, or one scheduled run).
 */
function addConditionalReads(client: GitHubClient): void {
  type Cached = { status: number; url: string; headers: Record<string, string>; data: unknown };
  const cache = new Map<string, { etag: string; response: Cached }>();
  const keyOf = (options: unknown) => client.request.endpoint.parse(options as never).url;
  // `before` and `after` hooks see the options the request is finally made with; a wrap hook's
  // changed copy does not reach fetch through the auth hook.
  client.hook.before('request', (options) => {
    if (options.method !== 'GET') return;
    const cached = cache.get(keyOf(options));
    if (cached !== undefined) options.headers['if-none-match'] = cached.etag;
  });
  client.hook.after('request', (response, options) => {
    const etag = response.headers.etag;
    if (options.method === 'GET' && etag !== undefined) cache.set(keyOf(options), { etag, response: response as Cached });
  });
  client.hook.error('request', (error, options) => {
    const cached = options.method === 'GET' ? cache.get(keyOf(options)) : undefined;
    if ((error as { status?: number }).status === 304 && cached !== undefined) return cached.response as never;
    throw error;
  });
}
