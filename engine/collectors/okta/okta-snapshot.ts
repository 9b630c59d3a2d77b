/** The Snapshot the Okta collector hands to evaluation, from users and parts however they were read. */
import type { Snapshot, SnapshotPart } from '../../model.ts';
import { OktaData, type OktaUser } from '../../snapshots/okta.ts';
import { describeZodError } from '../../zod-issues.ts';
import { EVIDENT_VERSION } from '../../version.ts';
import { FACTORS_READ_FOR } from './read-factors.ts';

export interface SnapshotInput {
  orgUrl: string;
  scope: string;
  now: Date;
  data: unknown;
  parts: Record<string, SnapshotPart>;
  apiCalls: number;
  groups: Record<string, readonly string[]>;
  /** How this snapshot was read: `full`, or `incremental` with its base and System Log window. */
  read: { mode: 'full' } | { mode: 'incremental'; base: string; logSince: string; logUntil: string; events: number };
  /** More parameters, as evidence (the clocks, when they disagreed: ../source-clock.ts). */
  parameters?: Record<string, unknown>;
}

export function oktaSnapshot(input: SnapshotInput): Snapshot {
  return {
    source: 'okta',
    scope: input.scope,
    collectedAt: input.now.toISOString(),
    collector: {
      name: 'okta',
      version: EVIDENT_VERSION,
      parameters: {
        orgUrl: input.orgUrl,
        ...input.read,
        // What the parts mean, as evidence: factors are read only for these statuses (others hold
        // `[]`), and `groups` holds only membership of these exempt groups (others: not read).
        factorsReadFor: [...FACTORS_READ_FOR],
        groupsRead: input.groups,
        ...input.parameters,
      },
      apiCalls: input.apiCalls,
    },
    parts: input.parts,
    data: input.data,
  };
}

/**
 * The data, checked against the Okta schema before anything is kept or evaluated: an answer Okta
 * never documented (an unknown status, a missing login) makes the users part incomplete, with the
 * problem, instead of a state the next run would refuse.
 */
export function checkedData(orgUrl: string, users: OktaUser[], parts: Record<string, SnapshotPart>): OktaData {
  const data = { orgUrl, users };
  const checked = OktaData.safeParse(data);
  if (!checked.success) {
    const users = parts.users ?? { complete: false, count: 0 };
    parts.users = { ...users, complete: false, error: `Okta answered users this collector does not understand: ${describeZodError(checked.error)}` };
  }
  return data;
}
