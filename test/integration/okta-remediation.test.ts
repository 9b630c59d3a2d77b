/**
 * The inactive-users remediation against a loopback Okta, through the real SDK: the snapshot comes
 * from the collector, the changes are lifecycle calls the server applies. Asserted: who is acted on
 * and who never is, the re-read just before acting, the all-or-nothing cap, the evidence records,
 * and the comment and label on the finding's issue.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOktaCollector } from '../../engine/collectors/okta/index.ts';
import { connectOkta } from '../../engine/collectors/okta/okta-client.ts';
import { FilesystemStore } from '../../engine/evidence/filesystem-store.ts';
import { recordContentHash, recordKey } from '../../engine/evidence/record.ts';
import { findingFingerprint } from '../../engine/findings.ts';
import { fingerprintMarker } from '../../engine/issues/issue-state.ts';
import type { IssueTracker } from '../../engine/issues/issue-tracker.ts';
import { RecordingTracker } from '../../engine/issues/recording-tracker.ts';
import type { Snapshot } from '../../engine/model.ts';
import { remediateInactiveUsers, type RemediationInput } from '../../engine/remediate/okta-inactive-users.ts';
import { sdkLifecycleClient } from '../../engine/remediate/okta-lifecycle-client.ts';
import { RemediationRecord } from '../../engine/remediate/remediation-record.ts';
import { oktaConfig, oktaContext } from '../support/okta-context.ts';
import { OktaOrg, type UserStatus } from '../support/okta-org.ts';
import { startOktaServer, type OktaTestServer } from '../support/okta-server.ts';

const NOW = new Date('2026-11-02T09:00:00Z');
/** Okta-shaped ids: `00u` and 17 characters. */
const idOf = (name: string) => `00u${name.padEnd(17, '0').slice(0, 17)}`;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const collect = createOktaCollector({ http: { maxWaitMs: 5, retryBaseMs: 1 } });
const FINGERPRINT = findingFingerprint('okta-inactive-users', 'acme.okta.com');
const ISSUE_LABELS = ['evident', 'severity:medium', 'sla:168h', 'control:okta-inactive-users', 'soc2:CC6.2'];

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

/**
 * 100 recently active users, and around them the cases: four inactive accounts to act on (one that
 * never signed in), one exactly at the limit, and inactive accounts that must be left alone.
 */
function buildOrg(): OktaOrg {
  const org = new OktaOrg(NOW);
  const add = (name: string, lastLoginDays: number | null, status: UserStatus = 'ACTIVE', activatedDays = 900) =>
    org.addUser(
      {
        id: idOf(name),
        status,
        created: daysAgo(activatedDays + 1),
        activated: daysAgo(activatedDays),
        statusChanged: daysAgo(activatedDays),
        lastLogin: lastLoginDays === null ? null : daysAgo(lastLoginDays),
        profile: { login: `${name}@acme.example`, email: `${name}@acme.example`, firstName: name, lastName: 'Test' },
      },
      { log: false },
    );
  for (let i = 0; i < 100; i += 1) add(`recent${String(i).padStart(3, '0')}`, 3 + (i % 50));
  add('stale1', 200);
  add('stale2', 180);
  add('stale3', 400);
  add('neverin', null, 'ACTIVE', 150);
  add('borderline', 120);
  add('staleadmin', 300);
  add('stalegroupadmin', 300);
  add('stalebreakglass', 300);
  add('staleservice', 300);
  add('staleexempt', 300);
  add('stalesuspended', 300, 'SUSPENDED');
  const created = daysAgo(1000);
  org.grantRole(idOf('staleadmin'), 'ORG_ADMIN', created, { log: false });
  const helpdesk = org.addGroup('helpdesk', created, ['HELP_DESK_ADMIN']);
  org.addMember(helpdesk.id, idOf('stalegroupadmin'), created, { log: false });
  org.addMember(org.addGroup('break-glass', created).id, idOf('stalebreakglass'), created, { log: false });
  org.addMember(org.addGroup('service-accounts', created).id, idOf('staleservice'), created, { log: false });
  return org;
}

