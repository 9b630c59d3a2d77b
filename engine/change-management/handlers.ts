/**
 * What the GitHub App does on each pull-request event, free of Probot so it can be tested and run
 * anywhere: before merge, a check run; at merge, evidence and, for a failure, an issue; and a review
 * given after a merge closes the "merged without approval" issue it remediates. Every decision is
 * taken from the pull request as the API shows it when the work runs, one delivery per pull request
 * at a time.
 */
import type { ComplianceConfig } from '../config/schema.ts';
import { collectPullRequest, type GitHubRequester, type PullRequestRef } from '../collectors/github-pull-request.ts';
import { firstMatchingPattern } from '../controls/github-org/repository-patterns.ts';
import { openConfiguredStore, type OpenedStore } from '../evidence/open-store.ts';
import { buildRecord } from '../evidence/record.ts';
import { writeRecord } from '../evidence/write-record.ts';
import type { GitHubClient } from '../issues/github-client.ts';
import { GitHubIssueTracker, type RestIssue } from '../issues/github-tracker.ts';
import type { IssueListingCache } from '../issues/issue-listing-cache.ts';
import { respond, type RespondReport } from '../respond.ts';
import type { Snapshot } from '../model.ts';
import type { ControlRun } from '../run.ts';
import { fingerprinterFromEnv } from '../secrets/fingerprint.ts';
import { createScanner } from '../secrets/scanner.ts';
import type { PullRequestData } from '../snapshots/github-pull-request.ts';
import { createModelClient, noModelReason } from '../triage/triage.ts';
import { checkRunOutput, configProblemOutput, notTestedOutput, upsertCheckRun } from './check-run.ts';
import type { ConfigCache, LoadedConfig } from './compliance-config.ts';
import { evaluatePullRequest } from './evaluate-pull-request.ts';
import type { SerialQueue } from './serial-queue.ts';

export interface AppDependencies {
  configs: ConfigCache;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  log: { info(message: string): void; warn(message: string): void };
  /** One pull request's deliveries, one at a time (serial-queue.ts). */
  queue: SerialQueue;
  /** The evidence archive for a configuration (default: the one compliance.yml names). */
  openStore?: (config: ComplianceConfig) => OpenedStore;
  /** Base URLs of alert services (tests). */
  alertBaseUrls?: { pagerduty?: string };
  /** The compliance repository's issues between deliveries, so a merge's sync reads only what changed. */
  issueListings?: IssueListingCache<RestIssue>;
}

/**
 * Which pull request a delivery is about. Nothing else of the payload is trusted: deliveries come
 * late, twice or out of order (a `synchronize` after the merge, a review after the close), so the
 * head, the state, the merge time and the reviews are read from the API when the work runs.
 */
export interface PullRequestEvent extends PullRequestRef {
  installationId: number;
  /**
   * The head SHA the payload named: used only to mark that commit's check run as not tested when the
   * pull request cannot be read at all, so an earlier pass does not stand.
   */
  payloadHeadSha?: string;
}

/** A review submitted or dismissed, as the delivery tells it. */
export interface ReviewEvent {
  action: string;
  approved: boolean;
  submittedAt: string | null;
}

type Loaded = Extract<LoadedConfig, { ok: true }>;
const DEFAULT_CHECK_NAME = 'Evident / change management';

/** Opened, pushed to, edited, reopened, ready for review: the check run on the head the API reports. */
export async function checkPullRequest(client: GitHubRequester, event: PullRequestEvent, deps: AppDependencies): Promise<ControlRun[] | undefined> {
  return serially(event, deps, async () => {
    const loaded = await deps.configs.get(event.installationId, event.owner, client);
    if (!loaded.ok) return configProblem(client, event, loaded);
    if (!inScope(loaded, event)) return undefined;
    const snapshot = await collectOrMark(client, event, loaded, deps);
    return check(client, event, loaded, snapshot, deps);
  });
}

/**
 * Closed: if the API says the pull request was merged, the tests as of the merge (the API's merge
 * time), one evidence record per test (content-addressed, so a redelivered webhook writes nothing
 * new), and an issue per failing test on this pull request.
 */
export async function recordMergedPullRequest(client: GitHubRequester, event: PullRequestEvent, deps: AppDependencies): Promise<RespondReport | undefined> {
  return serially(event, deps, async () => {
    const loaded = await deps.configs.get(event.installationId, event.owner, client);
    if (!loaded.ok) {
      deps.log.warn(`${event.owner}/${event.repo}#${event.number} merged but not recorded: ${loaded.problems.join('; ')}`);
      return undefined;
    }
    if (!inScope(loaded, event)) return undefined;
    const snapshot = await collect(client, event, loaded, deps.now(), deps);
    const pr = snapshot.data as PullRequestData;
    if (pr.state !== 'merged' || pr.mergedAt === null) {
      deps.log.warn(`${event.owner}/${event.repo}#${event.number}: a merge was delivered but the API shows the pull request ${pr.state}; nothing recorded`);
      return undefined;
    }
    // The merge is the moment the record describes: the same merge always yields the same record.
    return recordAndRespond(client, evaluatePullRequest(at(snapshot, pr.mergedAt), loaded.config), loaded, deps);
  });
}

