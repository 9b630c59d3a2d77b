/**
 * The scheduled job of the compliance repository, as `evident run` and the Action both run it:
 *
 *   collect (or read snapshots) -> evaluate -> record -> triage + issues + alerts -> remediate -> seal
 *
 * Every step that talks to the outside is isolated: a collector that fails makes its controls
 * `error` with the reason; an evidence record, issue, alert or seal that cannot be written makes the
 * run incomplete (exit 2), and the report names each one. Nothing is acted on without its evidence:
 * a result whose record the store failed on gets no issue change, alert or remediation this run;
 * running again writes it (under the same content address, so nothing already written is written twice).
 */
import { dirname } from 'node:path';
import { collectSources, type CollectionReport } from './collect.ts';
import { loadConfig } from './config/load-config.ts';
import type { ComplianceConfig } from './config/schema.ts';
import { openConfiguredStore } from './evidence/open-store.ts';
import { sealEvidence, type SealOutcome } from './evidence/seal.ts';
import { signerFromEnv } from './evidence/signing.ts';
import { describeStoreError, type UnwrittenRecord, type WrittenRecord } from './evidence/write-record.ts';
import { createGitHubClient } from './issues/github-client.ts';
import { GitHubIssueTracker } from './issues/github-tracker.ts';
import type { IssueTracker } from './issues/issue-tracker.ts';
import { RecordingTracker } from './issues/recording-tracker.ts';
import { renderWrites } from './issues/render-writes.ts';
import type { SourceId } from './model.ts';
import { respond, type RespondReport } from './respond.ts';
import { evaluateAll, exitCodeFor, writeResults, type ControlRun, type Evaluation } from './run.ts';
import { loadSnapshots } from './snapshots/load-snapshots.ts';
import { createModelClient, noModelReason } from './triage/triage.ts';
import { connectOkta } from './collectors/okta/okta-client.ts';
import { remediateInactiveUsers, type RemediationReport } from './remediate/okta-inactive-users.ts';
import { sdkLifecycleClient } from './remediate/okta-lifecycle-client.ts';

export interface ScheduledRunOptions {
  configPath: string;
  /** Evaluate the snapshots in this folder instead of collecting from the sources. */
  snapshotDir?: string | undefined;
  only?: readonly SourceId[] | undefined;
  /** Collect and evaluate, but write, change and send nothing. */
  dryRun: boolean;
  /** Seal at the end (false for the shards of a matrix whose last job seals). */
  seal: boolean;
  env: NodeJS.ProcessEnv;
  now: Date;
  log: { info(message: string): void; warn(message: string): void };
  /** For tests and benchmarks: the HTTP client the collectors' SDKs use. */
  fetch?: typeof fetch;
  /** For tests: where the alert sinks are reached (PagerDuty's Events API; Slack's URL is its secret). */
  alertBaseUrls?: { pagerduty?: string };
}

export interface ScheduledRunReport {
  config: ComplianceConfig;
  evaluation: Evaluation;
  collection?: CollectionReport;
  /** Evidence records of this run's results (none in a dry run). */
  records: (WrittenRecord & { run: ControlRun })[];
  /** Results whose record could not be written: not acted on this run, and named in `problems`. */
  unwritten: (UnwrittenRecord & { run: ControlRun })[];
  evidenceLocation?: string;
  response?: RespondReport;
  /** Why issues were not synced, when they were not. */
  issuesSkipped?: string;
  seal?: SealOutcome;
  /** Why the seal could not be made, when sealing failed. */
  sealError?: string;
  remediation?: RemediationReport;
  /** The would-be issue writes of a dry run, as markdown. */
  dryRunWrites?: string;
  /** The run could not complete: an evidence record, an issue, an alert or the seal could not be written. */
  incomplete: boolean;
  /** What could not be written, one sentence each; empty when the run completed. */
  problems: string[];
  exitCode: 0 | 1 | 2;
}

