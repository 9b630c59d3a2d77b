/**
 * `evident package`: the auditor's evidence package for a period, as a folder:
 *
 *   index.html                      the package as one page, offline
 *   summary.json, controls.csv, criteria.csv
 *   alert-history.csv               one row per remediation cycle
 *   oscal-assessment-results.json   OSCAL 1.1.2 Assessment Results, checked by oscal-schema.ts
 *   self-checks.json
 *   records/<archive key>           the sampled records, byte for byte
 *   manifest.json                   SHA-256 of every other file; signed when a key is given
 *
 * assembleAuditPackage builds the files in memory; buildAuditPackage writes them (and the zip).
 */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ComplianceConfig } from '../../config/schema.ts';
import { ConfigurationError } from '../../errors.ts';
import { canonicalJson, prettyCanonicalJson } from '../../evidence/canonical-json.ts';
import { serializeRecord } from '../../evidence/record.ts';
import { sha256Hex } from '../../evidence/sha256.ts';
import type { SealSigner } from '../../evidence/signing.ts';
import type { EvidenceStore } from '../../evidence/store.ts';
import type { EvidenceIndex } from '../evidence-index.ts';
import type { IssueHistory } from '../issue-history.ts';
import type { SelfCheck } from '../self-checks.ts';
import { alertHistoryCsv } from './alert-history.ts';
import { renderIndexHtml } from './index-html.ts';
import { buildManifest, MANIFEST_FILE, PackageManifest, serializeManifest, type PackageFile } from './manifest.ts';
import { buildAssessmentResults } from './oscal-assessment-results.ts';
import { inPackagePeriod, packagePeriod, type PackagePeriod } from './package-period.ts';
import { packageSelfChecks } from './package-self-checks.ts';
import { summarizePackage, type PackageSummary } from './package-summary.ts';
import { cyclesInPeriod } from './remediation-summary.ts';
import { selectControls, type ControlSelection } from './select-controls.ts';
import { controlsCsv, criteriaCsv, summaryJson } from './summary-files.ts';
import { zipFileName, zipPackage } from './zip-package.ts';

export const PACKAGE_FILES = {
  index: 'index.html',
  summary: 'summary.json',
  controlsCsv: 'controls.csv',
  criteriaCsv: 'criteria.csv',
  alertHistory: 'alert-history.csv',
  oscal: 'oscal-assessment-results.json',
  selfChecks: 'self-checks.json',
  manifest: MANIFEST_FILE,
} as const;

export interface AuditPackageInput {
  /** compliance.yml, for the self-checks that read it (they say "unknown" without it). */
  config?: ComplianceConfig | undefined;
  /** The archive read for the period (loadEvidence); results outside the period are left out. */
  evidence: EvidenceIndex;
  /** Without it, remediation within SLA is reported as "no issue history", never assumed. */
  history?: IssueHistory | undefined;
  /** `YYYY-MM-DD`, both included (UTC). */
  from: string;
  to: string;
  /** Control ids or criteria (`CC6.1`, `A.8.5`, 2013 ids such as `A.9.4.2`); all controls when absent. */
  controls?: readonly string[] | undefined;
  now: Date;
  signer?: SealSigner | undefined;
  /** The archive, to copy each sampled record byte for byte (what its seals hash); without it records are re-serialized. */
  store?: Pick<EvidenceStore, 'get'> | undefined;
}

export interface AuditPackage {
  period: PackagePeriod;
  selection: ControlSelection;
  summary: PackageSummary;
  selfChecks: SelfCheck[];
  manifest: PackageManifest;
  /** Every file, manifest.json last. */
  files: PackageFile[];
  /** Records copied under records/. */
  records: number;
  /** Remediation cycles in alert-history.csv; undefined without an issue history. */
  cycles: number | undefined;
  problems: { key: string; problem: string }[];
}

export const recordPath = (key: string) => `records/${key}`;

