/**
 * Which records of a control go into the package: the first and the last of the period, up to ten
 * spread evenly between them, and the first failure and first error when those were not picked,
 * so the auditor's sample always shows the exceptions. The same records always give the same sample.
 */
import type { Status } from '../../model.ts';

export const SPREAD_SAMPLE_SIZE = 12;

export function sampleRecords<T>(entries: readonly T[], statusOf: (entry: T) => Status, size = SPREAD_SAMPLE_SIZE): T[] {
  const n = entries.length;
  const picked = new Set<number>();
  const k = Math.min(n, size);
  for (let i = 0; i < k; i++) picked.add(k === 1 ? 0 : Math.round((i * (n - 1)) / (k - 1)));
  for (const status of ['fail', 'error'] as const) {
    const first = entries.findIndex((entry) => statusOf(entry) === status);
    if (first >= 0) picked.add(first);
  }
  return [...picked].sort((a, b) => a - b).map((i) => entries[i] as T);
}