export async function scheduledRun(options: ScheduledRunOptions): Promise<ScheduledRunReport> {
  const config = await loadConfig(options.configPath);
  const { now, log } = options;
  const { store, retainUntil } = openConfiguredStore(config.evidence, dirname(options.configPath));

  let collection: CollectionReport | undefined;
  let snapshots;
  if (options.snapshotDir !== undefined) {
    snapshots = await loadSnapshots(options.snapshotDir);
  } else {
    collection = await collectSources({ config, env: options.env, now, store: options.dryRun ? undefined : store, log, ...(options.fetch === undefined ? {} : { fetch: options.fetch }) }, options.only);
    snapshots = collection.snapshots;
  }
  const evaluation = evaluateAll({ config, snapshots, now, only: options.only, collectionErrors: collection?.errors });
  const github = githubTracker(config, options.env, log);

  if (options.dryRun) {
    // Reads the real issues when it can, so the would-be writes are the real ones; writes nothing.
    const tracker = new RecordingTracker(github?.location ?? `${config.sources.github?.org ?? 'your-org'}/${config.sources.github?.complianceRepo ?? 'compliance'}`, github);
    await respond(evaluation.runs.map((run) => ({ run })), { config, tracker, now, noModelReason: 'a dry run asks no model', log });
    return { config, evaluation, ...(collection === undefined ? {} : { collection }), records: [], unwritten: [], dryRunWrites: renderWrites(tracker.location, tracker.writes), incomplete: false, problems: [], exitCode: exitCodeFor(evaluation.runs) };
  }

  const recordOptions = { store, organization: config.organization, now, retainUntil: retainUntil(now), signer: signerFromEnv(options.env) };
  const { records, unwritten } = await writeResults(evaluation, recordOptions);
  const problems: string[] = [];
  const problem = (message: string) => {
    problems.push(message);
    log.warn(message);
  };
  for (const { key, run, error } of unwritten) {
    problem(`evidence record ${key} (${run.result.controlId} on ${run.result.scope}, ${run.result.status}) was not written to ${store.location}: ${error}; its issue and alerts wait for a run that stores it`);
  }
  let response: RespondReport | undefined;
  let issuesSkipped: string | undefined;
  if (github === undefined) {
    issuesSkipped = 'set GITHUB_TOKEN and sources.github in compliance.yml; the findings are in the evidence archive';
    log.warn(`issues were not synced: ${issuesSkipped}`);
  } else {
    response = await respond(
      records.map((record) => ({ run: record.run, key: record.key })),
      {
        config,
        tracker: github,
        now,
        store,
        retainUntil: retainUntil(now),
        ai: createModelClient(config.triage.openai, options.env),
        noModelReason: noModelReason(config.triage.openai, options.env),
        alerts: { env: options.env, ...(options.alertBaseUrls === undefined ? {} : { baseUrls: options.alertBaseUrls }) },
        log,
      },
    );
    // Issues turned off in the repository are a warning, said once by the sync (STYLE.md 9); any
    // other result left unsynced (403, 5xx after the retries) leaves a finding without its issue.
    if (response.sync.issuesDisabled !== true) {
      for (const item of response.sync.items.filter((i) => i.error !== undefined)) problem(`${item.item.result.controlId} on ${item.item.result.scope}: ${item.error}`);
    }
    // respond() has warned about each already.
    for (const record of response.unwrittenTriage) problems.push(`triage decision record ${record.key} was not written to ${store.location}: ${record.error}`);
    for (const alert of response.alerts.filter((a) => a.status === 'failed')) problem(`alert to ${alert.sink} failed: ${alert.reason} (the issue keeps it owed; the next run sends it again)`);
    for (const owed of response.owedAlerts?.problems ?? []) problems.push(owed);
  }
  const stored = unwritten.length === 0 ? evaluation : { ...evaluation, runs: evaluation.runs.filter((run) => !unwritten.some((u) => u.run === run)) };
  const remediation = await remediate(config, stored, response, { store, tracker: github, now, env: options.env, log, fetch: options.fetch });
  const written = [...records, ...(response?.triageRecords ?? []), ...(collection?.written ?? []), ...(remediation?.records ?? [])];
  // The seal covers the records that are in the archive in full (sealEvidence lists the store and
  // reads back what this process did not write), never one that is not: a record the store failed
  // on is sealed by the first seal after a run that writes it, and verify expects it there.
  let seal: SealOutcome | undefined;
  let sealError: string | undefined;
  if (options.seal) {
    try {
      seal = await sealEvidence(store, { now, signer: recordOptions.signer, retainUntil: recordOptions.retainUntil, known: new Map(written.filter((r) => r.created).map((r) => [r.key, r.sha256])) });
    } catch (error) {
      sealError = describeStoreError(error);
      problem(`the seal of ${store.location} could not be made: ${sealError}; the next run seals what this one wrote`);
    }
  }
  if (seal?.completed !== undefined) log.info(`seal #${seal.completed.sequence} had been written without its head (an earlier run failed in between); its head is written now`);
  for (const rejected of seal?.rejected ?? []) log.warn(`not sealed: ${rejected.key} ${rejected.problem}`);
  const incomplete = problems.length > 0;
  return {
    config,
    evaluation,
    ...(collection === undefined ? {} : { collection }),
    records,
    unwritten,
    evidenceLocation: store.location,
    ...(response === undefined ? {} : { response }),
    ...(issuesSkipped === undefined ? {} : { issuesSkipped }),
    ...(seal === undefined ? {} : { seal }),
    ...(sealError === undefined ? {} : { sealError }),
    ...(remediation === undefined ? {} : { remediation }),
    incomplete,
    problems,
    exitCode: incomplete ? 2 : exitCodeFor(evaluation.runs),
  };
}

