/**
 * A handler's failure, told without the delivery's body.
 *
 * @octokit/webhooks assigns the whole event (payload included) to every error a handler throws, as
 * `error.event`, and Probot's error handler logs the error with pino, which writes every enumerable
 * property: a pull request's title, body and branch names would land in the logs with each failure.
 * This class answers `event` with an accessor on its prototype, so that assignment stores nothing,
 * and keeps only the original error's name, message and HTTP status (an octokit error also carries
 * the request and response it failed on).
 * https://github.com/octokit/webhooks.js/blob/main/src/event-handler/receive.ts
 */
export class DeliveryFailure extends Error {
  override name = 'DeliveryFailure';
  /** The HTTP status GitHub (or the evidence store) answered, when the failure was an answer. */
  readonly status: number | undefined;

  constructor(what: string, error: unknown) {
    const status = (error as { status?: unknown }).status;
    const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    super(`${what} failed: ${cause}${typeof status === 'number' ? ` (HTTP ${status})` : ''}`);
    this.status = typeof status === 'number' ? status : undefined;
  }

  /** Always undefined: see the class comment. */
  get event(): undefined {
    return undefined;
  }

  set event(_ignored: unknown) {
    // Dropped on purpose: the event holds the body.
  }
}

/** Runs a handler; whatever it throws comes out as a DeliveryFailure naming the event and delivery. */
export async function guarded(what: string, handler: () => Promise<void>): Promise<void> {
  try {
    await handler();
  } catch (error) {
    throw error instanceof DeliveryFailure ? error : new DeliveryFailure(what, error);
  }
}

/**
 * What to log when `webhooks.receive` rejects: the messages only. The rejection is an AggregateError
 * that carries the event (payload included) as `event`, so it is never logged as an object.
 */
export function failureMessages(error: unknown): string {
  const errors: unknown[] = error instanceof AggregateError ? error.errors : [error];
  return errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ');
}

/**
 * Whether doing the delivery's work again may succeed: a server error, a rate limit, or no answer
 * at all (a network failure, a timeout). A 4xx other than 429 (no permission, not found, invalid)
 * will not change by waiting.
 */
export function worthRetrying(error: unknown): boolean {
  const errors: unknown[] = error instanceof AggregateError ? error.errors : [error];
  return errors.every((e) => {
    const status = (e as { status?: unknown }).status;
    return typeof status !== 'number' || status >= 500 || status === 429;
  });
}
