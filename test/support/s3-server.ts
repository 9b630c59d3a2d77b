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
 * It also records each request's method, key, headers and answered status so tests can assert what
 * was sent, and injects faults on demand (`failNext`): S3's 500 InternalError and 503
 * ServiceUnavailable (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html), or a
 * connection dropped before any answer, either before or after the object is stored. The SDK
 * retries all of these (status 500/503 and ECONNRESET are transient for its standard retry
 * strategy, 3 attempts by default), so a fault must last `times: 3` to outlast one PutObject.
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
  /** The status answered; undefined when the connection was dropped instead. */
  status?: number | undefined;
}

export interface S3Fault {
  /** Default PUT. */
  method?: string;
  /** Tested against the object key (without the bucket); default any key. */
  key?: RegExp;
  /** Matching requests let through before the fault starts: `after: 2` fails the third. Default 0. */
  after?: number;
  /**
   * 500/503: S3's error answer, nothing stored. `reset`: the connection is dropped before anything
   * is stored. `stored-then-reset`: the object is stored, then the connection is dropped before
   * the answer, so the client cannot know it was written.
   */
  fault: 500 | 503 | 'reset' | 'stored-then-reset';
  /** How many matching requests in a row fail. Default 1. */
  times?: number;
}

export interface S3TestServer {
  endpoint: string;
  requests: RecordedRequest[];
  /** Fails matching requests as `fault` says; faults are matched in the order they were added. */
  failNext(fault: S3Fault): void;
  /** Injected faults not yet delivered in full: 0 once every one was hit. */
  pendingFaults(): number;
  close(): Promise<void>;
}

interface KoaContext {
  method: string;
  path: string;
  querystring: string;
  headers: Record<string, string | string[] | undefined>;
  req: AsyncIterable<unknown> & { socket: { destroy(): void } };
  /** false: Koa sends nothing (the connection is being dropped). */
  respond?: boolean;
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

const S3_ERRORS = {
  500: { code: 'InternalError', message: 'We encountered an internal error. Please try again.' },
  503: { code: 'ServiceUnavailable', message: 'Service is unable to handle request.' },
} as const;

interface PendingFault {
  fault: S3Fault;
  /** Matching requests still to let through. */
  skip: number;
  /** Matching requests still to fail. */
  remaining: number;
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
  const faults: PendingFault[] = [];
  internals.middleware.unshift(async (ctx, next) => {
    const [bucket = '', ...rest] = ctx.path.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    const recorded: RecordedRequest = { method: ctx.method, bucket, key, query: ctx.querystring, headers: { ...ctx.headers } };
    requests.push(recorded);
    try {
      await next();
      recorded.status = ctx.respond === false ? undefined : ctx.status;
    } catch (error) {
      // s3rver throws its S3 errors (with their status) for Koa to answer.
      recorded.status = (error as { status?: number }).status ?? 500;
      throw error;
    }
  });
  // Faults come first: a real S3 failing does so whatever the request asks.
  internals.middleware.splice(1, 0, async (ctx, next) => {
    const [, ...rest] = ctx.path.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    const pending = faults.find((f) => f.remaining > 0 && ctx.method === (f.fault.method ?? 'PUT') && key !== '' && (f.fault.key?.test(key) ?? true));
    if (pending === undefined) return next();
    if (pending.skip > 0) {
      pending.skip -= 1;
      return next();
    }
    pending.remaining -= 1;
    const { fault } = pending.fault;
    if (fault === 'reset' || fault === 'stored-then-reset') {
      if (fault === 'stored-then-reset') await next();
      else for await (const _chunk of ctx.req) {
        // Read the body first, so the client sees a dropped answer rather than a refused upload.
      }
      ctx.respond = false;
      ctx.req.socket.destroy();
      return;
    }
    for await (const _chunk of ctx.req) {
      // Drain the body S3 would have refused.
    }
    ctx.status = fault;
    ctx.type = 'application/xml';
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${S3_ERRORS[fault].code}</Code><Message>${S3_ERRORS[fault].message}</Message><RequestId>fault</RequestId></Error>`;
  });
  internals.middleware.splice(2, 0, async (ctx, next) => {
    const [bucket = '', ...rest] = ctx.path.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
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
    failNext: (fault) => void faults.push({ fault, skip: fault.after ?? 0, remaining: fault.times ?? 1 }),
    pendingFaults: () => faults.reduce((sum, f) => sum + f.remaining, 0),
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
