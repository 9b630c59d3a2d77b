/**
 * Result records of catalog controls as loadEvidence returns them, built in memory for tests of
 * what reads an evidence index (self-checks, the dashboard): the real record builder, keys in the
 * archive's format, recorded at their effective time.
 */
import { catalog, findControl } from '../../engine/controls/index.ts';
import { buildRecord } from '../../engine/evidence/record.ts';
import type { Outcome, ResultRecord, Status } from '../../engine/model.ts';
import type { Entry, EvidenceIndex } from '../../engine/reports/evidence-index.ts';

let serial = 0;

export function resultEntry(controlId: string, scope: string, status: Status, at: string, outcomes?: Outcome[]): Entry<ResultRecord> {
  const control = findControl(controlId) ?? catalog[0]!;
  const list = outcomes ?? [{ status, resource: `${scope}/r1`, message: `${scope}/r1 is ${status}` }];
  const count = (s: Status) => list.filter((o) => o.status === s).length;
  const record = buildRecord(
    control,
    undefined,
    {
      controlId,
      title: control.title,
      source: control.source.id,
      scope,
      status,
      severity: control.severity,
      summary: `${controlId} on ${scope}: ${status}`,
      outcomes: list,
      counts: { pass: count('pass'), fail: count('fail'), error: count('error'), skipped: count('skipped') },
      population: list.length,
      completeness: { complete: true, parts: {}, missing: [] },
      effectiveAt: at,
      params: {},
    },
    { organization: 'Acme', recordedAt: new Date(at) },
  );
  serial += 1;
  const key = `${at.slice(0, 10).replace(/-/g, '/')}/${control.area}-${at.slice(11, 13)}${at.slice(14, 16)}-${serial.toString(16).padStart(64, '0')}.json`;
  return { key, record };
}

/** An evidence index of these results, sorted by instant as loadEvidence sorts them. */
export function resultIndex(results: Entry<ResultRecord>[]): EvidenceIndex {
  const sorted = [...results].sort((a, b) => Date.parse(a.record.effectiveAt) - Date.parse(b.record.effectiveAt));
  return { location: '/tmp/evidence', results: sorted, triage: [], remediation: [], seals: [], problems: [] };
}
