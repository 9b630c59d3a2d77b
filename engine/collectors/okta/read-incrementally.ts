/**
 * An hourly run from the kept state: the System Log since the cursor (less an overlap), the users
 * and parts it names read again (plan-changes.ts, apply-changes.ts), and the result kept as a delta
 * record with the pointer moved on, but only when every read succeeded. A run with nothing changed
 * writes no record and only moves the cursor.
 */
import type { CollectResult } from '../collector.ts';
import type { WrittenRecord } from '../../evidence/write-record.ts';
import type { SnapshotPart } from '../../model.ts';
import { applyChanges, type PartName } from './apply-changes.ts';
import { sortUsers } from './full-scan.ts';
import { diffUsers } from './okta-delta.ts';
import { writeSnapshotRecord } from './okta-records.ts';
import { describeIncomplete, type OktaRun } from './okta-run.ts';
import { checkedData, oktaSnapshot } from './okta-snapshot.ts';
import { writePointer, type BaseState, type OktaPointer } from './okta-state.ts';
import { appliedEvents, planChanges } from './plan-changes.ts';
import { factorsAreRead } from './read-factors.ts';
import { readExemptGroups } from './read-groups.ts';
import { CLOCK_TOLERANCE_MS, clockParameters, sourceClock } from '../source-clock.ts';
import { readSystemLog } from './system-log.ts';

const PART_NAMES: readonly PartName[] = ['users', 'factors', 'adminRoles', 'groups'];

/** undefined when the System Log could not be read: the caller reads in full instead. */
export async function readIncrementally(run: OktaRun, pointer: OktaPointer, base: BaseState): Promise<CollectResult | undefined> {
  const { context } = run;
  const since = new Date(Date.parse(pointer.cursor) - run.settings.logOverlapMs);
  // The window closes at Okta's now (../source-clock.ts). Before the first answer only the runner's
  // clock is known; when that answer shows the two clocks apart, the window is read again up to
  // Okta's now: one more request, and only on a runner whose clock is off.
  let clock = sourceClock(context.now, run.clockOffsetMs());
  let log = await readSystemLog(run.client, since, clock.at);
  const measured = sourceClock(context.now, run.clockOffsetMs());
  if (Date.parse(pointer.cursor) > measured.at.getTime() + CLOCK_TOLERANCE_MS) {
    // A position Okta has not reached: reading from it would skip every change until then.
    context.log.warn(`okta: the System Log cursor (${pointer.cursor}) is later than Okta's now (${measured.at.toISOString()}); reading ${run.scope} in full`);
    return undefined;
  }
  if (measured.offsetMs !== clock.offsetMs) {
    context.log.warn(`okta: the runner's clock is ${Math.abs(measured.offsetMs) / 1000} s ${measured.offsetMs > 0 ? 'behind' : 'ahead of'} Okta's; reading the System Log up to Okta's now (${measured.at.toISOString()})`);
    clock = measured;
    log = await readSystemLog(run.client, since, clock.at);
  }
  if (!log.complete) {
    context.log.warn(`okta: the System Log could not be read to the end (${log.error}); reading ${run.scope} in full`);
    return undefined;
  }
  let previous = base.users;
  let groups: Record<string, string[]> = pointer.groups;
  const extra: Partial<Record<PartName, { pages: number; errors: string[] }>> = {};
  // The exempt groups changed in configuration: read the new set's members (a few requests), not the whole org.
  if (!sameNames(Object.keys(pointer.groups), run.groupNames)) {
    const read = await readExemptGroups(run.client, run.groupNames, run.settings.pageSize);
    groups = read.groupIds;
    previous = previous.map((user) => ({ ...user, groups: read.members.get(user.id) ?? [] }));
    extra.groups = { pages: read.part.pages ?? 0, errors: read.part.error ? [read.part.error] : [] };
  }
  const plan = planChanges(log.items, groups, new Set(pointer.applied));
  const applied = await applyChanges(run.client, previous, plan, { concurrency: run.settings.concurrency, exemptGroups: run.groupNames });
  const users = sortUsers(applied.users);
  const parts: Record<string, SnapshotPart> = {};
  for (const name of PART_NAMES) {
    const errors = [...(extra[name]?.errors ?? []), ...applied.errors[name]];
    const count = name === 'users' ? users.length : name === 'factors' ? users.filter((u) => factorsAreRead(u.status)).length : name === 'adminRoles' ? users.filter((u) => u.adminRoles.length > 0).length : users.reduce((n, u) => n + u.groups.length, 0);
    parts[name] = { complete: errors.length === 0, count, pages: applied.pages[name] + (extra[name]?.pages ?? 0), ...(errors.length ? { error: errors.join('; ') } : {}) };
  }
  parts.systemLog = { complete: true, count: log.items.length, pages: log.pages };
  const data = checkedData(run.orgUrl, users, parts);
  const cursor = plan.latest !== undefined && plan.latest > pointer.cursor ? plan.latest : pointer.cursor;
  const read = { mode: 'incremental' as const, base: pointer.fullKey, logSince: since.toISOString(), logUntil: clock.at.toISOString(), events: log.items.length };
  const parameters = clockParameters(context.now, clock);
  const snapshotOf = (data: unknown) =>
    oktaSnapshot({ orgUrl: run.orgUrl, scope: run.scope, now: clock.at, data, parts, apiCalls: run.calls(), groups, read, parameters });
  const snapshot = snapshotOf(data);
  const written: WrittenRecord[] = [];
  const complete = Object.values(parts).every((part) => part.complete);
  if (context.store !== undefined && complete) {
    const delta = diffUsers(base.users, users);
    const applied = appliedEvents(log.items, new Date(Date.parse(cursor) - run.settings.logOverlapMs).toISOString());
    const next: OktaPointer = { ...pointer, cursor, groups, applied };
    if (delta.upserted.length > 0 || delta.removed.length > 0) {
      const record = await writeSnapshotRecord(context.store, snapshotOf({ orgUrl: run.orgUrl, ...delta }), context.config.organization, pointer.fullKey);
      written.push(record);
      next.deltaKeys = [...pointer.deltaKeys, record.key];
    }
    if (JSON.stringify(next) !== JSON.stringify(pointer)) await writePointer(context.store, next);
  } else if (!complete) {
    context.log.warn(`okta: changes to ${run.scope} were not all read (${describeIncomplete(parts)}); the state stays at ${pointer.cursor} for the next run`);
  }
  context.log.info(`okta: ${log.items.length} System Log events since ${since.toISOString()}, ${run.calls()} requests`);
  return { snapshots: [snapshot], apiCalls: run.calls(), written };
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}
