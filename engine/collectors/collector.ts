/**
 * What every scheduled collector gets and gives. Collectors do I/O only: they return snapshots in
 * their source's schema, each saying how complete every part is, and never evaluate anything.
 */
import type { ComplianceConfig } from '../config/schema.ts';
import type { EvidenceStore } from '../evidence/store.ts';
import type { Snapshot } from '../model.ts';

export interface CollectContext {
  config: ComplianceConfig;
  env: NodeJS.ProcessEnv;
  /** The moment the snapshots describe. */
  now: Date;
  /**
   * The evidence archive, where collectors that read incrementally keep their last snapshot
   * (records of kind `snapshot`, found through a pointer under `state/`). Absent in a dry run:
   * such collectors then read everything.
   */
  store?: EvidenceStore | undefined;
  /** For tests and the benchmark: the HTTP client SDKs use, and base URLs of the services. */
  fetch?: typeof fetch;
  log: { info(message: string): void; warn(message: string): void };
}

export interface CollectResult {
  snapshots: Snapshot[];
  /** API calls made, for the run's summary and the benchmarks. */
  apiCalls: number;
  /** Snapshot records written (incremental collectors), so the run seals them with the rest. */
  written?: { key: string; sha256: string; created: boolean }[];
}

export type Collector = (context: CollectContext) => Promise<CollectResult>;
