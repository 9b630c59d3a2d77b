import { S3Client } from '@aws-sdk/client-s3';
import { isAbsolute, resolve } from 'node:path';
import type { EvidenceConfig } from '../config/schema.ts';
import { ConfigurationError } from '../errors.ts';
import { FilesystemStore } from './filesystem-store.ts';
import { S3Store } from './s3-store.ts';
import type { EvidenceStore } from './store.ts';

export interface OpenedStore {
  store: EvidenceStore;
  /** Retain-until date for records written now, when Object Lock retention is configured. */
  retainUntil(now: Date): Date | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Opens the archive compliance.yml describes; a relative folder is relative to the config file's folder. */
export function openConfiguredStore(config: EvidenceConfig, baseDir: string): OpenedStore {
  if (config.store === 'filesystem') {
    return { store: new FilesystemStore(isAbsolute(config.path) ? config.path : resolve(baseDir, config.path)), retainUntil: () => undefined };
  }
  const client = new S3Client({
    ...(config.region === undefined ? {} : { region: config.region }),
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    forcePathStyle: config.forcePathStyle,
  });
  const lock = config.objectLock;
  return {
    store: new S3Store({ bucket: config.bucket, prefix: config.prefix, client, objectLockMode: lock?.mode }),
    retainUntil: (now) => (lock === undefined ? undefined : new Date(now.getTime() + lock.retainDays * DAY_MS)),
  };
}

/**
 * Opens the archive named on the command line: a folder, or `s3://bucket/prefix`. For S3 the
 * standard AWS settings apply (AWS_REGION, credentials chain); AWS_ENDPOINT_URL_S3 or
 * AWS_ENDPOINT_URL points it at an S3-compatible server, addressed path-style.
 */
export function openStoreAt(location: string, env: NodeJS.ProcessEnv = process.env): EvidenceStore {
  if (!location.startsWith('s3://')) return new FilesystemStore(resolve(location));
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(location);
  const bucket = match?.[1];
  if (bucket === undefined) throw new ConfigurationError(`${location} is not an S3 location; write it as s3://bucket/prefix/`);
  const rawPrefix = match?.[2] ?? '';
  const prefix = rawPrefix === '' || rawPrefix.endsWith('/') ? rawPrefix : `${rawPrefix}/`;
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const client = new S3Client(endpoint === undefined ? {} : { endpoint, forcePathStyle: true });
  return new S3Store({ bucket, prefix, client });
}
