import { z } from 'zod';
import { oktaSource, SIGN_IN_CAPABLE_STATUSES } from '../../snapshots/okta.ts';
import { defineControl } from '../define-control.ts';
import { activeFactors, describeFactors, PHISHING_RESISTANT_FACTOR_TYPES } from './mfa-factors.ts';

export const control = defineControl({
  id: 'okta-admin-mfa',
  title: 'Every Okta administrator has MFA enrolled',
  source: oktaSource,
  needs: ['users', 'factors', 'adminRoles'],
  area: 'access-control',
  severity: 'critical',
  risk:
    'An administrator can change sign-on policies, reset other users and grant access to every app: ' +
    'one phished admin password without a second factor is a takeover of the whole identity provider.',
  remediation: [
    'Have each listed administrator enroll a phishing-resistant factor (Okta FastPass or a FIDO2 security key) today.',
    'Require MFA for the Okta Admin Console in its authentication policy, so an admin without a factor cannot sign in to it.',
    'Remove admin roles that are no longer needed, and review the admin list as part of the quarterly access review.',
  ],
  summary: { noun: ['administrator', 'administrators'], failing: 'without the required MFA factor' },
  params: z.strictObject({
    /** Require WebAuthn/FIDO2 or Okta FastPass for admins; push, TOTP and SMS can be relayed by a phishing proxy. */
    requirePhishingResistant: z.boolean().default(false),
    /** Factor types that do not count as a second factor. */
    excludedFactorTypes: z.array(z.string()).default(['question']),
    /** Logins or user ids exempt from the test; recorded as skipped so the exemption is itself evidence. */
    exemptUsers: z.array(z.string()).default([]),
  }),
  evaluate(data, params) {
    return data.users
      .filter((user) => user.adminRoles.length > 0 && SIGN_IN_CAPABLE_STATUSES.includes(user.status))
      .map((user) => {
        const resource = user.id;
        const roles = user.adminRoles.join(', ');
        const details = { login: user.login, status: user.status, adminRoles: user.adminRoles, factors: user.factors.map((f) => ({ type: f.type, status: f.status })) };
        if (params.exemptUsers.includes(user.login) || params.exemptUsers.includes(user.id)) {
          return { status: 'skipped' as const, resource, message: `Administrator ${user.login} (${user.id}, ${roles}) is exempt from the admin MFA test by configuration.`, details };
        }
        const counted = activeFactors(user.factors, params.excludedFactorTypes);
        const strong = counted.filter((factor) => PHISHING_RESISTANT_FACTOR_TYPES.includes(factor.type));
        if (counted.length === 0) {
          return {
            status: 'fail' as const,
            resource,
            message: `Administrator ${user.login} (${user.id}, ${roles}) has no active MFA factor; enrolled: ${describeFactors(user.factors)}.`,
            details,
          };
        }
        if (params.requirePhishingResistant && strong.length === 0) {
          return {
            status: 'fail' as const,
            resource,
            message: `Administrator ${user.login} (${user.id}, ${roles}) has no phishing-resistant factor; active: ${counted.map((f) => f.type).join(', ')}; required one of ${PHISHING_RESISTANT_FACTOR_TYPES.join(', ')}.`,
            details,
          };
        }
        const shown = params.requirePhishingResistant ? strong : counted;
        return {
          status: 'pass' as const,
          resource,
          message: `Administrator ${user.login} (${user.id}, ${roles}) has ${params.requirePhishingResistant ? 'a phishing-resistant factor' : 'an active MFA factor'}: ${shown.map((f) => f.type).join(', ')}.`,
          details,
        };
      });
  },
});
