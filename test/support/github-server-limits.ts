/**
 * Rate limits and injected faults for the GitHub test server, in the shapes GitHub sends and
 * `@octokit/plugin-throttling` recognises (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api):
 *
 * - primary: 403 or 429 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset` (epoch seconds);
 *   the plugin waits until the reset.
 * - secondary: 403 or 429 with `retry-after` and a message containing "secondary rate limit";
 *   the plugin waits `retry-after` seconds.
 *
 * The hourly window uses the real clock, because the plugin compares `x-ratelimit-reset` with Date.now().
 */
import type { Reply } from './github-server-handler.ts';
import { timestamp, type Actor } from './github-server-store.ts';

export interface Fault {
  method?: string;
  /** Tested against the requested path and against its `/repos/{owner}/{repo}/…` (or `/orgs/{org}/…`) form. */
  path?: RegExp;
  /** 5xx: a server error (retried by the client). 403: a token without the permission, as GitHub says it. */
  status: 403 | 500 | 502 | 503;
  /** How many matching requests fail. Default 1. */
  times?: number;
}

export interface RateLimitFault {
  method?: string;
  path?: RegExp;
  times?: number;
  /** Seconds until the client may retry: `retry-after` (secondary) or `x-ratelimit-reset` − now (primary). */
  retryAfter: number;
  /**
   * `primary`: x-ratelimit-remaining 0 and x-ratelimit-reset. `secondary`: `retry-after` and
   * "You have exceeded a secondary rate limit". Default primary.
   */
  kind?: 'primary' | 'secondary';
  /** GitHub answers either limit with 403 or 429. Default 403. */
  status?: 403 | 429;
}

export interface RateLimitState {
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds. */
  reset: number;
}

interface PendingFault {
  method: string | undefined;
  path: RegExp | undefined;
  remaining: number;
  reply: (requestId: string) => Reply;
}

const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';
const SECONDARY_DOCS = 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';
const SERVER_ERRORS: Record<number, string> = { 500: 'Server Error', 502: 'Server Error', 503: 'Service Unavailable' };
const HOUR = 3600;

const epochSeconds = () => Math.floor(Date.now() / 1000);

/** `resource` is `core` for REST and `graphql` for GraphQL, which GitHub budgets apart. */
export function rateLimitHeaders(state: RateLimitState, resource: 'core' | 'graphql' = 'core'): Record<string, string> {
  return {
    'x-ratelimit-limit': String(state.limit),
    'x-ratelimit-remaining': String(state.remaining),
    'x-ratelimit-reset': String(state.reset),
    'x-ratelimit-used': String(state.used),
    'x-ratelimit-resource': resource,
  };
}

export function createLimits(limit: number, actor: Actor) {
  const window = { used: 0, reset: epochSeconds() + HOUR };
  const faults: PendingFault[] = [];

  const state = (): RateLimitState => {
    if (epochSeconds() >= window.reset) Object.assign(window, { used: 0, reset: epochSeconds() + HOUR });
    return { limit, remaining: Math.max(0, limit - window.used), used: window.used, reset: window.reset };
  };

  const primary = (reset: number, requestId: string, status: 403 | 429): Reply => ({
    status,
    body: {
      message: `API rate limit exceeded for user ID ${actor.id}. If you reach out to GitHub Support for help, please include the request ID ${requestId} and timestamp ${timestamp(new Date())} UTC.`,
      documentation_url: RATE_LIMIT_DOCS,
      status: String(status),
    },
    headers: rateLimitHeaders({ limit, remaining: 0, used: limit, reset }),
  });

  const secondary = (retryAfter: number, requestId: string, status: 403 | 429): Reply => ({
    status,
    body: {
      message: `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
      documentation_url: SECONDARY_DOCS,
      status: String(status),
    },
    headers: { 'retry-after': String(retryAfter) },
  });

  const queue = (fault: { method?: string | undefined; path?: RegExp | undefined; times?: number | undefined }, reply: PendingFault['reply']) => {
    faults.push({ method: fault.method?.toUpperCase(), path: fault.path, remaining: fault.times ?? 1, reply });
  };

  return {
    state,
    /** Counts one request against the hour. */
    count(): void {
      state();
      window.used += 1;
    },
    /** The 403 GitHub sends once the hour's requests are spent, or undefined. */
    exhausted(requestId: string): Reply | undefined {
      const now = state();
      return now.remaining === 0 ? primary(now.reset, requestId, 403) : undefined;
    },
    failNext(fault: Fault): void {
      queue(fault, () =>
        fault.status === 403
          ? { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' } }
          : { status: fault.status, body: { message: SERVER_ERRORS[fault.status] ?? 'Server Error' } },
      );
    },
    rateLimitNext(fault: RateLimitFault): void {
      const status = fault.status ?? 403;
      queue(fault, (requestId) =>
        fault.kind === 'secondary' ? secondary(fault.retryAfter, requestId, status) : primary(epochSeconds() + fault.retryAfter, requestId, status),
      );
    },
    /** The reply of the first pending fault matching the request, consuming one of its times. */
    take(method: string, paths: string[], requestId: string): Reply | undefined {
      const matches = (pattern: RegExp, path: string) => {
        pattern.lastIndex = 0;
        return pattern.test(path);
      };
      const fault = faults.find(
        (f) => f.remaining > 0 && (f.method === undefined || f.method === method) && (f.path === undefined || paths.some((p) => matches(f.path as RegExp, p))),
      );
      if (fault === undefined) return undefined;
      fault.remaining -= 1;
      return fault.reply(requestId);
    },
    pending: () => faults.reduce((sum, f) => sum + f.remaining, 0),
  };
}
