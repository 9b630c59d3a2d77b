/**
 * Issue #8, case 14: the inactive-users remediation never changes an account it must not. A batch
 * over the cap is aborted whole; an administrator, a break-glass or otherwise exempt account is
 * never targeted; a user whose state changed since the snapshot (signed in, status changed, became
 * an administrator or exempt, deleted, unreadable) is skipped. Each is logged and kept as evidence,
 * and the loopback Okta's request log shows no lifecycle call for any of them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { remediateInactiveUsers } from '../../engine/remediate/okta-inactive-users.ts';
import { oktaIdOf as idOf, remediationWorld, type RemediationWorld, type WorldOptions } from '../support/okta-remediation-world.ts';

const NOW = new Date('2026-11-02T09:00:00Z');
const suspendPath = (name: string) => `/api/v1/users/${idOf(name)}/lifecycle/suspend`;

const worlds: RemediationWorld[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
});
async function world(options: Omit<WorldOptions, 'now'>): Promise<RemediationWorld> {
  const created = await remediationWorld({ now: NOW, ...options });
  worlds.push(created);
  return created;
}

describe('[case 14] caps', () => {
  const caps: [string, Record<string, unknown>, string][] = [
    ['maxUsers', { maxUsers: 3, maxPercent: 50 }, '4 users would be changed, more than maxUsers (3)'],
    ['maxPercent', { maxUsers: 50, maxPercent: 3 }, '4 of 104 active users (3.8%) would be changed, more than maxPercent (3%)'],
  ];

  it.each(caps)('[case 14] a batch over %s is aborted whole: no lifecycle call, logged, the plan record and the comment say so', async (_cap, settings, reason) => {
    const w = await world({ users: { stale1: 200, stale2: 300, stale3: 400, stale4: null } });
    const start = w.server.requests.length;
    const report = await remediateInactiveUsers(w.input({ remediation: { mode: 'deactivate', ...settings } }));

    expect(report.aborted).toBe(reason);
    expect(report.candidates).toHaveLength(4);
    expect(report).toMatchObject({ outcomes: [], changed: [], labeled: false });
    expect(w.lifecycleCalls()).toEqual([]);
    // Not even re-read: an aborted batch touches nobody, in Okta or in its evidence.
    expect(w.server.requests.slice(start)).toEqual([]);
    expect([...w.org.users.values()].every((user) => user.status === 'ACTIVE')).toBe(true);
    expect(w.log.warn).toContain(`remediation okta-inactive-users: aborted, nobody was changed: ${reason}`);

    const records = await w.records(report);
    expect(records.map((record) => record.phase)).toEqual(['plan']);
    expect(records[0]?.plan).toMatchObject({ aborted: reason, population: 104 });
    expect(records[0]?.plan?.candidates.map((c) => c.id).sort()).toEqual(['stale1', 'stale2', 'stale3', 'stale4'].map(idOf).sort());
    const comment = w.tracker.writes.find((write) => write.kind === 'comment');
    expect(comment?.kind === 'comment' && comment.body).toContain(`**Aborted: ${reason}. Nobody was deactivated.**`);
    expect(w.tracker.writes.filter((write) => write.kind === 'update')).toEqual([]); // no auto-remediated label
  });
});

describe('[case 14] who is never targeted', () => {
  it('[case 14] administrators (direct or through a group), break-glass and exempt accounts, whatever the case of the login, are left alone: logged, listed in the plan record, never called', async () => {
    const w = await world({
      users: { stale: 300, admin: 300, groupadmin: 300, breakglass: 300, exempt: 300, 'Mixed.Case': 300 },
      arrange: (org, at) => {
        org.grantRole(idOf('admin'), 'SUPER_ADMIN', at, { log: false });
        org.addMember(org.addGroup('helpdesk', at, ['HELP_DESK_ADMIN']).id, idOf('groupadmin'), at, { log: false });
        org.addMember(org.addGroup('break-glass', at).id, idOf('breakglass'), at, { log: false });
      },
      exemptGroups: ['break-glass'],
      // Written in another case than Okta has them: still exempt.
      remediation: { mode: 'suspend', maxUsers: 10, maxPercent: 50, exempt: { users: ['EXEMPT@acme.example', 'mixed.case@ACME.example'], groups: [] } },
    });
    const report = await remediateInactiveUsers(w.input());

    expect(report.aborted).toBeUndefined();
    expect(w.lifecycleCalls()).toEqual([suspendPath('stale')]);
    const left = { admin: 'administrator (SUPER_ADMIN)', groupadmin: 'administrator (HELP_DESK_ADMIN)', breakglass: 'exempt as a member of break-glass', exempt: 'exempt by configuration', 'Mixed.Case': 'exempt by configuration' };
    expect(Object.fromEntries(report.excluded.map((user) => [user.login.split('@')[0], user.reason]))).toEqual(left);
    for (const [name, reason] of Object.entries(left)) {
      expect(w.org.user(idOf(name)).status).toBe('ACTIVE');
      expect(w.log.info).toContain(`remediation okta-inactive-users: leaves ${name}@acme.example (${idOf(name)}) alone: ${reason}`);
    }
    const [plan] = await w.records(report);
    expect(plan?.plan?.excluded.map((user) => user.id).sort()).toEqual(Object.keys(left).map(idOf).sort());
    expect(plan?.plan?.candidates.map((user) => user.id)).toEqual([idOf('stale')]);
  });

  it('[case 14] an exempt group Okta does not have (a typo for break-glass) aborts the batch: it would protect nobody', async () => {
    const w = await world({
      users: { stale: 300, breakglass: 300 },
      arrange: (org, at) => org.addMember(org.addGroup('break-glass', at).id, idOf('breakglass'), at, { log: false }),
      exemptGroups: ['breakglass'],
      remediation: { mode: 'suspend', maxUsers: 10, maxPercent: 50 },
    });
    const report = await remediateInactiveUsers(w.input());

    const reason = 'the exempt group breakglass does not exist in Okta (names match exactly, case included), so it protects nobody; fix the name in compliance.yml';
    expect(report.aborted).toBe(reason);
    expect(w.lifecycleCalls()).toEqual([]);
    expect(w.org.user(idOf('breakglass')).status).toBe('ACTIVE');
    expect(w.log.warn).toContain(`remediation okta-inactive-users: aborted, nobody was changed: ${reason}`);
    const records = await w.records(report);
    expect(records.map((record) => [record.phase, record.plan?.aborted])).toEqual([['plan', reason]]);
  });
});

describe('[case 14] state changed between the read and the action', () => {
  it('[case 14] a user who signed in, was suspended, deactivated or deleted, became an administrator (directly or through a group), joined break-glass or was renamed into an exempt login since the snapshot is skipped: logged, a skip record each, no lifecycle call', async () => {
    const names = ['signedin', 'suspended', 'deprovisioned', 'deleted', 'nowadmin', 'nowgroupadmin', 'nowbreakglass', 'renamed', 'unreadable', 'stillstale'];
    const w = await world({
      users: Object.fromEntries(names.map((name) => [name, 300])),
      arrange: (org, at) => {
        org.addGroup('helpdesk', at, ['HELP_DESK_ADMIN']);
        org.addGroup('break-glass', at);
      },
      exemptGroups: ['break-glass'],
      remediation: { mode: 'suspend', maxUsers: 10, maxPercent: 10, exempt: { users: ['keep-me@acme.example'], groups: [] } },
    });
    // Between the snapshot and the remediation, people act on the org.
    const at = new Date(NOW.getTime() - 60_000).toISOString();
    const org = w.org;
    org.signIn(idOf('signedin'), at);
    org.setStatus(idOf('suspended'), 'SUSPENDED', at, 'user.lifecycle.suspend');
    org.setStatus(idOf('deprovisioned'), 'DEPROVISIONED', at, 'user.lifecycle.deactivate');
    org.deleteUser(idOf('deleted'), at);
    org.grantRole(idOf('nowadmin'), 'ORG_ADMIN', at);
    org.addMember(org.groupByName('helpdesk')!.id, idOf('nowgroupadmin'), at);
    org.addMember(org.groupByName('break-glass')!.id, idOf('nowbreakglass'), at);
    org.user(idOf('renamed')).profile.login = 'Keep-Me@acme.example'; // renamed into an exempt login
    // Okta cannot say what this user is now: leaving them alone is the only safe answer.
    w.server.failRequests({ method: 'GET', path: new RegExp(`^/api/v1/users/${idOf('unreadable')}$`), status: 500 });

    const report = await remediateInactiveUsers(w.input());

    expect(report.aborted).toBeUndefined();
    expect(w.lifecycleCalls()).toEqual([suspendPath('stillstale')]);
    expect(report.changed).toEqual([idOf('stillstale')]);
    const skipped = {
      signedin: `signed in at ${at}, after the snapshot`,
      suspended: 'status is now SUSPENDED',
      deprovisioned: 'status is now DEPROVISIONED',
      deleted: 'no longer exists in Okta',
      nowadmin: 'now an administrator (ORG_ADMIN)',
      nowgroupadmin: 'now an administrator (HELP_DESK_ADMIN)',
      nowbreakglass: 'now a member of the exempt group break-glass',
      renamed: 'now exempt by configuration (login Keep-Me@acme.example)',
    };
    const outcomes = Object.fromEntries(report.outcomes.filter((o) => o.result === 'skipped').map((o) => [o.login.split('@')[0], o.reason]));
    expect(outcomes).toEqual({ ...skipped, unreadable: expect.stringMatching(/^could not be read again before acting \(.*500/) });
    for (const name of Object.keys(outcomes)) {
      expect(w.log.warn).toContainEqual(expect.stringMatching(new RegExp(`^remediation okta-inactive-users: left ${name}@acme\\.example \\(${idOf(name)}\\) alone: `)));
    }
    // Nobody's state was changed by Evident: the ones still in Okta are as people left them.
    expect(org.user(idOf('signedin')).status).toBe('ACTIVE');
    expect(org.user(idOf('nowadmin')).status).toBe('ACTIVE');
    expect(org.user(idOf('suspended')).status).toBe('SUSPENDED');
    expect(org.user(idOf('deprovisioned')).status).toBe('DEPROVISIONED');

    // Evidence: the plan, a skip record per user left alone (with the reason and the user as read
    // again), and before/after only for the one change.
    const records = await w.records(report);
    expect(records.map((record) => record.phase).sort()).toEqual(['after', 'before', 'plan', ...Array(9).fill('skip')].sort());
    const skips = Object.fromEntries(records.filter((r) => r.phase === 'skip').map((r) => [r.change?.user?.id, r.change]));
    for (const [name, reason] of Object.entries(skipped)) expect(skips[idOf(name)]).toMatchObject({ action: 'suspend', outcome: 'skipped', reason });
    expect(skips[idOf('signedin')]?.user).toMatchObject({ lastLogin: at, status: 'ACTIVE' });
    expect(skips[idOf('suspended')]?.user?.status).toBe('SUSPENDED');
    expect(skips[idOf('nowadmin')]?.user?.adminRoles).toEqual(['ORG_ADMIN']);
    expect(skips[idOf('renamed')]?.user?.login).toBe('Keep-Me@acme.example');
    expect(records.find((r) => r.phase === 'before')?.change?.user?.id).toBe(idOf('stillstale'));

    // The issue comment lists each skip and its reason.
    const comment = w.tracker.writes.find((write) => write.kind === 'comment');
    for (const [name, reason] of Object.entries(skipped)) {
      expect(comment?.kind === 'comment' && comment.body).toContain(`| ${name}@acme.example (\`${idOf(name)}\`) | `);
      expect(comment?.kind === 'comment' && comment.body).toContain(`skipped: ${reason} |`);
    }
  });
});

describe('[case 16] the runner’s clock', () => {
  it('[case 16] a runner 30 days ahead of Okta does not suspend a user the control passed: inactivity is judged as of the snapshot, by Okta’s clock', async () => {
    const w = await world({ users: { used70: 70, stale: 300 }, remediation: { mode: 'suspend', afterDays: 90, maxUsers: 10, maxPercent: 50 } });
    const ahead = new Date(NOW.getTime() + 30 * 86_400_000);
    const report = await remediateInactiveUsers({ ...w.input(), now: ahead });

    expect(report.candidates.map((user) => user.id)).toEqual([idOf('stale')]);
    expect(w.lifecycleCalls()).toEqual([suspendPath('stale')]);
    expect(w.org.user(idOf('used70')).status).toBe('ACTIVE');
  });
});
