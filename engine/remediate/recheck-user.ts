/**
 * The last look before a change: the candidate read again from Okta, and left alone if anything that
 * made it a candidate is no longer true (status, last sign-in, admin roles, exempt groups). A user
 * that cannot be read again is left alone too: nothing is changed on the strength of the snapshot
 * alone.
 */
import type { Exemptions, InactiveSettings } from './inactive-candidates.ts';
import { exemptReason, inactivity, observe } from './inactive-candidates.ts';
import type { OktaLifecycleClient } from './okta-lifecycle-client.ts';
import type { ObservedUser } from './remediation-record.ts';

/**
 * The candidate as Okta has it now, or why it must be left alone, with the user as read again when
 * it was (the `skip` evidence record shows what changed).
 */
export async function recheck(
  client: OktaLifecycleClient,
  candidate: ObservedUser,
  settings: InactiveSettings,
  exemptions: Exemptions,
  now: Date,
): Promise<{ user: ObservedUser } | { skip: string; user?: ObservedUser }> {
  let seen: ObservedUser | undefined;
  try {
    const read = await client.readUser(candidate.id);
    if ('gone' in read) return { skip: 'no longer exists in Okta' };
    const fresh = read.user;
    seen = observe({ ...fresh, adminRoles: candidate.adminRoles, groups: candidate.groups }, now);
    if (fresh.status !== 'ACTIVE') return { skip: `status is now ${fresh.status}`, user: seen };
    // Compared as instants: the snapshot and the API may write the same moment differently.
    if (fresh.lastLogin !== null && (candidate.lastLogin === null || Date.parse(fresh.lastLogin) > Date.parse(candidate.lastLogin))) {
      return { skip: `signed in at ${fresh.lastLogin}, after the snapshot`, user: seen };
    }
    const days = inactivity(fresh, now).days;
    if (days <= settings.afterDays) return { skip: `inactive for ${days} days now, not more than ${settings.afterDays}`, user: seen };
    // A login renamed since the snapshot can make the account exempt by configuration.
    const renamed = exemptReason({ id: fresh.id, login: fresh.login, groups: [] }, exemptions);
    if (renamed !== undefined) return { skip: `now ${renamed} (login ${fresh.login})`, user: seen };
    const roles = await client.readAdminRoles(candidate.id);
    seen = { ...seen, adminRoles: roles };
    if (roles.length > 0) return { skip: `now an administrator (${roles.join(', ')})`, user: seen };
    const groups = exemptions.groups.length === 0 ? [] : await client.readGroups(candidate.id, exemptions.groups);
    seen = { ...seen, groups };
    if (groups.length > 0) return { skip: `now a member of the exempt group ${groups.join(', ')}`, user: seen };
    return { user: seen };
  } catch (error) {
    return { skip: `could not be read again before acting (${(error as Error).message})`, ...(seen === undefined ? {} : { user: seen }) };
  }
}

/** The user after the change, for the `after` record; null when it cannot be read. */
export async function readAfter(client: OktaLifecycleClient, before: ObservedUser, now: Date): Promise<ObservedUser | null> {
  try {
    const read = await client.readUser(before.id);
    return 'gone' in read ? null : observe({ ...read.user, adminRoles: before.adminRoles, groups: before.groups }, now);
  } catch {
    return null;
  }
}
