/**
 * Runs the collectors of the configured (and selected) sources, each on its own: one that fails
 * leaves its source without a snapshot, and its controls `error` with the reason, while the
 * others go on (STYLE.md 14).
 */
import { collectAws } from './collectors/aws/index.ts';
import type { CollectContext, Collector } from './collectors/collector.ts';
import { collectGithubOrg } from './collectors/github-org.ts';
import { collectOkta } from './collectors/okta/index.ts';
import type { ComplianceConfig } from './config/schema.ts';
import type { Snapshot, SourceId } from './model.ts';

/** The collectors of the scheduled run. Pull requests are collected by the GitHub App as they happen. */
const COLLECTORS: readonly { source: SourceId; configured: (config: ComplianceConfig) => boolean; collect: Collector }[] = [
  { source: 'github-org', configured: (config) => config.sources.github !== undefined, collect: collectGithubOrg },
  { source: 'okta', configured: (config) => config.sources.okta !== undefined, collect: collectOkta },
  { source: 'aws', configured: (config) => config.sources.aws !== undefined, collect: collectAws },
];

export interface CollectionReport {
  snapshots: Snapshot[];
  apiCalls: number;
  /** Why a source has no snapshot. */
  errors: Partial<Record<SourceId, string>>;
  /** Snapshot records the collectors wrote (sealed with the run). */
  written: { key: string; sha256: string; created: boolean }[];
}

export async function collectSources(context: CollectContext, only?: readonly SourceId[]): Promise<CollectionReport> {
  const report: CollectionReport = { snapshots: [], apiCalls: 0, errors: {}, written: [] };
  const selected = COLLECTORS.filter((c) => c.configured(context.config) && (only === undefined || only.includes(c.source)));
  // Sources are independent: collect them side by side.
  const results = await Promise.allSettled(selected.map((c) => c.collect(context)));
  results.forEach((result, i) => {
    const { source } = selected[i] as (typeof selected)[number];
    if (result.status === 'fulfilled') {
      report.snapshots.push(...result.value.snapshots);
      report.apiCalls += result.value.apiCalls;
      report.written.push(...(result.value.written ?? []));
    } else {
      const message = (result.reason as Error).message ?? String(result.reason);
      report.errors[source] = message;
      context.log.warn(`${source}: could not collect: ${message}`);
    }
  });
  return report;
}
