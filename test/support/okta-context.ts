/**
 * What the Okta integration tests share: a configuration naming the loopback org, a collector
 * context aimed at it, and the snapshot users the org should give, computed from the org's state
 * independently of the collector (the oracle every scan and incremental merge is compared with).
 */
import type { CollectContext } from '../../engine/collectors/collector.ts';
import { ComplianceConfig } from '../../engine/config/schema.ts';
import type { EvidenceStore } from '../../engine/evidence/store.ts';
import { SIGN_IN_CAPABLE_STATUSES, type OktaUser } from '../../engine/snapshots/okta.ts';
import type { OktaOrg } from './okta-org.ts';
import type { OktaTestServer } from './okta-server.ts';

export interface OktaConfigOptions {
  /** controls.okta-inactive-users.exemptGroups */
  exemptGroups?: string[];
  /** remediation.okta-inactive-users, as written in compliance.yml. */
  remediation?: Record<string, unknown>;
}

export function oktaConfig(server: Pick<OktaTestServer, 'orgUrl'>, options: OktaConfigOptions = {}): ComplianceConfig {
  return ComplianceConfig.parse({
    version: 1,
    organization: 'acme',
    sources: { okta: { orgUrl: server.orgUrl } },
    controls: { 'okta-inactive-users': { exemptGroups: options.exemptGroups ?? ['break-glass'] } },
    remediation: { 'okta-inactive-users': options.remediation ?? { exempt: { groups: ['service-accounts'] } } },
  });
}

export interface CapturedLog {
  info: string[];
  warn: string[];
}

export function oktaContext(server: OktaTestServer, now: Date, options: { config?: ComplianceConfig; store?: EvidenceStore; log?: CapturedLog } = {}): CollectContext {
  const log = options.log ?? { info: [], warn: [] };
  return {
    config: options.config ?? oktaConfig(server),
    env: { OKTA_TOKEN: server.token },
    now,
    store: options.store,
    fetch: server.fetch,
    log: { info: (message) => log.info.push(message), warn: (message) => log.warn.push(message) },
  };
}

/** The users a correct collector reads from `org`, with `groups` limited to `exemptGroups`. */
export function expectedOktaUsers(org: OktaOrg, exemptGroups: readonly string[]): OktaUser[] {
  return org.sortedUsers().map((user) => ({
    id: user.id,
    login: user.profile.login,
    email: user.profile.email,
    status: user.status,
    created: user.created,
    activated: user.activated,
    statusChanged: user.statusChanged,
    lastLogin: user.lastLogin,
    factors: SIGN_IN_CAPABLE_STATUSES.includes(user.status)
      ? (org.factors.get(user.id) ?? [])
          .map((factor) => ({ id: factor.id, type: factor.factorType, provider: factor.provider, status: factor.status }))
          .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      : [],
    adminRoles: [...new Set(org.effectiveRoles(user.id).map((role) => role.type))].sort(),
    groups: [...org.groups.values()]
      .filter((group) => exemptGroups.includes(group.name) && group.members.has(user.id))
      .map((group) => group.name)
      .sort(),
  }));
}
