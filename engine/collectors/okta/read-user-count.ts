/**
 * Okta's own count of the org's users, to reconcile the user listing with: the user listing gives
 * no total (no count header or field), but every user belongs to the built-in `Everyone` group, and
 * a group listed with `expand=stats` carries `_embedded.stats.usersCount`
 * (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Group/#tag/Group/operation/listGroups;
 * `filter=type eq "BUILT_IN"` finds it in one request).
 *
 * The full scan lists every user in every status (read-users.ts), so it holds at least as many
 * users as Everyone counts, whether or not Okta counts deactivated ones. Fewer means the listing
 * stopped before its last page.
 */
import type { Client } from '@okta/okta-sdk-nodejs';
import { readPages } from './read-pages.ts';

export type UserCount =
  /** Okta's count. */
  | { count: number }
  /** No Everyone group or no stats in the answer: nothing to reconcile with. */
  | { unknown: string }
  | { error: string };

export async function readUserCount(client: Client): Promise<UserCount> {
  const read = await readPages('the Everyone group', () => client.groupApi.listGroups({ filter: 'type eq "BUILT_IN"', expand: 'stats', limit: 200 }));
  if (!read.complete) return { error: read.error ?? 'the Everyone group could not be read' };
  const group = read.items.find((item) => item.profile?.name === 'Everyone');
  const count = group?._embedded?.stats?.usersCount;
  if (typeof count !== 'number') return { unknown: group === undefined ? 'Okta listed no Everyone group' : 'Okta gave no usersCount for the Everyone group' };
  return { count };
}
