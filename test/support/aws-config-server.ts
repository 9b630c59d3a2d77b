/**
 * A loopback AWS Config on 127.0.0.1 that speaks the AWS JSON 1.1 protocol as the SDK uses it:
 * `POST /`, `X-Amz-Target: StarlingDoveService.<Operation>`, `Content-Type: application/x-amz-json-1.1`,
 * JSON bodies; errors as `{ "__type": "…#Code", "message": … }` with the status code AWS gives and
 * the `x-amzn-ErrorType` / `x-amzn-RequestId` headers
 * (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html,
 * https://docs.aws.amazon.com/config/latest/APIReference/CommonErrors.html).
 *
 * One server serves every region and account: the region comes from the SigV4 credential scope of
 * the `Authorization` header (`Credential=<key id>/<date>/eu-west-1/config/aws4_request`), the
 * account from the access key (awsTestCredentials). Requests that are not what the SDK sends
 * (another path, content type, target prefix or service in the scope) are refused loudly.
 *
 * Faults are injected per operation, region, account and page: ThrottlingException for N
 * requests, AccessDeniedException in one region, a failing page; and answers that are wrong while
 * looking right: `NextTokenDropped` (a 200 page without the NextToken that should follow it, so a
 * listing seems to end early) and `MalformedPage` (a 200 whose JSON is cut off). Every request is logged with its
 * operation, region, page and answer, so tests count calls and check backoff.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { InvalidExpression } from './aws-config-sql.ts';
import { OPERATIONS, pageOf, ServiceError } from './aws-config-operations.ts';
import type { ConfigWorld } from './aws-config-world.ts';

export interface ConfigRequest {
  operation: string;
  region: string;
  accountId: string;
  /** 0 for a first page; -1 for a NextToken this server did not issue. */
  page: number;
  status: number;
  /** The error code answered, when not 200; on a 200, the tamper applied to it (PageTamperCode). */
  error?: string;
  /** performance.now() when the request arrived. */
  at: number;
}

export type FaultCode = 'ThrottlingException' | 'AccessDeniedException' | 'InternalFailure' | 'ServiceUnavailable';

/** Answers 200, but not as AWS would: the page without its NextToken, or a body cut in half. */
export type PageTamperCode = 'NextTokenDropped' | 'MalformedPage';

export interface ConfigFault {
  error: FaultCode | PageTamperCode;
  operation?: string;
  region?: string;
  accountId?: string;
  page?: number;
  /** How many matching requests fail; every one when unset. */
  times?: number;
}

export interface AwsConfigServerOptions {
  /** Largest page per operation, below what requests ask, to exercise paging with small worlds. */
  pageCaps?: Partial<Record<string, number>>;
  /** How far the server's clock (its `Date` header) is from the real one. Default 0. */
  clockSkewMs?: number;
}

export interface AwsConfigTestServer {
  endpoint: string;
  world: ConfigWorld;
  requests: ConfigRequest[];
  inject(...faults: ConfigFault[]): void;
  clearFaults(): void;
  /** Requests received, optionally of one operation and/or region. */
  count(filter?: { operation?: string; region?: string }): number;
  close(): Promise<void>;
}

