import { z } from 'zod';
import { oktaSource, SIGN_IN_CAPABLE_STATUSES } from '../../snapshots/okta.ts';
import { defineControl } from '../define-control.ts';
import { activeFactors, describeFactors } from './mfa-factors.ts';

export const control = defineControl({
  id: 'okta-mfa-enrolled',
  title: 'Every Okta user who can sign in has an MFA factor enrolled',
  source: oktaSource,
  needs: ['users', 'factors'],
  area: 'access-control',
  severity: 'high',
  risk:
    'An account protected by a password alone falls to phishing, password reuse and credential stuffing; ' +
    'multi-factor authentication is the control auditors expect on every workforce identity.',
  remediation: [
    'Ask each listed user to enroll an MFA factor (Okta Verify or a security key) from their Okta settings.',
    'Add an authentication policy rule that requires MFA for every app, so users without a factor are prompted to enroll.',
    'If a listed account is a service account, move it to an API token or OAuth client and list it under exemptUsers with a reason.',
  ],
  summary: { noun: ['user who can sign in', 'users who can sign in'], failing: 'without an active MFA factor' },
  params: z.strictObject({
    /** Factor types that do not count as a second factor. Security questions are guessable from public data. */
    excludedFactorTypes: z.array(z.string()).default(['question']),
    /** Logins or user ids exempt from the test (service accounts); they are recorded as skipped, not hidden. */
    exemptUsers: z.array(z.string()).default([]),
  }),
  evaluate(data, params) {
    return data.users
      .filter((user) => SIGN_IN_CAPABLE_STATUSES.includes(user.status))
      .map((user) => {
        const resource = user.id;
        const details = { login: user.login, status: user.status, adminRoles: user.adminRoles, factors: user.factors.map((f) => ({ type: f.type, status: f.status })) };
        if (params.exemptUsers.includes(user.login) || params.exemptUsers.includes(user.id)) {
          return { status: 'skipped' as const, resource, message: `User ${user.login} (${user.id}) is exempt from the MFA test by configuration.`, details };
        }
        const counted = activeFactors(user.factors, params.excludedFactorTypes);
        if (counted.length === 0) {
          return {
            status: 'fail' as const,
            resource,
            message: `User ${user.login} (${user.id}, ${user.status}) has no active MFA factor; enrolled: ${describeFactors(user.factors)}; 0 of 1 required.`,
            details,
          };
        }
        return {
          status: 'pass' as const,
          resource,
          message: `User ${user.login} (${user.id}) has ${counted.length} active MFA factor${counted.length === 1 ? '' : 's'}: ${counted.map((f) => f.type).join(', ')}.`,
          details,
        };
      });
  },
});
