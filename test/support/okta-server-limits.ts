/**
 * Rate limits and injected faults of the loopback Okta.
 *
 * Okta limits each endpoint bucket per minute and reports it on every answer in
 * `X-Rate-Limit-Limit`, `X-Rate-Limit-Remaining` and `X-Rate-Limit-Reset` (epoch seconds); past the
 * limit it answers 429 with error E0000047 (https://developer.okta.com/docs/reference/rl-best-practices/).
 * Windows run on the real clock, because clients compare the reset with the `Date` header.
 *
 * Faults: a page of a listing that fails (500) every time or a few times, a storm of 429 answers for
 * the next N requests, and a fixed latency.
 */
export interface PageFault {
  method?: string;
  /** The listing's path, exactly (`/api/v1/users`). */
  path: string;
  /** 1-based page of the listing, by its `after` cursor. */
  page: number;
  status?: 500 | 502 | 503;
  /** How many times it fails; default every time. */
  times?: number;
}

export interface StormFault {
  /** Matching requests answered 429 (all when unset). */
  path?: RegExp;
  /** How many requests in a row. */
  requests: number;
  /** Seconds until the announced reset. Default 1. */
  resetSeconds?: number;
}

export interface RequestFault {
  method?: string;
  path: RegExp;
  status: number;
  times?: number;
}

export interface LimitsOptions {
  /** Requests per window per bucket (`GET /api/v1/users/{id}`); `default` for the others. Default 100,000. */
  limits?: Record<string, number>;
  /** Window length. Default 60 s, as Okta. */
  windowMs?: number;
}

interface Window {
  start: number;
  used: number;
}

/** Buckets are per method and path with ids replaced, as Okta names them. */
export function bucketName(method: string, path: string): string {
  return `${method} ${path.replace(/\/(00u|00g|mfa|ra1)[0-9A-Za-z]{17}/g, '/{id}')}`;
}

export class OktaLimits {
  readonly pageFaults: (PageFault & { remaining: number })[] = [];
  readonly requestFaults: (RequestFault & { remaining: number })[] = [];
  storm: (StormFault & { remaining: number }) | undefined;
  latencyMs = 0;
  /** 429 answers sent (storms and real limits). */
  rateLimited = 0;
  private readonly windows = new Map<string, Window>();
  private readonly limits: Record<string, number>;
  private readonly windowMs: number;

  constructor(options: LimitsOptions = {}) {
    this.limits = { default: 100_000, ...options.limits };
    this.windowMs = options.windowMs ?? 60_000;
  }

  /** Counts the request against its bucket; the headers to send, and whether it is over the limit. */
  take(bucket: string): { headers: Record<string, string>; over: boolean } {
    const now = Date.now();
    const limit = this.limits[bucket] ?? (this.limits.default as number);
    let window = this.windows.get(bucket);
    if (window === undefined || now >= window.start + this.windowMs) {
      window = { start: now, used: 0 };
      this.windows.set(bucket, window);
    }
    window.used += 1;
    const over = window.used > limit;
    const reset = Math.ceil((window.start + this.windowMs) / 1000);
    return { headers: { 'x-rate-limit-limit': String(limit), 'x-rate-limit-remaining': String(Math.max(0, limit - window.used)), 'x-rate-limit-reset': String(reset) }, over };
  }

  /** A 429 of the storm, if one is raging for this path. */
  stormFor(path: string): { resetSeconds: number } | undefined {
    const storm = this.storm;
    if (storm === undefined || storm.remaining <= 0 || (storm.path !== undefined && !storm.path.test(path))) return undefined;
    storm.remaining -= 1;
    return { resetSeconds: storm.resetSeconds ?? 1 };
  }

  pageFault(method: string, path: string, page: number): number | undefined {
    const fault = this.pageFaults.find((f) => (f.method ?? 'GET') === method && f.path === path && f.page === page && f.remaining > 0);
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    return fault.status ?? 500;
  }

  requestFault(method: string, path: string): number | undefined {
    const fault = this.requestFaults.find((f) => (f.method === undefined || f.method === method) && f.path.test(path) && f.remaining > 0);
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    return fault.status;
  }
}
