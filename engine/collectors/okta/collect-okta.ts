/**
 * The Okta collector. The first run, and one a day after that, reads the whole org (full-scan.ts)
 * and keeps the snapshot as a record with a pointer to it under `state/okta/`. The hourly runs in
 * between read only the System Log since the last position, re-read the users it names and apply
 * the changes to the kept state (a delta record), so a 10,000-user org costs a handful of requests
 * an hour instead of ten thousand.
 *
 * It reads everything again (never patches a doubtful state) when there is no evidence store (a dry
 * run), no pointer, a pointer or record that is missing or fails its checks (okta-state.ts), a full
 * scan older than `fullScanHours`, or a System Log that could not be read to the end. A state is
 * kept only when every part was read in full; an incremental run whose reads failed reports those
 * parts incomplete and leaves the pointer where it was, so the next run reads the same window again.
 */
import type { Collector } from '../collector.ts';
import { ConfigurationError } from '../../errors.ts';
import { connectOkta } from './okta-client.ts';
import type { OktaHttpOptions } from './okta-request-executor.ts';
import type { OktaRun } from './okta-run.ts';
import { loadBase, readPointer, type BaseState, type OktaPointer } from './okta-state.ts';
import { readInFull } from './read-in-full.ts';
import { readIncrementally } from './read-incrementally.ts';
import { exemptGroupNames } from './read-groups.ts';

export interface OktaCollectorOptions {
  /**
   * Hours after which the next run reads the whole org again. Default 24. (Wanted in configuration
   * as `sources.okta.fullScanHours`.)
   */
  fullScanHours?: number;
  /** Requests in flight for per-user reads (factors, roles). Default 8. */
  concurrency?: number;
  /** Users per page, at most 200. Default 200. */
  pageSize?: number;
  /**
   * How far before the cursor each System Log read starts. Okta's log is eventually consistent: an
   * event can appear a little after its `published` time. Re-reading the overlap is harmless (the
   * users are read again, sign-ins only ever move forward). Default 10 minutes.
   */
  logOverlapMs?: number;
  /** Retries and waits of the HTTP layer (tests shorten them). */
  http?: OktaHttpOptions;
}

export function createOktaCollector(options: OktaCollectorOptions = {}): Collector {
  const settings = {
    fullScanHours: options.fullScanHours ?? 24,
    concurrency: options.concurrency ?? 8,
    pageSize: Math.min(200, options.pageSize ?? 200),
    logOverlapMs: options.logOverlapMs ?? 10 * 60_000,
  };
  return async (context) => {
    const source = context.config.sources.okta;
    if (source === undefined) throw new ConfigurationError('sources.okta is not configured: add `sources: { okta: { orgUrl: https://<org>.okta.com } }` to compliance.yml.');
    const token = context.env[source.tokenEnv];
    if (!token) throw new ConfigurationError(`The Okta API token is missing: set the environment variable ${source.tokenEnv} (sources.okta.tokenEnv) to a read-only API token.`);
    const orgUrl = source.orgUrl.replace(/\/$/, '');
    const scope = new URL(orgUrl).host;
    const { client, executor } = connectOkta(orgUrl, token, { fetch: context.fetch, ...options.http });
    const groupNames = exemptGroupNames(context.config);
    // compliance.yml's sources.okta.fullScanHours, unless the collector was built with its own.
    if (options.fullScanHours === undefined) settings.fullScanHours = source.fullScanHours;
    const run: OktaRun = { context, client, orgUrl, scope, groupNames, settings, calls: () => executor.stats.calls, clockOffsetMs: () => executor.clockOffsetMs() };

    const start = await startingState(run);
    if ('pointer' in start) {
      const incremental = await readIncrementally(run, start.pointer, start.base);
      if (incremental !== undefined) return incremental;
    } else {
      context.log.info(`okta: reading ${scope} in full (${start.reason})`);
    }
    return readInFull(run);
  };
}

/** The collector with its defaults. */
export const collectOkta: Collector = createOktaCollector();

type Start = { pointer: OktaPointer; base: BaseState } | { reason: string };

async function startingState(run: OktaRun): Promise<Start> {
  const { store, now } = run.context;
  if (store === undefined) return { reason: 'no evidence store to keep state in' };
  const read = await readPointer(store, run.scope);
  if ('problem' in read) return { reason: read.problem };
  const age = now.getTime() - Date.parse(read.pointer.fullScanAt);
  if (age < 0) return { reason: `the last full scan (${read.pointer.fullScanAt}) is later than now` };
  if (age >= run.settings.fullScanHours * 3_600_000) return { reason: `the last full scan (${read.pointer.fullScanAt}) is older than ${run.settings.fullScanHours} hours` };
  // The cursor is by Okta's clock: read-incrementally.ts checks it against Okta's now, once known.
  const base = await loadBase(store, read.pointer, run.orgUrl);
  if ('problem' in base) return { reason: base.problem };
  return { pointer: read.pointer, base };
}
