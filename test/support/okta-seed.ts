/**
 * A deterministic Okta org of any size for tests and benchmarks: the same seed and size give the
 * same users, ids, factors, roles and groups every time. Seeding writes no System Log events (the
 * org "already existed" before the first scan).
 *
 * Shape: ~88% ACTIVE, the rest spread over the other statuses; sign-ins up to ~300 days ago (a few
 * ACTIVE users never signed in); most sign-in-capable users have one or two factors, ~6% none;
 * `adminCount` users hold direct admin roles; groups `break-glass` (2 users, one an admin),
 * `service-accounts` (3), `engineering` (~30%), and `helpdesk` (2 members) holding HELP_DESK_ADMIN.
 */
import { OktaOrg, type OrgUser, type UserStatus } from './okta-org.ts';

export interface SeedOptions {
  users: number;
  /** PRNG seed. Default 1. */
  seed?: number;
  /** The org's present; every timestamp is before it. */
  now: Date;
  /** Users with a direct admin role. Default max(3, users / 200). */
  adminCount?: number;
}

/** mulberry32: small, fast, and the same everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DAY = 86_400_000;
const STATUSES: [UserStatus, number][] = [
  ['ACTIVE', 0.88],
  ['SUSPENDED', 0.03],
  ['DEPROVISIONED', 0.03],
  ['STAGED', 0.015],
  ['PROVISIONED', 0.015],
  ['LOCKED_OUT', 0.01],
  ['PASSWORD_EXPIRED', 0.01],
  ['RECOVERY', 0.01],
];
const FACTOR_TYPES: [string, string][] = [
  ['push', 'OKTA'],
  ['token:software:totp', 'OKTA'],
  ['signed_nonce', 'OKTA'],
  ['webauthn', 'FIDO'],
  ['sms', 'OKTA'],
  ['question', 'OKTA'],
];
const ADMIN_ROLES = ['SUPER_ADMIN', 'ORG_ADMIN', 'APP_ADMIN', 'READ_ONLY_ADMIN', 'CUSTOM'];

export function seedOrg(options: SeedOptions): OktaOrg {
  const random = prng(options.seed ?? 1);
  const org = new OktaOrg(options.now);
  const now = options.now.getTime();
  const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const id = (prefix: string) => prefix + Array.from({ length: 17 }, () => pick(BASE62.split(''))).join('');

  const users: OrgUser[] = [];
  for (let i = 0; i < options.users; i += 1) {
    let roll = random();
    const status = (STATUSES.find(([, share]) => (roll -= share) < 0) ?? STATUSES[0]!)[0];
    const created = now - (30 + random() * 1000) * DAY;
    const activated = status === 'STAGED' || status === 'PROVISIONED' ? null : created + random() * 5 * DAY;
    const neverSignedIn = activated === null || random() < 0.03;
    const lastLogin = neverSignedIn ? null : Math.max(activated ?? created, now - random() * 300 * DAY);
    const statusChanged = status === 'ACTIVE' ? activated : now - random() * 200 * DAY;
    const login = `user${String(i).padStart(5, '0')}@acme.example`;
    users.push(
      org.addUser(
        {
          id: id('00u'),
          status,
          created: iso(created),
          activated: activated === null ? null : iso(activated),
          statusChanged: statusChanged === null ? null : iso(statusChanged),
          lastLogin: lastLogin === null ? null : iso(lastLogin),
          profile: { login, email: login, firstName: `First${i}`, lastName: `Last${i}` },
        },
        { log: false },
      ),
    );
  }
  for (const user of users) {
    if (user.status === 'STAGED' || user.status === 'PROVISIONED' || random() < 0.06) continue;
    const count = 1 + Math.floor(random() * 2);
    for (let f = 0; f < count; f += 1) {
      const [factorType, provider] = pick(FACTOR_TYPES);
      org.addFactor(user.id, { id: id('mfa'), factorType, provider, status: random() < 0.95 ? 'ACTIVE' : 'PENDING_ACTIVATION' }, iso(Date.parse(user.created) + DAY), { log: false });
    }
  }
  const active = users.filter((user) => user.status === 'ACTIVE');
  const adminCount = options.adminCount ?? Math.max(3, Math.floor(options.users / 200));
  active.slice(0, adminCount).forEach((user, i) => org.grantRole(user.id, ADMIN_ROLES[i % ADMIN_ROLES.length] as string, user.created, { log: false }));
  const created = iso(now - 900 * DAY);
  const breakGlass = org.addGroup('break-glass', created);
  const serviceAccounts = org.addGroup('service-accounts', created);
  const engineering = org.addGroup('engineering', created);
  const helpdesk = org.addGroup('helpdesk', created, ['HELP_DESK_ADMIN']);
  // The first break-glass account is also a super admin: both exemptions at once.
  [active[0], active.at(-1)].forEach((user) => user && org.addMember(breakGlass.id, user.id, created, { log: false }));
  active.slice(-4, -1).forEach((user) => org.addMember(serviceAccounts.id, user.id, created, { log: false }));
  active.slice(adminCount, adminCount + 2).forEach((user) => org.addMember(helpdesk.id, user.id, created, { log: false }));
  for (const user of users) if (random() < 0.3) org.addMember(engineering.id, user.id, created, { log: false });
  return org;
}