const ACTED_ON = [idOf('stale1'), idOf('stale2'), idOf('stale3'), idOf('neverin')];

interface Setup {
  server: OktaTestServer;
  snapshot: Snapshot;
  tracker: RecordingTracker;
  store: FilesystemStore;
  input: (overrides?: Partial<RemediationInput> & { remediation?: Record<string, unknown> }) => RemediationInput;
}

async function setup(remediation: Record<string, unknown> = {}): Promise<Setup> {
  const server = await startOktaServer({ org: buildOrg() });
  cleanup.push(() => server.close());
  const root = await mkdtemp(join(tmpdir(), 'evident-remediation-'));
  cleanup.push(() => rm(root, { recursive: true, force: true }));
  const configFor = (settings: Record<string, unknown>) =>
    oktaConfig(server, { exemptGroups: ['break-glass'], remediation: { exempt: { users: ['staleexempt@acme.example'], groups: ['service-accounts'] }, ...settings } });
  const snapshot = (await collect(oktaContext(server, NOW, { config: configFor(remediation) }))).snapshots[0] as Snapshot;
  // The finding's issue, as sync-issues left it.
  const reader: IssueTracker = {
    location: 'acme/compliance',
    list: async () => [{ number: 7, state: 'open', stateReason: null, title: 'Inactive Okta accounts', body: `failing…\n${fingerprintMarker(FINGERPRINT)}`, labels: ISSUE_LABELS, url: 'https://github.com/acme/compliance/issues/7' }],
    ensureLabels: async () => {},
    create: async () => {
      throw new Error('not used');
    },
    update: async () => {},
    comment: async () => {},
  };
  const tracker = new RecordingTracker('acme/compliance', reader);
  const store = new FilesystemStore(root);
  const client = sdkLifecycleClient(connectOkta(server.orgUrl, server.token, { fetch: server.fetch, maxWaitMs: 5, retryBaseMs: 1 }).client);
  return {
    server,
    snapshot,
    tracker,
    store,
    input: ({ remediation: settings, ...overrides } = {}) => ({
      snapshot,
      config: configFor({ ...remediation, ...settings }),
      client,
      now: NOW,
      store,
      tracker,
      log: { info: () => {}, warn: () => {} },
      ...overrides,
    }),
  };
}

const lifecycleCalls = (server: OktaTestServer) => server.requests.filter((r) => r.method === 'POST').map((r) => r.path);

async function storedRecords(store: FilesystemStore, keys: string[]): Promise<RemediationRecord[]> {
  return Promise.all(
    keys.map(async (key) => {
      const record = RemediationRecord.parse(JSON.parse(new TextDecoder().decode(await store.get(key))));
      expect(recordKey(record, recordContentHash(record))).toBe(key); // content-addressed like every record
      return record;
    }),
  );
}

