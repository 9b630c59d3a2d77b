/** Evaluating a collector's snapshot in the source tests: the one snapshot, and a control by id. */
import { expect } from 'vitest';
import { findControl } from '../../engine/controls/index.ts';
import { evaluateControl } from '../../engine/evaluate-control.ts';
import type { Result, Snapshot } from '../../engine/model.ts';

/** The single snapshot a collector returned for one scope. */
export function onlySnapshot(snapshots: Snapshot[]): Snapshot {
  expect(snapshots).toHaveLength(1);
  return snapshots[0] as Snapshot;
}

/** Control `id` evaluated on `snapshot` with `params` (compliance.yml's `controls.<id>`). */
export function evaluateById(id: string, snapshot: Snapshot, params: Record<string, unknown> = {}): Result {
  const control = findControl(id);
  if (control === undefined) throw new Error(`no control ${id}`);
  return evaluateControl(control, snapshot, { params });
}
