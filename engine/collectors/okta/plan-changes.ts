/**
 * From System Log events to what must be read again, without any request: which users to re-read
 * and which of their parts, whether the admin listing must be read, and the sign-ins to apply.
 *
 * Sign-ins are applied from the event, not re-read: a 10,000-user org has thousands of sign-ins an
 * hour, one GET each would blow the budget, and the event's `published` time is the moment Okta
 * records as `lastLogin` (to the second; the inactivity control counts days). Only successful
 * `user.session.start` counts: `user.authentication.sso` (signing in to an app inside an existing
 * session) does not move Okta's `lastLogin`, so counting it would make the incremental snapshot
 * differ from a full read.
 */
import type { LogEvent } from '@okta/okta-sdk-nodejs';

export type UserPart = 'user' | 'factors' | 'roles' | 'groups';

export interface ChangePlan {
  /** userId → the parts to read again. */
  reread: Map<string, Set<UserPart>>;
  /**
   * `none`; `diff`: list admins again and read the roles of new ones and of the named users
   * (membership changes may grant roles held by a group); `all`: read every admin's roles
   * (a group's or a custom role's grants changed, so anyone's may have).
   */
  adminListing: 'none' | 'diff' | 'all';
  /** Users whose roles the listing diff must re-read when they are or were admins. */
  roleCandidates: Set<string>;
  /** userId → latest successful sign-in (ISO). */
  signIns: Map<string, string>;
  /** The latest `published` among the events, the next cursor. */
  latest: string | undefined;
}

function usersNamed(event: LogEvent, fallbackToActor: boolean): string[] {
  const targets = (event.target ?? []).filter((target) => target.type === 'User' && target.id).map((target) => String(target.id));
  if (targets.length > 0 || !fallbackToActor) return targets;
  return event.actor?.type === 'User' && event.actor.id ? [event.actor.id] : [];
}

const iso = (value: Date | string | undefined) => (value === undefined ? undefined : new Date(value).toISOString());

/** The events the next run may skip: all but sign-ins, published inside the next overlap window. */
export function appliedEvents(events: readonly LogEvent[], windowStart: string): string[] {
  return events.filter((event) => event.eventType !== 'user.session.start' && event.uuid !== undefined && (iso(event.published) ?? '') >= windowStart).map((event) => String(event.uuid));
}

/** Events whose reads an earlier run already did (their uuids), skipped. */
export function planChanges(events: readonly LogEvent[], exemptGroups: Record<string, readonly string[]>, applied: ReadonlySet<string> = new Set()): ChangePlan {
  const plan: ChangePlan = { reread: new Map(), adminListing: 'none', roleCandidates: new Set(), signIns: new Map(), latest: undefined };
  const exemptIds = new Set(Object.values(exemptGroups).flat());
  const exemptNames = new Set(Object.keys(exemptGroups));
  const mark = (ids: string[], ...parts: UserPart[]) => {
    for (const id of ids) {
      const set = plan.reread.get(id) ?? new Set<UserPart>();
      for (const part of parts) set.add(part);
      plan.reread.set(id, set);
    }
  };
  const raise = (level: 'diff' | 'all') => {
    if (plan.adminListing !== 'all') plan.adminListing = level;
  };
  for (const event of events) {
    const type = event.eventType ?? '';
    const published = iso(event.published);
    if (published !== undefined && (plan.latest === undefined || published > plan.latest)) plan.latest = published;
    if (event.uuid !== undefined && applied.has(event.uuid)) continue;
    if (type === 'user.session.start') {
      if (event.outcome?.result !== 'SUCCESS' || published === undefined) continue;
      for (const id of usersNamed(event, true)) {
        const known = plan.signIns.get(id);
        if (known === undefined || published > known) plan.signIns.set(id, published);
      }
    } else if (type.startsWith('user.account.privilege.')) {
      mark(usersNamed(event, false), 'roles');
    } else if (type.startsWith('user.lifecycle.')) {
      mark(usersNamed(event, false), 'user', 'factors');
    } else if (type.startsWith('user.account.')) {
      // Lock, unlock, password and profile changes: the user itself. Factors only when the status
      // crosses into or out of the statuses whose factors are read (apply-changes.ts sees to that).
      mark(usersNamed(event, false), 'user');
    } else if (type.startsWith('user.mfa.factor.') || type.startsWith('system.mfa.factor.')) {
      mark(usersNamed(event, true), 'factors');
    } else if (type.startsWith('group.privilege.') || type.startsWith('iam.')) {
      raise('all');
    } else if (type === 'group.user_membership.add' || type === 'group.user_membership.remove') {
      const users = usersNamed(event, false);
      const groups = (event.target ?? []).filter((target) => target.type === 'UserGroup');
      if (groups.some((group) => exemptIds.has(String(group.id)) || exemptNames.has(String(group.displayName)))) mark(users, 'groups');
      raise('diff');
      for (const id of users) plan.roleCandidates.add(id);
    }
  }
  return plan;
}
