/**
 * Reads what a change plan names and applies it to the previous users. Every read that fails marks
 * its part incomplete (with the reason), so the run's controls that need it say `error`, and the
 * caller keeps the previous state for the next run to try again.
 */
import type { Client } from '@okta/okta-sdk-nodejs';
import { mapConcurrent } from '../../evidence/map-concurrent.ts';
import type { OktaUser } from '../../snapshots/okta.ts';
import type { ChangePlan, UserPart } from './plan-changes.ts';
import { listAdminIds, readRoles } from './read-admin-roles.ts';
import { factorsAreRead, readFactors } from './read-factors.ts';
import { readUserGroups } from './read-groups.ts';
import { readUser } from './read-users.ts';
import { sortUsers } from './full-scan.ts';

export type PartName = 'users' | 'factors' | 'adminRoles' | 'groups';

export interface Applied {
  users: OktaUser[];
  /** Requests per part, for the parts' `pages`. */
  pages: Record<PartName, number>;
  errors: Record<PartName, string[]>;
}

export async function applyChanges(client: Client, previous: readonly OktaUser[], plan: ChangePlan, settings: { concurrency: number; exemptGroups: readonly string[] }): Promise<Applied> {
  const byId = new Map(previous.map((user) => [user.id, { ...user }]));
  const pages: Record<PartName, number> = { users: 0, factors: 0, adminRoles: 0, groups: 0 };
  const errors: Record<PartName, string[]> = { users: [], factors: [], adminRoles: [], groups: [] };
  const reread = new Map([...plan.reread].map(([id, parts]) => [id, new Set(parts)]));
  const want = (id: string, ...parts: UserPart[]) => reread.set(id, new Set([...(reread.get(id) ?? []), ...parts]));
  // Someone signing in whom the state does not know was created since: read them whole.
  for (const id of plan.signIns.keys()) if (!byId.has(id)) want(id, 'user', 'factors', 'groups');

  // 1. Users: status, dates, login. A 404 means deleted.
  const userIds = [...reread].filter(([, parts]) => parts.has('user')).map(([id]) => id);
  await mapConcurrent(userIds, settings.concurrency, async (id) => {
    const read = await readUser(client, id);
    pages.users += 1;
    if ('gone' in read) byId.delete(id);
    else if ('error' in read) errors.users.push(read.error);
    else {
      const before = byId.get(id);
      byId.set(id, { ...read.user, factors: before?.factors ?? [], adminRoles: before?.adminRoles ?? [], groups: before?.groups ?? [] });
      // Factors are kept only for users who can sign in: a status change across that line changes them.
      if (before === undefined || factorsAreRead(before.status) !== factorsAreRead(read.user.status)) want(id, 'factors');
    }
  });

  // 2. Factors of the named users who can sign in; the others hold none (read-factors.ts).
  const factorIds: string[] = [];
  for (const [id, parts] of reread) {
    const user = byId.get(id);
    if (!parts.has('factors') || user === undefined) continue;
    if (factorsAreRead(user.status)) factorIds.push(id);
    else user.factors = [];
  }
  const factors = await readFactors(client, factorIds, settings.concurrency);
  pages.factors += factors.part.pages ?? 0;
  if (factors.part.error) errors.factors.push(factors.part.error);
  for (const [id, list] of factors.factors) {
    const user = byId.get(id);
    if (user) user.factors = list;
  }

  // 3. Admin roles: the named users, plus what the listing shows when groups or roles changed.
  const roleIds = new Set([...reread].filter(([, parts]) => parts.has('roles')).map(([id]) => id));
  if (plan.adminListing !== 'none') {
    const listed = await listAdminIds(client);
    pages.adminRoles += listed.pages;
    if (listed.error !== undefined) errors.adminRoles.push(listed.error);
    else {
      const admins = new Set(listed.ids);
      for (const user of byId.values()) {
        const wasAdmin = user.adminRoles.length > 0;
        if (!admins.has(user.id)) user.adminRoles = [];
        else if (plan.adminListing === 'all' || !wasAdmin || plan.roleCandidates.has(user.id)) roleIds.add(user.id);
      }
    }
  }
  const roles = await readRoles(client, [...roleIds].filter((id) => byId.has(id)), settings.concurrency);
  pages.adminRoles += roles.pages;
  errors.adminRoles.push(...roles.errors);
  for (const [id, list] of roles.roles) {
    const user = byId.get(id);
    if (user) user.adminRoles = list;
  }

  // 4. Exempt-group membership of the named users.
  const groupIds = [...reread].filter(([id, parts]) => parts.has('groups') && byId.has(id)).map(([id]) => id);
  await mapConcurrent(groupIds, settings.concurrency, async (id) => {
    const read = await readUserGroups(client, id, settings.exemptGroups);
    pages.groups += read.pages;
    const user = byId.get(id);
    if ('error' in read) errors.groups.push(read.error);
    else if (user) user.groups = read.groups;
  });

  // 5. Sign-ins, from the events; a user read fresh above already has the latest lastLogin.
  for (const [id, at] of plan.signIns) {
    const user = byId.get(id);
    if (user === undefined || userIds.includes(id)) continue;
    if (user.lastLogin === null || at > user.lastLogin) user.lastLogin = at;
  }
  return { users: sortUsers([...byId.values()]), pages, errors };
}
