/**
 * Small pieces the monthly report's parts share: UTC times and periods, pass rates and how they are
 * written, and text helpers. The report carries no personal data, so `scrub` takes email addresses
 * out of free text before any of it is quoted.
 */
import { catalog } from '../controls/index.ts';
import type { Severity, Status } from '../model.ts';
import { percentDown } from './percent.ts';

export type Counts = Record<Status, number>;

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Evidence times as written may carry an offset; the report uses UTC throughout. */
export function iso(at: string): string {
  return new Date(at).toISOString();
}

export function within(at: string, period: { from: string; to: string }): boolean {
  const time = Date.parse(at);
  return time >= Date.parse(period.from) && time < Date.parse(period.to);
}

export function passRate(counts: Counts): number | null {
  const tested = counts.pass + counts.fail + counts.error;
  return tested === 0 ? null : counts.pass / tested;
}

/** Rounded down, as the audit package does: 99.96% must not read as 100%. */
export function formatPercent(rate: number | null): string {
  return rate === null ? '—' : `${percentDown(rate)}%`;
}

/** `2026-10-03 09:00 UTC`, or `—`. */
export function formatMoment(at: string | undefined): string {
  return at === undefined ? '—' : `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function catalogOrder(id: string): number {
  const index = catalog.findIndex((control) => control.id === id);
  return index === -1 ? catalog.length : index;
}

/** Email addresses out of free text (error reasons): the report carries no personal data. */
export function scrub(text: string): string {
  return text.replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]');
}

export function clip(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function plural(count: number): string {
  return count === 1 ? '' : 's';
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list === undefined) groups.set(key(item), [item]);
    else list.push(item);
  }
  return groups;
}
