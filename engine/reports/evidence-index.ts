/**
 * The evidence archive read back for reports, the audit package and the dashboard: every result,
 * triage decision and remediation record in a period (snapshots are passed over by their key),
 * and the seals. A record that cannot be read or parsed is listed as a problem, never dropped silently.
 */
import { kindOfKey, readRecord, RECORD_KEY } from '../evidence/record.ts';
import { parseJson, Seal, SEAL_KEY } from '../evidence/seal.ts';
import type { EvidenceStore } from '../evidence/store.ts';
import { mapConcurrent } from '../evidence/map-concurrent.ts';
import type { RemediationRecord, ResultRecord, TriageRecord } from '../model.ts';

export interface Entry<T> {
  key: string;
  record: T;
}

export interface EvidenceIndex {
  location: string;
  /** Results, oldest first. */
  results: Entry<ResultRecord>[];
  triage: Entry<TriageRecord>[];
  remediation: Entry<RemediationRecord>[];
  seals: { sequence: number; sealedAt: string; records: number }[];
  /** Records that could not be read: named, so a report can say its numbers are incomplete. */
  problems: { key: string; problem: string }[];
}

export interface Period {
  /** Inclusive, ISO date or date-time. */
  from?: string | undefined;
  /** Exclusive, ISO date or date-time. */
  to?: string | undefined;
}

export async function loadEvidence(store: EvidenceStore, period: Period = {}): Promise<EvidenceIndex> {
  const index: EvidenceIndex = { location: store.location, results: [], triage: [], remediation: [], seals: [], problems: [] };
  const recordKeys: string[] = [];
  const sealKeys: string[] = [];
  for await (const object of store.list()) {
    if (SEAL_KEY.test(object.key)) sealKeys.push(object.key);
    else if (RECORD_KEY.test(object.key) && kindOfKey(object.key) !== 'snapshot' && keyDayInPeriod(object.key, period)) recordKeys.push(object.key);
  }
  const bytes = await mapConcurrent(recordKeys, 16, (key) => store.get(key));
  recordKeys.forEach((key, i) => {
    const content = bytes[i];
    if (content === undefined) return void index.problems.push({ key, problem: 'listed but could not be read' });
    const read = readRecord(key, content);
    if ('problem' in read) return void index.problems.push({ key, problem: read.problem });
    const { record } = read;
    // The day in the key is the record's effective day; the exact moment is checked here.
    if (!inPeriod(record.effectiveAt, period)) return;
    if (record.kind === 'control-result') index.results.push({ key, record });
    else if (record.kind === 'triage-decision') index.triage.push({ key, record });
    else if (record.kind === 'remediation') index.remediation.push({ key, record });
  });
  for (const key of sealKeys) {
    const parsed = Seal.safeParse(parseJson((await store.get(key)) ?? new Uint8Array()));
    if (parsed.success) index.seals.push({ sequence: parsed.data.sequence, sealedAt: parsed.data.sealedAt, records: parsed.data.records.length });
    else index.problems.push({ key, problem: 'is not a valid seal' });
  }
  // By instant, not by string: records may carry different UTC offsets.
  const byTime = <T extends { record: { effectiveAt: string } }>(a: T, b: T) => Date.parse(a.record.effectiveAt) - Date.parse(b.record.effectiveAt);
  index.results.sort(byTime);
  index.triage.sort(byTime);
  index.remediation.sort(byTime);
  index.seals.sort((a, b) => a.sequence - b.sequence);
  return index;
}

/** The key's day (the record's effective day, UTC) overlaps the period: worth reading. */
function keyDayInPeriod(key: string, period: Period): boolean {
  const match = RECORD_KEY.exec(key);
  if (match === null) return false;
  const start = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (period.from !== undefined && start + 86_400_000 <= Date.parse(period.from)) return false;
  if (period.to !== undefined && start >= Date.parse(period.to)) return false;
  return true;
}

/** The moment is in the period: `from` included, `to` excluded. */
function inPeriod(at: string, period: Period): boolean {
  const time = Date.parse(at);
  if (period.from !== undefined && time < Date.parse(period.from)) return false;
  if (period.to !== undefined && time >= Date.parse(period.to)) return false;
  return true;
}
