/**
 * Snapshot records (kind `snapshot`) of the Okta collector: a full snapshot, or a delta that names
 * its full base. Written once under their content address like every record, so they are sealed
 * with the run and `verify` notices any change to the state an incremental run starts from.
 */
import { RECORD_SCHEMA, type Snapshot, type SnapshotRecord } from '../../model.ts';
import { EVIDENT_VERSION } from '../../version.ts';
import { writeRecord, type WrittenRecord } from '../../evidence/write-record.ts';
import type { EvidenceStore } from '../../evidence/store.ts';

export function snapshotRecord(snapshot: Snapshot, organization: string, base?: string): SnapshotRecord {
  return {
    schema: RECORD_SCHEMA,
    kind: 'snapshot',
    area: 'access-control',
    organization,
    evidentVersion: EVIDENT_VERSION,
    recordedAt: new Date().toISOString(),
    effectiveAt: snapshot.collectedAt,
    source: snapshot.source,
    scope: snapshot.scope,
    full: base === undefined,
    ...(base === undefined ? {} : { base }),
    snapshot,
  };
}

export async function writeSnapshotRecord(store: EvidenceStore, snapshot: Snapshot, organization: string, base?: string): Promise<WrittenRecord> {
  return writeRecord(store, snapshotRecord(snapshot, organization, base));
}
