/**
 * A small Okta world for remediation tests: a loopback Okta (okta-server.ts) holding the users a test
 * adds, a snapshot of it taken by the real collector, an evidence folder, the finding's issue (read
 * through a RecordingTracker, so comments are recorded, never sent), a captured log, and the
 * lifecycle calls Okta received. The remediation runs through the real Okta SDK.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOktaCollector } from '../../engine/collectors/okta/index.ts';
import { connectOkta } from '../../engine/collectors/okta/okta-client.ts';
import { FilesystemStore } from '../../engine/evidence/filesystem-store.ts';
import { findingFingerprint } from '../../engine/findings.ts';
import { fingerprintMarker } from '../../engine/issues/issue-state.ts';
import type { IssueTracker } from '../../engine/issues/issue-tracker.ts';
import { RecordingTracker } from '../../engine/issues/recording-tracker.ts';
import type { Snapshot } from '../../engine/model.ts';
import type { RemediationInput, RemediationReport } from '../../engine/remediate/okta-inactive-users.ts';
import { sdkLifecycleClient } from '../../engine/remediate/okta-lifecycle-client.ts';
import { RemediationRecord } from '../../engine/remediate/remediation-record.ts';
import { oktaConfig, oktaContext, type CapturedLog } from './okta-context.ts';
import { OktaOrg, type UserStatus } from './okta-org.ts';
import { startOktaServer, type OktaTestServer } from './okta-server.ts';

/** Okta-shaped ids: `00u` and 17 characters, from a short name. */
export const oktaIdOf = (name: string): string => `00u${name.padEnd(17, '0').slice(0, 17)}`;

export interface RemediationWorld {
  server: OktaTestServer;
  org: OktaOrg;
  snapshot: Snapshot;
  tracker: RecordingTracker;
  log: CapturedLog;
  /** The remediation's input; `remediation` overrides settings of `remediation.okta-inactive-users`. */
  input(overrides?: { remediation?: Record<string, unknown>; snapshot?: Snapshot }): RemediationInput;
  /** Lifecycle calls (suspend, deactivate…) Okta received, as paths. */
  lifecycleCalls(): string[];
  /** The report's records, read back from the evidence folder and parsed. */
  records(report: RemediationReport): Promise<RemediationRecord[]>;
  close(): Promise<void>;
}

export interface WorldOptions {
  now: Date;
  /** Users to add: name → days since the last sign-in (null: never), and optionally a status. */
  users: Record<string, number | null | { lastLogin: number | null; status: UserStatus }>;
  /** Recently active users around them (the base of maxPercent). Default 100. */
  recent?: number;
  /** Set up roles and groups once the users exist. */
  arrange?: (org: OktaOrg, at: string) => void;
  /** controls.okta-inactive-users.exemptGroups */
  exemptGroups?: string[];
  /** remediation.okta-inactive-users as written in compliance.yml. */
  remediation?: Record<string, unknown>;
}

export async function remediationWorld(options: WorldOptions): Promise<RemediationWorld> {
  const { now } = options;
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  const org = new OktaOrg(now);
  const add = (name: string, lastLogin: number | null, status: UserStatus = 'ACTIVE') =>
    org.addUser(
      {
        id: oktaIdOf(name),
        status,
        created: daysAgo(901),
        activated: daysAgo(900),
        statusChanged: daysAgo(900),
        lastLogin: lastLogin === null ? null : daysAgo(lastLogin),
        profile: { login: `${name}@acme.example`, email: `${name}@acme.example`, firstName: name, lastName: 'Test' },
      },
      { log: false },
    );
  for (let i = 0; i < (options.recent ?? 100); i += 1) add(`recent${String(i).padStart(3, '0')}`, 1 + (i % 40));
  for (const [name, spec] of Object.entries(options.users)) {
    if (spec === null || typeof spec === 'number') add(name, spec);
    else add(name, spec.lastLogin, spec.status);
  }
  options.arrange?.(org, daysAgo(1000));

  const server = await startOktaServer({ org });
  const root = await mkdtemp(join(tmpdir(), 'evident-remediation-world-'));
  const configFor = (settings: Record<string, unknown> = {}) =>
    oktaConfig(server, { exemptGroups: options.exemptGroups ?? [], remediation: { ...options.remediation, ...settings } });
  const collect = createOktaCollector({ http: { maxWaitMs: 5, retryBaseMs: 1 } });
  const snapshot = (await collect(oktaContext(server, now, { config: configFor() }))).snapshots[0];
  if (snapshot === undefined) throw new Error('the collector returned no snapshot');

  const fingerprint = findingFingerprint('okta-inactive-users', 'acme.okta.com');
  const issue = { number: 7, state: 'open' as const, stateReason: null, title: 'Inactive Okta accounts', body: `failing…\n${fingerprintMarker(fingerprint)}`, labels: ['evident'], url: 'https://github.com/acme/compliance/issues/7' };
  // Only read: RecordingTracker records every write instead of making it.
  const reader: IssueTracker = {
    location: 'acme/compliance',
    list: async () => [issue],
    ensureLabels: async () => {},
    create: async () => {
      throw new Error('not used');
    },
    update: async () => {},
    comment: async () => {},
  };
  const tracker = new RecordingTracker('acme/compliance', reader);
  const store = new FilesystemStore(root);
  const log: CapturedLog = { info: [], warn: [] };
  const client = sdkLifecycleClient(connectOkta(server.orgUrl, server.token, { fetch: server.fetch, maxWaitMs: 5, retryBaseMs: 1 }).client);
  const before = server.requests.length;

  return {
    server,
    org,
    snapshot,
    tracker,
    log,
    input: (overrides = {}) => ({
      snapshot: overrides.snapshot ?? snapshot,
      config: configFor(overrides.remediation),
      client,
      now,
      store,
      tracker,
      log: { info: (message) => log.info.push(message), warn: (message) => log.warn.push(message) },
    }),
    lifecycleCalls: () => server.requests.slice(before).filter((r) => r.method === 'POST' && r.path.includes('/lifecycle/')).map((r) => r.path),
    records: (report) =>
      Promise.all(report.records.map(async (written) => RemediationRecord.parse(JSON.parse(new TextDecoder().decode(await store.get(written.key)))))),
    close: async () => {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
