/**
 * The Okta snapshot's delta shape: what an hourly run changed since the previous state (full
 * snapshot plus earlier deltas, applied in order). Users are replaced whole, so applying a delta
 * twice gives the same result.
 */
import { z } from 'zod';
import { OktaUser } from '../../snapshots/okta.ts';
import { sortUsers } from './full-scan.ts';

export const OktaDelta = z.strictObject({
  orgUrl: z.url(),
  /** Users added or changed, in full. */
  upserted: z.array(OktaUser),
  /** Ids of users Okta no longer knows (deleted). */
  removed: z.array(z.string()),
});
export type OktaDelta = z.infer<typeof OktaDelta>;

export function applyDelta(users: readonly OktaUser[], delta: Pick<OktaDelta, 'upserted' | 'removed'>): OktaUser[] {
  const byId = new Map(users.map((user) => [user.id, user]));
  for (const id of delta.removed) byId.delete(id);
  for (const user of delta.upserted) byId.set(user.id, user);
  return sortUsers([...byId.values()]);
}

/** What changed from `before` to `after`, compared by content. */
export function diffUsers(before: readonly OktaUser[], after: readonly OktaUser[]): Pick<OktaDelta, 'upserted' | 'removed'> {
  const previous = new Map(before.map((user) => [user.id, JSON.stringify(user)]));
  const current = new Set(after.map((user) => user.id));
  return {
    upserted: after.filter((user) => previous.get(user.id) !== JSON.stringify(user)),
    removed: before.filter((user) => !current.has(user.id)).map((user) => user.id),
  };
}
