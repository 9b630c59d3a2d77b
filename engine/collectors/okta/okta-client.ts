/**
 * The Okta SDK client Evident uses: an API token (`Authorization: SSWS …`,
 * https://developer.okta.com/docs/guides/create-an-api-token/main/), our own request executor
 * (okta-request-executor.ts) and no response cache, since the SDK's default cache would answer a
 * re-read of a user (the remediation's check just before acting) from memory.
 *
 * The SDK accepts any org URL, `http://127.0.0.1:port` included, so tests need no special mode;
 * they can also keep the real-looking `https://acme.okta.com` and inject a `fetch` that routes it
 * to a loopback server.
 */
import { Client } from '@okta/okta-sdk-nodejs';
import { OktaRequestExecutor, type OktaHttpOptions } from './okta-request-executor.ts';

export interface OktaConnection {
  client: Client;
  executor: OktaRequestExecutor;
}

export function connectOkta(orgUrl: string, token: string, http: OktaHttpOptions = {}): OktaConnection {
  const executor = new OktaRequestExecutor(http);
  const client = new Client({ orgUrl: orgUrl.replace(/\/$/, ''), token, authorizationMode: 'SSWS', requestExecutor: executor, cacheMiddleware: null });
  return { client, executor };
}

/** `403 E0000006 You do not have permission…`, from whatever the SDK threw. */
export function describeOktaError(error: unknown): string {
  const e = error as { status?: number; errorCode?: string; errorSummary?: string; message?: string; code?: number };
  const status = e.status ?? e.code;
  if (status !== undefined) return `${status}${e.errorCode ? ` ${e.errorCode}` : ''} ${e.errorSummary || e.message || ''}`.trim();
  return e.message ?? String(error);
}

export function statusOf(error: unknown): number | undefined {
  const e = error as { status?: number; code?: number };
  return e.status ?? e.code;
}
