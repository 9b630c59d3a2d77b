/**
 * A real S3-compatible server (s3rver) on 127.0.0.1 for the S3 store's integration tests.
 *
 * s3rver predates S3 conditional writes, so a small middleware in front of it adds the one S3
 * behaviour Evident relies on: PutObject with `If-None-Match: *` on an existing key answers
 * 412 PreconditionFailed, as S3 does
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html).
 * Its ListObjectsV2 pagination cipher (DES) is not available in Node 24's OpenSSL, so the same
 * middleware answers ListObjectsV2 from s3rver's own store, in the shape S3 documents
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html).
 * It also records each request's method, key and headers so tests can assert what was sent.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface RecordedRequest {
  method: string;
  bucket: string;
  key: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface S3TestServer {
  endpoint: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

interface KoaContext {
  method: string;
  path: string;
  querystring: string;
  headers: Record<string, string | string[] | undefined>;
  req: AsyncIterable<unknown>;
  status: number;
  type: string;
  body: unknown;
  set(name: string, value: string): void;
}

type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

interface S3rverStore {
  existsObject(bucket: string, key: string): Promise<boolean>;
  listObjects(
    bucket: string,
    options: { prefix: string; startAfter: string; maxKeys: number },
  ): Promise<{ objects: { key: string; size: number; lastModifiedDate: Date; metadata: { etag?: string } }[]; isTruncated: boolean }>;
}

async function listObjectsV2(store: S3rverStore, bucket: string, query: URLSearchParams): Promise<string> {
  const prefix = query.get('prefix') ?? '';
  const maxKeys = Math.min(1000, Number(query.get('max-keys') ?? 1000));
  const token = query.get('continuation-token');
  const startAfter = token === null ? (query.get('start-after') ?? '') : Buffer.from(token, 'base64url').toString('utf8');
  const { objects, isTruncated } = await store.listObjects(bucket, { prefix, startAfter, maxKeys });
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const last = objects.at(-1);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    `<Name>${escape(bucket)}</Name><Prefix>${escape(prefix)}</Prefix><KeyCount>${objects.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>`,
    `<IsTruncated>${isTruncated}</IsTruncated>`,
    token === null ? '' : `<ContinuationToken>${token}</ContinuationToken>`,
    isTruncated && last !== undefined ? `<NextContinuationToken>${Buffer.from(last.key).toString('base64url')}</NextContinuationToken>` : '',
    ...objects.map(
      (o) =>
        `<Contents><Key>${escape(o.key)}</Key><LastModified>${o.lastModifiedDate.toISOString()}</LastModified>` +
        `<ETag>${escape(o.metadata.etag ?? '""')}</ETag><Size>${o.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    ),
    '</ListBucketResult>',
  ].join('');
}

export async function startS3Server(buckets: string[] = ['evidence']): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), 'evident-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: buckets.map((name) => ({ name, configs: [] })) });
  const internals = server as unknown as { middleware: Middleware[]; store: S3rverStore };
  const requests: RecordedRequest[] = [];
  internals.middleware.unshift(async (ctx, next) => {
    const [bucket = '', ...rest] = ctx.path.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    requests.push({ method: ctx.method, bucket, key, query: ctx.querystring, headers: { ...ctx.headers } });
    const query = new URLSearchParams(ctx.querystring);
    if (ctx.method === 'GET' && key === '' && query.get('list-type') === '2') {
      ctx.status = 200;
      ctx.type = 'application/xml';
      ctx.body = await listObjectsV2(internals.store, bucket, query);
      return;
    }
    if (ctx.method === 'PUT' && key !== '' && ctx.headers['if-none-match'] === '*' && (await internals.store.existsObject(bucket, key))) {
      for await (const _chunk of ctx.req) {
        // Drain the body S3 would have refused, so the connection stays usable.
      }
      ctx.status = 412;
      ctx.type = 'application/xml';
      ctx.body =
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code>' +
        '<Message>At least one of the pre-conditions you specified did not hold</Message><Condition>If-None-Match</Condition></Error>';
      return;
    }
    await next();
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    requests,
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** The credentials s3rver accepts, and the settings an SDK client needs to reach it. */
export function s3ClientSettings(endpoint: string) {
  return {
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
}
