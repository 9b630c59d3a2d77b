/**
 * The evidence archive behind one interface: a local folder (filesystem-store.ts) or S3 (s3-store.ts).
 * Keys are relative, `/`-separated paths such as `2026/11/02/access-control-0900-<sha256>.json`.
 */
export interface StoredObject {
  key: string;
  size: number;
  /** When the store says the object was written (S3 LastModified, file mtime). */
  lastModified: Date;
}

export interface PutOptions {
  /** Object Lock retention for this object, when the store supports it. */
  retainUntil?: Date | undefined;
}

/** Counted so runs and benchmarks can report what the archive cost. */
export interface StoreStats {
  requests: number;
  bytesWritten: number;
  bytesRead: number;
}

export interface EvidenceStore {
  /** Where the archive is, for messages: a folder path or `s3://bucket/prefix`. */
  readonly location: string;
  readonly stats: StoreStats;
  /**
   * Whether `lastModified` is the time the object was written and cannot be changed afterwards
   * (S3 sets LastModified itself; a file's mtime is whatever the last copy or checkout left).
   * Sealing reads only recent records when it can trust this.
   */
  readonly writeTimesTrusted: boolean;
  /**
   * Writes `bytes` under `key` only if nothing is there yet (S3 `If-None-Match: *`, an exclusive link
   * on disk). `created: false` means the key already existed and nothing was written.
   */
  putOnce(key: string, bytes: Uint8Array, options?: PutOptions): Promise<{ created: boolean }>;
  /** Writes or replaces a small pointer object (the seal chain's head). */
  putPointer(key: string, bytes: Uint8Array, options?: PutOptions): Promise<void>;
  /** The object's bytes, or undefined when there is none. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Every object whose key starts with `prefix`, in key order. */
  list(prefix?: string): AsyncIterable<StoredObject>;
}

/**
 * Keys under this prefix are mutable state (a collector's pointer to its latest snapshot record),
 * written with `putPointer`; everything they point at is an immutable, sealed record.
 */
export const STATE_PREFIX = 'state/';

/** Refuses keys that could escape the archive or that different stores would read differently. */
export function assertSafeKey(key: string): void {
  if (key === '' || key.startsWith('/') || key.includes('\\') || key.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`unsafe evidence key: ${JSON.stringify(key)}`);
  }
}
