/**
 * The last look before a change: the candidate read again from Okta, and left alone if anything that
 * made it a candidate is no longer true (status, last sign-in, admin roles, exempt groups). A user
 * that cannot be read again is left alone too: nothing is changed on the strength of the snapshot
 * alone.
 */
import type { Exemptions, InactiveSettings } from './inactive-candidates.ts';
import { inactivity, observe } from './inactive-candidates.ts';
import type { OktaLifecycleClient } from './okta-lifecycle-client.ts';
import type { ObservedUser } from './remediation-record.ts';

/** The candidate as Okta has it now, or why it must be left alone. */
export async function recheck(client: OktaLifecycleClient, candidate: ObservedUser, settings: InactiveSettings, exemptions: Exemptions, now: Date): Promise<{ user: ObservedUser } | { skip: string }> {
  try {
    const read = await client.readUser(candidate.id);
    if ('gone' in read) return { skip: 'no longer exists in Okta' };
    const fresh = read.user;
    if (fresh.status !== 'ACTIVE') return { skip: `status is now ${fresh.status}` };
    if (fresh.lastLogin !== null && (candidate.lastLogin === null || fresh.lastLogin > candidate.lastLogin)) return { skip: `signed in at ${fresh.lastLogin}, after the snapshot` };
    const days = inactivity(fresh, now).days;
    if (days <= settings.afterDays) return { skip: `inactive for ${days} days now, not more than ${settings.afterDays}` };
    const roles = await client.readAdminRoles(candidate.id);
    if (roles.length > 0) return { skip: `now an administrator (${roles.join(', ')})` };
    const groups = exemptions.groups.length === 0 ? [] : await client.readGroups(candidate.id, exemptions.groups);
    if (groups.length > 0) return { skip: `now a member of the exempt group ${groups.join(', ')}` };
    return { user: observe({ ...fresh, adminRoles: roles, groups }, now) };
  } catch (error) {
    return { skip: `could not be read again before acting (${(error as Error).message})` };
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
