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
import { renderIssue } from '../issues/render-issue.ts';
import { evaluateAll, recordEvaluation, type Evaluation, type RecordedRun } from '../run.ts';
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
  issues: { file: string; title: string }[];
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
  const recorded = await recordEvaluation(evaluation, { store, organization: config.organization, now, signer: options.signer });
  const verify = await verifyEvidence(store);

  // The would-be issues are a view of the current findings, so they are rewritten each time.
  await rm(paths.issues, { recursive: true, force: true });
  await mkdir(paths.issues, { recursive: true });
  const issues: DemoResult['issues'] = [];
  for (const finding of recorded.findings) {
    const issue = renderIssue(finding, config.triage.sla);
    const file = join(paths.issues, `${finding.controlId}-${finding.fingerprint}.md`);
    const front = ['---', `title: ${JSON.stringify(issue.title)}`, `labels: [${issue.labels.join(', ')}]`, `due: ${issue.dueAt}`, '---', ''].join('\n');
    await writeFile(file, front + issue.body);
    issues.push({ file, title: issue.title });
  }
  return { evaluation, recorded, verify, issues, paths };
}
