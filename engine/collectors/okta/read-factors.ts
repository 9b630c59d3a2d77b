/**
 * MFA factors, one request per user: Okta has no bulk listing of enrolled factors
 * (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/UserFactor/#tag/UserFactor/operation/listFactors).
 * Requests run a few at a time (the Factors bucket is shared with everything else the org does),
 * and stop at the first rate limit that outlasts the retries instead of spending the rest of the
 * budget on answers that would be 429 too.
 *
 * Factors are read only for users who can sign in (SIGN_IN_CAPABLE_STATUSES): the MFA controls test
 * nobody else, and for the others the part records `factors: []` as "not read", which the snapshot's
 * parameters say (`factorsReadFor`).
 */
import type { Client, UserFactor } from '@okta/okta-sdk-nodejs';
import { mapConcurrent } from '../../evidence/map-concurrent.ts';
import type { SnapshotPart } from '../../model.ts';
import { SIGN_IN_CAPABLE_STATUSES, type OktaFactor, type OktaUserStatus } from '../../snapshots/okta.ts';
import { readPages } from './read-pages.ts';

export const FACTORS_READ_FOR: readonly OktaUserStatus[] = SIGN_IN_CAPABLE_STATUSES;

export function factorsAreRead(status: OktaUserStatus): boolean {
  return FACTORS_READ_FOR.includes(status);
}

export function toFactor(factor: UserFactor): OktaFactor {
  return { id: String(factor.id), type: String(factor.factorType), provider: String(factor.provider ?? ''), status: String(factor.status) };
}

export interface FactorsRead {
  factors: Map<string, OktaFactor[]>;
  part: SnapshotPart;
}

export async function readFactors(client: Client, userIds: readonly string[], concurrency: number): Promise<FactorsRead> {
  const factors = new Map<string, OktaFactor[]>();
  const errors: string[] = [];
  let pages = 0;
  let stopped: string | undefined;
  await mapConcurrent(userIds, concurrency, async (userId) => {
    if (stopped !== undefined) return;
    const read = await readPages(`factors of ${userId}`, () => client.userFactorApi.listFactors({ userId }));
    pages += read.pages;
    if (!read.complete) {
      errors.push(read.error ?? `factors of ${userId} not read`);
      if (read.status === 429) stopped = read.error;
      return;
    }
    factors.set(userId, read.items.map(toFactor).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  });
  const missing = userIds.length - factors.size;
  const error = missing === 0 ? undefined : `factors of ${missing} of ${userIds.length} users not read: ${stopped ?? errors[0]}${errors.length > 1 ? ` (and ${errors.length - 1} more errors)` : ''}`;
  return { factors, part: { complete: missing === 0, count: factors.size, pages, ...(error ? { error } : {}) } };
}
