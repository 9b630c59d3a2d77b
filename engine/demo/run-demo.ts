/**
 * `evident demo`: sixty days of the bundled sample organization, offline. One scheduled run a day
 * (collect, evaluate, record, triage, sync issues, seal), the pull requests the GitHub App records
 * at merge, and people answering some issues, so the archive and the issue history look like a
 * real compliance repository's after two months: reports, the audit package and the dashboard have
 * months, trends, SLAs met and missed and reopened findings to show. It writes what such a
 * repository holds (compliance.yml, the final day's snapshots, evidence, the issue history in
 * issues/history.json, each open finding's issue as it stands, the final run's issue writes in
 * issues/operations.md, last month's report in reports/ and the dashboard in dashboard/) so a new
 * user can open every file and rerun each step by hand.
 *
 * Deterministic for a given `at`: every record, decision, seal and issue event is dated by the
 * simulated clock, so running it again for the same moment writes nothing new.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { evaluatePullRequest } from '../change-management/evaluate-pull-request.ts';
import { loadConfig } from '../config/load-config.ts';
import { FilesystemStore } from '../evidence/filesystem-store.ts';
import type { SealOutcome } from '../evidence/seal.ts';
import type { SealSigner } from '../evidence/signing.ts';
import { verifyEvidence, type VerifyReport } from '../evidence/verify.ts';
import type { WrittenRecord } from '../evidence/write-record.ts';
import { findingFingerprint } from '../findings.ts';
import type { Snapshot } from '../model.ts';
import { HistoryTracker, type HistoryIssue } from '../issues/history-tracker.ts';
import { when } from '../issues/render-issue.ts';
import { renderWrites } from '../issues/render-writes.ts';
import { remediationCycles, type IssueHistory } from '../reports/issue-history.ts';
import { respond, type RespondReport } from '../respond.ts';
import { evaluateAll, recordResults, sealWritten, type ControlRun, type Evaluation, type RecordedRun } from '../run.ts';
import { writeDemoReports, type DemoReports } from './demo-reports.ts';
import { sampleOrganization } from './sample-organization/index.ts';
import { demoRuns, HISTORY_DAYS, organizationOn, responseTo, RUN_INTERVAL_HOURS, scheduledActivity, type DemoRun, type HumanAction, type MissedRun } from './sample-organization/timeline.ts';
import { SAMPLE_CONFIG } from './sample-config.ts';

export interface DemoOptions {
  outDir: string;
  /** The final run's moment: the sample organization as it is then. The history covers the 60 days before it. */
  at: Date;
  /**
   * When the final run records, decides and seals (default: 30 seconds after `at`). Every earlier
   * run records 30 seconds after its own moment, so the archive looks recorded over the 60 days.
   */
  now?: Date;
  signer?: SealSigner | undefined;
  /** Seal after every run, as a real scheduled run does, or weekly and after the final run (default, faster). */
  sealEvery?: 'run' | 'week';
}

export interface DemoResult {
  /** The final run. */
  evaluation: Evaluation;
  /** The final run's records, its seal and its findings. */
  recorded: RecordedRun;
  verify: VerifyReport;
  /** The issues of the final run's failures, as they stand after the history, triaged by the rules. */
  issues: { file: string; title: string; severity: string; slaHours: number }[];
  /** Triage decisions recorded as evidence over the history. */
  triageRecords: number;
  history: DemoHistory;
  /** The monthly report of the last full month and the dashboard. */
  reports: DemoReports;
  paths: { config: string; snapshots: string; evidence: string; issues: string; history: string };
}

export interface DemoHistory {
  from: string;
  to: string;
  days: number;
  runs: { at: string; kind: DemoRun['kind']; note?: string; results: number; seal?: number }[];
  missed: MissedRun[];
  /** The expected time between scheduled runs (for the evidence-gap self-check). */
  runIntervalHours: number;
  /** Pull requests the GitHub App recorded at merge (and post-merge reviews). */
  pullRequestEvents: number;
  /** Every record written over the history: new, or already in the archive (a rerun). */
  records: { created: number; present: number };
  /** Seals written: weekly and after the final run, or after every run (`sealEvery: 'run'`). */
  seals: { created: number; first?: number; last?: number };
  issues: { total: number; opened: number; reopened: number; closed: number; closedNotPlanned: number; open: number; humanActions: number };
  sla: { met: number; missed: number; open: number };
}

