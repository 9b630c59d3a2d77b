/**
 * The state of a loopback Okta org: users, factors, admin roles (direct and through groups), groups
 * and the System Log. Every change made through the methods below writes the System Log event Okta
 * would write for it (https://developer.okta.com/docs/reference/api/event-types/), with the
 * `published` time given, so a test can change the org "between two runs" and an incremental
 * collector can find the change where it would in production.
 */
export type UserStatus = 'STAGED' | 'PROVISIONED' | 'ACTIVE' | 'RECOVERY' | 'PASSWORD_EXPIRED' | 'LOCKED_OUT' | 'SUSPENDED' | 'DEPROVISIONED';

export interface OrgUser {
  id: string;
  status: UserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  /**
   * The base attributes every test reads, and any other attribute of Okta's profile (the base
   * `title` or `department`, or a custom one), served as Okta serves them: flat, beside the others.
   */
  profile: { login: string; email: string; firstName: string; lastName: string; [attribute: string]: string };
}

export interface OrgFactor {
  id: string;
  factorType: string;
  provider: string;
  status: string;
  created: string;
}

export interface OrgRole {
  id: string;
  type: string;
  label: string;
}

export interface OrgGroup {
  id: string;
  name: string;
  created: string;
  members: Set<string>;
  /** Admin roles assigned to the group: every member holds them. */
  roles: OrgRole[];
}

export interface LogActorOrTarget {
  id: string;
  type: string;
  alternateId: string;
  displayName: string;
}

export interface OrgLogEvent {
  uuid: string;
  published: string;
  eventType: string;
  displayMessage: string;
  actor: LogActorOrTarget;
  target: LogActorOrTarget[];
  outcome: { result: 'SUCCESS' | 'FAILURE' };
}

const ROLE_LABELS: Record<string, string> = {
  SUPER_ADMIN: 'Super Administrator',
  ORG_ADMIN: 'Organizational Administrator',
  APP_ADMIN: 'Application Administrator',
  USER_ADMIN: 'Group Administrator',
  HELP_DESK_ADMIN: 'Help Desk Administrator',
  READ_ONLY_ADMIN: 'Read Only Administrator',
  CUSTOM: 'Custom role',
};

/** The admin who makes changes in tests, as the System Log's actor. */
export const ADMIN_ACTOR: LogActorOrTarget = { id: '00uadminactor0000001', type: 'User', alternateId: 'it-admin@acme.example', displayName: 'IT Admin' };

export class OktaOrg {
  readonly users = new Map<string, OrgUser>();
  readonly factors = new Map<string, OrgFactor[]>();
  readonly roles = new Map<string, OrgRole[]>();
  readonly groups = new Map<string, OrgGroup>();
  readonly events: OrgLogEvent[] = [];
  /** The org's clock for changes made through the API (lifecycle calls); tests move it. */
  now: Date;
  private counter = 0;

