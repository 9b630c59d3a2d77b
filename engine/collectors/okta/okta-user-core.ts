/**
 * A user as the Users API returns it, reduced to what the snapshot keeps
 * (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/getUser).
 * Factors, admin roles and groups come from other endpoints and are joined in later.
 */
import type { User } from '@okta/okta-sdk-nodejs';
import type { OktaUser } from '../../snapshots/okta.ts';

export type OktaUserCore = Omit<OktaUser, 'factors' | 'adminRoles' | 'groups'>;

/** The SDK turns Okta's timestamps into Date objects; the snapshot keeps ISO strings. */
function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function toUserCore(user: User): OktaUserCore {
  const email = user.profile?.email;
  return {
    id: String(user.id),
    login: String(user.profile?.login ?? ''),
    ...(email ? { email } : {}),
    // Validated against OktaUserStatus with the rest of the snapshot; an unknown status fails there, loudly.
    status: String(user.status) as OktaUser['status'],
    created: iso(user.created) ?? '',
    activated: iso(user.activated),
    statusChanged: iso(user.statusChanged),
    lastLogin: iso(user.lastLogin),
  };
}
