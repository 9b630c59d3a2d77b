/**
 * `evident demo`: the whole cycle on the bundled sample organization, offline. It writes what a
 * real compliance repository holds (compliance.yml, snapshots, evidence, would-be issues) so a
 * new user can open every file and rerun each step by hand.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../config/load-config.ts';
import { FilesystemStore } from '../evidence/filesystem-store.ts';
import type { SealSigner } from '../evidence/signing.ts';
import { verifyEvidence, type VerifyReport } from '../evidence/verify.ts';
import { RecordingTracker } from '../issues/recording-tracker.ts';
import { renderWrites } from '../issues/render-writes.ts';
import { respond } from '../respond.ts';
import { evaluateAll, recordResults, sealWritten, type Evaluation, type RecordedRun } from '../run.ts';
import { sampleOrganization } from './sample-organization/index.ts';
import { SAMPLE_CONFIG } from './sample-config.ts';

export interface DemoOptions {
  outDir: string;
  /** The moment the sample describes; the demo's records are effective then. */
  at: Date;
  /** The clock for recordedAt and the seal (defaults to the real one). */
  now?: Date;
  signer?: SealSigner | undefined;
}

export interface DemoResult {
  evaluation: Evaluation;
  recorded: RecordedRun;
  verify: VerifyReport;
  /** The would-be issues, triaged by the rules. */
  issues: { file: string; title: string; severity: string; slaHours: number }[];
  triageRecords: number;
  paths: { config: string; snapshots: string; evidence: string; issues: string };
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const now = options.now ?? new Date();
  const paths = {
    config: join(options.outDir, 'compliance.yml'),
    snapshots: join(options.outDir, 'snapshots'),
    evidence: join(options.outDir, 'evidence'),
    issues: join(options.outDir, 'issues'),
  };
  await mkdir(paths.snapshots, { recursive: true });
  await writeFile(paths.config, SAMPLE_CONFIG);
  const config = await loadConfig(paths.config);

  const bySource = sampleOrganization(options.at);
  for (const [name, snapshots] of Object.entries(bySource)) {
    await writeFile(join(paths.snapshots, `${name}.json`), `${JSON.stringify(snapshots, null, 2)}\n`);
  }
  const evaluation = evaluateAll({ config, snapshots: Object.values(bySource).flat(), now: options.at });

  const store = new FilesystemStore(paths.evidence);
  const recordOptions = { store, organization: config.organization, now, signer: options.signer };
  const records = await recordResults(evaluation, recordOptions);
  // Triage and issue sync exactly as a run does, against a tracker that only records: the demo is
  // offline, so the rules decide and no alert is sent.
  const tracker = new RecordingTracker(`${config.sources.github?.org ?? 'acme'}/${config.sources.github?.complianceRepo ?? 'compliance'}`);
  const response = await respond(
    records.map((record) => ({ run: record.run, key: record.key })),
    // Decided "at" the sample's moment, so running the demo again for the same moment decides and records nothing new.
    { config, tracker, now: options.at, store, noModelReason: 'the demo runs offline, so no model is asked' },
  );
  const seal = await sealWritten([...records, ...response.triageRecords], recordOptions);
  const findings = response.sync.items.flatMap((item) => (item.item.finding === undefined ? [] : [item.item.finding]));
  const recorded: RecordedRun = { records, seal, findings };
  const verify = await verifyEvidence(store);

  // The would-be issues are a view of the current findings, so they are rewritten each time.
  await rm(paths.issues, { recursive: true, force: true });
  await mkdir(paths.issues, { recursive: true });
  const issues: DemoResult['issues'] = [];
  for (const item of response.sync.items) {
    const write = tracker.writes.find((w) => w.kind === 'create' && w.number === item.issue?.number);
    if (write?.kind !== 'create' || item.decision === undefined) continue;
    const file = join(paths.issues, `${item.item.result.controlId}-${item.fingerprint}.md`);
    await writeFile(file, renderWrites(tracker.location, [write]));
    issues.push({ file, title: write.title, severity: item.decision.severity, slaHours: item.decision.slaHours });
  }
  await writeFile(join(paths.issues, 'operations.md'), renderWrites(tracker.location, tracker.writes));
  return { evaluation, recorded, verify, issues, triageRecords: response.triageRecords.filter((r) => r.created).length, paths };
}
