/**
 * The System Log since the last run, narrowed to the events that change what the snapshot holds
 * (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/SystemLog/#tag/SystemLog/operation/listLogEvents,
 * event types: https://developer.okta.com/docs/reference/api/event-types/):
 *
 * - user.lifecycle.*, user.account.*: status, activation, profile (login, email), lock, delete;
 * - user.mfa.factor.*, system.mfa.factor.*: factors enrolled, reset, deactivated;
 * - user.account.privilege.grant|revoke (a user's admin roles), group.privilege.* and iam.*
 *   (roles granted to groups, custom roles and resource sets: anyone's roles may have changed);
 * - group.user_membership.add|remove: exempt-group membership, and admin roles held through groups;
 * - user.session.start: sign-ins, for `lastLogin`.
 *
 * The query is bounded (`since` and `until`), so Okta stops sending `rel="next"` at the end; a
 * polling query (no `until`) always has a next link. Results come oldest first.
 */
import type { Client, LogEvent } from '@okta/okta-sdk-nodejs';
import { readPages, type PagedRead } from './read-pages.ts';

export const EVENT_PREFIXES = ['user.lifecycle.', 'user.account.', 'user.mfa.factor.', 'system.mfa.factor.', 'group.privilege.', 'iam.'] as const;
export const EVENT_TYPES = ['group.user_membership.add', 'group.user_membership.remove', 'user.session.start'] as const;

/** `eventType sw "user.lifecycle." or … or eventType eq "user.session.start"` (the System Log filter supports `sw` and `eq`). */
export const LOG_FILTER = [...EVENT_PREFIXES.map((prefix) => `eventType sw "${prefix}"`), ...EVENT_TYPES.map((type) => `eventType eq "${type}"`)].join(' or ');

/** Okta's largest System Log page. */
export const LOG_PAGE_SIZE = 1000;

export async function readSystemLog(client: Client, since: Date, until: Date): Promise<PagedRead<LogEvent>> {
  return readPages('System Log', () =>
    client.systemLogApi.listLogEvents({ since: since.toISOString(), until: until.toISOString(), filter: LOG_FILTER, limit: LOG_PAGE_SIZE, sortOrder: 'ASCENDING' }),
  );
}
