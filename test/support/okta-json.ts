/**
 * Okta's wire format for the loopback server: the objects as the Management API documents them
 * (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/,
 * …/tag/UserFactor/, …/tag/RoleAssignmentAUser/, …/tag/Group/, …/tag/SystemLog/), with the fields
 * a client may read and the `_links` Okta sends.
 */
import type { OrgFactor, OrgGroup, OrgLogEvent, OrgRole, OrgUser } from './okta-org.ts';

export function renderUser(user: OrgUser, origin: string) {
  const { firstName, lastName, login, email, ...attributes } = user.profile;
  return {
    id: user.id,
    status: user.status,
    created: user.created,
    activated: user.activated,
    statusChanged: user.statusChanged,
    lastLogin: user.lastLogin,
    lastUpdated: user.lastUpdated,
    passwordChanged: user.activated,
    type: { id: 'oty1defaultusertype00' },
    profile: { firstName, lastName, mobilePhone: null, secondEmail: null, login, email, ...attributes },
    credentials: { password: {}, provider: { type: 'OKTA', name: 'OKTA' } },
    _links: { self: { href: `${origin}/api/v1/users/${user.id}` } },
  };
}

export function renderFactor(factor: OrgFactor, userId: string, origin: string) {
  return {
    id: factor.id,
    factorType: factor.factorType,
    provider: factor.provider,
    vendorName: factor.provider,
    status: factor.status,
    created: factor.created,
    lastUpdated: factor.created,
    profile: {},
    _links: { self: { href: `${origin}/api/v1/users/${userId}/factors/${factor.id}`, hints: { allow: ['GET', 'DELETE'] } } },
  };
}

export function renderRole(role: OrgRole & { assignmentType: 'USER' | 'GROUP' }, userId: string, origin: string) {
  return {
    id: role.id,
    label: role.label,
    type: role.type,
    status: 'ACTIVE',
    created: '2024-01-01T00:00:00.000Z',
    lastUpdated: '2024-01-01T00:00:00.000Z',
    assignmentType: role.assignmentType,
    ...(role.type === 'CUSTOM' ? { role: 'cr0customrole0000001', 'resource-set': 'iamresourceset000001' } : {}),
    _links: { assignee: { href: `${origin}/api/v1/users/${userId}` } },
  };
}

export function renderAssignee(userId: string, origin: string) {
  return {
    id: userId,
    orn: `orn:okta:directory:00o1acmeorg00000000:users:${userId}`,
    _links: { self: { href: `${origin}/api/v1/users/${userId}` }, roles: { href: `${origin}/api/v1/users/${userId}/roles` } },
  };
}

export function renderGroup(group: OrgGroup, origin: string) {
  return {
    id: group.id,
    created: group.created,
    lastUpdated: group.created,
    lastMembershipUpdated: group.created,
    objectClass: ['okta:user_group'],
    type: 'OKTA_GROUP',
    profile: { name: group.name, description: null },
    _links: { users: { href: `${origin}/api/v1/groups/${group.id}/users` } },
  };
}

export function renderEvent(event: OrgLogEvent) {
  return {
    actor: { ...event.actor, detailEntry: null },
    client: { userAgent: { rawUserAgent: 'test', os: 'Unknown', browser: 'UNKNOWN' }, zone: 'null', device: 'Unknown', id: null, ipAddress: '192.0.2.10', geographicalContext: null },
    device: null,
    authenticationContext: { authenticationProvider: null, credentialProvider: null, credentialType: null, issuer: null, interface: null, authenticationStep: 0, externalSessionId: 'trs0000000000000000' },
    displayMessage: event.displayMessage,
    eventType: event.eventType,
    outcome: { result: event.outcome.result, reason: null },
    published: event.published,
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    severity: 'INFO',
    debugContext: { debugData: {} },
    legacyEventType: null,
    transaction: { type: 'WEB', id: `tx-${event.uuid.slice(-8)}`, detail: {} },
    uuid: event.uuid,
    version: '0',
    request: { ipChain: [] },
    target: event.target.map((target) => ({ ...target, detailEntry: null })),
  };
}

/** Okta's error body (https://developer.okta.com/docs/reference/error-codes/). */
export function renderError(errorCode: string, errorSummary: string) {
  return { errorCode, errorSummary, errorLink: errorCode, errorId: `oae${Math.random().toString(36).slice(2, 12)}`, errorCauses: [] };
}

