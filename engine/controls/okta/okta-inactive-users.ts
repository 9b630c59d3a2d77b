import { z } from 'zod';
import { oktaSource, SIGN_IN_CAPABLE_STATUSES } from '../../snapshots/okta.ts';
import { defineControl } from '../define-control.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export const control = defineControl({
  id: 'okta-inactive-users',
  title: 'No Okta account stays active after 90 days without a sign-in',
  source: oktaSource,
  needs: ['users', 'groups'],
  area: 'access-control',
  severity: 'medium',
  risk:
    'Accounts nobody uses belong to people who left or changed roles, and nobody notices when they are taken over; ' +
    'removing them is the deprovisioning evidence SOC 2 CC6.2 and ISO 27001 A.5.18 ask for.',
  remediation: [
    "Confirm with each listed user's manager whether the account is still needed.",
    'Suspend or deactivate the accounts that are not (Evident can suspend them for you: remediation.okta-inactive-users).',
    'For accounts that must stay (break-glass, service accounts), add them to an exempt group and record why.',
    'Check that the HR offboarding process deactivates Okta accounts on the last working day.',
  ],
  summary: { noun: ['active account', 'active accounts'], failing: 'without a sign-in within the allowed period' },
  params: z.strictObject({
    /** Days without a sign-in after which an active account fails. */
    maxInactiveDays: z.number().int().positive().default(90),
    /** Logins or user ids exempt from the test; recorded as skipped. */
    exemptUsers: z.array(z.string()).default([]),
    /** Okta group names whose members are exempt (break-glass, service accounts); recorded as skipped. */
    exemptGroups: z.array(z.string()).default([]),
  }),
  evaluate(data, params, now) {
    return data.users
      .filter((user) => SIGN_IN_CAPABLE_STATUSES.includes(user.status))
      .map((user) => {
        const resource = user.id;
        // A user who never signed in is measured from activation (or creation): an account
        // provisioned 120 days ago and never used is as stale as one last used 120 days ago.
        const since = user.lastLogin ?? user.activated ?? user.created;
        const days = Math.floor((now.getTime() - Date.parse(since)) / DAY_MS);
        const what = user.lastLogin === null ? `has never signed in since it was ${user.activated ? 'activated' : 'created'} ${since.slice(0, 10)}` : `last signed in ${since.slice(0, 10)}`;
        const details = { login: user.login, status: user.status, lastLogin: user.lastLogin, since, inactiveDays: days, maxInactiveDays: params.maxInactiveDays };
        const exemptGroup = user.groups.find((group) => params.exemptGroups.includes(group));
        if (params.exemptUsers.includes(user.login) || params.exemptUsers.includes(user.id) || exemptGroup !== undefined) {
          const why = exemptGroup === undefined ? 'by configuration' : `as a member of ${exemptGroup}`;
          return { status: 'skipped' as const, resource, message: `User ${user.login} (${user.id}) ${what} and is exempt ${why}.`, details };
        }
        if (days > params.maxInactiveDays) {
          return {
            status: 'fail' as const,
            resource,
            message: `User ${user.login} (${user.id}, ${user.status}) ${what}: ${days} days inactive, more than the ${params.maxInactiveDays} allowed.`,
            details,
          };
        }
        return { status: 'pass' as const, resource, message: `User ${user.login} (${user.id}) ${what}: ${days} days, within ${params.maxInactiveDays}.`, details };
      });
  },
});
