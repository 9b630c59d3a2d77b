/**
 * The transport under the Okta SDK: every request the SDK makes goes through here, so this is where
 * calls are counted, rate limits are respected and transient failures retried.
 *
 * - Okta answers every request with `X-Rate-Limit-Limit`, `-Remaining` and `-Reset` (epoch seconds)
 *   for the endpoint's bucket (https://developer.okta.com/docs/reference/rl-best-practices/).
 *   Requests slow down before a bucket reaches 0: when `remaining` falls to the reserve, the next
 *   request to that bucket waits for the reset.
 * - A 429 waits until `X-Rate-Limit-Reset` and retries (https://developer.okta.com/docs/reference/rate-limits/);
 *   5xx and network errors back off exponentially. Every wait is capped (`maxWaitMs`), and after
 *   `maxRetries` the last answer goes back to the SDK, which throws it: the caller then reports the
 *   part it was reading as incomplete. A POST (a lifecycle change) is retried only on 429, which
 *   Okta did not process.
 * - The reset is compared with the response's `Date` header, not the local clock, as the SDK's own
 *   executor does, so a skewed clock neither hammers nor stalls.
 * - Every `Date` header also tells how far Okta's clock is from ours (`clockOffsetMs`): the collector
 *   describes the org at Okta's time, not the runner's (../source-clock.ts).
 *
 * It replaces the SDK's DefaultRequestExecutor (which retries only 429, without a cap on the wait)
 * and sends through an injectable `fetch` (STYLE.md 13), so tests reach a loopback Okta.
 */
import { RequestExecutor } from '@okta/okta-sdk-nodejs';
import { offsetFromDateHeader } from '../source-clock.ts';

type SdkRequest = Parameters<RequestExecutor['fetch']>[0];
type SdkResponse = Awaited<ReturnType<RequestExecutor['fetch']>>;

export interface OktaHttpOptions {
  /** The HTTP client; defaults to the global fetch. */
  fetch?: typeof fetch | undefined;
  /** Retries after a 429, 5xx or network error before giving up. Default 4. */
  maxRetries?: number | undefined;
  /** The longest single wait, for a rate-limit reset or a backoff. Default 60 s; tests set a few ms. */
  maxWaitMs?: number | undefined;
  /** First backoff after a 5xx or network error, doubled each retry. Default 500 ms. */
  retryBaseMs?: number | undefined;
  /** Requests left in a bucket at which the next one waits for the reset. Default 2. */
  reserve?: number | undefined;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number | undefined;
}

interface Bucket {
  limit: number;
  /** As last reported, less the requests sent since. */
  remaining: number;
  /** Local epoch ms at which the bucket refills. */
  resetAt: number;
}

export interface OktaCallStats {
  /** HTTP requests sent, retries included: what Okta counts against the limits. */
  calls: number;
  retries: number;
  /** Milliseconds spent waiting for rate-limit resets and backoffs. */
  waitedMs: number;
  /** Answers 429 received. */
  rateLimited: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Okta buckets its limits per endpoint; ids in the path do not make a new bucket. */
export function bucketOf(method: string, url: string): string {
  const path = new URL(url).pathname
    .split('/')
    .map((segment) => (/^[0-9A-Za-z]{15,}$/.test(segment) && /\d/.test(segment) ? '{id}' : segment))
    .join('/');
  return `${method.toUpperCase()} ${path}`;
}

export class OktaRequestExecutor extends RequestExecutor {
  readonly stats: OktaCallStats = { calls: 0, retries: 0, waitedMs: 0, rateLimited: 0 };
  private readonly send: typeof fetch;
  private readonly maxRetries: number;
  private readonly maxWaitMs: number;
  private readonly retryBaseMs: number;
  private readonly reserve: number;
  private readonly timeoutMs: number;
  private readonly buckets = new Map<string, Bucket>();
  private readonly probes = new Map<string, Promise<void>>();
  private offsetMs: number | undefined;

