import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../engine/config/load-config.ts';
import type { ComplianceConfig } from '../../engine/config/schema.ts';
import { ConfigurationError } from '../../engine/errors.ts';
import { openConfiguredStore } from '../../engine/evidence/open-store.ts';
import { signerFromEnv } from '../../engine/evidence/signing.ts';
import { createGitHubClient } from '../../engine/issues/github-client.ts';
import { GitHubIssueTracker } from '../../engine/issues/github-tracker.ts';
import type { IssueTracker } from '../../engine/issues/issue-tracker.ts';
import { RecordingTracker } from '../../engine/issues/recording-tracker.ts';
import { renderWrites } from '../../engine/issues/render-writes.ts';
import { SourceId } from '../../engine/model.ts';
import { respond } from '../../engine/respond.ts';
import { evaluateAll, exitCodeFor, recordResults, sealWritten } from '../../engine/run.ts';
import { loadSnapshots } from '../../engine/snapshots/load-snapshots.ts';
import { createModelClient, noModelReason } from '../../engine/triage/triage.ts';
import { resultsTable, statusCounts } from '../format.ts';

const warn = (message: string) => process.stderr.write(`Warning: ${message}\n`);

export async function runCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { config: { type: 'string', default: 'compliance.yml' }, snapshot: { type: 'string' }, only: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    strict: true,
  });
  const config = await loadConfig(values.config);
  if (values.snapshot === undefined) {
    throw new ConfigurationError('pass --snapshot DIR with the snapshots to evaluate (this version evaluates snapshots; live collection from GitHub, Okta and AWS is not part of it yet)');
  }
  const only = values.only === undefined ? undefined : parseOnly(values.only);
  const snapshots = await loadSnapshots(values.snapshot);
  const now = new Date();
  const evaluation = evaluateAll({ config, snapshots, now, only });
  process.stdout.write(`${resultsTable(evaluation.runs, evaluation.notRun)}\n\n${statusCounts(evaluation.runs)}\n`);
  const github = githubTracker(config);

  if (values['dry-run']) {
    // Reads the real issues when it can, so the would-be writes are the real ones; writes nothing.
    const tracker = new RecordingTracker(github?.location ?? 'compliance', github);
    await respond(evaluation.runs.map((run) => ({ run })), { config, tracker, now, noModelReason: 'a dry run asks no model', log: { warn } });
    process.stdout.write(`\nDry run: no evidence written, no issue changed, no alert sent. Would-be issue changes${github === undefined ? ' (GITHUB_TOKEN not set: as if the repository had no issues yet)' : ''}:\n\n`);
    process.stdout.write(renderWrites(tracker.location, tracker.writes));
    return exitCodeFor(evaluation.runs);
  }

  const { store, retainUntil } = openConfiguredStore(config.evidence, dirname(values.config));
  const recordOptions = { store, organization: config.organization, now, retainUntil: retainUntil(now), signer: signerFromEnv() };
  const records = await recordResults(evaluation, recordOptions);
  const created = records.filter((r) => r.created).length;
  process.stdout.write(`\nEvidence: ${created} new record(s), ${records.length - created} already present, in ${store.location}.\n`);

  let incomplete = false;
  let triageRecords: Awaited<ReturnType<typeof respond>>['triageRecords'] = [];
  if (github === undefined) {
    warn('issues were not synced: set GITHUB_TOKEN and sources.github in compliance.yml; the findings are in the evidence archive');
  } else {
    const response = await respond(
      records.map((record) => ({ run: record.run, key: record.key })),
      { config, tracker: github, now, store, retainUntil: retainUntil(now), ai: createModelClient(config.triage.openai), noModelReason: noModelReason(config.triage.openai), alerts: { env: process.env }, log: { warn } },
    );
    triageRecords = response.triageRecords;
    const failed = response.sync.items.filter((item) => item.error !== undefined);
    for (const item of failed) warn(`${item.item.result.controlId} on ${item.item.result.scope}: ${item.error}`);
    for (const alert of response.alerts.filter((a) => a.status === 'failed')) warn(`alert to ${alert.sink} failed: ${alert.reason}`);
    const writes = response.sync.items.filter((item) => item.plan.operations.length > 0).map((item) => `  - ${item.plan.note}`);
    process.stdout.write(`Issues in ${github.location}: ${response.sync.writes} write(s)${writes.length > 0 ? `\n${writes.join('\n')}` : ''}\n`);
    process.stdout.write(`Triage: ${triageRecords.filter((r) => r.created).length} new decision(s) recorded. Alerts: ${response.alerts.filter((a) => a.status === 'sent').length} sent.\n`);
    incomplete = failed.length > 0 || response.alerts.some((a) => a.status === 'failed');
  }

  const seal = await sealWritten([...records, ...triageRecords], recordOptions);
  process.stdout.write(seal.seal === undefined ? 'Seal: nothing new to seal.\n' : `Seal: #${seal.seal.sequence} covers ${seal.seal.records} record(s).\n`);
  for (const rejected of seal.rejected) warn(`not sealed: ${rejected.key} ${rejected.problem}`);
  // A sync or an alert that could not be made means the run did not complete: exit 2, like an error.
  return incomplete ? 2 : exitCodeFor(evaluation.runs);
}

/** The compliance repository's issues, when a token and the repository are configured. */
function githubTracker(config: ComplianceConfig): IssueTracker | undefined {
  const github = config.sources.github;
  const token = process.env.GITHUB_TOKEN;
  if (github === undefined || token === undefined || token === '') return undefined;
  // EVIDENT_GITHUB_WRITE_SPACING_MS shortens the spacing between writes (tests, a GitHub Enterprise
  // Server without secondary rate limits); by default writes are a second apart, as GitHub asks.
  const spacing = Number(process.env.EVIDENT_GITHUB_WRITE_SPACING_MS);
  const client = createGitHubClient({ auth: token, baseUrl: github.apiUrl, log: { warn }, ...(Number.isFinite(spacing) && spacing >= 0 && process.env.EVIDENT_GITHUB_WRITE_SPACING_MS !== '' ? { writeSpacingMs: spacing } : {}) });
  return new GitHubIssueTracker(client, github.org, github.complianceRepo);
}

function parseOnly(list: string): SourceId[] {
  const sources = new Set<SourceId>();
  for (const raw of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    // `github` is what users think of; it covers both GitHub sources.
    if (raw === 'github') {
      sources.add('github-org');
      sources.add('github-pull-request');
      continue;
    }
    const parsed = SourceId.safeParse(raw);
    if (!parsed.success) throw new ConfigurationError(`--only: unknown source "${raw}"; use a comma-separated list of github, ${SourceId.options.join(', ')}`);
    sources.add(parsed.data);
  }
  return [...sources];
}
