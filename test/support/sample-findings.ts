/**
 * Findings of the sample organization "Acme" (engine/demo), evaluated by the real controls from its
 * snapshots, optionally after editing the snapshots' data first: a test writes into a pull request
 * title, a Config rule name or an Okta login what an attacker would, and gets the finding the run
 * would triage.
 */
import { parseConfig } from '../../engine/config/load-config.ts';
import { SAMPLE_CONFIG } from '../../engine/demo/sample-config.ts';
import { sampleOrganization } from '../../engine/demo/sample-organization/index.ts';
import type { Finding, Snapshot } from '../../engine/model.ts';
import { evaluateAll, findingsOf } from '../../engine/run.ts';

export const SAMPLE_AT = new Date('2025-06-01T12:00:00Z');

/** The sample's snapshots, as data a test may edit (a deep copy each call). */
export function sampleSnapshots(at: Date = SAMPLE_AT): Snapshot[] {
  return structuredClone(Object.values(sampleOrganization(at)).flat());
}

export function sampleFindingsOf(snapshots: readonly Snapshot[], at: Date = SAMPLE_AT, config: string = SAMPLE_CONFIG): Finding[] {
  const parsed = parseConfig(config);
  if (!parsed.ok) throw new Error('the sample configuration is invalid');
  return findingsOf(evaluateAll({ config: parsed.config, snapshots: [...snapshots], now: at }).runs);
}

/** The failing finding of `controlId` (on `scope`), after `edit` changed the snapshots; `config` replaces SAMPLE_CONFIG. */
export function sampleFinding(controlId: string, options: { scope?: string; edit?: (snapshots: Snapshot[]) => void; config?: string } = {}): Finding {
  const snapshots = sampleSnapshots();
  options.edit?.(snapshots);
  const found = sampleFindingsOf(snapshots, SAMPLE_AT, options.config).find((f) => f.controlId === controlId && (options.scope === undefined || f.scope === options.scope));
  if (found === undefined) throw new Error(`no failing sample finding of ${controlId}${options.scope === undefined ? '' : ` on ${options.scope}`}`);
  return found;
}

/** The data of the one snapshot of `source` whose scope is `scope` (or the first), to edit in place. */
export function dataOf<T>(snapshots: readonly Snapshot[], source: Snapshot['source'], scope?: string): T {
  const snapshot = snapshots.find((s) => s.source === source && (scope === undefined || s.scope === scope));
  if (snapshot === undefined) throw new Error(`no sample snapshot of ${source}${scope === undefined ? '' : ` ${scope}`}`);
  return snapshot.data as T;
}