/** Records, decisions and issue writes of a run are dated this long after its collection. */
const ACT_DELAY_MS = 30_000;

/**
 * By default the demo seals once a week (the scheduled run of every 7th day before the final one)
 * and at the final run, not after every run: on a folder archive each seal reads back every earlier
 * seal (sealEvidence cannot trust a folder's write times), so sealing all 61 runs made the demo
 * about twice as slow (1.7 s against 0.9 s in process, 5.7 s against 2.2 s on a busy machine).
 * A real scheduled run seals every time; `sealEvery: 'run'` does that here too.
 */
const SEAL_EVERY_DAYS = 7;

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const paths = {
    config: join(options.outDir, 'compliance.yml'),
    snapshots: join(options.outDir, 'snapshots'),
    evidence: join(options.outDir, 'evidence'),
    issues: join(options.outDir, 'issues'),
    history: join(options.outDir, 'issues', 'history.json'),
  };
  await mkdir(paths.snapshots, { recursive: true });
  await writeFile(paths.config, SAMPLE_CONFIG);
  const config = await loadConfig(paths.config);
  const store = new FilesystemStore(paths.evidence);
  const location = `${config.sources.github?.org ?? 'acme'}/${config.sources.github?.complianceRepo ?? 'compliance'}`;
  const { runs, missed } = demoRuns(options.at);
  const first = runs[0];
  if (first === undefined) throw new Error('the demo has no run');
  const tracker = new HistoryTracker(location, { now: first.at });
  const people = new People(tracker, options.at, scheduledActivity(options.at));

  const totals = { created: 0, present: 0, triage: 0, seals: [] as number[], pullRequestEvents: 0 };
  const count = (written: readonly WrittenRecord[]) => {
    for (const record of written) totals[record.created ? 'created' : 'present'] += 1;
  };
  const act = async (controlRuns: readonly ControlRun[], at: Date): Promise<{ records: Awaited<ReturnType<typeof recordResults>>; response: RespondReport }> => {
    const records = await recordResults({ runs: [...controlRuns], notRun: [] }, { store, organization: config.organization, now: at });
    tracker.now = at;
    // Triage and issue sync exactly as a run does: the demo is offline, so the rules decide and no alert is sent.
    const response = await respond(
      records.map((record) => ({ run: record.run, key: record.key })),
      { config, tracker, now: at, store, noModelReason: 'the demo runs offline, so no model is asked' },
    );
    count(records);
    count(response.triageRecords);
    totals.triage += response.triageRecords.filter((r) => r.created).length;
    people.respondTo(response);
    return { records, response };
  };

  const history: DemoHistory['runs'] = [];
  let unsealed: WrittenRecord[] = [];
  let since = new Date(first.at.getTime() - RUN_INTERVAL_HOURS * 3_600_000);
  let final: { run: DemoRun; actedAt: Date; evaluation: Evaluation; snapshots: Record<string, Snapshot[]>; recorded: RecordedRun; response: RespondReport; writesBefore: number } | undefined;
  for (const run of runs) {
    const day = organizationOn(sampleOrganization(run.at), { run, since, finalAt: options.at });
    // Pull requests merged since the previous run, recorded by the GitHub App as they merged.
    for (const event of day.pullRequests) {
      await people.until(event.at);
      const overrides: Record<string, Record<string, unknown>> = event.kind === 'post-merge-review' ? { 'pr-approved': { acceptPostMergeReview: true } } : {};
      const prRuns = evaluatePullRequest(event.snapshot, config, overrides).filter((r) => event.kind === 'merged' || r.control.id === 'pr-approved');
      const { records, response } = await act(prRuns, new Date(event.at.getTime() + ACT_DELAY_MS));
      unsealed.push(...records, ...response.triageRecords);
      totals.pullRequestEvents += 1;
    }
    await people.until(run.at);

    const isFinal = run.kind === 'final';
    const at = isFinal && options.now !== undefined ? options.now : new Date(run.at.getTime() + ACT_DELAY_MS);
    const evaluation = evaluateAll({ config, snapshots: Object.values(day.snapshots).flat(), now: run.at });
    const writesBefore = tracker.writes.length;
    const { records, response } = await act(evaluation.runs, at);
    unsealed.push(...records, ...response.triageRecords);
    let seal: SealOutcome = { rejected: [] };
    if (isFinal || options.sealEvery === 'run' || (run.kind === 'scheduled' && run.daysAgo % SEAL_EVERY_DAYS === 0)) {
      seal = await sealWritten(unsealed, { store, organization: config.organization, now: at, signer: options.signer });
      unsealed = [];
      if (seal.seal !== undefined) totals.seals.push(seal.seal.sequence);
    }
    history.push({ at: run.at.toISOString(), kind: run.kind, ...(run.note === undefined ? {} : { note: run.note }), results: evaluation.runs.length, ...(seal.seal === undefined ? {} : { seal: seal.seal.sequence }) });
    if (isFinal) {
      const findings = response.sync.items.flatMap((item) => (item.item.finding === undefined ? [] : [item.item.finding]));
      final = { run, actedAt: at, evaluation, snapshots: day.snapshots, recorded: { records, seal, findings }, response, writesBefore };
    }
    since = run.at;
  }
  if (final === undefined) throw new Error('the demo has no final run');
  const verify = await verifyEvidence(store);

  // The final day's snapshots, for `evident run --snapshot`.
  await rm(paths.snapshots, { recursive: true, force: true });
  await mkdir(paths.snapshots, { recursive: true });
  for (const [name, snapshots] of Object.entries(final.snapshots)) {
    await writeFile(join(paths.snapshots, `${name}.json`), `${JSON.stringify(snapshots, null, 2)}\n`);
  }

  // The issues are a view of the current findings, so they are rewritten each time.
  await rm(paths.issues, { recursive: true, force: true });
  await mkdir(paths.issues, { recursive: true });
  const exported = tracker.exportHistory(location, final.actedAt);
  await writeFile(paths.history, `${JSON.stringify(exported, null, 2)}\n`);
  const issues: DemoResult['issues'] = [];
  for (const item of final.response.sync.items) {
    if (item.item.finding === undefined || item.decision === undefined) continue;
    const issue = tracker.findByFingerprint(item.fingerprint);
    if (issue === undefined) continue;
    const file = join(paths.issues, `${item.item.result.controlId}-${item.fingerprint}.md`);
    await writeFile(file, renderIssueFile(location, issue));
    issues.push({ file, title: issue.title, severity: item.decision.severity, slaHours: item.decision.slaHours });
  }
  // What the final run itself wrote to the issues, as `run --dry-run` prints it.
  await writeFile(join(paths.issues, 'operations.md'), renderWrites(tracker.location, tracker.writes.slice(final.writesBefore)));
  const reports = await writeDemoReports({ outDir: options.outDir, config, store, history: exported, at: options.at, now: final.actedAt });

  return {
    evaluation: final.evaluation,
    recorded: final.recorded,
    verify,
    issues,
    triageRecords: totals.triage,
    history: {
      from: first.at.toISOString(),
      to: final.run.at.toISOString(),
      days: HISTORY_DAYS,
      runs: history,
      missed,
      runIntervalHours: RUN_INTERVAL_HOURS,
      pullRequestEvents: totals.pullRequestEvents,
      records: { created: totals.created, present: totals.present },
      seals: { created: totals.seals.length, ...(totals.seals.length === 0 ? {} : { first: totals.seals[0], last: totals.seals[totals.seals.length - 1] }) },
      issues: issueCounts(exported, people.performed),
      sla: slaCounts(exported, final.actedAt),
    },
    reports,
    paths,
  };
}

