/**
 * A full read (full-scan.ts) turned into the run's snapshot; when every part is complete and there
 * is a store, the snapshot is kept as a full `snapshot` record and the state pointer reset to it.
 */
import type { CollectResult } from '../collector.ts';
import type { WrittenRecord } from '../../evidence/write-record.ts';
import { fullScan } from './full-scan.ts';
import { writeSnapshotRecord } from './okta-records.ts';
import { describeIncomplete, type OktaRun } from './okta-run.ts';
import { checkedData, oktaSnapshot } from './okta-snapshot.ts';
import { writePointer } from './okta-state.ts';
import { clockParameters, sourceClock } from '../source-clock.ts';

export async function readInFull(run: OktaRun): Promise<CollectResult> {
  const { context } = run;
  const scan = await fullScan(run.client, { pageSize: run.settings.pageSize, concurrency: run.settings.concurrency, exemptGroups: run.groupNames });
  // The org as it was at the start of the scan, by Okta's clock (../source-clock.ts): inactivity is
  // counted from there, and the next run's System Log window starts there.
  const clock = sourceClock(context.now, run.clockOffsetMs());
  const data = checkedData(run.orgUrl, scan.users, scan.parts);
  const snapshot = oktaSnapshot({
    orgUrl: run.orgUrl,
    scope: run.scope,
    now: clock.at,
    data,
    parts: scan.parts,
    apiCalls: run.calls(),
    groups: scan.groupIds,
    read: { mode: 'full' },
    parameters: clockParameters(context.now, clock),
  });
  const written: WrittenRecord[] = [];
  const complete = Object.values(scan.parts).every((part) => part.complete);
  if (context.store !== undefined && complete) {
    const record = await writeSnapshotRecord(context.store, snapshot, context.config.organization);
    written.push(record);
    // The cursor starts at the scan's own moment: whatever changed while it ran is read again next time.
    await writePointer(context.store, {
      v: 1,
      scope: run.scope,
      fullKey: record.key,
      deltaKeys: [],
      cursor: clock.at.toISOString(),
      fullScanAt: context.now.toISOString(),
      applied: [],
      groups: scan.groupIds,
    });
  } else if (!complete) {
    context.log.warn(`okta: ${run.scope} was not read in full (${describeIncomplete(scan.parts)}); no state kept, the next run reads everything again`);
  }
  return { snapshots: [snapshot], apiCalls: run.calls(), written };
}