/**
 * A review submitted or dismissed. On a pull request the API shows unmerged, the check run again. On
 * a merged one, an approval submitted after the merge (the API's merge time) is the post-merge review
 * that remediates a change merged without approval: the approval test is run again counting it. A
 * review from before the merge was judged with the merge, whatever order the deliveries came in.
 */
export async function reviewPullRequest(client: GitHubRequester, event: PullRequestEvent, review: ReviewEvent, deps: AppDependencies): Promise<ControlRun[] | RespondReport | undefined> {
  return serially(event, deps, async () => {
    const loaded = await deps.configs.get(event.installationId, event.owner, client);
    if (!loaded.ok) return configProblem(client, event, loaded);
    if (!inScope(loaded, event)) return undefined;
    const snapshot = await collectOrMark(client, event, loaded, deps);
    const pr = snapshot.data as PullRequestData;
    if (pr.state !== 'merged' || pr.mergedAt === null) return check(client, event, loaded, snapshot, deps);
    const submittedAt = review.submittedAt;
    if (review.action !== 'submitted' || !review.approved || submittedAt === null || Date.parse(submittedAt) <= Date.parse(pr.mergedAt)) {
      deps.log.info(`${event.owner}/${event.repo}#${event.number}: review ${review.action} on the merged pull request changes no record`);
      return undefined;
    }
    const runs = evaluatePullRequest(at(snapshot, submittedAt), loaded.config, { 'pr-approved': { acceptPostMergeReview: true } }).filter((run) => run.control.id === 'pr-approved');
    return recordAndRespond(client, runs, loaded, deps);
  });
}

function serially<T>(event: PullRequestEvent, deps: AppDependencies, task: () => Promise<T>): Promise<T> {
  return deps.queue.run(`${event.installationId}:${event.owner}/${event.repo}#${event.number}`.toLowerCase(), task);
}

/** The check run for a missing or invalid compliance.yml, on the head the API reports. */
async function configProblem(client: GitHubRequester, event: PullRequestEvent, loaded: Extract<LoadedConfig, { ok: false }>): Promise<undefined> {
  const pull = await client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: event.owner, repo: event.repo, pull_number: event.number });
  const headSha = (pull.data as { head: { sha: string } }).head.sha;
  await upsertCheckRun(client, { owner: event.owner, repo: event.repo, headSha, name: DEFAULT_CHECK_NAME }, configProblemOutput(loaded.reason, loaded.problems));
  return undefined;
}

async function check(client: GitHubRequester, event: PullRequestEvent, loaded: Loaded, snapshot: Snapshot, deps: AppDependencies): Promise<ControlRun[]> {
  const runs = evaluatePullRequest(snapshot, loaded.config);
  // The head the API reports, not the payload's: a late `synchronize` must not mark an old commit.
  const headSha = (snapshot.data as PullRequestData).headSha;
  await upsertCheckRun(client, { owner: event.owner, repo: event.repo, headSha, name: loaded.config.app.checkName }, checkRunOutput(runs, loaded.config.app));
  deps.log.info(`checked ${event.owner}/${event.repo}#${event.number} at ${headSha.slice(0, 7)}: ${runs.map((r) => `${r.control.id} ${r.result.status}`).join(', ')}`);
  return runs;
}

/**
 * Reads the pull request; when that fails, the check run of the head the payload named says it could
 * not be tested (best effort: GitHub may be failing for that write too), so a pass given to that
 * commit earlier (before a review was dismissed, say) does not stand. Then the failure goes on, and
 * the delivery is answered 500 so it can be redelivered.
 */
async function collectOrMark(client: GitHubRequester, event: PullRequestEvent, loaded: Loaded, deps: AppDependencies): Promise<Snapshot> {
  try {
    return await collect(client, event, loaded, deps.now(), deps);
  } catch (error) {
    if (event.payloadHeadSha !== undefined) {
      const reason = `the pull request could not be read from GitHub (${(error as Error).message})`;
      await upsertCheckRun(client, { owner: event.owner, repo: event.repo, headSha: event.payloadHeadSha, name: loaded.config.app.checkName }, notTestedOutput(reason, loaded.config.app)).catch(
        (markError: unknown) => deps.log.warn(`could not mark the check run of ${event.owner}/${event.repo}#${event.number} as not tested: ${(markError as Error).message}`),
      );
    }
    throw error;
  }
}

async function collect(client: GitHubRequester, event: PullRequestRef, loaded: Loaded, now: Date, deps: AppDependencies): Promise<Snapshot> {
  const { config } = loaded;
  const { fingerprint, stable } = fingerprinterFromEnv(deps.env, config.secrets.fingerprintKeyEnv);
  if (!stable) deps.log.warn(`${config.secrets.fingerprintKeyEnv} is not set: secret fingerprints hold for this event only`);
  const scanner = createScanner({ fingerprint, maxFileBytes: config.secrets.maxFileBytes });
  const { snapshot } = await collectPullRequest(client, { owner: event.owner, repo: event.repo, number: event.number }, { scanner, now });
  return snapshot;
}

/** The snapshot as of another moment: the merge, or a post-merge review. */
function at(snapshot: Snapshot, moment: string): Snapshot {
  return { ...snapshot, collectedAt: new Date(moment).toISOString() };
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
  const tracker = new GitHubIssueTracker(client as unknown as GitHubClient, github.org, github.complianceRepo, { listing: deps.issueListings });
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
