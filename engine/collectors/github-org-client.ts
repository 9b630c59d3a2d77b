/**
 * The octokit client of the GitHub organization collector (engine/issues/github-client.ts: pagination,
 * throttling, retries, ETag reads), kept for the life of the process per API URL, token and fetch, so
 * a process that collects again (the App, a benchmark, a long-running scheduler) asks with
 * If-None-Match and an unchanged listing costs a 304 that does not count against the rate limit
 * (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate).
 *
 * Every HTTP request is counted where it leaves, at `fetch`: retries and 304s included, so `apiCalls`
 * is what GitHub saw. Collections that share a client run one after the other, so each count is its own.
 */
import { createHash } from 'node:crypto';
import { createGitHubClient, type GitHubClient } from '../issues/github-client.ts';
import { offsetFromDateHeader } from './source-clock.ts';

export interface CallCount {
  /** HTTP requests sent, retries and conditional reads included. */
  calls: number;
  /** Of those, answered 304 Not Modified (free against the rate limit). */
  notModified: number;
  /** GitHub's clock minus ours, from the latest answer's `Date` header (./source-clock.ts). */
  clockOffsetMs?: number | undefined;
}

interface CachedClient {
  client: GitHubClient;
  count: CallCount;
  /** Where the client's warnings (rate limits) go: the current collection's log. */
  log: { current: { warn(message: string): void } };
  /** The collection in progress on this client, so the next one waits for it. */
  queue: Promise<unknown>;
}

export interface OrgClientOptions {
  token: string;
  baseUrl: string | undefined;
  fetch: typeof fetch | undefined;
  retryBaseMs: number | undefined;
  log: { warn(message: string): void };
}

export interface OrgClientCache {
  /** Runs `work` with the client for these options, alone on it, and says how many requests it made. */
  withClient<T>(options: OrgClientOptions, work: (client: GitHubClient) => Promise<T>): Promise<{ value: T; count: CallCount }>;
}

export function createOrgClientCache(): OrgClientCache {
  // Keyed by the fetch in use (tests inject their own) and a hash of API URL and token, so no token is a map key.
  const byFetch = new WeakMap<typeof fetch, Map<string, CachedClient>>();

  const entryFor = (options: OrgClientOptions): CachedClient => {
    const baseFetch = options.fetch ?? globalThis.fetch;
    let clients = byFetch.get(baseFetch);
    if (clients === undefined) {
      clients = new Map();
      byFetch.set(baseFetch, clients);
    }
    const key = createHash('sha256').update(`${options.baseUrl ?? ''}\n${options.token}\n${options.retryBaseMs ?? ''}`).digest('hex');
    let entry = clients.get(key);
    if (entry === undefined) {
      const count: CallCount = { calls: 0, notModified: 0 };
      const counted: typeof fetch = async (input, init) => {
        count.calls += 1;
        const response = await baseFetch(input, init);
        if (response.status === 304) count.notModified += 1;
        count.clockOffsetMs = offsetFromDateHeader(response.headers.get('date')) ?? count.clockOffsetMs;
        return response;
      };
      const log = { current: options.log };
      const client = createGitHubClient({
        auth: options.token,
        baseUrl: options.baseUrl,
        fetch: counted,
        log: { warn: (message) => log.current.warn(message) },
        ...(options.retryBaseMs === undefined ? {} : { retryBaseMs: options.retryBaseMs }),
      });
      entry = { client, count, log, queue: Promise.resolve() };
      clients.set(key, entry);
    }
    return entry;
  };

  return {
    async withClient(options, work) {
      const entry = entryFor(options);
      const run = async () => {
        entry.log.current = options.log;
        const before = { ...entry.count };
        const value = await work(entry.client);
        return { value, count: { calls: entry.count.calls - before.calls, notModified: entry.count.notModified - before.notModified, clockOffsetMs: entry.count.clockOffsetMs } };
      };
      const result = entry.queue.then(run, run);
      entry.queue = result.catch(() => undefined);
      return result;
    },
  };
}
