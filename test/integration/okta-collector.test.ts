/**
 * The Okta collector with the real @okta/okta-sdk-nodejs client against a loopback Okta: full scans
 * and their completeness, failures that must read as `error` (a failing page, a 429 storm), rate
 * limit pacing, and the incremental hourly runs from the System Log, whose merged snapshot must
 * equal a fresh full scan at a bounded cost.
 */
import { chmod, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOktaCollector } from '../../engine/collectors/okta/index.ts';
import { pointerKey } from '../../engine/collectors/okta/okta-state.ts';
import { findControl } from '../../engine/controls/index.ts';
import { evaluateControl } from '../../engine/evaluate-control.ts';
import { FilesystemStore } from '../../engine/evidence/filesystem-store.ts';
import { readRecord } from '../../engine/evidence/record.ts';
import type { Snapshot } from '../../engine/model.ts';
import { OktaData } from '../../engine/snapshots/okta.ts';
import { expectedOktaUsers, oktaConfig, oktaContext, type CapturedLog } from '../support/okta-context.ts';
import { seedOrg } from '../support/okta-seed.ts';
import { startOktaServer, type OktaTestServer } from '../support/okta-server.ts';

const NOW = new Date('2026-11-02T09:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const EXEMPT = ['break-glass', 'service-accounts'];
/** Short waits: tests must not sleep through real rate-limit resets. */
const collect = createOktaCollector({ http: { maxWaitMs: 5, retryBaseMs: 1 } });

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

async function serve(users: number, options: Parameters<typeof startOktaServer>[0] = {}): Promise<OktaTestServer> {
  const server = await startOktaServer({ org: seedOrg({ users, now: NOW }), ...options });
  cleanup.push(() => server.close());
  return server;
}

async function tempStore(): Promise<{ store: FilesystemStore; root: string }> {
  const root = await mkdtemp(join(tmpdir(), 'evident-okta-'));
  cleanup.push(() => rm(root, { recursive: true, force: true }));
  return { store: new FilesystemStore(root), root };
}

const only = (snapshots: Snapshot[]) => {
  expect(snapshots).toHaveLength(1);
  return snapshots[0] as Snapshot;
};
const statusOf = (id: string, snapshot: Snapshot) => evaluateControl(findControl(id)!, snapshot, { params: id === 'okta-inactive-users' ? { exemptGroups: ['break-glass'] } : {} }).status;

describe('Okta collector: full scan', () => {
  it('reads every user in every status, factors, admin roles (direct and through groups) and exempt groups, all parts complete', async () => {
    const server = await serve(450);
    const result = await collect(oktaContext(server, NOW));
    const snapshot = only(result.snapshots);
    const data = OktaData.parse(snapshot.data);
    expect(data.users).toEqual(expectedOktaUsers(server.org, EXEMPT));
    expect(data.users.some((user) => user.status === 'DEPROVISIONED')).toBe(true);
    expect(data.users.filter((user) => user.adminRoles.includes('HELP_DESK_ADMIN'))).toHaveLength(2); // held through the helpdesk group
    expect(snapshot).toMatchObject({ source: 'okta', scope: 'acme.okta.com', collectedAt: NOW.toISOString() });
    for (const part of ['users', 'factors', 'adminRoles', 'groups']) expect(snapshot.parts[part]?.complete, part).toBe(true);
    expect(snapshot.parts.users?.count).toBe(450);
    expect(snapshot.collector.parameters).toMatchObject({ mode: 'full', factorsReadFor: ['ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT'] });
    // Every request is counted, and every one carried the token.
    expect(result.apiCalls).toBe(server.requests.length);
    expect(server.requests.every((r) => r.status === 200)).toBe(true);
    // Admin roles come from one listing, not from every user.
    expect(server.calls({ path: /\/roles$/ })).toBe(server.org.adminIds().length);
    expect(server.calls({ path: /^\/api\/v1\/iam\/assignees\/users$/ })).toBe(1);
    // Members of the exempt groups only, not of `engineering`.
    expect(server.calls({ path: /^\/api\/v1\/groups\/[^/]+\/users$/ })).toBe(2);
    for (const id of ['okta-mfa-enrolled', 'okta-admin-mfa', 'okta-inactive-users']) expect(['pass', 'fail'], id).toContain(statusOf(id, snapshot));
  });

  it('follows the Link rel="next" cursors across pages, without losing or repeating a user', async () => {
    const server = await serve(330);
    const small = createOktaCollector({ pageSize: 50, http: { maxWaitMs: 5, retryBaseMs: 1 } });
    const snapshot = only((await small(oktaContext(server, NOW))).snapshots);
    const listings = server.requests.filter((r) => r.path === '/api/v1/users');
    const active = listings.filter((r) => r.query.filter === undefined);
    const notDeprovisioned = server.org.sortedUsers().filter((u) => u.status !== 'DEPROVISIONED').length;
    expect(active).toHaveLength(Math.ceil(notDeprovisioned / 50));
    expect(active.slice(1).every((r) => r.query.after !== undefined && r.query.limit === '50')).toBe(true);
    expect(listings.some((r) => r.query.filter === 'status eq "DEPROVISIONED"')).toBe(true);
    const ids = OktaData.parse(snapshot.data).users.map((u) => u.id);
    expect(new Set(ids).size).toBe(330);
    expect(snapshot.parts.users).toMatchObject({ complete: true, count: 330, pages: listings.length });
  });

  it('a page that keeps failing (500 on page 3) leaves users incomplete, and the MFA control errors instead of passing', async () => {
    const server = await serve(700);
    server.failPage({ path: '/api/v1/users', page: 3 });
    const log: CapturedLog = { info: [], warn: [] };
    const snapshot = only((await collect(oktaContext(server, NOW, { log }))).snapshots);
    expect(snapshot.parts.users).toMatchObject({ complete: false, count: 400, pages: 2 });
    expect(snapshot.parts.users?.error).toMatch(/^500 E0000009 .*page 3/);
    expect(snapshot.parts.factors).toMatchObject({ complete: false });
    // The failing page was retried before giving up: 1 + 4 retries.
    expect(server.requests.filter((r) => r.path === '/api/v1/users' && r.status === 500)).toHaveLength(5);
    const result = evaluateControl(findControl('okta-mfa-enrolled')!, snapshot);
    expect(result.status).toBe('error');
    expect(result.reason).toMatch(/users read only in part \(400 read; 500/);
    expect(statusOf('okta-inactive-users', snapshot)).toBe('error');
    expect(log.warn.join('\n')).toMatch(/not read in full/);
  });

  it('a page that fails once is retried and the scan completes', async () => {
    const server = await serve(450);
    server.failPage({ path: '/api/v1/users', page: 2, status: 503, times: 1 });
    const snapshot = only((await collect(oktaContext(server, NOW))).snapshots);
    expect(snapshot.parts.users).toMatchObject({ complete: true, count: 450 });
  });

  it('a 429 storm: backs off honouring X-Rate-Limit-Reset (capped), then reports 429 as incomplete; never pass', async () => {
    const server = await serve(120);
    server.storm({ requests: 1000, resetSeconds: 30 });
    const started = Date.now();
    const result = await collect(oktaContext(server, NOW));
    const snapshot = only(result.snapshots);
    expect(Date.now() - started).toBeLessThan(5_000); // the 30 s reset was capped by maxWaitMs
    expect(snapshot.parts.users).toMatchObject({ complete: false });
    expect(snapshot.parts.users?.error).toMatch(/^429 E0000047 API call exceeded rate limit/);
    expect(server.calls({ path: /^\/api\/v1\/users$/ })).toBe(5); // 1 + 4 retries, then it stops
    expect(server.calls({ path: /factors$/ })).toBe(0); // no point reading factors into a storm
    for (const id of ['okta-mfa-enrolled', 'okta-admin-mfa', 'okta-inactive-users']) expect(statusOf(id, snapshot), id).toBe('error');
  });

  it('after a 429 waits until X-Rate-Limit-Reset (by the Date header) before retrying', async () => {
    const server = await serve(10);
    server.storm({ requests: 1, resetSeconds: 1, path: /^\/api\/v1\/users$/ });
    const patient = createOktaCollector({ http: { maxWaitMs: 5000, retryBaseMs: 1 } });
    const snapshot = only((await patient(oktaContext(server, NOW))).snapshots);
    expect(snapshot.parts.users?.complete).toBe(true);
    const [limited, retried] = server.requests.filter((r) => r.path === '/api/v1/users');
    expect(limited?.status).toBe(429);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(900);
  });

  it('a request that times out is retried, then reported; the controls error', async () => {
    const server = await serve(10);
    server.setLatency(300);
    const impatient = createOktaCollector({ http: { maxWaitMs: 5, retryBaseMs: 1, timeoutMs: 50, maxRetries: 1 } });
    const snapshot = only((await impatient(oktaContext(server, NOW))).snapshots);
    expect(snapshot.parts.users).toMatchObject({ complete: false, count: 0 });
    expect(snapshot.parts.users?.error).toMatch(/timeout.*\(users, page 1\)/i);
    expect(statusOf('okta-mfa-enrolled', snapshot)).toBe('error');
  });

  it('a short 429 storm is waited out and the scan completes', async () => {
    const server = await serve(120);
    server.storm({ requests: 3, resetSeconds: 1 });
    const snapshot = only((await collect(oktaContext(server, NOW))).snapshots);
    expect(Object.values(snapshot.parts).every((p) => p.complete)).toBe(true);
    expect(server.limits.rateLimited).toBe(3);
  });

  it('slows down before a bucket is spent: no 429 although the factors bucket allows 12 requests a second', async () => {
    const server = await serve(24, { limits: { 'GET /api/v1/users/{id}/factors': 12 }, windowMs: 1000 });
    const paced = createOktaCollector({ http: { maxWaitMs: 3000, retryBaseMs: 1 } });
    const snapshot = only((await paced(oktaContext(server, NOW))).snapshots);
    expect(snapshot.parts.factors?.complete).toBe(true);
    expect(server.calls({ path: /factors$/ })).toBeGreaterThan(12); // more than one window's worth
    expect(server.limits.rateLimited).toBe(0);
  });

  it('refuses to run without a token, naming the variable to set', async () => {
    const server = await serve(5);
    await expect(collect({ ...oktaContext(server, NOW), env: {} })).rejects.toThrow(/OKTA_TOKEN/);
  });
});

describe('Okta collector: incremental hourly runs', () => {
  it('after a full scan, reads the System Log and the users it names: ≤ 100 calls for 2,400 users, the same snapshot as a full scan', async () => {
    const server = await serve(2400);
    const { store } = await tempStore();
    const first = await collect(oktaContext(server, NOW, { store }));
    expect(first.written).toHaveLength(1);
    const fullCalls = first.apiCalls;

    // Between the runs: a new factor, a suspension, a new admin, and sign-ins.
    const org = server.org;
    const active = org.sortedUsers().filter((u) => u.status === 'ACTIVE' && org.effectiveRoles(u.id).length === 0);
    const [enrolls, suspended, promoted] = active.slice(10, 13) as [typeof active[0], typeof active[0], typeof active[0]];
    org.addFactor(enrolls.id, { factorType: 'webauthn', provider: 'FIDO', status: 'ACTIVE' }, at(20).toISOString());
    org.setStatus(suspended.id, 'SUSPENDED', at(25).toISOString(), 'user.lifecycle.suspend');
    org.grantRole(promoted.id, 'SUPER_ADMIN', at(30).toISOString());
    for (const user of active.slice(100, 160)) org.signIn(user.id, at(40).toISOString());
    org.signIn(active[200]!.id, at(41).toISOString(), 'FAILURE');

    server.requests.length = 0;
    const second = await collect(oktaContext(server, at(60), { store }));
    const merged = only(second.snapshots);
    expect(second.apiCalls).toBeLessThanOrEqual(100);
    expect(second.apiCalls).toBe(server.requests.length);
    expect(merged.collector.parameters).toMatchObject({ mode: 'incremental', events: 64 });
    expect(Object.values(merged.parts).every((p) => p.complete)).toBe(true);
    expect(second.written).toHaveLength(1);
    const users = OktaData.parse(merged.data).users;
    expect(users.find((u) => u.id === suspended.id)?.status).toBe('SUSPENDED');
    expect(users.find((u) => u.id === promoted.id)?.adminRoles).toEqual(['SUPER_ADMIN']);
    expect(users.find((u) => u.id === enrolls.id)?.factors.map((f) => f.type)).toContain('webauthn');

    const fresh = only((await collect(oktaContext(server, at(60)))).snapshots);
    expect(merged.data).toEqual(fresh.data);
    expect(fullCalls).toBeGreaterThan(2000);

    // An hour without changes: the System Log only (the overlap's events were applied already), nothing written.
    server.requests.length = 0;
    const quiet = await collect(oktaContext(server, at(120), { store }));
    expect(quiet.apiCalls).toBe(1);
    expect(server.requests.map((r) => r.path)).toEqual(['/api/v1/logs']);
    expect(quiet.written).toEqual([]);
    expect(only(quiet.snapshots).data).toEqual(fresh.data);
  });

  it('applies deletions, deactivations, factor resets, exempt-group membership and roles granted to a group', async () => {
    const server = await serve(600);
    const { store } = await tempStore();
    await collect(oktaContext(server, NOW, { store }));
    const org = server.org;
    const active = org.sortedUsers().filter((u) => u.status === 'ACTIVE' && org.effectiveRoles(u.id).length === 0);
    const breakGlass = org.groupByName('break-glass')!;
    const engineering = org.groupByName('engineering')!;
    org.deleteUser(active[1]!.id, at(5).toISOString());
    org.setStatus(active[2]!.id, 'DEPROVISIONED', at(6).toISOString(), 'user.lifecycle.deactivate');
    org.resetFactors(active[3]!.id, at(7).toISOString());
    org.addMember(breakGlass.id, active[4]!.id, at(8).toISOString());
    org.addMember(engineering.id, active[5]!.id, at(9).toISOString());
    org.grantGroupRole(engineering.id, 'READ_ONLY_ADMIN', at(10).toISOString());
    const helpdesk = org.groupByName('helpdesk')!;
    org.addMember(helpdesk.id, active[6]!.id, at(11).toISOString());
    const created = org.addUser({ id: '00unewhire0000000001', status: 'ACTIVE', created: at(12).toISOString(), activated: at(12).toISOString(), statusChanged: at(12).toISOString(), lastLogin: null, profile: { login: 'new.hire@acme.example', email: 'new.hire@acme.example', firstName: 'New', lastName: 'Hire' } });
    org.signIn(created.id, at(13).toISOString());

    const second = await collect(oktaContext(server, at(60), { store }));
    const merged = only(second.snapshots);
    expect(Object.values(merged.parts).every((p) => p.complete)).toBe(true);
    expect(OktaData.parse(merged.data).users).toEqual(expectedOktaUsers(org, EXEMPT));
    // Third run from full + two deltas? Only one delta so far; add one more change and check the chain.
    org.revokeRoles(org.adminIds().find((id) => org.roles.get(id)?.length)!, at(70).toISOString());
    const third = await collect(oktaContext(server, at(120), { store }));
    expect(OktaData.parse(only(third.snapshots).data).users).toEqual(expectedOktaUsers(org, EXEMPT));
    const pointer = JSON.parse(new TextDecoder().decode(await store.get(pointerKey('acme.okta.com'))));
    expect(pointer.deltaKeys).toHaveLength(2);
    for (const key of [pointer.fullKey, ...pointer.deltaKeys]) {
      const read = readRecord(key, (await store.get(key))!);
      expect('record' in read && read.record.kind).toBe('snapshot');
    }
  });

  it('reads in full again when the last full scan is older than fullScanHours', async () => {
    const server = await serve(80);
    const { store } = await tempStore();
    await collect(oktaContext(server, NOW, { store }));
    const log: CapturedLog = { info: [], warn: [] };
    const later = await collect(oktaContext(server, at(25 * 60), { store, log }));
    expect(only(later.snapshots).collector.parameters.mode).toBe('full');
    expect(log.info.join('\n')).toMatch(/older than 24 hours/);
  });

  it('never trusts a broken base: a corrupt pointer, a missing delta or an altered record each lead to a full read', async () => {
    const server = await serve(150);
    const { store, root } = await tempStore();
    const full = await collect(oktaContext(server, NOW, { store }));
    const fullKey = full.written![0]!.key;
    const modeAt = async (minutes: number) => {
      const log: CapturedLog = { info: [], warn: [] };
      const snapshot = only((await collect(oktaContext(server, at(minutes), { store, log }))).snapshots);
      return { mode: snapshot.collector.parameters.mode, why: log.info.join('\n'), snapshot };
    };
    expect((await modeAt(30)).mode).toBe('incremental');

    await store.putPointer(pointerKey('acme.okta.com'), new TextEncoder().encode('{"v":1,"fullKey":'));
    const corrupt = await modeAt(60);
    expect(corrupt).toMatchObject({ mode: 'full' });
    expect(corrupt.why).toMatch(/not JSON/);

    // A delta that went missing.
    server.org.signIn(server.org.sortedUsers()[0]!.id, at(70).toISOString());
    expect((await modeAt(90)).mode).toBe('incremental');
    const pointer = JSON.parse(new TextDecoder().decode(await store.get(pointerKey('acme.okta.com'))));
    expect(pointer.deltaKeys).toHaveLength(1);
    await unlink(join(root, pointer.deltaKeys[0]));
    const missing = await modeAt(120);
    expect(missing.mode).toBe('full');
    expect(missing.why).toMatch(/is missing/);

    // The full record altered in place: its content no longer matches its key.
    const now = JSON.parse(new TextDecoder().decode(await store.get(pointerKey('acme.okta.com'))));
    const path = join(root, now.fullKey);
    await chmod(path, 0o644);
    await writeFile(path, (await readFile(path, 'utf8')).replace('"ACTIVE"', '"SUSPENDED"'));
    const altered = await modeAt(150);
    expect(altered.mode).toBe('full');
    expect(altered.why).toMatch(/content does not match its key/);
    expect(OktaData.parse(altered.snapshot.data).users).toEqual(expectedOktaUsers(server.org, EXEMPT));
    expect(fullKey).not.toBe('');
  });

  it('reads in full when the System Log cannot be read to the end', async () => {
    const server = await serve(100);
    const { store } = await tempStore();
    await collect(oktaContext(server, NOW, { store }));
    server.failRequests({ path: /^\/api\/v1\/logs$/, status: 500 });
    const log: CapturedLog = { info: [], warn: [] };
    const snapshot = only((await collect(oktaContext(server, at(60), { store, log }))).snapshots);
    expect(snapshot.collector.parameters.mode).toBe('full');
    expect(Object.values(snapshot.parts).every((p) => p.complete)).toBe(true);
    expect(log.warn.join('\n')).toMatch(/System Log could not be read to the end \(500/);
  });

  it('a re-read that fails leaves its part incomplete and the pointer where it was', async () => {
    const server = await serve(100);
    const { store } = await tempStore();
    await collect(oktaContext(server, NOW, { store }));
    const before = new TextDecoder().decode(await store.get(pointerKey('acme.okta.com')));
    const user = server.org.sortedUsers().find((u) => u.status === 'ACTIVE')!;
    server.org.addFactor(user.id, { factorType: 'push', provider: 'OKTA', status: 'ACTIVE' }, at(10).toISOString());
    server.failRequests({ path: /\/factors$/, status: 500 });
    const result = await collect(oktaContext(server, at(60), { store }));
    const snapshot = only(result.snapshots);
    expect(snapshot.parts.factors).toMatchObject({ complete: false });
    expect(statusOf('okta-mfa-enrolled', snapshot)).toBe('error');
    expect(result.written).toEqual([]);
    expect(new TextDecoder().decode(await store.get(pointerKey('acme.okta.com')))).toBe(before);
  });

  it('keeps no state from an incomplete full scan', async () => {
    const server = await serve(100);
    const { store } = await tempStore();
    server.failRequests({ path: /^\/api\/v1\/iam\/assignees\/users$/, status: 500 });
    const result = await collect(oktaContext(server, NOW, { store }));
    expect(only(result.snapshots).parts.adminRoles).toMatchObject({ complete: false });
    expect(result.written).toEqual([]);
    expect(await store.get(pointerKey('acme.okta.com'))).toBeUndefined();
    expect(oktaConfig(server).sources.okta?.tokenEnv).toBe('OKTA_TOKEN');
  });
});
