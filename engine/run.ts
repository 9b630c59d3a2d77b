/**
 * The scheduled run: evaluate every enabled control on its source's snapshots, record every result
 * as evidence, seal, and hand the failures on as findings.
 *
 *   snapshots --evaluate--> results --record--> evidence --seal--> findings
 *
 * Each control is isolated: its exception is its own `error` result, and the others go on
 * (STYLE.md 14). Collectors plug in ahead of this; triage and issue sync after it.
 */
import type { ComplianceConfig } from './config/schema.ts';
import { catalog } from './controls/index.ts';
import { evaluateControl } from './evaluate-control.ts';
import { buildRecord } from './evidence/record.ts';
import { sealEvidence, type SealOutcome } from './evidence/seal.ts';
import type { SealSigner } from './evidence/signing.ts';
import type { EvidenceStore } from './evidence/store.ts';
import { EvidenceWriteError, isWritten, tryWriteRecord, type UnwrittenRecord, type WrittenRecord } from './evidence/write-record.ts';
import { findingFor } from './findings.ts';
import type { Control, Finding, Result, Snapshot, SourceId } from './model.ts';

/** A control's result on one scope, with the snapshot it was evaluated on (none when the source could not be read). */
export interface ControlRun {
  control: Control;
  snapshot: Snapshot | undefined;
  result: Result;
}

/** A control that did not run at all, and why (disabled, source not configured, not selected). */
export interface NotRun {
  control: Control;
  reason: string;
}

export interface Evaluation {
  runs: ControlRun[];
  notRun: NotRun[];
}

export interface EvaluateOptions {
  config: ComplianceConfig;
  snapshots: readonly Snapshot[];
  /** The moment results describe when a source has no snapshot at all. */
  now: Date;
  /** Only these sources (`evident run --only okta,aws`). */
  only?: readonly SourceId[] | undefined;
  controls?: readonly Control[];
  /** Why a source's collector produced no snapshot, to say in its controls' `error` results. */
  collectionErrors?: Partial<Record<SourceId, string>>;
}

export function evaluateAll(options: EvaluateOptions): Evaluation {
  const runs: ControlRun[] = [];
  const notRun: NotRun[] = [];
  for (const control of options.controls ?? catalog) {
    const settings = (options.config.controls as Record<string, ControlConfig | undefined>)[control.id];
    const source = control.source.id;
    if (settings?.enabled === false) {
      notRun.push({ control, reason: 'disabled in compliance.yml' });
      continue;
    }
    if (options.only !== undefined && !options.only.includes(source)) {
      notRun.push({ control, reason: `source ${source} not selected by --only` });
      continue;
    }
    const configuredScope = scopeOf(source, options.config);
    if (configuredScope === undefined) {
      notRun.push({ control, reason: `source ${source} is not configured under sources` });
      continue;
    }
    const { enabled: _enabled, severity, ...params } = settings ?? {};
    const snapshots = options.snapshots.filter((snapshot) => snapshot.source === source);
    if (snapshots.length === 0) {
      if (source === 'github-pull-request') {
        // Pull requests are tested by the GitHub App as they happen; a scheduled run usually has none.
        notRun.push({ control, reason: 'no pull requests in this run (the GitHub App tests them as they happen)' });
      } else {
        runs.push({ control, snapshot: undefined, result: notCollected(control, configuredScope, severity, options.now, options.collectionErrors?.[source]) });
      }
      continue;
    }
    for (const snapshot of snapshots) {
      let result: Result;
      try {
        result = evaluateControl(control, snapshot, { severity, params });
      } catch (error) {
        result = { ...notCollected(control, snapshot.scope, severity, new Date(snapshot.collectedAt)), reason: `Evident failed to test this control: ${(error as Error).message}` };
      }
      runs.push({ control, snapshot, result });
    }
  }
  return { runs, notRun };
}

type ControlConfig = { enabled?: boolean; severity?: Result['severity'] } & Record<string, unknown>;

