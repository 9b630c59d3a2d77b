/**
 * A few named Okta users placed in time relative to a given "now" (the Okta server's, which may be
 * far from the test runner's), for tests that need exact inactivity, admins and group members.
 */
import { createHash } from 'node:crypto';
import { OktaOrg, type UserStatus } from './okta-org.ts';

const DAY_MS = 86_400_000;

export interface SmallOrgUser {
  name: string;
  /** Days before `now` of the last sign-in; null: never signed in. */
  lastLoginDaysAgo: number | null;
  status?: UserStatus;
  /** Days before `now` of the activation. Default 400. */
  activatedDaysAgo?: number;
  /** An active push factor. Default true. */
  mfa?: boolean;
  /** A direct admin role (`SUPER_ADMIN`, …). */
  admin?: string;
  /** Groups the user is in (created on first use). */
  groups?: string[];
}

/** `00u` and 17 characters, the shape of an Okta user id; stable per name, so ids sort by their hash. */
export const oktaUserId = (name: string) => `00u${createHash('sha256').update(name).digest('hex').slice(0, 17)}`;

export function smallOktaOrg(now: Date, users: readonly SmallOrgUser[]): OktaOrg {
  const org = new OktaOrg(now);
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  for (const user of users) {
    const activated = daysAgo(user.activatedDaysAgo ?? 400);
    const id = oktaUserId(user.name);
    org.addUser(
      {
        id,
        status: user.status ?? 'ACTIVE',
        created: daysAgo((user.activatedDaysAgo ?? 400) + 1),
        activated,
        statusChanged: activated,
        lastLogin: user.lastLoginDaysAgo === null ? null : daysAgo(user.lastLoginDaysAgo),
        profile: { login: `${user.name}@acme.example`, email: `${user.name}@acme.example`, firstName: user.name, lastName: 'Test' },
      },
      { log: false },
    );
    if (user.mfa !== false) org.addFactor(id, { factorType: 'push', provider: 'OKTA', status: 'ACTIVE' }, activated, { log: false });
    if (user.admin !== undefined) org.grantRole(id, user.admin, activated, { log: false });
    for (const name of user.groups ?? []) {
      const group = org.groupByName(name) ?? org.addGroup(name, activated);
      org.addMember(group.id, id, activated, { log: false });
    }
  }
  return org;
}
