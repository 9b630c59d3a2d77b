/**
 * What `report`, `package` and `dashboard` read: the evidence archive, and the compliance.yml and
 * issue history that go with it. Next to a local evidence folder, `compliance.yml` and
 * `issues/history.json` are used when present (the layout of a compliance repository and of
 * `evident demo`), so the usual call needs only --evidence; the commands print what they used.
 * `--history github` reads the history from the compliance repository's issues instead
 * (github-issue-history.ts), with GITHUB_TOKEN and `sources.github` from compliance.yml.
 */
import { access, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { loadConfig } from '../engine/config/load-config.ts';
import type { ComplianceConfig } from '../engine/config/schema.ts';
import { ConfigurationError } from '../engine/errors.ts';
import { openStoreAt } from '../engine/evidence/open-store.ts';
import type { EvidenceStore } from '../engine/evidence/store.ts';
import { createGitHubClient } from '../engine/issues/github-client.ts';
import { loadGitHubIssueHistory } from '../engine/reports/github-issue-history.ts';
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
  /** Where the history came from, as printed: a file path, or `github:<org>/<repo>`. */
  historySource?: string | undefined;
  history?: IssueHistory | undefined;
}

/** `--history github`: read the history from the compliance repository's issues. */
export const HISTORY_FROM_GITHUB = 'github';

export async function reportInputs(
  values: { evidence?: string | undefined; config?: string | undefined; history?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReportInputs> {
  if (values.evidence === undefined) throw new ConfigurationError('pass --evidence with the evidence folder or s3://bucket/prefix');
  const local = !values.evidence.startsWith('s3://');
  const evidenceDir = local ? resolve(values.evidence) : undefined;
  if (evidenceDir !== undefined && !(await isDirectory(evidenceDir))) {
    throw new ConfigurationError(`${values.evidence} is not a folder; pass --evidence with the evidence folder \`evident run\` writes to (evidence.path in compliance.yml), or s3://bucket/prefix`);
  }
  const near = evidenceDir === undefined ? undefined : dirname(evidenceDir);
  const configFile = values.config ?? (near === undefined ? undefined : await existing(join(near, 'compliance.yml'))) ?? (await existing('compliance.yml'));
  const config = configFile === undefined ? undefined : await loadConfig(configFile);
  const base = { store: openStoreAt(values.evidence), evidenceLocation: values.evidence, evidenceDir, configFile, config };
  if (values.history === HISTORY_FROM_GITHUB) return { ...base, ...(await historyFromGitHub(config, env)) };
  const historyFile = values.history ?? (near === undefined ? undefined : await existing(join(near, 'issues', 'history.json')));
  return { ...base, historySource: historyFile === undefined ? undefined : shown(resolve(historyFile)), history: historyFile === undefined ? undefined : await readIssueHistory(historyFile) };
}

/**
 * Every issue labelled `evident` in `sources.github`'s compliance repository, with its timeline.
 * Rate limits are waited out up to three times (each wait lasts until GitHub's reset), then the
 * command stops: a report never claims SLAs from a partial history.
 */
async function historyFromGitHub(config: ComplianceConfig | undefined, env: NodeJS.ProcessEnv): Promise<Pick<ReportInputs, 'historySource' | 'history'>> {
  const github = config?.sources.github;
  if (github === undefined) {
    throw new ConfigurationError('--history github reads the compliance repository named in compliance.yml, and there is none: pass --config with a compliance.yml that has sources.github (org and complianceRepo), or --history FILE');
  }
  const token = env.GITHUB_TOKEN;
  if (token === undefined || token === '') {
    throw new ConfigurationError(`--history github needs GITHUB_TOKEN with read access to the issues of ${github.org}/${github.complianceRepo} (in a workflow: \`GITHUB_TOKEN: \${{ github.token }}\` and \`permissions: issues: read\`)`);
  }
  const log = { warn: (message: string) => process.stderr.write(`  warning: ${message}\n`) };
  const client = createGitHubClient({ auth: token, baseUrl: github.apiUrl, log });
  const history = await loadGitHubIssueHistory(client, { owner: github.org, repo: github.complianceRepo }, { now: new Date(), log });
  return { historySource: `github:${github.org}/${github.complianceRepo} (${history.issues.length} issue(s))`, history };
}

/** The lines that say which configuration and history a command used, and how to pass them. */
export function inputLines(inputs: ReportInputs, withoutHistory: string): string[] {
  return [
    `  configuration: ${inputs.configFile === undefined ? 'none (self-checks that need compliance.yml say so; pass --config)' : shown(resolve(inputs.configFile))}`,
    `  issue history: ${inputs.historySource ?? `none (${withoutHistory}; pass --history FILE or --history github)`}`,
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
