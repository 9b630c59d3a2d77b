/**
 * One JSON POST with a bounded retry, shared by the alert sinks. It never throws: a run must go on
 * whatever PagerDuty or Slack answer.
 *
 * Retried: 429 and 5xx (honouring `Retry-After`, in seconds or as an HTTP date,
 * https://www.rfc-editor.org/rfc/rfc9110#field.retry-after) and network errors; both PagerDuty
 * (https://developer.pagerduty.com/docs/events-api-v2/overview/#response-codes--retry-logic) and
 * Slack (https://api.slack.com/apis/rate-limits) ask for exactly that. Anything else is final.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface RetryPolicy {
  /** Requests in all, the first included. */
  attempts: number;
  /** Wait before the second request when the server names none; doubled for each later one. */
  baseDelayMs: number;
  /** The longest wait, named or not: a longer `Retry-After` ends the retries instead of holding up the run. */
  maxDelayMs: number;
  /** Per request; a hung sink must not hang the run. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 1_000, maxDelayMs: 30_000, timeoutMs: 10_000 };

export interface PostOptions {
  fetch?: typeof fetch;
  retry?: Partial<RetryPolicy>;
  /** Removed from every error text: a Slack webhook URL is a secret, and fetch errors may quote it. */
  secret?: string;
}

export interface PostAnswer {
  /** The last HTTP status; undefined when no request got an answer. */
  status?: number;
  body: string;
  attempts: number;
  /** Why the exchange ended without a final answer: network error, or a wait longer than allowed. */
  error?: string;
}

const retryable = (status: number) => status === 429 || status >= 500;

export async function postJson(url: string, payload: unknown, options: PostOptions = {}): Promise<PostAnswer> {
  const policy = { ...DEFAULT_RETRY, ...options.retry };
  const doFetch = options.fetch ?? globalThis.fetch;
  const scrub = (text: string) => (options.secret ? text.split(options.secret).join('[secret URL]') : text);
  let last: PostAnswer = { body: '', attempts: 0, error: 'not sent' };
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    let wait = policy.baseDelayMs * 2 ** (attempt - 1);
    try {
      const response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      const body = await response.text();
      last = { status: response.status, body, attempts: attempt };
      if (!retryable(response.status)) return last;
      const named = retryAfterMs(response.headers.get('retry-after'));
      if (named !== undefined) wait = named;
    } catch (error) {
      last = { body: '', attempts: attempt, error: scrub(describe(error)) };
    }
    if (attempt === policy.attempts) break;
    if (wait > policy.maxDelayMs) {
      return { ...last, error: `asked to wait ${Math.ceil(wait / 1000)} s, longer than the ${Math.ceil(policy.maxDelayMs / 1000)} s an alert waits` };
    }
    await delay(wait);
  }
  return last;
}

/** `Retry-After: 3` or `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT`, in milliseconds from now. */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** undici wraps the useful part (ECONNREFUSED, a timeout) in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed out';
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: string }).code;
    return code === undefined ? `${error.message}: ${cause.message}` : `${error.message} (${code})`;
  }
  return error.message;
}
