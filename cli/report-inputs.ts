/**
 * What `report`, `package` and `dashboard` read: the evidence archive, and the compliance.yml and
 * issue history that go with it. Next to a local evidence folder, `compliance.yml` and
 * `issues/history.json` are used when present (the layout of a compliance repository and of
 * `evident demo`), so the usual call needs only --evidence; the commands print what they used.
 */
import { access, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { loadConfig } from '../engine/config/load-config.ts';
import type { ComplianceConfig } from '../engine/config/schema.ts';
import { ConfigurationError } from '../engine/errors.ts';
import { openStoreAt } from '../engine/evidence/open-store.ts';
import type { EvidenceStore } from '../engine/evidence/store.ts';
import type { IssueHistory } from '../engine/reports/issue-history.ts';
import { readIssueHistory } from '../engine/reports/read-issue-history.ts';

export interface ReportInputs {
  store: EvidenceStore;
  /** The archive as the user named it: a runner's absolute path means nothing in a report. */
  evidenceLocation: string;
  /** The local evidence folder, absolute; undefined for S3. */
  evidenceDir?: string | undefined;
  configFile?: string | undefined;
  config?: ComplianceConfig | undefined;
  historyFile?: string | undefined;
  history?: IssueHistory | undefined;
}

export async function reportInputs(values: { evidence?: string | undefined; config?: string | undefined; history?: string | undefined }): Promise<ReportInputs> {
  if (values.evidence === undefined) throw new ConfigurationError('pass --evidence with the evidence folder or s3://bucket/prefix');
  const local = !values.evidence.startsWith('s3://');
  const evidenceDir = local ? resolve(values.evidence) : undefined;
  if (evidenceDir !== undefined && !(await isDirectory(evidenceDir))) {
    throw new ConfigurationError(`${values.evidence} is not a folder; pass --evidence with the evidence folder \`evident run\` writes to (evidence.path in compliance.yml), or s3://bucket/prefix`);
  }
  const near = evidenceDir === undefined ? undefined : dirname(evidenceDir);
  const configFile = values.config ?? (near === undefined ? undefined : await existing(join(near, 'compliance.yml'))) ?? (await existing('compliance.yml'));
  const historyFile = values.history ?? (near === undefined ? undefined : await existing(join(near, 'issues', 'history.json')));
  return {
    store: openStoreAt(values.evidence),
    evidenceLocation: values.evidence,
    evidenceDir,
    configFile,
    config: configFile === undefined ? undefined : await loadConfig(configFile),
    historyFile,
    history: historyFile === undefined ? undefined : await readIssueHistory(historyFile),
  };
}

/** The lines that say which configuration and history a command used, and how to pass them. */
export function inputLines(inputs: ReportInputs, withoutHistory: string): string[] {
  return [
    `  configuration: ${inputs.configFile === undefined ? 'none (self-checks that need compliance.yml say so; pass --config)' : shown(resolve(inputs.configFile))}`,
    `  issue history: ${inputs.historyFile === undefined ? `none (${withoutHistory}; pass --history)` : shown(resolve(inputs.historyFile))}`,
  ];
}

/** A path relative to the current folder when it is inside it, else absolute. */
export function shown(path: string): string {
  const near = relative(process.cwd(), path);
  return near.startsWith('..') ? path : near || '.';
}

async function existing(path: string): Promise<string | undefined> {
  try {
    await access(path);
    return path;
  } catch {
    return undefined;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