const TARGET_PREFIX = 'StarlingDoveService.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
const SCOPE = /Credential=([A-Z0-9]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

/** Status and message AWS answers for each injectable fault. */
const FAULTS: Record<FaultCode, { status: number; message: (operation: string, accountId: string) => string }> = {
  ThrottlingException: { status: 400, message: () => 'Rate exceeded' },
  AccessDeniedException: {
    status: 400,
    message: (operation, accountId) => `User: arn:aws:sts::${accountId}:assumed-role/evident-reader/ci is not authorized to perform: config:${operation} with an explicit deny in a service control policy`,
  },
  InternalFailure: { status: 500, message: () => 'An internal error occurred.' },
  ServiceUnavailable: { status: 503, message: () => 'Service is unavailable. Try again later.' },
};

/** Static credentials the server maps to an account: `AKID<12 digits>`. accountId rides along as the SDK's identity does. */
export function awsTestCredentials(accountId: string) {
  return { accessKeyId: `AKID${accountId}`, secretAccessKey: 'loopback-secret', accountId };
}

export async function startAwsConfigServer(world: ConfigWorld, options: AwsConfigServerOptions = {}): Promise<AwsConfigTestServer> {
  const requests: ConfigRequest[] = [];
  let faults: (ConfigFault & { left: number })[] = [];

  const server = createServer(async (req, res) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const date = new Date(Date.now() + (options.clockSkewMs ?? 0)).toUTCString();
    const send = (status: number, body: unknown, errorType?: string) => {
      const headers: Record<string, string> = { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID(), date };
      if (errorType !== undefined) headers['x-amzn-errortype'] = `${errorType}:http://internal.amazon.com/coral/com.amazonaws.starlingdove/`;
      res.writeHead(status, headers).end(JSON.stringify(body));
    };
    const fail = (status: number, type: string, message: string) => send(status, { __type: `com.amazonaws.starlingdove#${type}`, message }, type);

    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    const scope = SCOPE.exec(String(req.headers.authorization ?? ''));
    const region = scope?.[2] ?? '';
    const accountId = /^AKID(\d{12})$/.exec(scope?.[1] ?? '')?.[1] ?? (world.accounts[0] as string);
    const log = (status: number, page: number, error?: string) =>
      requests.push({ operation, region, accountId, page, status, at, ...(error === undefined ? {} : { error }) });

    // What the SDK always sends; anything else is a bug in the client under test.
    const refusal =
      req.method !== 'POST' || req.url !== '/'
        ? `expected POST /, got ${req.method} ${req.url}`
        : req.headers['content-type'] !== CONTENT_TYPE
          ? `expected Content-Type ${CONTENT_TYPE}, got ${req.headers['content-type']}`
          : !target.startsWith(TARGET_PREFIX)
            ? `expected X-Amz-Target ${TARGET_PREFIX}<Operation>, got "${target}"`
            : scope === null || scope[3] !== 'config'
              ? `expected a SigV4 Authorization header scoped to service "config", got "${req.headers.authorization ?? ''}"`
              : undefined;
    if (refusal !== undefined) {
      log(400, 0, 'SerializationException');
      fail(400, 'SerializationException', `loopback AWS Config refused the request: ${refusal}`);
      return;
    }

    let input: Record<string, unknown>;
    try {
      input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      log(400, 0, 'SerializationException');
      fail(400, 'SerializationException', 'Start of structure or map found where not expected');
      return;
    }
    const page = pageOf(input);
    const fault = faults.find(
      (f) =>
        f.left > 0 &&
        (f.operation === undefined || f.operation === operation) &&
        (f.region === undefined || f.region === region) &&
        (f.accountId === undefined || f.accountId === accountId) &&
        (f.page === undefined || f.page === page),
    );
    const tamper = fault !== undefined && (fault.error === 'NextTokenDropped' || fault.error === 'MalformedPage') ? fault.error : undefined;
    if (fault !== undefined && tamper === undefined) {
      fault.left -= 1;
      const { status, message } = FAULTS[fault.error as FaultCode];
      log(status, page, fault.error);
      fail(status, fault.error, message(operation, accountId));
      return;
    }
    const handler = OPERATIONS[operation];
    if (handler === undefined) {
      log(400, page, 'UnknownOperationException');
      fail(400, 'UnknownOperationException', `the loopback AWS Config does not implement ${operation}`);
      return;
    }
    try {
      const output = handler(input, { accountId, region, world, pageCap: options.pageCaps?.[operation] }) as Record<string, unknown>;
      if (fault !== undefined && tamper !== undefined) {
        fault.left -= 1;
        log(200, page, tamper);
        if (tamper === 'NextTokenDropped') {
          const { NextToken: _dropped, ...rest } = output;
          send(200, rest);
        } else {
          const text = JSON.stringify(output);
          res.writeHead(200, { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID(), date }).end(text.slice(0, Math.floor(text.length / 2)));
        }
        return;
      }
      log(200, page);
      send(200, output);
    } catch (error) {
      if (error instanceof ServiceError || error instanceof InvalidExpression) {
        const type = error instanceof ServiceError ? error.type : error.name;
        const status = error instanceof ServiceError ? error.status : 400;
        log(status, page, type);
        fail(status, type, error.message);
        return;
      }
      log(500, page, 'InternalFailure');
      fail(500, 'InternalFailure', (error as Error).message);
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    world,
    requests,
    inject: (...added) => {
      faults.push(...added.map((f) => ({ ...f, left: f.times ?? Infinity })));
    },
    clearFaults: () => {
      faults = [];
    },
    count: (filter = {}) =>
      requests.filter((r) => (filter.operation === undefined || r.operation === filter.operation) && (filter.region === undefined || r.region === filter.region)).length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
