/**
 * Evidence records: building them from results, their content address, their key and their bytes.
 *
 * A record's key holds the SHA-256 of its canonical content, which is everything but `recordedAt`.
 * Writing the same result again (a retried run, a redelivered webhook) therefore targets the same
 * key, and the write-once store leaves the first copy alone. The seal then fixes the exact bytes.
 */
import { criteriaFor } from '../frameworks/index.ts';
import type { Control, EvidenceRecord, Finding, Result, ResultRecord, Snapshot, TriageDecision, TriageRecord } from '../model.ts';
import { EvidenceRecord as EvidenceRecordSchema, RECORD_SCHEMA } from '../model.ts';
import { EVIDENT_VERSION } from '../version.ts';
import { canonicalJson, prettyCanonicalJson } from './canonical-json.ts';
import { sha256Hex } from './sha256.ts';

/** `2026/11/02/access-control-0900-<64 hex>.json` */
export const RECORD_KEY = /^(\d{4})\/(\d{2})\/(\d{2})\/([a-z-]+)-(\d{2})(\d{2})-([0-9a-f]{64})\.json$/;

export interface RecordContext {
  organization: string;
  recordedAt: Date;
}

/**
 * The record of one result. Without a snapshot (the source could not be collected at all), the
 * record says so: collector `none`, no parts, and the result is the `error` explaining why.
 */
export function buildRecord(control: Control, snapshot: Snapshot | undefined, result: Result, context: RecordContext): ResultRecord {
  const collector: ResultRecord['collector'] =
    snapshot === undefined
      ? { name: 'none', source: control.source.id, scope: result.scope, collectedAt: result.effectiveAt, parameters: {}, parts: {} }
      : {
          name: snapshot.collector.name,
          ...(snapshot.collector.version === undefined ? {} : { version: snapshot.collector.version }),
          source: snapshot.source,
          scope: snapshot.scope,
          collectedAt: snapshot.collectedAt,
          parameters: snapshot.collector.parameters,
          parts: snapshot.parts,
          ...(snapshot.collector.apiCalls === undefined ? {} : { apiCalls: snapshot.collector.apiCalls }),
        };
  return {
    schema: RECORD_SCHEMA,
    kind: 'control-result',
    area: control.area,
    organization: context.organization,
    evidentVersion: EVIDENT_VERSION,
    recordedAt: context.recordedAt.toISOString(),
    effectiveAt: result.effectiveAt,
    control: { id: control.id, title: control.title, severity: result.severity, criteria: criteriaFor(control.id) },
    collector,
    result,
  };
}

/** The record of a triage decision: the pseudonymized input (what a model saw or would have seen) and the decision. */
export function buildTriageRecord(control: Control, finding: Finding, decision: TriageDecision, input: unknown, context: RecordContext): TriageRecord {
  return {
    schema: RECORD_SCHEMA,
    kind: 'triage-decision',
    area: control.area,
    organization: context.organization,
    evidentVersion: EVIDENT_VERSION,
    recordedAt: context.recordedAt.toISOString(),
    effectiveAt: decision.decidedAt,
    control: { id: control.id, title: control.title, severity: decision.severity, criteria: criteriaFor(control.id) },
    finding: { fingerprint: finding.fingerprint, scope: finding.scope, summary: finding.summary, failing: finding.failing.length },
    input,
    decision,
  };
}

/** The SHA-256 of the record's canonical content (all but `recordedAt`). */
export function recordContentHash(record: Readonly<Record<string, unknown>>): string {
  const { recordedAt: _recordedAt, ...content } = record;
  return sha256Hex(canonicalJson(content));
}

/**
 * `YYYY/MM/DD/<area>-HHMM-<sha256>.json` for a result; other kinds say what they are after the area
 * (`access-control-triage-0900-…`, `-snapshot-`, `-remediation-`), so a reader can pass over large
 * snapshots by their key without reading them.
 */
export function recordKey(record: Pick<EvidenceRecord, 'effectiveAt' | 'area'> & { kind?: EvidenceRecord['kind'] }, contentHash: string): string {
  const at = new Date(record.effectiveAt);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${at.getUTCFullYear()}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())}`;
  const kind = record.kind === undefined || record.kind === 'control-result' ? '' : `-${KIND_IN_KEY[record.kind]}`;
  return `${day}/${record.area}${kind}-${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}-${contentHash}.json`;
}

const KIND_IN_KEY: Record<Exclude<EvidenceRecord['kind'], 'control-result'>, string> = {
  'triage-decision': 'triage',
  snapshot: 'snapshot',
  remediation: 'remediation',
};

/** The kind a record key names (results name none). */
export function kindOfKey(key: string): EvidenceRecord['kind'] {
  if (/-triage-\d{4}-/.test(key)) return 'triage-decision';
  if (/-snapshot-\d{4}-/.test(key)) return 'snapshot';
  if (/-remediation-\d{4}-/.test(key)) return 'remediation';
  return 'control-result';
}

export function serializeRecord(record: EvidenceRecord): Uint8Array {
  return new TextEncoder().encode(prettyCanonicalJson(record));
}

/**
 * Parses stored bytes and checks they are the record their key names: valid JSON in the record
 * schema, content hash equal to the key's, date and area equal to the key's. Returns the problem
 * as a sentence, or the record.
 */
export function readRecord(key: string, bytes: Uint8Array): { record: EvidenceRecord } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    return { problem: `is not valid JSON (${(error as Error).message})` };
  }
  const parsed = EvidenceRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `is not a valid evidence record (${issue === undefined ? 'schema mismatch' : `${issue.path.join('.')}: ${issue.message}`})` };
  }
  const record = parsed.data;
  // Hash what is stored, not what the schema parsed, so no normalization can hide a change.
  const hash = recordContentHash(json as Record<string, unknown>);
  const keyHash = RECORD_KEY.exec(key)?.[7];
  if (keyHash !== hash) {
    return { problem: `content does not match its key: the content hashes to ${hash.slice(0, 12)}…, the key says ${keyHash?.slice(0, 12) ?? '(no hash)'}…` };
  }
  const expected = recordKey(record, hash);
  if (expected !== key) return { problem: `is filed under the wrong key; its content belongs at ${expected}` };
  return { record };
}
