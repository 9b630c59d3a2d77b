/**
 * Group memberships, only of the groups configuration names as exemptions
 * (`controls.okta-inactive-users.exemptGroups`, `remediation.okta-inactive-users.exempt.groups`):
 * listing every user's groups would cost a request per user for no control's benefit. Every other
 * group is left out, so a user's `groups` lists only the exempt groups they belong to; the snapshot's
 * parameters name the groups read (`groupsRead`).
 *
 * A group is found by name with `q` (a prefix match, https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Group/#tag/Group/operation/listGroups),
 * then kept only on an exact name; its members are listed with Link pagination
 * (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Group/#tag/Group/operation/listGroupUsers).
 * A configured group that does not exist exempts nobody: the safe direction.
 *
 * The group is asked for with `expand=stats`, whose `_embedded.stats.usersCount` is Okta's count of
 * its members (same page). A member listing that ends short of that count (a `rel="next"` link that
 * went missing) is incomplete, not whole: a member left out would lose their exemption, and the
 * remediation would suspend a break-glass account.
 */
import type { Client } from '@okta/okta-sdk-nodejs';
import type { ComplianceConfig } from '../../config/schema.ts';
import type { SnapshotPart } from '../../model.ts';
import { readPages } from './read-pages.ts';

/** The exempt group names from configuration, sorted, without duplicates. */
export function exemptGroupNames(config: ComplianceConfig): string[] {
  const control = (config.controls['okta-inactive-users'] as { exemptGroups?: string[] } | undefined)?.exemptGroups ?? [];
  const remediation = config.remediation['okta-inactive-users']?.exempt.groups ?? [];
  return [...new Set([...control, ...remediation])].sort();
}

export interface GroupsRead {
  /** userId → names of the exempt groups the user is in. */
  members: Map<string, string[]>;
  /** name → ids of the groups with that exact name (empty: no such group). */
  groupIds: Record<string, string[]>;
  part: SnapshotPart;
}

export async function readExemptGroups(client: Client, names: readonly string[], pageSize: number): Promise<GroupsRead> {
  const members = new Map<string, string[]>();
  const groupIds: Record<string, string[]> = {};
  const errors: string[] = [];
  let pages = 0;
  let memberships = 0;
  for (const name of names) {
    const found = await readPages(`group ${name}`, () => client.groupApi.listGroups({ q: name, limit: 200, expand: 'stats' }));
    pages += found.pages;
    if (!found.complete) {
      errors.push(found.error ?? `group ${name} not found`);
      continue;
    }
    const exact = found.items.filter((group) => group.profile?.name === name);
    groupIds[name] = exact.map((group) => String(group.id));
    for (const group of exact) {
      const groupId = String(group.id);
      const listed = await readPages(`members of ${name}`, () => client.groupApi.listGroupUsers({ groupId, limit: pageSize }));
      pages += listed.pages;
      if (!listed.complete) errors.push(listed.error ?? `members of ${name} not read`);
      const counted = group._embedded?.stats?.usersCount;
      if (listed.complete && typeof counted === 'number' && listed.items.length < counted) {
        errors.push(`members of ${name} (${groupId}): the listing ended after ${listed.items.length} of the ${counted} members Okta counts (_embedded.stats.usersCount), on page ${listed.pages}`);
      }
      for (const user of listed.items) {
        const id = String(user.id);
        const groups = members.get(id) ?? [];
        if (!groups.includes(name)) {
          members.set(id, [...groups, name].sort());
          memberships += 1;
        }
      }
    }
  }
  const error = errors.length === 0 ? undefined : errors.join('; ');
  return { members, groupIds, part: { complete: error === undefined, count: memberships, pages, ...(error ? { error } : {}) } };
}

/** The exempt groups one user is in, from the user's own group list (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/listUserGroups). */
export async function readUserGroups(client: Client, userId: string, names: readonly string[]): Promise<{ groups: string[]; pages: number } | { error: string; pages: number }> {
  const read = await readPages(`groups of ${userId}`, () => client.userApi.listUserGroups({ userId }));
  if (!read.complete) return { error: read.error ?? `groups of ${userId} not read`, pages: read.pages };
  const groups = [...new Set(read.items.map((group) => String(group.profile?.name)).filter((name) => names.includes(name)))].sort();
  return { groups, pages: read.pages };
}
