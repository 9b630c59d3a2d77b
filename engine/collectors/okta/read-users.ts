/**
 * Every user, in every status. Listing users without a query returns all but DEPROVISIONED ones, so
 * a second listing with `filter=status eq "DEPROVISIONED"` adds those; `filter` reads current data,
 * where `search` is eventually consistent
 * (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/listUsers).
 */
import type { Client } from '@okta/okta-sdk-nodejs';
import type { SnapshotPart } from '../../model.ts';
import { describeOktaError, statusOf } from './okta-client.ts';
import { toUserCore, type OktaUserCore } from './okta-user-core.ts';
import { readPages } from './read-pages.ts';

export interface UsersRead {
  users: OktaUserCore[];
  part: SnapshotPart;
  /** Set when the failure was a rate limit that outlasted the retries: reading more would only make it worse. */
  rateLimited: boolean;
}

export async function listAllUsers(client: Client, pageSize: number): Promise<UsersRead> {
  const listed = await readPages('users', () => client.userApi.listUsers({ limit: pageSize }));
  const deprovisioned = listed.complete
    ? await readPages('DEPROVISIONED users', () => client.userApi.listUsers({ filter: 'status eq "DEPROVISIONED"', limit: pageSize }))
    : { items: [], pages: 0, complete: false, error: 'not read: the user listing failed' };
  // A user deactivated between the two listings appears in both: the later answer wins.
  const byId = new Map<string, OktaUserCore>();
  for (const user of [...listed.items, ...deprovisioned.items]) byId.set(String(user.id), toUserCore(user));
  const error = listed.error ?? deprovisioned.error;
  return {
    users: [...byId.values()],
    part: { complete: listed.complete && deprovisioned.complete, count: byId.size, pages: listed.pages + deprovisioned.pages, ...(error ? { error } : {}) },
    rateLimited: listed.status === 429 || ('status' in deprovisioned && deprovisioned.status === 429),
  };
}

/** One user as it is now, `gone` when Okta no longer knows the id (deleted), or the error. */
export async function readUser(client: Client, id: string): Promise<{ user: OktaUserCore } | { gone: true } | { error: string; status?: number }> {
  try {
    return { user: toUserCore(await client.userApi.getUser({ userId: id })) };
  } catch (error) {
    const status = statusOf(error);
    if (status === 404) return { gone: true };
    return { error: `${describeOktaError(error)} (user ${id})`, ...(status === undefined ? {} : { status }) };
  }
}
