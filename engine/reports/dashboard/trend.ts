/**
 * The pass-rate trend: one point per UTC day from the first to the last result. Each control and
 * scope counts once a day, with its last status that day, so an hourly control does not outweigh a
 * pull request tested once. `error` counts as not passing (it is never compliant); `skipped` is left
 * out. A day without any result is a point without a rate: a gap, not a zero.
 */
import type { ResultRecord, Status } from '../../model.ts';
import type { Entry } from '../evidence-index.ts';

export interface TrendPoint {
  /** `2026-11-02` (UTC). */
  day: string;
  pass: number;
  fail: number;
  error: number;
  skipped: number;
  /** pass / (pass + fail + error), 0 to 1; null when nothing was tested that day. */
  rate: number | null;
}

const DAY = 86_400_000;

export function passRateTrend(results: readonly Entry<ResultRecord>[]): TrendPoint[] {
  const byDay = new Map<string, Map<string, Status>>();
  for (const { record } of results) {
    const day = record.effectiveAt.slice(0, 10);
    const statuses = byDay.get(day) ?? new Map<string, Status>();
    // Later entries are later results (loadEvidence sorts oldest first): the last one wins.
    statuses.set(`${record.control.id}\u0000${record.result.scope}`, record.result.status);
    byDay.set(day, statuses);
  }
  const days = [...byDay.keys()].sort();
  const first = days[0];
  const last = days.at(-1);
  if (first === undefined || last === undefined) return [];
  const points: TrendPoint[] = [];
  for (let time = Date.parse(`${first}T00:00:00Z`); time <= Date.parse(`${last}T00:00:00Z`); time += DAY) {
    const day = new Date(time).toISOString().slice(0, 10);
    const point: TrendPoint = { day, pass: 0, fail: 0, error: 0, skipped: 0, rate: null };
    for (const status of byDay.get(day)?.values() ?? []) point[status] += 1;
    const tested = point.pass + point.fail + point.error;
    point.rate = tested === 0 ? null : point.pass / tested;
    points.push(point);
  }
  return points;
}
