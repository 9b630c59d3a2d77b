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
import { listAllUsers } from './read-users.ts';

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
  const admins = await readAdminRoles(client, settings.concurrency);
  const groups = await readExemptGroups(client, settings.exemptGroups, settings.pageSize);
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

/** Users in id order, so two reads of the same org give the same snapshot whatever the order of answers. */
export function sortUsers(users: OktaUser[]): OktaUser[] {
  return users.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