/** The compliance repository's issues, when a token and the repository are configured. */
function githubTracker(config: ComplianceConfig, env: NodeJS.ProcessEnv, log: { warn(message: string): void }): IssueTracker | undefined {
  const github = config.sources.github;
  const token = env.GITHUB_TOKEN;
  if (github === undefined || token === undefined || token === '') return undefined;
  // EVIDENT_GITHUB_WRITE_SPACING_MS shortens the spacing between writes (tests, a GitHub Enterprise
  // Server without secondary rate limits); by default writes are a second apart, as GitHub asks.
  const writeSpacingMs = milliseconds(env.EVIDENT_GITHUB_WRITE_SPACING_MS);
  // EVIDENT_GITHUB_RETRY_BASE_MS shortens octokit's backoff between retries of a 5xx (tests).
  const retryBaseMs = milliseconds(env.EVIDENT_GITHUB_RETRY_BASE_MS);
  const client = createGitHubClient({ auth: token, baseUrl: github.apiUrl, log, ...(writeSpacingMs === undefined ? {} : { writeSpacingMs }), ...(retryBaseMs === undefined ? {} : { retryBaseMs }) });
  return new GitHubIssueTracker(client, github.org, github.complianceRepo);
}

function milliseconds(value: string | undefined): number | undefined {
  return value === undefined || value === '' || !Number.isFinite(Number(value)) || Number(value) < 0 ? undefined : Number(value);
}

/**
 * Suspends or deactivates Okta accounts inactive past `remediation.okta-inactive-users.afterDays`
 * when compliance.yml opts in. A dry run (the default) reports on the finding's issue only when the
 * issue changed this run, so it does not comment every hour.
 */
async function remediate(
  config: ComplianceConfig,
  evaluation: Evaluation,
  response: RespondReport | undefined,
  context: { store: Parameters<typeof remediateInactiveUsers>[0]['store']; tracker: IssueTracker | undefined; now: Date; env: NodeJS.ProcessEnv; log: ScheduledRunOptions['log']; fetch?: typeof fetch | undefined },
): Promise<RemediationReport | undefined> {
  const settings = config.remediation['okta-inactive-users'];
  const okta = config.sources.okta;
  if (settings === undefined || okta === undefined) return undefined;
  const run = evaluation.runs.find((r) => r.control.id === 'okta-inactive-users' && r.result.status === 'fail' && r.snapshot !== undefined);
  const token = context.env[okta.tokenEnv];
  if (run?.snapshot === undefined || token === undefined || token === '') return undefined;
  const synced = response?.sync.items.find((item) => item.item.result === run.result);
  if (settings.mode === 'dry-run' && (synced === undefined || synced.plan.operations.length === 0)) return undefined;
  const { client } = connectOkta(okta.orgUrl.replace(/\/$/, ''), token, { ...(context.fetch === undefined ? {} : { fetch: context.fetch }) });
  return remediateInactiveUsers({
    snapshot: run.snapshot,
    config,
    client: sdkLifecycleClient(client),
    now: context.now,
    store: context.store,
    tracker: context.tracker,
    issueNumber: synced?.issue?.number,
    fingerprint: synced?.fingerprint,
    log: context.log,
  });
}

/** Seals the archive compliance.yml names: the last job of a matrix whose shards ran without sealing. */
export async function sealConfiguredEvidence(configPath: string, env: NodeJS.ProcessEnv, now: Date): Promise<SealOutcome & { location: string }> {
  const config = await loadConfig(configPath);
  const { store, retainUntil } = openConfiguredStore(config.evidence, dirname(configPath));
  const outcome = await sealEvidence(store, { now, signer: signerFromEnv(env), retainUntil: retainUntil(now) });
  return { ...outcome, location: store.location };
}