/**
 * People's activity on the issues: responses to what Evident opens or reopens (responseTo) and
 * what they do on their own (scheduledActivity), each done when the simulated clock reaches it.
 * Nothing after the final run happens.
 */
class People {
  performed = 0;
  private readonly tracker: HistoryTracker;
  private readonly finalAt: Date;
  private queue: { action: HumanAction; issue: () => number | undefined }[] = [];

  constructor(tracker: HistoryTracker, finalAt: Date, scheduled: ReturnType<typeof scheduledActivity>) {
    this.tracker = tracker;
    this.finalAt = finalAt;
    for (const { controlId, scope, action } of scheduled) {
      this.queue.push({ action, issue: () => tracker.findByFingerprint(findingFingerprint(controlId, scope))?.number });
    }
  }

  respondTo(response: RespondReport): void {
    for (const alert of response.sync.alerts) {
      if (alert.kind !== 'opened' && alert.kind !== 'reopened') continue;
      const number = Number(/\/issues\/(\d+)$/.exec(alert.issueUrl)?.[1]);
      for (const action of responseTo({ controlId: alert.result.controlId, scope: alert.result.scope }, this.tracker.now)) {
        this.queue.push({ action, issue: () => number });
      }
    }
  }

  /** Does, in time order, everything due by `at` (and not after the final run). */
  async until(at: Date): Promise<void> {
    const limit = Math.min(at.getTime(), this.finalAt.getTime());
    const due = this.queue.filter((entry) => entry.action.at.getTime() <= limit).sort((a, b) => a.action.at.getTime() - b.action.at.getTime());
    this.queue = this.queue.filter((entry) => !due.includes(entry));
    for (const { action, issue } of due) {
      const number = issue();
      if (number === undefined || this.tracker.issue(number) === undefined) continue;
      this.tracker.now = action.at;
      if (action.comment !== undefined) await this.tracker.comment(number, action.comment, action.actor);
      if (action.assign !== undefined) this.tracker.assign(number, action.assign, action.actor);
      if (action.close !== undefined) this.tracker.close(number, action.actor, action.close);
      this.performed += 1;
    }
  }
}

