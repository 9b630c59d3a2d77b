/**
 * What the GitHub App does on each pull-request event, free of Probot so it can be tested and run
 * anywhere: before merge, a check run; at merge, evidence and, for a failure, an issue; and a review
 * given after a merge closes the "merged without approval" issue it remediates.
 */
import type { ComplianceConfig } from '../config/schema.ts';
import { collectPullRequest, type GitHubRequester, type PullRequestRef } from '../collectors/github-pull-request.ts';
import { firstMatchingPattern } from '../controls/github-org/repository-patterns.ts';
import { openConfiguredStore, type OpenedStore } from '../evidence/open-store.ts';
import { buildRecord } from '../evidence/record.ts';
import { writeRecord } from '../evidence/write-record.ts';
import type { GitHubClient } from '../issues/github-client.ts';
import { GitHubIssueTracker } from '../issues/github-tracker.ts';
import { respond, type RespondReport } from '../respond.ts';
import type { ControlRun } from '../run.ts';
import { fingerprinterFromEnv } from '../secrets/fingerprint.ts';
import { createScanner } from '../secrets/scanner.ts';
import { createModelClient, noModelReason } from '../triage/triage.ts';
import { checkRunOutput, configProblemOutput, upsertCheckRun } from './check-run.ts';
import type { ConfigCache } from './compliance-config.ts';
import { evaluatePullRequest } from './evaluate-pull-request.ts';

export interface AppDependencies {
  configs: ConfigCache;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  log: { info(message: string): void; warn(message: string): void };
  /** The evidence archive for a configuration (default: the one compliance.yml names). */
  openStore?: (config: ComplianceConfig) => OpenedStore;
  /** Base URLs of alert services (tests). */
  alertBaseUrls?: { pagerduty?: string };
}

export interface PullRequestEvent extends PullRequestRef {
  installationId: number;
  headSha: string;
}

type Loaded = Exclude<Awaited<ReturnType<ConfigCache['get']>>, { ok: false }>;

/** Opened, pushed to, edited, reopened, ready for review, or a review changed: the check run. */
export async function checkPullRequest(client: GitHubRequester, event: PullRequestEvent, deps: AppDependencies): Promise<ControlRun[] | undefined> {
  const loaded = await deps.configs.get(event.installationId, event.owner, client);
  const name = loaded.ok ? loaded.config.app.checkName : 'Evident / change management';
  if (!loaded.ok) {
    await upsertCheckRun(client, { ...event, name }, configProblemOutput(loaded.reason, loaded.problems));
    return undefined;
  }
  if (!inScope(loaded, event)) return undefined;
  const runs = await evaluate(client, event, loaded, deps.now(), deps);
  await upsertCheckRun(client, { ...event, name }, checkRunOutput(runs, loaded.config.app));
  deps.log.info(`checked ${event.owner}/${event.repo}#${event.number} at ${event.headSha.slice(0, 7)}: ${runs.map((r) => `${r.control.id} ${r.result.status}`).join(', ')}`);
  return runs;
}

/**
 * Merged: the tests as of the merge, one evidence record per test (content-addressed, so a
 * redelivered webhook writes nothing new), and an issue per failing test on this pull request.
 */
export async function recordMergedPullRequest(client: GitHubRequester, event: PullRequestEvent & { mergedAt: string }, deps: AppDependencies): Promise<RespondReport | undefined> {
  const loaded = await deps.configs.get(event.installationId, event.owner, client);
  if (!loaded.ok) {
    deps.log.warn(`${event.owner}/${event.repo}#${event.number} merged but not recorded: ${loaded.problems.join('; ')}`);
    return undefined;
  }
  if (!inScope(loaded, event)) return undefined;
  // The merge is the moment the record describes: the same merge always yields the same record.
  const runs = await evaluate(client, event, loaded, new Date(event.mergedAt), deps);
  return recordAndRespond(client, runs, loaded, deps);
}

/**
 * A review on a merged pull request: if it approves the merged code, it is the post-merge review
 * that remediates a change merged without approval; the approval test is run again counting it.
 */
export async function recordPostMergeReview(client: GitHubRequester, event: PullRequestEvent & { submittedAt: string }, deps: AppDependencies): Promise<RespondReport | undefined> {
  const loaded = await deps.configs.get(event.installationId, event.owner, client);
  if (!loaded.ok || !inScope(loaded, event)) return undefined;
  const runs = (await evaluate(client, event, loaded, new Date(event.submittedAt), deps, { 'pr-approved': { acceptPostMergeReview: true } })).filter(
    (run) => run.control.id === 'pr-approved',
  );
  return recordAndRespond(client, runs, loaded, deps);
}

async function evaluate(client: GitHubRequester, event: PullRequestEvent, loaded: Loaded, now: Date, deps: AppDependencies, overrides: Record<string, Record<string, unknown>> = {}): Promise<ControlRun[]> {
  const { config } = loaded;
  const { fingerprint, stable } = fingerprinterFromEnv(deps.env, config.secrets.fingerprintKeyEnv);
  if (!stable) deps.log.warn(`${config.secrets.fingerprintKeyEnv} is not set: secret fingerprints hold for this event only`);
  const scanner = createScanner({ fingerprint, maxFileBytes: config.secrets.maxFileBytes });
  const { snapshot } = await collectPullRequest(client, event, { scanner, now });
  return evaluatePullRequest(snapshot, config, overrides);
}

async function recordAndRespond(client: GitHubRequester, runs: readonly ControlRun[], loaded: Loaded, deps: AppDependencies): Promise<RespondReport | undefined> {
  const { config } = loaded;
  const now = deps.now();
  const { store, retainUntil } = (deps.openStore ?? ((c) => openConfiguredStore(c.evidence, process.cwd())))(config);
  const records = [];
  for (const run of runs) {
    const record = buildRecord(run.control, run.snapshot, run.result, { organization: config.organization, recordedAt: now });
    records.push({ run, key: (await writeRecord(store, record, retainUntil(now))).key });
  }
  const github = config.sources.github;
  if (github === undefined) {
    deps.log.warn('sources.github is not set in compliance.yml: findings are recorded, no issue is opened');
    return undefined;
  }
  // The installation's client, with octokit's pagination, throttling and retry (Probot adds them).
  const tracker = new GitHubIssueTracker(client as unknown as GitHubClient, github.org, github.complianceRepo);
  return respond(records, {
    config,
    tracker,
    now,
    store,
    retainUntil: retainUntil(now),
    ai: createModelClient(config.triage.openai, deps.env),
    noModelReason: noModelReason(config.triage.openai, deps.env),
    alerts: { env: deps.env, ...(deps.alertBaseUrls === undefined ? {} : { baseUrls: deps.alertBaseUrls }) },
    log: deps.log,
  });
}

function inScope(loaded: Loaded, event: PullRequestRef): boolean {
  const repository = { name: event.repo, fullName: `${event.owner}/${event.repo}` };
  const { include, exclude } = loaded.config.app.repositories;
  return firstMatchingPattern(include, repository) !== undefined && firstMatchingPattern(exclude, repository) === undefined;
}
