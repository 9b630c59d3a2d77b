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

/**
 * A record the store refused or could not confirm (S3 answering 5xx or dropping the connection after
 * the SDK's retries, a full disk). Its key is its content address, so writing the same result again
 * later lands exactly there, once.
 */
export interface UnwrittenRecord {
  key: string;
  /** Why, as the store said it. */
  error: string;
}

/** Some records of a run could not be written; the others were. */
export class EvidenceWriteError extends Error {
  override name = 'EvidenceWriteError';
  readonly unwritten: readonly UnwrittenRecord[];

  constructor(location: string, unwritten: readonly UnwrittenRecord[]) {
    super(`${unwritten.length} evidence record(s) could not be written to ${location}: ${unwritten.map((r) => `${r.key} (${r.error})`).join('; ')}`);
    this.unwritten = unwritten;
  }
}

/** Writes a record under its content address, once. */
export async function writeRecord(store: EvidenceStore, record: EvidenceRecord, retainUntil?: Date): Promise<WrittenRecord> {
  const key = recordKey(record, recordContentHash(record));
  const bytes = serializeRecord(record);
  const { created } = await store.putOnce(key, bytes, { retainUntil });
  return { key, sha256: sha256Hex(bytes), created };
}

/**
 * Writes a record, or says why it could not: one record the store fails on must not keep a run's
 * other records out of the archive, and the run must be able to name what is missing.
 */
export async function tryWriteRecord(store: EvidenceStore, record: EvidenceRecord, retainUntil?: Date): Promise<WrittenRecord | UnwrittenRecord> {
  try {
    return await writeRecord(store, record, retainUntil);
  } catch (error) {
    return { key: recordKey(record, recordContentHash(record)), error: describeStoreError(error) };
  }
}

export function isWritten(outcome: WrittenRecord | UnwrittenRecord): outcome is WrittenRecord {
  return !('error' in outcome);
}

/** The SDK's or the file system's error in one line: its name or code, status and message. */
export function describeStoreError(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  const name = e.code ?? e.name ?? 'Error';
  return `${name}${status === undefined ? '' : ` (HTTP ${status})`}: ${e.message ?? String(error)}`;
}
