/**
 * Admin role assignments. One listing names every user holding an admin role, directly or through a
 * group (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/RoleAssignmentAUser/#tag/RoleAssignmentAUser/operation/listUsersWithRoleAssignments);
 * only for those few users are their roles then read
 * (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/RoleAssignmentAUser/#tag/RoleAssignmentAUser/operation/listAssignedRolesForUser),
 * instead of asking every user of the org.
 */
import type { Client } from '@okta/okta-sdk-nodejs';
import { mapConcurrent } from '../../evidence/map-concurrent.ts';
import type { SnapshotPart } from '../../model.ts';
import { describeOktaError, statusOf } from './okta-client.ts';
import { readPages } from './read-pages.ts';

export interface AdminIdsRead {
  ids: string[];
  pages: number;
  error?: string;
  status?: number;
}

/** The listing pages through `_links.next` in its body (not a Link header): its `after` goes back as a parameter. */
export async function listAdminIds(client: Client): Promise<AdminIdsRead> {
  const ids: string[] = [];
  let pages = 0;
  let after: string | undefined;
  try {
    do {
      const page = await client.roleAssignmentApi.listUsersWithRoleAssignments({ limit: 100, ...(after === undefined ? {} : { after }) });
      pages += 1;
      for (const assignee of page.value ?? []) if (assignee.id) ids.push(assignee.id);
      const next = page._links?.next?.href;
      after = next === undefined ? undefined : (new URL(next).searchParams.get('after') ?? undefined);
    } while (after !== undefined);
    return { ids: [...new Set(ids)], pages };
  } catch (error) {
    const status = statusOf(error);
    return { ids, pages, error: `${describeOktaError(error)} (users with role assignments, page ${pages + 1})`, ...(status === undefined ? {} : { status }) };
  }
}

export interface RolesRead {
  roles: Map<string, string[]>;
  pages: number;
  errors: string[];
}

/** Role types (`SUPER_ADMIN`, `ORG_ADMIN`, `CUSTOM`, …) of each user, sorted. */
export async function readRoles(client: Client, userIds: readonly string[], concurrency: number): Promise<RolesRead> {
  const roles = new Map<string, string[]>();
  const errors: string[] = [];
  let pages = 0;
  await mapConcurrent(userIds, concurrency, async (userId) => {
    const read = await readPages(`roles of ${userId}`, () => client.roleAssignmentApi.listAssignedRolesForUser({ userId }));
    pages += read.pages;
    if (!read.complete) {
      errors.push(read.error ?? `roles of ${userId} not read`);
      return;
    }
    roles.set(userId, [...new Set(read.items.map((role) => String(role.type)))].sort());
  });
  return { roles, pages, errors };
}

export interface AdminRolesRead {
  roles: Map<string, string[]>;
  part: SnapshotPart;
}

export async function readAdminRoles(client: Client, concurrency: number): Promise<AdminRolesRead> {
  const listed = await listAdminIds(client);
  if (listed.error !== undefined) return { roles: new Map(), part: { complete: false, count: 0, pages: listed.pages, error: listed.error } };
  const read = await readRoles(client, listed.ids, concurrency);
  const error = read.errors.length === 0 ? undefined : `roles of ${read.errors.length} of ${listed.ids.length} admins not read: ${read.errors[0]}`;
  return { roles: read.roles, part: { complete: error === undefined, count: read.roles.size, pages: listed.pages + read.pages, ...(error ? { error } : {}) } };
}