  constructor(options: OktaHttpOptions = {}) {
    super();
    this.send = options.fetch ?? globalThis.fetch;
    this.maxRetries = options.maxRetries ?? 4;
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
    this.retryBaseMs = options.retryBaseMs ?? 500;
    this.reserve = options.reserve ?? 2;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  override async fetch(sdkRequest: SdkRequest): Promise<SdkResponse> {
    // The SDK hands over its RequestContext, with `url` already a string and its headers merged.
    const request = sdkRequest as { url?: unknown; method?: unknown; headers?: unknown; body?: unknown };
    const url = String(request.url);
    const method = String(request.method ?? 'GET').toUpperCase();
    const bucket = bucketOf(method, url);
    const headers = Object.fromEntries(Object.entries((request.headers ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    const body = typeof request.body === 'string' ? request.body : undefined;
    for (let attempt = 0; ; attempt += 1) {
      const release = await this.pace(bucket);
      this.stats.calls += 1;
      let response: Response;
      try {
        response = await this.send(url, { method, headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
      } catch (error) {
        release();
        if (attempt >= this.maxRetries || method !== 'GET') throw error;
        await this.retryAfter(this.backoff(attempt));
        continue;
      }
      this.observeClock(response);
      this.observe(bucket, response);
      release();
      const retryable = response.status === 429 || (method === 'GET' && response.status >= 500);
      if (!retryable || attempt >= this.maxRetries) return response as unknown as SdkResponse;
      if (response.status === 429) this.stats.rateLimited += 1;
      await response.arrayBuffer(); // free the connection before waiting
      await this.retryAfter(response.status === 429 ? this.untilReset(response) ?? this.backoff(attempt) : this.backoff(attempt));
    }
  }

  /**
   * Okta's clock minus ours, in ms, from the latest answer's `Date` header (RFC 9110 §6.6.1: the
   * moment the server sent it, to the second); undefined until an answer carried one.
   */
  clockOffsetMs(): number | undefined {
    return this.offsetMs;
  }

  private observeClock(response: Response): void {
    this.offsetMs = offsetFromDateHeader(response.headers.get('date')) ?? this.offsetMs;
  }

  private backoff(attempt: number): number {
    return this.retryBaseMs * 2 ** attempt;
  }

  private async retryAfter(ms: number): Promise<void> {
    this.stats.retries += 1;
    await this.wait(ms);
  }

  private async wait(ms: number): Promise<void> {
    const capped = Math.max(0, Math.min(ms, this.maxWaitMs));
    this.stats.waitedMs += capped;
    if (capped > 0) await sleep(capped);
  }

  /**
   * Waits for the reset when the bucket is (nearly) spent and counts this request against it. The
   * first request to a bucket goes alone: until its answer says what the limit is, concurrent
   * requests would spend it blind. Returns the function to call once the answer is in.
   */
  private async pace(name: string): Promise<() => void> {
    while (!this.buckets.has(name) && this.probes.has(name)) await this.probes.get(name);
    const bucket = this.buckets.get(name);
    if (bucket === undefined) {
      let done = () => {};
      this.probes.set(name, new Promise<void>((resolve) => (done = resolve)));
      return () => {
        this.probes.delete(name);
        done();
      };
    }
    if (bucket.remaining <= this.reserve && bucket.resetAt > Date.now()) {
      await this.wait(bucket.resetAt - Date.now());
      // The first to wake refills the bucket; the next answer tells the new window's real count.
      if (bucket.resetAt <= Date.now()) {
        bucket.remaining = bucket.limit;
        bucket.resetAt = Number.POSITIVE_INFINITY;
      }
    }
    bucket.remaining -= 1;
    return () => {};
  }

  /** Milliseconds until the bucket resets, by the server's clock (`Date`), plus a second for its rounding. */
  private untilReset(response: Response): number | undefined {
    const reset = Number(response.headers.get('x-rate-limit-reset'));
    if (!Number.isFinite(reset) || reset <= 0) return undefined;
    const date = Date.parse(response.headers.get('date') ?? '');
    const serverNow = Number.isNaN(date) ? Date.now() : date;
    return Math.max(0, reset * 1000 - serverNow + 1000);
  }

  private observe(name: string, response: Response): void {
    const limit = Number(response.headers.get('x-rate-limit-limit'));
    const remaining = Number(response.headers.get('x-rate-limit-remaining'));
    const wait = this.untilReset(response);
    const known = this.buckets.get(name);
    if (!Number.isFinite(limit) || !Number.isFinite(remaining) || wait === undefined || response.headers.get('x-rate-limit-remaining') === null) {
      // No limit announced (a proxy stripped it?): stop probing one request at a time.
      if (known === undefined) this.buckets.set(name, { limit: Number.POSITIVE_INFINITY, remaining: Number.POSITIVE_INFINITY, resetAt: 0 });
      return;
    }
    const resetAt = Date.now() + wait;
    // Within the same window, answers to concurrent requests arrive out of order, and requests sent
    // since are not counted in them yet: keep the lowest count.
    if (known !== undefined && Math.abs(known.resetAt - resetAt) < 1500) {
      known.remaining = Math.min(known.remaining, remaining);
      return;
    }
    this.buckets.set(name, { limit, remaining, resetAt });
  }
}