  constructor(now: Date) {
    this.now = now;
  }

  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter.toString(36).padStart(20 - prefix.length, '0')}`;
  }

  /** Users in id order (Okta pages by id). */
  sortedUsers(): OrgUser[] {
    return [...this.users.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  findUser(idOrLogin: string): OrgUser | undefined {
    return this.users.get(idOrLogin) ?? [...this.users.values()].find((user) => user.profile.login === idOrLogin);
  }

  groupByName(name: string): OrgGroup | undefined {
    return [...this.groups.values()].find((group) => group.name === name);
  }

  /** Direct roles, then roles held through groups. */
  effectiveRoles(userId: string): (OrgRole & { assignmentType: 'USER' | 'GROUP' })[] {
    const direct = (this.roles.get(userId) ?? []).map((role) => ({ ...role, assignmentType: 'USER' as const }));
    const viaGroups = [...this.groups.values()].filter((group) => group.members.has(userId)).flatMap((group) => group.roles.map((role) => ({ ...role, assignmentType: 'GROUP' as const })));
    return [...direct, ...viaGroups];
  }

  adminIds(): string[] {
    return this.sortedUsers().filter((user) => this.effectiveRoles(user.id).length > 0).map((user) => user.id);
  }

  // --- changes; `log: false` seeds the org without System Log events ---

  addUser(user: Omit<OrgUser, 'lastUpdated'> & { lastUpdated?: string }, options: { log?: boolean } = {}): OrgUser {
    if (this.users.has(user.id)) throw new Error(`the test org already has a user ${user.id}`);
    const stored = { ...user, lastUpdated: user.lastUpdated ?? user.created };
    this.users.set(user.id, stored);
    this.factors.set(user.id, this.factors.get(user.id) ?? []);
    if (options.log !== false) this.log('user.lifecycle.create', user.created, ADMIN_ACTOR, [this.userTarget(stored)]);
    return stored;
  }

  addFactor(userId: string, factor: Omit<OrgFactor, 'id' | 'created'> & { id?: string }, at: string, options: { log?: boolean } = {}): OrgFactor {
    const created: OrgFactor = { id: factor.id ?? this.nextId('mfa'), factorType: factor.factorType, provider: factor.provider, status: factor.status, created: at };
    this.factors.set(userId, [...(this.factors.get(userId) ?? []), created]);
    const user = this.user(userId);
    if (options.log !== false) this.log('user.mfa.factor.activate', at, this.userTarget(user), [this.userTarget(user)]);
    return created;
  }

  resetFactors(userId: string, at: string): void {
    this.factors.set(userId, []);
    this.log('user.mfa.factor.reset_all', at, ADMIN_ACTOR, [this.userTarget(this.user(userId))]);
  }

  signIn(userId: string, at: string, outcome: 'SUCCESS' | 'FAILURE' = 'SUCCESS'): void {
    const user = this.user(userId);
    if (outcome === 'SUCCESS') user.lastLogin = at;
    this.log('user.session.start', at, this.userTarget(user), [], outcome);
  }

  setStatus(userId: string, status: UserStatus, at: string, eventType: string, options: { log?: boolean } = {}): void {
    const user = this.user(userId);
    user.status = status;
    user.statusChanged = at;
    user.lastUpdated = at;
    if (status === 'ACTIVE' && user.activated === null) user.activated = at;
    if (options.log !== false) this.log(eventType, at, ADMIN_ACTOR, [this.userTarget(user)]);
  }

  deleteUser(userId: string, at: string): void {
    const user = this.user(userId);
    this.users.delete(userId);
    this.factors.delete(userId);
    this.roles.delete(userId);
    for (const group of this.groups.values()) group.members.delete(userId);
    this.log('user.lifecycle.delete.completed', at, ADMIN_ACTOR, [this.userTarget(user)]);
  }

  grantRole(userId: string, type: string, at: string, options: { log?: boolean } = {}): OrgRole {
    const role = { id: this.nextId('ra1'), type, label: ROLE_LABELS[type] ?? type };
    this.roles.set(userId, [...(this.roles.get(userId) ?? []), role]);
    if (options.log !== false) this.log('user.account.privilege.grant', at, ADMIN_ACTOR, [this.userTarget(this.user(userId))]);
    return role;
  }

  revokeRoles(userId: string, at: string): void {
    this.roles.set(userId, []);
    this.log('user.account.privilege.revoke', at, ADMIN_ACTOR, [this.userTarget(this.user(userId))]);
  }

  addGroup(name: string, created: string, roles: string[] = []): OrgGroup {
    const group: OrgGroup = { id: this.nextId('00g'), name, created, members: new Set(), roles: roles.map((type) => ({ id: this.nextId('ra1'), type, label: ROLE_LABELS[type] ?? type })) };
    this.groups.set(group.id, group);
    return group;
  }

  addMember(groupId: string, userId: string, at: string, options: { log?: boolean } = {}): void {
    const group = this.group(groupId);
    group.members.add(userId);
    if (options.log !== false) this.log('group.user_membership.add', at, ADMIN_ACTOR, [this.userTarget(this.user(userId)), this.groupTarget(group)]);
  }

  removeMember(groupId: string, userId: string, at: string): void {
    const group = this.group(groupId);
    group.members.delete(userId);
    this.log('group.user_membership.remove', at, ADMIN_ACTOR, [this.userTarget(this.user(userId)), this.groupTarget(group)]);
  }

  grantGroupRole(groupId: string, type: string, at: string): void {
    const group = this.group(groupId);
    group.roles.push({ id: this.nextId('ra1'), type, label: ROLE_LABELS[type] ?? type });
    this.log('group.privilege.grant', at, ADMIN_ACTOR, [this.groupTarget(group)]);
  }

  /** Appends an event as Okta would record it; kept in `published` order. */
  log(eventType: string, published: string, actor: LogActorOrTarget, target: LogActorOrTarget[], result: 'SUCCESS' | 'FAILURE' = 'SUCCESS'): OrgLogEvent {
    this.counter += 1;
    const event: OrgLogEvent = {
      uuid: `00000000-0000-4000-8000-${this.counter.toString(16).padStart(12, '0')}`,
      published: new Date(published).toISOString(),
      eventType,
      displayMessage: eventType,
      actor,
      target,
      outcome: { result },
    };
    const at = this.events.findIndex((other) => other.published > event.published);
    this.events.splice(at === -1 ? this.events.length : at, 0, event);
    return event;
  }

  user(id: string): OrgUser {
    const user = this.users.get(id);
    if (user === undefined) throw new Error(`no user ${id} in the test org`);
    return user;
  }

  private group(id: string): OrgGroup {
    const group = this.groups.get(id);
    if (group === undefined) throw new Error(`no group ${id} in the test org`);
    return group;
  }

  userTarget(user: OrgUser): LogActorOrTarget {
    return { id: user.id, type: 'User', alternateId: user.profile.login, displayName: `${user.profile.firstName} ${user.profile.lastName}` };
  }

  private groupTarget(group: OrgGroup): LogActorOrTarget {
    return { id: group.id, type: 'UserGroup', alternateId: 'unknown', displayName: group.name };
  }
}