function issueCounts(history: IssueHistory, humanActions: number): DemoHistory['issues'] {
  const events = history.issues.flatMap((issue) => issue.events);
  return {
    total: history.issues.length,
    opened: events.filter((e) => e.kind === 'opened').length,
    reopened: events.filter((e) => e.kind === 'reopened').length,
    closed: events.filter((e) => e.kind === 'closed' && e.detail !== 'not_planned').length,
    closedNotPlanned: events.filter((e) => e.kind === 'closed' && e.detail === 'not_planned').length,
    open: history.issues.filter((issue) => issue.state === 'open').length,
    humanActions,
  };
}

/** Remediation cycles as reports count them: met, missed (closed late, or open past due), open and not yet due. */
function slaCounts(history: IssueHistory, now: Date): DemoHistory['sla'] {
  const counts = { met: 0, missed: 0, open: 0 };
  for (const issue of history.issues) {
    for (const cycle of remediationCycles(issue, now)) {
      if (cycle.slaMet === true) counts.met += 1;
      else if (cycle.slaMet === false) counts.missed += 1;
      else counts.open += 1;
    }
  }
  return counts;
}

/** An issue as it stands after the history: its labels, body, and timeline, as GitHub would show it. */
function renderIssueFile(location: string, issue: HistoryIssue): string {
  const timeline = issue.events
    .filter((event) => event.kind !== 'labeled' || !event.byEvident)
    .map((event) => {
      const what = event.kind === 'closed' ? `closed as ${event.detail ?? 'completed'}` : event.kind === 'assigned' ? `assigned ${event.detail ?? ''}` : event.kind === 'labeled' ? `labeled ${event.detail ?? ''}` : event.kind;
      return `- ${when(event.at)}: ${event.actor} ${what}`;
    });
  const comments = issue.comments.map((comment) => `**${comment.actor}** commented on ${when(comment.at)}:\n\n${comment.body}`);
  return [
    `## ${location}#${issue.number}: ${issue.title}`,
    '',
    `State: ${issue.state}${issue.stateReason === null ? '' : ` (${issue.stateReason})`}; assignees: ${issue.assignees.length === 0 ? 'none' : issue.assignees.join(', ')}`,
    '',
    `Labels: ${issue.labels.map((l) => `\`${l}\``).join(', ')}`,
    '',
    issue.body,
    '',
    '---',
    '',
    '### Timeline',
    '',
    ...timeline,
    ...(comments.length === 0 ? [] : ['', '### Comments', '', comments.join('\n\n---\n\n')]),
    '',
  ].join('\n');
}

