/**
 * Who the inactive-users remediation may act on, from a snapshot, without any request: ACTIVE
 * users whose inactivity (counted exactly as the okta-inactive-users control counts it) exceeds
 * `afterDays`, less administrators and exempt users. The caps decide whether the batch may run.
 *
 * Exemptions are the union of the remediation's (`remediation.okta-inactive-users.exempt`) and the
 * control's (`controls.okta-inactive-users.exemptUsers|exemptGroups`): an account the control
 * exempts is never changed by the fix for that control.
 */
import type { ComplianceConfig } from '../config/schema.ts';
import type { OktaUser } from '../snapshots/okta.ts';
import type { ObservedUser } from './remediation-record.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export type InactiveSettings = NonNullable<ComplianceConfig['remediation']['okta-inactive-users']>;

export const DEFAULT_SETTINGS: InactiveSettings = { mode: 'dry-run', afterDays: 120, maxUsers: 10, maxPercent: 5, exempt: { users: [], groups: [] } };

export interface Exemptions {
  users: string[];
  groups: string[];
}

export function exemptionsFor(config: ComplianceConfig, settings: InactiveSettings): Exemptions {
  const control = (config.controls['okta-inactive-users'] ?? {}) as { exemptUsers?: string[]; exemptGroups?: string[] };
  return {
    users: [...new Set([...settings.exempt.users, ...(control.exemptUsers ?? [])])],
    groups: [...new Set([...settings.exempt.groups, ...(control.exemptGroups ?? [])])],
  };
}

/** As engine/controls/okta/okta-inactive-users.ts: from the last sign-in, else activation, else creation; whole days. */
export function inactivity(user: Pick<OktaUser, 'lastLogin' | 'activated' | 'created'>, now: Date): { since: string; days: number } {
  const since = user.lastLogin ?? user.activated ?? user.created;
  return { since, days: Math.floor((now.getTime() - Date.parse(since)) / DAY_MS) };
}

export function observe(user: Pick<OktaUser, 'id' | 'login' | 'status' | 'lastLogin' | 'activated' | 'created' | 'adminRoles' | 'groups'>, now: Date): ObservedUser {
  const { since, days } = inactivity(user, now);
  return { id: user.id, login: user.login, status: user.status, lastLogin: user.lastLogin, since, inactiveDays: days, adminRoles: user.adminRoles, groups: user.groups };
}

export function exemptReason(user: Pick<OktaUser, 'id' | 'login' | 'groups'>, exemptions: Exemptions): string | undefined {
  // Logins are email-shaped and people write them in any case (`Ops-BreakGlass@acme.example`): an
  // exemption written in another case still protects the account, the safe way for a change.
  const login = user.login.toLowerCase();
  if (exemptions.users.some((exempt) => exempt.toLowerCase() === login) || exemptions.users.includes(user.id)) return 'exempt by configuration';
  const group = user.groups.find((name) => exemptions.groups.includes(name));
  return group === undefined ? undefined : `exempt as a member of ${group}`;
}

export interface Selection {
  candidates: ObservedUser[];
  excluded: { id: string; login: string; reason: string }[];
  /** ACTIVE users: the base of the percentage cap. */
  population: number;
}

export function selectCandidates(users: readonly OktaUser[], settings: InactiveSettings, exemptions: Exemptions, now: Date): Selection {
  const active = users.filter((user) => user.status === 'ACTIVE');
  const selection: Selection = { candidates: [], excluded: [], population: active.length };
  for (const user of active) {
    if (inactivity(user, now).days <= settings.afterDays) continue;
    const reason = user.adminRoles.length > 0 ? `administrator (${user.adminRoles.join(', ')})` : exemptReason(user, exemptions);
    if (reason !== undefined) selection.excluded.push({ id: user.id, login: user.login, reason });
    else selection.candidates.push(observe(user, now));
  }
  return selection;
}

/** Why the batch may not run (Cloud Custodian's max-resources: all or nothing), or undefined. */
export function capExceeded(count: number, population: number, settings: InactiveSettings): string | undefined {
  const percent = population === 0 ? 0 : (count / population) * 100;
  const shown = `${Math.round(percent * 10) / 10}%`;
  if (count > settings.maxUsers) return `${count} users would be changed, more than maxUsers (${settings.maxUsers})`;
  if (percent > settings.maxPercent) return `${count} of ${population} active users (${shown}) would be changed, more than maxPercent (${settings.maxPercent}%)`;
  return undefined;
}
