/**
 * What the remediation needs of Okta: read one user as it is now (status, last sign-in, admin roles,
 * exempt groups) and change its lifecycle state. A small interface, so the remediation can be tested
 * or driven by anything; `sdkLifecycleClient` implements it with the Okta SDK:
 * - https://developer.okta.com/docs/api/openapi/okta-management/management/tag/UserLifecycle/#tag/UserLifecycle/operation/suspendUser
 * - https://developer.okta.com/docs/api/openapi/okta-management/management/tag/UserLifecycle/#tag/UserLifecycle/operation/deactivateUser
 */
import type { Client } from '@okta/okta-sdk-nodejs';
import { readRoles } from '../collectors/okta/read-admin-roles.ts';
import { readUserGroups } from '../collectors/okta/read-groups.ts';
import { readUser } from '../collectors/okta/read-users.ts';
import type { OktaUserCore } from '../collectors/okta/okta-user-core.ts';

export interface OktaLifecycleClient {
  /** The user now, or `gone` when Okta no longer knows the id; throws when it cannot tell. */
  readUser(id: string): Promise<{ user: OktaUserCore } | { gone: true }>;
  /** Admin role types the user holds now, directly or through groups. */
  readAdminRoles(id: string): Promise<string[]>;
  /** Which of `names` the user is a member of now. */
  readGroups(id: string, names: readonly string[]): Promise<string[]>;
  suspend(id: string): Promise<void>;
  /** Deactivates without emailing the user (`sendEmail=false`). */
  deactivate(id: string): Promise<void>;
}

export function sdkLifecycleClient(client: Client): OktaLifecycleClient {
  return {
    async readUser(id) {
      const read = await readUser(client, id);
      if ('error' in read) throw new Error(read.error);
      return read;
    },
    async readAdminRoles(id) {
      const read = await readRoles(client, [id], 1);
      const roles = read.roles.get(id);
      if (roles === undefined) throw new Error(read.errors[0] ?? `roles of ${id} not read`);
      return roles;
    },
    async readGroups(id, names) {
      const read = await readUserGroups(client, id, names);
      if ('error' in read) throw new Error(read.error);
      return read.groups;
    },
    async suspend(id) {
      await client.userApi.suspendUser({ userId: id });
    },
    async deactivate(id) {
      await client.userApi.deactivateUser({ userId: id, sendEmail: false });
    },
  };
}