describe('remediateInactiveUsers', () => {
  it('dry run (the default) reports the same batch, comments it as changing nothing, and writes nothing to Okta', async () => {
    const { server, tracker, store, input } = await setup();
    const report = await remediateInactiveUsers(input());
    expect(report).toMatchObject({ mode: 'dry-run', dryRun: true, action: 'suspend', changed: [], labeled: false, issue: 7 });
    expect(report.candidates.map((c) => c.id).sort()).toEqual([...ACTED_ON].sort());
    expect(report.outcomes.every((o) => o.result === 'done')).toBe(true);
    expect(lifecycleCalls(server)).toEqual([]);
    expect([...server.org.users.values()].filter((u) => u.status === 'SUSPENDED').map((u) => u.id)).toEqual([idOf('stalesuspended')]);
    const comments = tracker.writes.filter((w) => w.kind === 'comment');
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ number: 7, body: expect.stringContaining('**Dry run: nothing was changed.**') });
    expect(comments[0]!.kind === 'comment' && comments[0]!.body).toMatch(/stale1@acme\.example .* \| 200 \| would be suspended \|/);
    expect(tracker.writes.filter((w) => w.kind === 'update')).toEqual([]);
    const records = await storedRecords(store, report.records.map((r) => r.key));
    expect(records.map((r) => r.phase)).toEqual(['plan']);
  });

  it('suspends exactly the inactive users: never admins (direct or through a group), exempt users or groups, recent or non-ACTIVE ones', async () => {
    const { server, tracker, store, input } = await setup({ mode: 'suspend' });
    const report = await remediateInactiveUsers(input());
    expect(report.changed.sort()).toEqual([...ACTED_ON].sort());
    expect(lifecycleCalls(server).sort()).toEqual(ACTED_ON.map((id) => `/api/v1/users/${id}/lifecycle/suspend`).sort());
    for (const id of ACTED_ON) expect(server.org.user(id).status).toBe('SUSPENDED');
    expect(Object.fromEntries(report.excluded.map((e) => [e.login.split('@')[0], e.reason]))).toEqual({
      staleadmin: 'administrator (ORG_ADMIN)',
      stalegroupadmin: 'administrator (HELP_DESK_ADMIN)',
      stalebreakglass: 'exempt as a member of break-glass',
      staleservice: 'exempt as a member of service-accounts',
      staleexempt: 'exempt by configuration',
    });
    expect(server.org.user(idOf('borderline')).status).toBe('ACTIVE'); // 120 days is not more than 120

    // Evidence: the plan, then before and after each change.
    const records = await storedRecords(store, report.records.map((r) => r.key));
    expect(records.map((r) => r.phase)).toEqual(['plan', ...ACTED_ON.flatMap(() => ['before', 'after'])]);
    const after = records.filter((r) => r.phase === 'after');
    expect(after.every((r) => r.change?.outcome === 'done' && r.change.user?.status === 'SUSPENDED')).toBe(true);
    expect(records.filter((r) => r.phase === 'before').every((r) => r.change?.user?.status === 'ACTIVE')).toBe(true);
    expect(new Set(records.map((r) => r.remediation.runId)).size).toBe(1);

    // The issue: a comment listing what was done, and the label added to the ones it had.
    const comment = tracker.writes.find((w) => w.kind === 'comment');
    expect(comment?.kind === 'comment' && comment.body).toMatch(new RegExp(`neverin@acme\\.example \\(\`${idOf('neverin')}\`\\) \\| never \\| 150 \\| suspended \\|`));
    expect(comment?.kind === 'comment' && comment.body).not.toMatch(/Dry run/);
    expect(tracker.writes.find((w) => w.kind === 'update')).toEqual({ kind: 'update', number: 7, patch: { labels: [...ISSUE_LABELS, 'auto-remediated'] } });
    expect(report.labeled).toBe(true);
  });

  it('re-reads each user just before acting: one who signed in, became an admin or joined an exempt group since the snapshot is skipped', async () => {
    const { server, input } = await setup({ mode: 'suspend' });
    const org = server.org;
    org.signIn(idOf('stale1'), new Date(NOW.getTime() - 60_000).toISOString());
    org.grantRole(idOf('stale2'), 'SUPER_ADMIN', NOW.toISOString());
    org.addMember(org.groupByName('service-accounts')!.id, idOf('stale3'), NOW.toISOString());
    const report = await remediateInactiveUsers(input());
    expect(report.changed).toEqual([idOf('neverin')]);
    expect(Object.fromEntries(report.outcomes.filter((o) => o.result === 'skipped').map((o) => [o.id, o.reason]))).toEqual({
      [idOf('stale1')]: expect.stringMatching(/^signed in at 2026-11-02T08:59:00.000Z, after the snapshot$/),
      [idOf('stale2')]: 'now an administrator (SUPER_ADMIN)',
      [idOf('stale3')]: 'now a member of the exempt group service-accounts',
    });
    expect(lifecycleCalls(server)).toEqual([`/api/v1/users/${idOf('neverin')}/lifecycle/suspend`]);
    for (const id of [idOf('stale1'), idOf('stale2'), idOf('stale3')]) expect(org.user(id).status).toBe('ACTIVE');
  });

  it('a batch over the cap is aborted whole: nobody is changed, and the report and comment say so', async () => {
    const { server, tracker, store, input } = await setup({ mode: 'suspend', maxUsers: 3 });
    const report = await remediateInactiveUsers(input());
    expect(report.aborted).toBe('4 users would be changed, more than maxUsers (3)');
    expect(report.changed).toEqual([]);
    expect(report.outcomes).toEqual([]);
    expect(lifecycleCalls(server)).toEqual([]);
    const comment = tracker.writes.find((w) => w.kind === 'comment');
    expect(comment?.kind === 'comment' && comment.body).toMatch(/\*\*Aborted: 4 users would be changed, more than maxUsers \(3\)\. Nobody was suspended\.\*\*/);
    expect(tracker.writes.filter((w) => w.kind === 'update')).toEqual([]);
    const [plan] = await storedRecords(store, report.records.map((r) => r.key));
    expect(plan?.plan?.aborted).toBe(report.aborted);

    const byPercent = await remediateInactiveUsers(input({ remediation: { mode: 'suspend', maxUsers: 10, maxPercent: 3 } }));
    expect(byPercent.aborted).toBe('4 of 110 active users (3.6%) would be changed, more than maxPercent (3%)');
    expect(lifecycleCalls(server)).toEqual([]);
  });

  it('deactivate mode deactivates without email', async () => {
    const { server, input } = await setup({ mode: 'deactivate' });
    const report = await remediateInactiveUsers(input());
    expect(report.changed.sort()).toEqual([...ACTED_ON].sort());
    for (const id of ACTED_ON) expect(server.org.user(id).status).toBe('DEPROVISIONED');
    expect(lifecycleCalls(server).every((path) => path.endsWith('/lifecycle/deactivate'))).toBe(true);
  });

  it('refuses to choose from a snapshot whose admin roles were not read in full, or that did not read an exempt group', async () => {
    const { server, snapshot, input } = await setup({ mode: 'suspend' });
    const partial = { ...snapshot, parts: { ...snapshot.parts, adminRoles: { complete: false, count: 0, error: '429 E0000047' } } };
    const report = await remediateInactiveUsers(input({ snapshot: partial }));
    expect(report.aborted).toBe("the snapshot's adminRoles were not read in full");
    const unread = await remediateInactiveUsers(input({ remediation: { mode: 'suspend', exempt: { users: [], groups: ['contractors'] } } }));
    expect(unread.aborted).toBe('membership of the exempt group contractors was not read by the collector');
    expect(lifecycleCalls(server)).toEqual([]);
  });

  it('a failing lifecycle call is reported and recorded; the others go on', async () => {
    const { server, store, input } = await setup({ mode: 'suspend' });
    server.failRequests({ method: 'POST', path: new RegExp(`${idOf('stale2')}/lifecycle`), status: 500 });
    const report = await remediateInactiveUsers(input());
    expect(report.changed.sort()).toEqual(ACTED_ON.filter((id) => id !== idOf('stale2')).sort());
    expect(report.outcomes.find((o) => o.id === idOf('stale2'))).toMatchObject({ result: 'failed', reason: expect.stringMatching(/500/) });
    const records = await storedRecords(store, report.records.map((r) => r.key));
    expect(records.find((r) => r.phase === 'after' && r.change?.user?.id === idOf('stale2'))?.change).toMatchObject({ outcome: 'failed', user: { status: 'ACTIVE' } });
    expect(server.requests.filter((r) => r.method === 'POST' && r.status === 500)).toHaveLength(1); // a POST is not retried on 500
  });
});
