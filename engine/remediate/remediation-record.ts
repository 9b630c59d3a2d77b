/**
 * The evidence of an automatic fix (kind `remediation`, engine/model.ts), with the same envelope as
 * every other record: what was planned for the batch (`plan`, written in dry runs and aborted
 * batches too), and for each change the user as re-read just before it (`before`) and as read just
 * after it (`after`). Records of one run share `runId`.
 */
import type { EvidenceStore } from '../evidence/store.ts';
import { writeRecord, type WrittenRecord } from '../evidence/write-record.ts';
import { RemediationRecord } from '../model.ts';

export { ObservedUser, RemediationAction, RemediationRecord } from '../model.ts';

/** Writes the record under its content address, once. */
export function writeRemediationRecord(store: EvidenceStore, record: RemediationRecord, retainUntil?: Date): Promise<WrittenRecord> {
  return writeRecord(store, RemediationRecord.parse(record), retainUntil);
}
