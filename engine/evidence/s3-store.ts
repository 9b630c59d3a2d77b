/**
 * The evidence archive in Amazon S3 (or an S3-compatible server).
 *
 * - Write once: PutObject with `If-None-Match: *`, so S3 refuses to replace an existing key (412).
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
 * - Integrity in transit: a SHA-256 checksum S3 verifies before storing.
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
 * - Retention: Object Lock mode and retain-until date per object, when configured (the bucket must
 *   have Object Lock enabled). https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
 */
import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { sha256Base64 } from './sha256.ts';
import { assertSafeKey, type EvidenceStore, type PutOptions, type StoredObject, type StoreStats } from './store.ts';

export interface S3StoreOptions {
  bucket: string;
  /** Key prefix, empty or ending in `/`. */
  prefix?: string;
  client: S3Client;
  objectLockMode?: 'COMPLIANCE' | 'GOVERNANCE' | undefined;
  /** Keys per list page (S3's maximum and default is 1,000). */
  pageSize?: number;
}

export class S3Store implements EvidenceStore {
  readonly location: string;
  readonly stats: StoreStats = { requests: 0, bytesWritten: 0, bytesRead: 0 };
  // S3 sets LastModified when it stores an object; with write-once keys it never changes.
  readonly writeTimesTrusted = true;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly client: S3Client;
  private readonly objectLockMode: 'COMPLIANCE' | 'GOVERNANCE' | undefined;
  private readonly pageSize: number | undefined;

  constructor(options: S3StoreOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? '';
    this.client = options.client;
    this.objectLockMode = options.objectLockMode;
    this.pageSize = options.pageSize;
    this.location = `s3://${this.bucket}/${this.prefix}`;
  }

  async putOnce(key: string, bytes: Uint8Array, options: PutOptions = {}): Promise<{ created: boolean }> {
    try {
      await this.put(key, bytes, options, true);
      return { created: true };
    } catch (error) {
      // 412: the key exists, which for a content-addressed key means this very record is stored.
      if (error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 412 || error.name === 'PreconditionFailed')) return { created: false };
      throw error;
    }
  }

  async putPointer(key: string, bytes: Uint8Array, options: PutOptions = {}): Promise<void> {
    await this.put(key, bytes, options, false);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    assertSafeKey(key);
    this.stats.requests += 1;
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
      const bytes = await response.Body?.transformToByteArray();
      if (bytes === undefined) throw new Error(`s3://${this.bucket}/${this.prefix}${key} has no body`);
      this.stats.bytesRead += bytes.byteLength;
      return bytes;
    } catch (error) {
      if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)) return undefined;
      throw error;
    }
  }

  async *list(prefix = ''): AsyncIterable<StoredObject> {
    let continuationToken: string | undefined;
    do {
      this.stats.requests += 1;
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html — up to 1,000 keys a page, in key order.
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix + prefix, ContinuationToken: continuationToken, MaxKeys: this.pageSize }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined || object.LastModified === undefined) continue;
        yield { key: object.Key.slice(this.prefix.length), size: object.Size ?? 0, lastModified: object.LastModified };
      }
      // A truncated page without a token would silently drop the rest: fail instead.
      if (page.IsTruncated === true && page.NextContinuationToken === undefined) {
        throw new Error(`listing ${this.location}${prefix} was truncated without a continuation token`);
      }
      continuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
  }

  private async put(key: string, bytes: Uint8Array, options: PutOptions, once: boolean): Promise<void> {
    assertSafeKey(key);
    const input: PutObjectCommandInput = {
      Bucket: this.bucket,
      Key: this.prefix + key,
      Body: bytes,
      ContentType: 'application/json',
      ContentLength: bytes.byteLength,
      ChecksumSHA256: sha256Base64(bytes),
      ...(once ? { IfNoneMatch: '*' } : {}),
      ...(this.objectLockMode !== undefined && options.retainUntil !== undefined
        ? { ObjectLockMode: this.objectLockMode, ObjectLockRetainUntilDate: options.retainUntil }
        : {}),
    };
    this.stats.requests += 1;
    await this.client.send(new PutObjectCommand(input));
    this.stats.bytesWritten += bytes.byteLength;
  }
}
