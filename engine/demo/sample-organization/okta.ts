/**
 * The sample organization's Okta tenant: 30 people, a few admins, a service account and a break-glass
 * account, with the failures a real tenant has: people without MFA, an admin without MFA, accounts
 * nobody has used for months, and one provisioned account that was never used.
 */
import type { Snapshot } from '../../model.ts';
import type { OktaUser } from '../../snapshots/okta.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

const PEOPLE = [
  'ana.lima', 'ben.okafor', 'carla.rossi', 'dev.patel', 'emma.schmidt', 'femi.adeyemi', 'grace.kim', 'hugo.martin',
  'ines.garcia', 'jon.berg', 'kai.nakamura', 'lena.novak', 'mo.haddad', 'nina.petrov', 'omar.farouk', 'paula.silva',
  'quinn.obrien', 'rosa.mendes', 'sam.cohen', 'tara.singh', 'uma.reddy', 'vik.sharma', 'wei.chen', 'xena.doukas',
  'yara.costa', 'zoe.muller',
];

type Spec = { factors?: [type: string, status: string][]; roles?: string[]; groups?: string[]; lastLoginDaysAgo?: number | null; createdDaysAgo?: number; status?: OktaUser['status'] };

/** Everything not listed here signed in within the last two weeks and uses Okta Verify push. */
const EXCEPTIONS: Record<string, Spec> = {
  'ana.lima': { roles: ['SUPER_ADMIN'], factors: [['webauthn', 'ACTIVE'], ['push', 'ACTIVE']] },
  'ben.okafor': { roles: ['ORG_ADMIN'], factors: [['sms', 'INACTIVE']] },
  'carla.rossi': { roles: ['HELP_DESK_ADMIN'], factors: [['token:software:totp', 'ACTIVE']] },
  'dev.patel': { factors: [] },
  'emma.schmidt': { factors: [['question', 'ACTIVE']] },
  'femi.adeyemi': { factors: [['push', 'PENDING_ACTIVATION']] },
  'hugo.martin': { lastLoginDaysAgo: 134 },
  'jon.berg': { lastLoginDaysAgo: 97, factors: [] },
  'lena.novak': { lastLoginDaysAgo: null, createdDaysAgo: 121 },
  'omar.farouk': { status: 'SUSPENDED', lastLoginDaysAgo: 200 },
  'quinn.obrien': { status: 'DEPROVISIONED', lastLoginDaysAgo: 400, factors: [] },
  'tara.singh': { lastLoginDaysAgo: null, createdDaysAgo: 6 },
  'wei.chen': { lastLoginDaysAgo: 88 },
};

function user(login: string, index: number, spec: Spec, at: Date): OktaUser {
  const ago = (days: number) => new Date(at.getTime() - days * DAY_MS - (index % 7) * 3_600_000).toISOString();
  const created = ago(spec.createdDaysAgo ?? 300 + index * 11);
  const lastLoginDaysAgo = spec.lastLoginDaysAgo === undefined ? 1 + (index % 13) : spec.lastLoginDaysAgo;
  const factors = spec.factors ?? [['push', 'ACTIVE']];
  return {
    id: `00u${(1000 + index).toString(36)}acme`,
    login,
    email: login,
    status: spec.status ?? 'ACTIVE',
    created,
    activated: created,
    statusChanged: spec.status === undefined ? null : ago(30),
    lastLogin: lastLoginDaysAgo === null ? null : ago(lastLoginDaysAgo),
    factors: factors.map(([type, status], n) => ({ id: `fct${index}${n}`, type, provider: type === 'webauthn' ? 'FIDO' : 'OKTA', status })),
    adminRoles: spec.roles ?? [],
    groups: ['Everyone', ...(spec.groups ?? [])],
  };
}

export function sampleOktaSnapshots(collectedAt: Date): Snapshot[] {
  const users = PEOPLE.map((name, index) => user(`${name}@acme.example`, index, EXCEPTIONS[name] ?? {}, collectedAt));
  users.push(
    user('svc-ci@acme.example', 90, { factors: [], groups: ['service-accounts'], lastLoginDaysAgo: 150 }, collectedAt),
    user('break-glass@acme.example', 91, { roles: ['SUPER_ADMIN'], factors: [['webauthn', 'ACTIVE']], groups: ['break-glass'], lastLoginDaysAgo: 365 }, collectedAt),
  );
  const count = users.length;
  return [
    {
      source: 'okta',
      scope: 'acme.okta.com',
      collectedAt: collectedAt.toISOString(),
      collector: { name: 'sample', parameters: { orgUrl: 'https://acme.okta.com' } },
      parts: {
        users: { complete: true, count, pages: 1 },
        factors: { complete: true, count, pages: count },
        adminRoles: { complete: true, count, pages: 1 },
        groups: { complete: true, count, pages: 1 },
      },
      data: { orgUrl: 'https://acme.okta.com', users },
    },
  ];
}
