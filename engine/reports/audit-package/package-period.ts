/**
 * The period an audit package covers, as auditors state it: whole UTC days, both ends included
 * (`--from 2026-10-01 --to 2026-12-31` is the fourth quarter). Evidence is read from the start of
 * `from` up to, not including, the start of the day after `to`.
 */
import { ConfigurationError } from '../../errors.ts';

export interface PackagePeriod {
  /** First day, `YYYY-MM-DD`, included. */
  from: string;
  /** Last day, `YYYY-MM-DD`, included. */
  to: string;
  /** `from` at 00:00:00Z: the first moment covered. */
  start: string;
  /** The day after `to` at 00:00:00Z: the first moment not covered. */
  end: string;
}

const DAY_MS = 86_400_000;

export function packagePeriod(from: string, to: string): PackagePeriod {
  const start = dayStart(from, '--from');
  const last = dayStart(to, '--to');
  if (last < start) throw new ConfigurationError(`--to ${to} is before --from ${from}; the period runs from the first day to the last, both included.`);
  return { from, to, start: new Date(start).toISOString(), end: new Date(last + DAY_MS).toISOString() };
}

/** True when an ISO date-time falls in the period. */
export function inPackagePeriod(at: string, period: PackagePeriod): boolean {
  const time = Date.parse(at);
  return time >= Date.parse(period.start) && time < Date.parse(period.end);
}

function dayStart(value: string, option: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const time = match === null ? Number.NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // Date.UTC rolls 2026-02-30 over to March; a date that does not survive the round trip is not a date.
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) {
    throw new ConfigurationError(`${option} ${value} is not a calendar date; write it as YYYY-MM-DD, such as 2026-10-01.`);
  }
  return time;
}
