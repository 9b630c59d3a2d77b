/**
 * The Okta snapshot: users with their status, last login, MFA factors, admin roles and groups.
 * Normalized from the Users, Factors and Roles APIs:
 * https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/
 * https://developer.okta.com/docs/api/openapi/okta-management/management/tag/UserFactor/
 * https://developer.okta.com/docs/api/openapi/okta-management/management/tag/RoleAssignmentAUser/
 */
import { z } from 'zod';
import { defineSource } from './define-source.ts';

const dateTime = z.iso.datetime({ offset: true });

/** https://developer.okta.com/docs/reference/api/users/#user-status */
export const OktaUserStatus = z.enum([
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
]);
export type OktaUserStatus = z.infer<typeof OktaUserStatus>;

/** Statuses in which a user can still sign in (or will after a reset), so they are in scope for MFA. */
export const SIGN_IN_CAPABLE_STATUSES: readonly OktaUserStatus[] = ['ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT'];

export const OktaFactor = z.object({
  id: z.string(),
  /** `push`, `token:software:totp`, `webauthn`, `signed_nonce` (FastPass), `sms`, `call`, `email`, `question`, … */
  type: z.string(),
  provider: z.string(),
  /** `ACTIVE`, `PENDING_ACTIVATION`, `NOT_SETUP`, `INACTIVE`, `EXPIRED`, … */
  status: z.string(),
});
export type OktaFactor = z.infer<typeof OktaFactor>;

export const OktaUser = z.object({
  id: z.string(),
  login: z.string(),
  email: z.string().optional(),
  status: OktaUserStatus,
  created: dateTime,
  activated: dateTime.nullable(),
  statusChanged: dateTime.nullable(),
  lastLogin: dateTime.nullable(),
  /** Part `factors`. */
  factors: z.array(OktaFactor),
  /** Part `adminRoles`: role types such as `SUPER_ADMIN`, `ORG_ADMIN`, `CUSTOM`. */
  adminRoles: z.array(z.string()),
  /** Part `groups`: group names. */
  groups: z.array(z.string()),
});
export type OktaUser = z.infer<typeof OktaUser>;

export const OktaData = z.object({
  orgUrl: z.url(),
  users: z.array(OktaUser),
});
export type OktaData = z.infer<typeof OktaData>;

export const oktaSource = defineSource({
  id: 'okta',
  title: 'Okta',
  parts: ['users', 'factors', 'adminRoles', 'groups'],
  data: OktaData,
});
