/** What one collection run carries through the full and the incremental read. */
import type { CollectContext } from '../collector.ts';
import type { SnapshotPart } from '../../model.ts';
import type { OktaConnection } from './okta-client.ts';

export interface OktaRunSettings {
  fullScanHours: number;
  concurrency: number;
  pageSize: number;
  logOverlapMs: number;
}

export interface OktaRun {
  context: CollectContext;
  client: OktaConnection['client'];
  orgUrl: string;
  /** The org's host: the snapshots' scope. */
  scope: string;
  /** Exempt groups named in configuration, whose members are read. */
  groupNames: string[];
  settings: OktaRunSettings;
  /** Requests made so far. */
  calls(): number;
  /** Okta's clock minus the runner's, from the answers so far (../source-clock.ts). */
  clockOffsetMs(): number | undefined;
}

/** `users: 500 E0000009 … (users, page 3); factors: not read: …` */
export function describeIncomplete(parts: Record<string, SnapshotPart>): string {
  return Object.entries(parts)
    .filter(([, part]) => !part.complete)
    .map(([name, part]) => `${name}: ${part.error ?? 'incomplete'}`)
    .join('; ');
}
