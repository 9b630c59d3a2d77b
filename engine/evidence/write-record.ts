import type { EvidenceRecord } from '../model.ts';
import { recordContentHash, recordKey, serializeRecord } from './record.ts';
import { sha256Hex } from './sha256.ts';
import type { EvidenceStore } from './store.ts';

export interface WrittenRecord {
  key: string;
  /** SHA-256 of the bytes written (what a seal lists); of the bytes that would have been written when `created` is false. */
  sha256: string;
  /** false when the same content was already in the archive (a retry or a redelivery): nothing was written. */
  created: boolean;
}

/** Writes a record under its content address, once. */
export async function writeRecord(store: EvidenceStore, record: EvidenceRecord, retainUntil?: Date): Promise<WrittenRecord> {
  const key = recordKey(record, recordContentHash(record));
  const bytes = serializeRecord(record);
  const { created } = await store.putOnce(key, bytes, { retainUntil });
  return { key, sha256: sha256Hex(bytes), created };
}