export async function assembleAuditPackage(input: AuditPackageInput): Promise<AuditPackage> {
  const period = packagePeriod(input.from, input.to);
  const selection = selectControls(input.controls);
  const ids = new Set(selection.controls.map((c) => c.id));
  const results = input.evidence.results.filter((entry) => ids.has(entry.record.control.id) && inPackagePeriod(entry.record.effectiveAt, period));
  if (results.length === 0) {
    const which = selection.requested === undefined ? 'no control result' : `no result of ${selection.controls.map((c) => c.id).join(', ')}`;
    throw new ConfigurationError(`${which} between ${period.from} and ${period.to} (both days included, UTC) in ${input.evidence.location}. Check --from and --to against the days the archive holds, and that --evidence is the archive your scheduled run writes to.`);
  }
  const cycles = input.history === undefined ? undefined : cyclesInPeriod(input.history, ids, period, input.now);
  const summary = summarizePackage({ selection, results, cycles });
  const organization = input.config?.organization ?? results[0]?.record.organization ?? 'unknown';
  const problems = [...input.evidence.problems];

  const files: PackageFile[] = [];
  const text = (path: string, content: string) => files.push({ path, bytes: new TextEncoder().encode(content) });
  const recordHashes = new Map<string, string>();
  for (const entry of summary.controls.flatMap((c) => c.samples)) {
    let bytes = await input.store?.get(entry.key);
    if (input.store !== undefined && bytes === undefined) problems.push({ key: entry.key, problem: 'could not be read again to copy it; the copy is re-serialized from the record as first read' });
    bytes ??= serializeRecord(entry.record);
    recordHashes.set(entry.key, sha256Hex(bytes));
    files.push({ path: recordPath(entry.key), bytes });
  }

  const alertHistory = alertHistoryCsv(cycles ?? []);
  text(PACKAGE_FILES.alertHistory, alertHistory);
  const seed = sha256Hex(
    canonicalJson({ period: [period.from, period.to], controls: [...ids], requested: selection.requested ?? null, results: results.map((r) => r.key), cycles: cycles?.map((c) => [c.issue.number, c.openedAt]) ?? null }),
  );
  const oscal = buildAssessmentResults({
    period,
    summary,
    organization,
    now: input.now,
    seed,
    recordHref: recordPath,
    alertHistory: { href: PACKAGE_FILES.alertHistory, sha256: sha256Hex(alertHistory), cycles: cycles?.length },
  });
  text(PACKAGE_FILES.oscal, `${JSON.stringify(oscal, null, 2)}\n`);
  const checks = packageSelfChecks({ config: input.config, evidence: input.evidence, history: input.history, period, now: input.now });
  text(PACKAGE_FILES.selfChecks, prettyCanonicalJson({ generatedAt: input.now.toISOString(), period: { from: period.from, to: period.to }, checks }));
  text(PACKAGE_FILES.controlsCsv, controlsCsv(summary));
  text(PACKAGE_FILES.criteriaCsv, criteriaCsv(summary));
  text(PACKAGE_FILES.summary, summaryJson({ organization, period, generatedAt: input.now, summary, historyGiven: input.history !== undefined, recordHref: recordPath, recordHashes, problems }));
  text(
    PACKAGE_FILES.index,
    renderIndexHtml({ period, organization, now: input.now, summary, selfChecks: checks, problems, historyGiven: input.history !== undefined, signedBy: input.signer?.keyId, recordHref: recordPath, files: PACKAGE_FILES }),
  );

  const manifest = buildManifest({ files, period, generatedAt: input.now, controls: [...ids], requested: selection.requested, signer: input.signer });
  files.push({ path: MANIFEST_FILE, bytes: serializeManifest(manifest) });
  return { period, selection, summary, selfChecks: checks, manifest, files, records: recordHashes.size, cycles: cycles?.length, problems };
}

export interface WrittenAuditPackage extends AuditPackage {
  outDir: string;
  /** The zip, beside the folder, when asked for. */
  zipPath?: string;
}

/** Builds the package and writes it to `outDir`, and with `zip` a zip of it beside the folder. */
export async function buildAuditPackage(input: AuditPackageInput & { outDir: string; zip?: boolean }): Promise<WrittenAuditPackage> {
  const built = await assembleAuditPackage(input);
  const outDir = resolve(input.outDir);
  await clearPreviousPackage(outDir);
  for (const file of built.files) {
    const target = join(outDir, ...file.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.bytes);
  }
  if (input.zip !== true) return { ...built, outDir };
  const name = zipFileName(built.period);
  // Beside the folder, not in it: the folder holds exactly what its manifest lists.
  const zipPath = join(dirname(outDir), name);
  await writeFile(zipPath, zipPackage(built.files, basename(name, '.zip')));
  return { ...built, outDir, zipPath };
}

/**
 * The package folder must hold only the package. A folder with an earlier package is emptied of
 * that package's files; any other non-empty folder is refused rather than mixed in or deleted.
 */
async function clearPreviousPackage(outDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(outDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (entries.length === 0) return;
  let previous: PackageManifest | undefined;
  try {
    previous = PackageManifest.parse(JSON.parse(await readFile(join(outDir, MANIFEST_FILE), 'utf8')));
  } catch {
    previous = undefined;
  }
  if (previous === undefined) throw new ConfigurationError(`--out ${outDir} is not empty and holds no Evident package; give a new or empty folder, so the package holds nothing but its own files.`);
  for (const file of [...previous.files, { path: MANIFEST_FILE }]) await rm(join(outDir, ...file.path.split('/')), { force: true });
}
