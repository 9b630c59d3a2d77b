/**
 * The moment a snapshot describes, by the source's clock rather than the runner's.
 *
 * A source's timestamps are its own: Okta's `lastLogin`, `activated` and System Log `published`, the
 * times AWS Config and GitHub record. A runner whose clock is hours or days off would otherwise
 * count Okta inactivity against the wrong "now" (a clock ahead fails users who signed in last week;
 * one behind passes accounts long unused), close Okta's System Log window at the wrong moment
 * (ahead: a cursor in Okta's future and every change until then skipped; behind: the last hours of
 * changes unread), and date every result (`effectiveAt`) wrongly. Every HTTP answer's `Date` header
 * (RFC 9110 §6.6.1, https://www.rfc-editor.org/rfc/rfc9110#section-6.6.1) says what the source's
 * clock reads; the collectors keep the offset, and a snapshot's moment is the runner's `now` moved by it.
 *
 * An offset within the tolerance is treated as none: `Date` has whole seconds, and an answer takes
 * time to arrive, so a small offset is measurement noise, not skew.
 */

/** Offsets up to this are noise. Inactivity is counted in days; Okta's System Log overlap is minutes. */
export const CLOCK_TOLERANCE_MS = 30_000;

export interface SourceClock {
  /** The run's moment by the source's clock. */
  at: Date;
  /** The source's clock minus the runner's, in whole seconds; 0 within the tolerance or when unknown. */
  offsetMs: number;
}

export function sourceClock(runnerNow: Date, offsetMs: number | undefined): SourceClock {
  if (offsetMs === undefined || !Number.isFinite(offsetMs) || Math.abs(offsetMs) <= CLOCK_TOLERANCE_MS) return { at: runnerNow, offsetMs: 0 };
  const rounded = Math.round(offsetMs / 1000) * 1000;
  return { at: new Date(runnerNow.getTime() + rounded), offsetMs: rounded };
}

/**
 * The source's clock minus ours, from an answer's `Date` header received just now; undefined
 * without one. `Date` is cut to the second, so the source's time was within the second after it:
 * the middle of that second is the better guess.
 */
export function offsetFromDateHeader(date: string | null | undefined): number | undefined {
  const parsed = Date.parse(date ?? '');
  return Number.isNaN(parsed) ? undefined : parsed + 500 - Date.now();
}

/** What a snapshot's parameters say about the clocks, as evidence: nothing when they agreed. */
export function clockParameters(runnerNow: Date, clock: SourceClock): Record<string, unknown> {
  return clock.offsetMs === 0 ? {} : { sourceClock: { runnerNow: runnerNow.toISOString(), sourceNow: clock.at.toISOString(), offsetMs: clock.offsetMs } };
}
