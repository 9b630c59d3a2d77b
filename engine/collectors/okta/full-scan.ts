/**
 * A full read of the org: users, then the admin listing, the exempt groups and the factors of
 * everyone who can sign in. Each part reports its own completeness; factors are not read when the
 * user listing failed (the controls that need them need users too, and in a rate-limit storm the
 * thousands of factor requests would only prolong it).
 */
import type { Client } from '@okta/okta-sdk-nodejs';
import type { SnapshotPart } from '../../model.ts';
import type { OktaUser } from '../../snapshots/okta.ts';
import { readAdminRoles } from './read-admin-roles.ts';
import { factorsAreRead, readFactors } from './read-factors.ts';
import { readExemptGroups } from './read-groups.ts';
import { readUserCount, type UserCount } from './read-user-count.ts';
import { listAllUsers, type UsersRead } from './read-users.ts';

export interface ScanSettings {
  pageSize: number;
  concurrency: number;
  exemptGroups: readonly string[];
}

export interface ScanResult {
  users: OktaUser[];
  parts: Record<'users' | 'factors' | 'adminRoles' | 'groups', SnapshotPart>;
  groupIds: Record<string, string[]>;
}

export async function fullScan(client: Client, settings: ScanSettings): Promise<ScanResult> {
  const listed = await listAllUsers(client, settings.pageSize);
  // Not worth a request when the listing already failed.
  const counted = listed.part.complete ? await readUserCount(client) : undefined;
  const admins = await readAdminRoles(client, settings.concurrency);
  const groups = await readExemptGroups(client, settings.exemptGroups, settings.pageSize);
  listed.part = reconcileUsers(listed, counted, admins.roles, groups.members);
  const needFactors = listed.users.filter((user) => factorsAreRead(user.status)).map((user) => user.id);
  const factors = listed.part.complete
    ? await readFactors(client, needFactors, settings.concurrency)
    : { factors: new Map(), part: { complete: false, count: 0, pages: 0, error: `not read: ${listed.part.error ?? 'the user listing failed'}` } };
  const users = listed.users.map((user) => ({
    ...user,
    factors: factors.factors.get(user.id) ?? [],
    adminRoles: admins.roles.get(user.id) ?? [],
    groups: groups.members.get(user.id) ?? [],
  }));
  return { users: sortUsers(users), parts: { users: listed.part, factors: factors.part, adminRoles: admins.part, groups: groups.part }, groupIds: groups.groupIds };
}

/**
 * The user listing reconciled, since a listing that stops early (a `Link: rel="next"` that went
 * missing, https://developer.okta.com/docs/api/#pagination) would otherwise look whole and the users
 * it left out, administrators among them, would never be tested:
 * - with Okta's count of users (read-user-count.ts): fewer listed than counted, or a count that
 *   could not be read, leaves the part incomplete;
 * - with the listings read on their own that name users who must be in it, the admins and the
 *   members of the exempt groups, which also holds where Okta gives no count.
 */
export function reconcileUsers(listed: UsersRead, counted: UserCount | undefined, admins: ReadonlyMap<string, unknown>, members: ReadonlyMap<string, unknown>): UsersRead['part'] {
  if (!listed.part.complete) return listed.part;
  const part = listed.part;
  const incomplete = (error: string) => ({ ...part, complete: false, error });
  if (counted !== undefined && 'error' in counted) return incomplete(`could not read Okta's count of users to confirm the listing is whole: ${counted.error}`);
  if (counted !== undefined && 'count' in counted && listed.users.length < counted.count) {
    return incomplete(`the user listing ended after ${listed.users.length} of the ${counted.count} users Okta counts (the Everyone group's usersCount): it did not reach its last page`);
  }
  const ids = new Set(listed.users.map((user) => user.id));
  const missing = [...new Set([...admins.keys(), ...members.keys()])].filter((id) => !ids.has(id)).sort();
  if (missing.length === 0) return part;
  const shown = missing.slice(0, 3).join(', ') + (missing.length > 3 ? `, and ${missing.length - 3} more` : '');
  return incomplete(`the user listing ended without ${missing.length} user${missing.length === 1 ? '' : 's'} that the admin or exempt-group listings name (${shown}): it did not reach its last page`);
}

/** Users in id order, so two reads of the same org give the same snapshot whatever the order of answers. */
export function sortUsers(users: OktaUser[]): OktaUser[] {
  return users.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
