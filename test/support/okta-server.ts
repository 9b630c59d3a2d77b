/**
 * A loopback Okta for integration tests: the Management API endpoints Evident reads and the
 * lifecycle operations its remediation uses, answered from an OktaOrg (okta-org.ts) in Okta's wire
 * format, so the real `@okta/okta-sdk-nodejs` client runs against it unchanged.
 *
 * - `Authorization: SSWS <token>` is required; anything else is a 401 E0000011.
 * - Every answer carries `X-Rate-Limit-Limit/Remaining/Reset` for its bucket; past the limit, 429
 *   E0000047 (okta-server-limits.ts).
 * - Faults on demand: a failing page of a listing, a 429 storm for the next N requests, a failing
 *   endpoint, latency.
 * - Every request is recorded (method, path, query, status), so tests count API calls.
 * - Its clock can run ahead of or behind the test's (`clockSkewMs`): `Date` and the rate-limit
 *   resets are then both by the skewed clock, as a real server with its own clock sends them.
 *
 * `fetch` sends requests for `orgUrl` (default https://acme.okta.com) to the loopback server, so a
 * configuration can name a real-looking org and pass `sources.okta.orgUrl` validation; links in
 * answers then use `orgUrl` too, as Okta's do.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderError } from './okta-json.ts';
import { OktaOrg } from './okta-org.ts';
import { bucketName, OktaLimits, type LimitsOptions, type PageFault, type RequestFault, type StormFault } from './okta-server-limits.ts';
import { route } from './okta-server-routes.ts';

export type { PageFault, RequestFault, StormFault } from './okta-server-limits.ts';

export interface OktaServerOptions extends LimitsOptions {
  /** The org to serve; default an empty org at `now`. */
  org?: OktaOrg;
  now?: Date;
  /** The API token clients must send. Default `test-okta-token`. */
  token?: string;
  /** The org URL `fetch` routes here. Default https://acme.okta.com. */
  orgUrl?: string;
  /** How far the server's clock is from the real one, in whole seconds' worth of ms. Default 0. */
  clockSkewMs?: number;
  /** false: groups come without `_embedded.stats` whatever `expand` asks, as from an Okta that sends none. Default true. */
  groupStats?: boolean;
}

export interface OktaRequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** Bucket the request counted against (`GET /api/v1/users/{id}`). */
  bucket: string;
  /** When it arrived (epoch ms, the real clock). */
  at: number;
  /** The `X-Rate-Limit-Reset` answered (epoch seconds, by the server's clock). */
  rateLimitReset?: number;
}

export interface OktaTestServer {
  /** http://127.0.0.1:port */
  url: string;
  orgUrl: string;
  token: string;
  org: OktaOrg;
  limits: OktaLimits;
  requests: OktaRequestRecord[];
  /** A fetch for clients: `orgUrl` and the loopback URL reach this server; anything else is refused. */
  fetch: typeof fetch;
  /** Requests recorded, optionally only those matching. */
  calls(filter?: { method?: string; path?: RegExp }): number;
  failPage(fault: PageFault): void;
  failRequests(fault: RequestFault): void;
  storm(fault: StormFault): void;
  setLatency(ms: number): void;
  /** The server's clock now (the real clock moved by `clockSkewMs`). */
  serverNow(): Date;
  close(): Promise<void>;
}

const ROUTED_HEADER = 'x-loopback-origin';