/** The scope a configured source describes, or undefined when the source is not configured. */
function scopeOf(source: SourceId, config: ComplianceConfig): string | undefined {
  const { github, okta, aws } = config.sources;
  switch (source) {
    case 'github-org':
    case 'github-pull-request':
      return github === undefined ? undefined : `github:${github.org}`;
    case 'okta':
      return okta === undefined ? undefined : new URL(okta.orgUrl).host;
    case 'aws':
      if (aws === undefined) return undefined;
      if (aws.aggregator !== undefined) return `aws:aggregator/${aws.aggregator.name}`;
      return aws.accountIds?.length === 1 ? `aws:${aws.accountIds[0]}` : `aws:${aws.regions.join(',')}`;
  }
}

/** A source with no snapshot at all is an `error` for every control that reads it: never a pass. */
function notCollected(control: Control, scope: string, severity: Result['severity'] | undefined, now: Date, why?: string): Result {
  const reason = `no ${control.source.title} snapshot was collected, so nothing could be tested${why === undefined ? '' : `: ${why}`}`;
  return {
    controlId: control.id,
    title: control.title,
    source: control.source.id,
    scope,
    status: 'error',
    severity: severity ?? control.severity,
    summary: `Could not test: ${reason}`,
    outcomes: [],
    counts: { pass: 0, fail: 0, error: 0, skipped: 0 },
    population: 0,
    completeness: { complete: false, parts: {}, missing: [reason] },
    effectiveAt: now.toISOString(),
    params: {},
    reason,
  };
}

export interface RecordOptions {
  store: EvidenceStore;
  organization: string;
  now: Date;
  retainUntil?: Date | undefined;
  signer?: SealSigner | undefined;
}

export interface RecordedRun {
  records: (WrittenRecord & { run: ControlRun })[];
  seal: SealOutcome;
  findings: Finding[];
}

export interface WrittenResults {
  records: (WrittenRecord & { run: ControlRun })[];
  /** Results whose record the store failed on (after its own retries), with the key a retry will write. */
  unwritten: (UnwrittenRecord & { run: ControlRun })[];
}

/**
 * Writes one record per result; a result already in the archive (a retry) writes nothing. A record
 * the store fails on does not stop the others: each is tried, and the failures are returned by key,
 * so the run can say exactly which results are not in the archive.
 */
export async function writeResults(evaluation: Evaluation, options: RecordOptions): Promise<WrittenResults> {
  const written: WrittenResults = { records: [], unwritten: [] };
  for (const run of evaluation.runs) {
    const record = buildRecord(run.control, run.snapshot, run.result, { organization: options.organization, recordedAt: options.now });
    const outcome = await tryWriteRecord(options.store, record, options.retainUntil);
    if (isWritten(outcome)) written.records.push({ ...outcome, run });
    else written.unwritten.push({ ...outcome, run });
  }
  return written;
}

/** Writes one record per result; throws EvidenceWriteError, naming each record not written, once all were tried. */
export async function recordResults(evaluation: Evaluation, options: RecordOptions): Promise<(WrittenRecord & { run: ControlRun })[]> {
  const { records, unwritten } = await writeResults(evaluation, options);
  if (unwritten.length > 0) throw new EvidenceWriteError(options.store.location, unwritten);
  return records;
}

/** Seals what this process just wrote (and anything else new in the archive). */
export function sealWritten(written: readonly WrittenRecord[], options: RecordOptions): Promise<SealOutcome> {
  const known = new Map(written.filter((r) => r.created).map((r) => [r.key, r.sha256]));
  return sealEvidence(options.store, { now: options.now, signer: options.signer, retainUntil: options.retainUntil, known });
}

/** Records every result and seals: the run without issue sync (tests, benchmarks). */
export async function recordEvaluation(evaluation: Evaluation, options: RecordOptions): Promise<RecordedRun> {
  const records = await recordResults(evaluation, options);
  const seal = await sealWritten(records, options);
  const findings = records.flatMap(({ run, key }) => findingFor(run.result, [key]) ?? []);
  return { records, seal, findings };
}

/** `evident run` exit status: 2 when anything errored, 1 when a control failed, 0 when all passed. */
export function exitCodeFor(runs: readonly ControlRun[]): 0 | 1 | 2 {
  if (runs.some((run) => run.result.status === 'error')) return 2;
  if (runs.some((run) => run.result.status === 'fail')) return 1;
  return 0;
}

/** Findings from results alone, for a dry run that records nothing. */
export function findingsOf(runs: readonly ControlRun[]): Finding[] {
  return runs.flatMap((run) => findingFor(run.result, []) ?? []);
}