export async function startOktaServer(options: OktaServerOptions = {}): Promise<OktaTestServer> {
  const org = options.org ?? new OktaOrg(options.now ?? new Date());
  const token = options.token ?? 'test-okta-token';
  const orgUrl = (options.orgUrl ?? 'https://acme.okta.com').replace(/\/$/, '');
  const limits = new OktaLimits(options);
  const requests: OktaRequestRecord[] = [];
  const skewSeconds = Math.round((options.clockSkewMs ?? 0) / 1000);
  const serverNow = () => new Date(Date.now() + skewSeconds * 1000);
  /** The limits count windows on the real clock; their reset is announced by the server's. */
  const skewed = (headers: Record<string, string>) =>
    skewSeconds === 0 ? headers : { ...headers, 'x-rate-limit-reset': String(Number(headers['x-rate-limit-reset']) + skewSeconds) };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const arrived = Date.now();
    for await (const _chunk of req) {
      // Lifecycle POSTs carry no body Evident needs; drain whatever came.
    }
    if (limits.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, limits.latencyMs));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = req.headers[ROUTED_HEADER] === '1' ? orgUrl : `http://${req.headers.host}`;
    const bucket = bucketName(method, url.pathname);
    const send = (status: number, body: unknown, headers: Record<string, string | string[]> = {}) => {
      const reset = Number(headers['x-rate-limit-reset']);
      requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), status, bucket, at: arrived, ...(Number.isFinite(reset) ? { rateLimitReset: reset } : {}) });
      res.writeHead(status, { 'content-type': 'application/json', date: serverNow().toUTCString(), 'x-okta-request-id': `req${requests.length}`, ...headers });
      res.end(JSON.stringify(body));
    };
    const taken = limits.take(bucket);
    taken.headers = skewed(taken.headers);
    if (req.headers.authorization !== `SSWS ${token}`) return send(401, renderError('E0000011', 'Invalid token provided'), taken.headers);
    const storm = limits.stormFor(url.pathname);
    if (storm !== undefined || taken.over) {
      limits.rateLimited += 1;
      const reset = storm === undefined ? taken.headers['x-rate-limit-reset'] : String(Math.ceil(serverNow().getTime() / 1000) + storm.resetSeconds);
      return send(429, renderError('E0000047', 'API call exceeded rate limit due to too many requests.'), { ...taken.headers, 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) });
    }
    const failing = limits.requestFault(method, url.pathname);
    if (failing !== undefined) return send(failing, renderError('E0000009', 'Internal Server Error'), taken.headers);
    const query = new URLSearchParams(url.searchParams);
    if (options.groupStats === false) query.delete('expand');
    const reply = route({ method, path: url.pathname, query, origin, org });
    const pageFailure = reply.page === undefined ? undefined : limits.pageFault(method, url.pathname, reply.page);
    if (pageFailure !== undefined) return send(pageFailure, renderError('E0000009', 'Internal Server Error'), taken.headers);
    const self = `<${origin}${url.pathname}${url.search}>; rel="self"`;
    const link = reply.next === undefined ? [self] : [self, `<${reply.next}>; rel="next"`];
    return send(reply.status, reply.body, { ...taken.headers, ...(reply.status === 200 && Array.isArray(reply.body) ? { link } : {}) });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(renderError('E0000009', `test server bug: ${error.message}`)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const routedFetch: typeof fetch = async (input, init) => {
    const target = new URL(input instanceof Request ? input.url : String(input));
    const routed = target.origin === new URL(orgUrl).origin;
    if (!routed && target.origin !== base) throw new Error(`the loopback Okta refuses ${target.origin}: only ${orgUrl} and ${base} are served`);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (routed) headers.set(ROUTED_HEADER, '1');
    return fetch(`${base}${target.pathname}${target.search}`, { ...init, headers });
  };

  return {
    url: base,
    orgUrl,
    token,
    org,
    limits,
    requests,
    fetch: routedFetch,
    calls: (filter) => requests.filter((r) => (filter?.method === undefined || r.method === filter.method) && (filter?.path === undefined || filter.path.test(r.path))).length,
    failPage: (fault) => limits.pageFaults.push({ ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY }),
    failRequests: (fault) => limits.requestFaults.push({ ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY }),
    storm: (fault) => {
      limits.storm = { ...fault, remaining: fault.requests };
    },
    setLatency: (ms) => {
      limits.latencyMs = ms;
    },
    serverNow,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
