/**
 * How the sample organization "Acme" changed over the 60 days before the demo's final run, so the
 * demo can run a history instead of one moment: the monthly report then has this month and last
 * month, trends, SLAs met and missed, reopened findings and remediation to show.
 *
 * The other files of sample-organization/ describe Acme at one moment (the final run: what
 * `evident demo` has always shown). This file turns them into Acme at an earlier moment: every
 * change is a transformation of those snapshots, dated in days before the final run's calendar day
 * (`daysAgo`) at a UTC hour, and is in effect from then on. By the final run every change is in
 * effect, so the final day is exactly the sample.
 *
 * The story, oldest first (daysAgo):
 * - 60–19: six people enroll MFA over the weeks (okta-mfa-enrolled shrinks, stays open, SLA missed).
 * - 60: the bastion's SSH port is open to the world; fixed on day 52. Reopened on day 3 ("for an
 *   hour, to debug a deploy") and still open: a regression, so its issue is reopened.
 * - 50: an administrator's (carla.rossi) MFA factor is reset; she re-enrolls 3 days later
 *   (okta-admin-mfa: critical, 24 h SLA missed).
 * - 40: a public bucket (acme-partner-uploads) appears with the account-level block turned off;
 *   blocked the same day and the workflow re-run by hand at 15:00 (SLA met).
 * - 35: push protection turned on for acme/mobile and acme/data-pipeline.
 * - 30: the two accounts inactive for a year are suspended (omar.farouk, quinn.obrien).
 * - 27–18: redis-cache opened to the internet by mistake, closed nine days later.
 * - 26: a design contractor joins the GitHub organization without 2FA.
 * - 24–22: AWS throttles the collector (ThrottlingException): parts incomplete, AWS controls error
 *   and open issues get a "could not test" comment.
 * - 17: no run at all (GitHub did not start the scheduled workflow); day 16's run starts late.
 * - 15: someone lowers acme/docs' required approvals to 0.
 * - 10: an agency developer is made admin of acme/mobile.
 * - 9: the eu-west-1 Config recorder is stopped; 8: the account-level S3 block is removed again.
 * - 2: ben.okafor becomes an Okta administrator (his only factor is an inactive SMS); 1: db-legacy-eu
 *   gets PostgreSQL open on ::/0.
 * - Pull requests merge on various days (the GitHub App records each at its merge), some without
 *   approval: one remediated by a review after the merge, one closed by a manager as an accepted risk.
 *
 * Deterministic: no randomness and no clock but the arguments.
 */
import { createHash } from 'node:crypto';
import type { Snapshot } from '../../model.ts';
import type { AwsData, AwsIngressPermission, AwsPublicAccessBlock, AwsS3Bucket } from '../../snapshots/aws.ts';
import type { GithubOrgData } from '../../snapshots/github-org.ts';
import type { PullRequestData } from '../../snapshots/github-pull-request.ts';
import type { OktaData, OktaFactor, OktaUser } from '../../snapshots/okta.ts';
import { samplePullRequestSnapshot } from './github-pull-requests.ts';

/** How many days before the final run the history starts. */
export const HISTORY_DAYS = 60;
/** The hour (UTC) of the daily scheduled run. */
export const SCHEDULED_HOUR = 9;
/** The expected time between scheduled runs, for the self-check that looks for gaps. */
export const RUN_INTERVAL_HOURS = 24;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface DemoRun {
  /** When the run collected: 09:00 UTC, later for a delayed or manual run, `--at` for the final one. */
  at: Date;
  /** Calendar days before the final run's day (0: that day). */
  daysAgo: number;
  kind: 'scheduled' | 'delayed' | 'manual' | 'final';
  /** Why the run is not the usual one. */
  note?: string;
}

/** A day on which the scheduled run did not happen, and why. */
export interface MissedRun {
  date: string;
  daysAgo: number;
  why: string;
}

/** A pull request as the GitHub App records it: at its merge, or at a review given after the merge. */
export interface PullRequestEvent {
  at: Date;
  kind: 'merged' | 'post-merge-review';
  snapshot: Snapshot;
}

/** One run's view of the organization: what its collectors read, and the pull requests recorded since the previous run. */
export interface OrganizationDay {
  snapshots: Record<string, Snapshot[]>;
  pullRequests: PullRequestEvent[];
}

/** What a person does on a finding's issue. */
export interface HumanAction {
  at: Date;
  actor: string;
  comment?: string;
  /** Assigns this login (the actor assigning themself, usually). */
  assign?: string;
  /** Closes the issue with this reason: `not_planned` records an accepted risk. */
  close?: 'not_planned';
}

const NO_RUN_DAY = 17;
const LATE_RUN = { daysAgo: 16, hour: 10, minute: 40 };
const MANUAL_RUN = { daysAgo: 40, hour: 15 };
const THROTTLED: Record<number, string[]> = { 24: ['securityGroups'], 23: ['configRules', 'buckets', 'securityGroups'], 22: ['configRules'] };

/** Midnight UTC of the final run's day, minus `daysAgo` days, plus `hour`:`minute`. */
function on(finalAt: Date, daysAgo: number, hour: number, minute = 0): number {
  const midnight = Date.UTC(finalAt.getUTCFullYear(), finalAt.getUTCMonth(), finalAt.getUTCDate());
  return midnight - daysAgo * DAY + hour * HOUR + minute * MINUTE;
}

function daysAgoOf(t: number, finalAt: Date): number {
  return Math.round((on(finalAt, 0, 0) - Date.UTC(new Date(t).getUTCFullYear(), new Date(t).getUTCMonth(), new Date(t).getUTCDate())) / DAY);
}

/**
 * The runs of the history: one at 09:00 UTC on each of the 60 days before the final run's day,
 * except one day without a run (and the next day's run starting late), one manual re-run, and the
 * final run at `finalAt`.
 */
export function demoRuns(finalAt: Date): { runs: DemoRun[]; missed: MissedRun[] } {
  const runs: DemoRun[] = [];
  const missed: MissedRun[] = [];
  for (let daysAgo = HISTORY_DAYS; daysAgo >= 1; daysAgo--) {
    if (daysAgo === NO_RUN_DAY) {
      missed.push({
        date: new Date(on(finalAt, daysAgo, 0)).toISOString().slice(0, 10),
        daysAgo,
        why: 'GitHub Actions did not start the scheduled workflow (an incident on GitHub’s side), and nobody started it by hand',
      });
      continue;
    }
    if (daysAgo === LATE_RUN.daysAgo) {
      runs.push({ at: new Date(on(finalAt, daysAgo, LATE_RUN.hour, LATE_RUN.minute)), daysAgo, kind: 'delayed', note: 'the scheduled run started late while GitHub Actions caught up' });
    } else {
      runs.push({ at: new Date(on(finalAt, daysAgo, SCHEDULED_HOUR)), daysAgo, kind: 'scheduled' });
    }
    if (daysAgo === MANUAL_RUN.daysAgo) {
      runs.push({ at: new Date(on(finalAt, daysAgo, MANUAL_RUN.hour)), daysAgo, kind: 'manual', note: 're-run by hand after acme-partner-uploads was blocked' });
    }
  }
  runs.push({ at: new Date(finalAt), daysAgo: 0, kind: 'final' });
  return { runs, missed };
}

/**
 * Acme as the run at `run.at` sees it: `sample` is the sample organization collected at that
 * moment (sampleOrganization(run.at)); the result is the same snapshots changed as the story says.
 * Scheduled runs read no pull requests (the GitHub App records them at merge: `pullRequests`, those
 * after `since` and up to this run); the final run also evaluates the sample's recent ones, as the
 * demo always has.
 */
export function organizationOn(sample: Record<string, Snapshot[]>, day: { run: DemoRun; since: Date; finalAt: Date }): OrganizationDay {
  const t = day.run.at.getTime();
  const ctx: Context = { t, finalAt: day.finalAt, shift: day.finalAt.getTime() - t };
  const snapshots: Record<string, Snapshot[]> = {};
  for (const [name, list] of Object.entries(sample)) {
    if (name === 'github-pull-requests') {
      if (day.run.kind === 'final') snapshots[name] = structuredClone(list);
      continue;
    }
    snapshots[name] = list.map((snapshot) => {
      const copy = structuredClone(snapshot);
      if (copy.source === 'okta') okta(copy, ctx);
      else if (copy.source === 'github-org') githubOrg(copy, ctx);
      else if (copy.source === 'aws') aws(copy, ctx);
      return copy;
    });
  }
  const template = sample['github-pull-requests']?.find((s) => s.scope === 'github:acme/api#412');
  const pullRequests = template === undefined ? [] : pullRequestEvents(template, day.finalAt).filter((e) => e.at.getTime() > day.since.getTime() && e.at.getTime() <= t);
  return { snapshots, pullRequests };
}

interface Context {
  t: number;
  finalAt: Date;
  /** finalAt − t: added to a time of the sample collected at t, it gives the same time in the final sample. */
  shift: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

// --- Okta -------------------------------------------------------------------------------------

/** People who enrolled MFA during the history, and the day (10:00 UTC); before it they had a pending push or nothing. */
const ENROLLED: [login: string, daysAgo: number, before: 'pending' | 'none'][] = [
  ['grace.kim', 54, 'none'],
  ['kai.nakamura', 47, 'pending'],
  ['nina.petrov', 41, 'none'],
  ['sam.cohen', 33, 'pending'],
  ['uma.reddy', 26, 'none'],
  ['yara.costa', 19, 'pending'],
];

function okta(snapshot: Snapshot, { t, finalAt, shift }: Context): void {
  const data = snapshot.data as OktaData;
  const users: OktaUser[] = [];
  for (const user of data.users) {
    // Times the sample gives relative to its collection are absolute in the story: an account
    // created six days before the final run did not exist before, and nobody's last sign-in moves.
    const created = Date.parse(user.created) + shift;
    if (created > t) continue;
    user.created = iso(created);
    if (user.activated !== null) user.activated = iso(Date.parse(user.activated) + shift);
    if (user.lastLogin !== null && Date.parse(user.lastLogin) + shift <= t) user.lastLogin = iso(Date.parse(user.lastLogin) + shift);
    // People who sign in every day keep the sample's recent sign-in, relative to this run.
    if (user.statusChanged !== null) {
      const changed = Date.parse(user.statusChanged) + shift;
      if (changed > t) {
        // Suspended or deprovisioned later in the story: active until then.
        user.status = 'ACTIVE';
        user.statusChanged = null;
      } else user.statusChanged = iso(changed);
    }
    const name = user.login.split('@')[0] ?? user.login;
    const enrolled = ENROLLED.find(([login]) => login === name);
    if (enrolled !== undefined && t < on(finalAt, enrolled[1], 10)) {
      user.factors = enrolled[2] === 'none' ? [] : [factor(user, 'push', 'PENDING_ACTIVATION')];
    }
    // carla.rossi's phone was replaced: the help desk reset her TOTP factor, and she re-enrolled three days later.
    if (name === 'carla.rossi' && t >= on(finalAt, 50, 17) && t < on(finalAt, 47, 15)) user.factors = [];
    // ben.okafor was made an organization administrator to cover the IT lead's holiday.
    if (name === 'ben.okafor' && t < on(finalAt, 2, 15)) user.adminRoles = [];
    users.push(user);
  }
  data.users = users;
  const count = users.length;
  snapshot.parts = { ...snapshot.parts, users: { complete: true, count, pages: 1 }, factors: { complete: true, count, pages: count }, adminRoles: { complete: true, count, pages: 1 }, groups: { complete: true, count, pages: 1 } };
}

function factor(user: OktaUser, type: string, status: string): OktaFactor {
  return { id: `fct${user.id.slice(3, 7)}p`, type, provider: 'OKTA', status };
}

// --- GitHub organization ----------------------------------------------------------------------

function githubOrg(snapshot: Snapshot, { t, finalAt }: Context): void {
  const data = snapshot.data as GithubOrgData;
  // A design contractor joined without 2FA.
  if (t < on(finalAt, 26, 14)) data.membersWithout2fa = (data.membersWithout2fa ?? []).filter((login) => login !== 'lee-design');
  for (const repository of data.repositories) {
    // acme/docs required one approval until someone lowered it to 0 (and allowed force pushes) to merge their own changes.
    if (repository.name === 'docs' && t < on(finalAt, 15, 16) && repository.classicProtection !== null) {
      repository.classicProtection = {
        requiredPullRequestReviews: { requiredApprovingReviewCount: 1, dismissStaleReviews: true, requireCodeOwnerReviews: false },
        enforceAdmins: true,
        allowForcePushes: false,
        allowDeletions: false,
      };
    }
    // Push protection was rolled out to the last two product repositories.
    if ((repository.name === 'mobile' || repository.name === 'data-pipeline') && t < on(finalAt, 35, 11)) {
      repository.secretScanning = { enabled: true, pushProtection: false };
    }
    // The mobile agency's developer was made admin to set up app signing.
    if (repository.name === 'mobile' && t < on(finalAt, 10, 13)) repository.outsideAdmins = [];
  }
  snapshot.parts = { ...snapshot.parts, members2fa: { complete: true, count: data.membersWithout2fa?.length ?? 0, pages: 1 } };
}

// --- AWS --------------------------------------------------------------------------------------

const FULL_BLOCK: AwsPublicAccessBlock = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const open = (protocol: string, port: number, cidrs: string[]): AwsIngressPermission => ({
  protocol,
  fromPort: port,
  toPort: port,
  ipv4Ranges: cidrs.filter((c) => !c.includes(':')),
  ipv6Ranges: cidrs.filter((c) => c.includes(':')),
});

function aws(snapshot: Snapshot, { t, finalAt, shift }: Context): void {
  const data = snapshot.data as AwsData;
  const partnerBucket = t >= on(finalAt, 40, 7) && t < on(finalAt, 40, 14);
  const accountBlockOff = partnerBucket || t >= on(finalAt, 8, 11);
  const bastionOpen = t < on(finalAt, 52, 11) || t >= on(finalAt, 3, 16);
  const redisOpen = t >= on(finalAt, 27, 13) && t < on(finalAt, 18, 12);

  // The eu-west-1 recorder was stopped during a cost-cutting exercise (the sample dates it nine days before the final run).
  let recorderStopped = true;
  for (const entry of data.recorders) {
    const stop = entry.recorder?.lastStopTime;
    if (entry.recorder === null || stop === undefined || stop === null) continue;
    if (Date.parse(stop) + shift > t) {
      recorderStopped = false;
      entry.recorder = { ...entry.recorder, recording: true, lastStatusChangeTime: iso(t - HOUR) };
      delete entry.recorder.lastStopTime;
    }
  }

  data.configRules = data.configRules
    // vpc-flow-logs-enabled was added after the recorder stopped.
    .filter((rule) => rule.name !== 'vpc-flow-logs-enabled' || recorderStopped)
    .map((rule) => {
      if (rule.region !== 'us-east-1') return rule;
      if (rule.name === 'restricted-ssh') return bastionOpen ? rule : { ...rule, compliance: 'COMPLIANT', nonCompliantResources: [] };
      if (rule.name === 's3-bucket-public-read-prohibited') {
        if (!accountBlockOff) return { ...rule, compliance: 'COMPLIANT', nonCompliantResources: [] };
        if (partnerBucket) return { ...rule, nonCompliantResources: [...rule.nonCompliantResources, { type: 'AWS::S3::Bucket', id: 'acme-partner-uploads', annotation: 'The bucket policy allows public read access' }] };
      }
      return rule;
    });

  if (!accountBlockOff) data.s3Account = data.s3Account.map((account) => ({ ...account, publicAccessBlock: FULL_BLOCK }));
  if (partnerBucket) {
    const bucket: AwsS3Bucket = { name: 'acme-partner-uploads', accountId: data.s3Account[0]?.accountId ?? '123456789012', region: 'us-east-1', publicAccessBlock: null, policyIsPublic: true, tags: { purpose: 'partner-share' } };
    data.buckets = [...data.buckets, bucket];
  }

  for (const group of data.securityGroups) {
    if (group.name === 'bastion' && !bastionOpen) group.ingress = [open('tcp', 22, ['10.10.0.0/16'])];
    if (group.name === 'redis-cache' && redisOpen) group.ingress = [...group.ingress, open('tcp', 6379, ['0.0.0.0/0'])];
    // The dual-stack migration that copied the IPv4 rule as ::/0 ran the day before the final run.
    if (group.name === 'db-legacy-eu' && t < on(finalAt, 1, 14)) group.ingress = group.ingress.map((p) => ({ ...p, ipv6Ranges: p.ipv6Ranges.filter((c) => c !== '::/0') }));
  }

  const counts: Record<string, number> = { recorders: data.recorders.length, configRules: data.configRules.length, s3Account: data.s3Account.length, buckets: data.buckets.length, securityGroups: data.securityGroups.length };
  const throttled = THROTTLED[daysAgoOf(t, finalAt)] ?? [];
  const parts: Snapshot['parts'] = {};
  for (const [name, part] of Object.entries(snapshot.parts)) {
    const count = counts[name] ?? part.count;
    parts[name] = throttled.includes(name)
      ? { complete: false, count: Math.floor(count / 2), ...(part.pages === undefined ? {} : { pages: part.pages }), error: 'ThrottlingException: Rate exceeded (HTTP 400) after 5 retries; eu-west-1 not read' }
      : { ...part, count };
  }
  snapshot.parts = parts;
}

// --- Pull requests ----------------------------------------------------------------------------

interface HistoricalPullRequest {
  repository: 'acme/api' | 'acme/web' | 'acme/infra';
  number: number;
  title: string;
  author: string;
  /** Who approved the head commit two hours before the merge; none: merged without review. */
  approvedBy?: string;
  merged: [daysAgo: number, hour: number];
  /** An approval given after the merge: the remediation of a change merged without review. */
  reviewedAfterMerge?: { by: string; hoursAfter: number };
}

const PULL_REQUESTS: readonly HistoricalPullRequest[] = [
  { repository: 'acme/api', number: 380, title: 'ENG-352 Rate-limit the login endpoint', author: 'ana.lima', approvedBy: 'ben.okafor', merged: [58, 15] },
  { repository: 'acme/web', number: 1150, title: 'ENG-360 Add the cookie consent banner', author: 'grace.kim', approvedBy: 'ines.garcia', merged: [55, 11] },
  { repository: 'acme/infra', number: 61, title: 'OPS-52 Rotate the RDS master password through Secrets Manager', author: 'paula.silva', approvedBy: 'rosa.mendes', merged: [53, 16] },
  // An emergency rollback during an incident, merged by its author alone; the manager accepts the risk.
  { repository: 'acme/api', number: 384, title: 'ENG-371 Hotfix: roll back the invoice PDF renderer', author: 'dev.patel', merged: [50, 19] },
  { repository: 'acme/api', number: 389, title: 'ENG-377 Store invoice totals in cents', author: 'emma.schmidt', approvedBy: 'ana.lima', merged: [46, 14] },
  // No ticket; nobody ever looks at the issue.
  { repository: 'acme/web', number: 1164, title: 'Update the pricing page copy', author: 'kai.nakamura', approvedBy: 'nina.petrov', merged: [43, 10] },
  { repository: 'acme/infra', number: 66, title: 'OPS-58 Peer the staging VPC with the tooling VPC', author: 'rosa.mendes', approvedBy: 'sam.cohen', merged: [39, 13] },
  // Merged before anyone reviewed it; reviewed the next morning, which remediates the finding.
  { repository: 'acme/api', number: 395, title: 'ENG-385 Retry failed webhooks with exponential backoff', author: 'carla.rossi', merged: [36, 18], reviewedAfterMerge: { by: 'ben.okafor', hoursAfter: 16.5 } },
  { repository: 'acme/web', number: 1171, title: 'ENG-390 Lazy-load the dashboard charts', author: 'mo.haddad', approvedBy: 'grace.kim', merged: [32, 12] },
  { repository: 'acme/api', number: 401, title: 'ENG-396 Export usage metrics to the warehouse', author: 'sam.cohen', approvedBy: 'ana.lima', merged: [29, 16] },
  { repository: 'acme/infra', number: 72, title: 'OPS-63 Restrict the bastion security group to the VPN', author: 'paula.silva', approvedBy: 'rosa.mendes', merged: [25, 10] },
  // Approved only by its author: not an independent review; nobody follows up.
  { repository: 'acme/web', number: 1183, title: 'ENG-402 Fix the date picker in Safari', author: 'ines.garcia', approvedBy: 'ines.garcia', merged: [20, 15] },
  { repository: 'acme/api', number: 406, title: 'ENG-405 Add idempotency keys to POST /payments', author: 'nina.petrov', approvedBy: 'dev.patel', merged: [15, 11] },
  // No ticket; its author explains on the issue.
  { repository: 'acme/infra', number: 79, title: 'Raise the exporter Lambda memory to 1 GB', author: 'rosa.mendes', approvedBy: 'sam.cohen', merged: [12, 17] },
  { repository: 'acme/web', number: 1192, title: 'ENG-418 Show the invoice status badge', author: 'kai.nakamura', approvedBy: 'mo.haddad', merged: [9, 14] },
  { repository: 'acme/api', number: 409, title: 'ENG-421 Upgrade to Node 24', author: 'dev.patel', approvedBy: 'ana.lima', merged: [7, 10] },
];

/** A fixed 40-character hex SHA from a seed. */
function sha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

const person = (login: string) => ({ login, isBot: false });

/**
 * The history's pull requests, each as the sample's acme/api#412 (reviewed, ticketed, clean) changed
 * into it: its repository, number, title, author, reviews and times.
 */
export function pullRequestEvents(template: Snapshot, finalAt: Date): PullRequestEvent[] {
  const events: PullRequestEvent[] = [];
  for (const spec of PULL_REQUESTS) {
    const mergedAt = on(finalAt, spec.merged[0], spec.merged[1]);
    const seed = `${spec.repository}#${spec.number}`;
    const commits = [
      { sha: sha(`${seed}/1`), authors: [spec.author], committedDate: iso(mergedAt - 26.25 * HOUR), pushedAt: iso(mergedAt - 26 * HOUR) },
      { sha: sha(`${seed}/2`), authors: [spec.author], committedDate: iso(mergedAt - 5.25 * HOUR), pushedAt: iso(mergedAt - 5 * HOUR) },
    ];
    const head = commits[1]!.sha;
    const reviews: PullRequestData['reviews'] =
      spec.approvedBy === undefined ? [] : [{ id: `PRR_${spec.number}_1`, author: person(spec.approvedBy), state: 'APPROVED', submittedAt: iso(mergedAt - 2 * HOUR), commitSha: head }];
    const base = structuredClone(template.data) as PullRequestData;
    const data: PullRequestData = {
      ...base,
      repository: spec.repository,
      number: spec.number,
      title: spec.title,
      body: '',
      author: person(spec.author),
      headRefName: spec.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40),
      baseRefName: 'main',
      headSha: head,
      state: 'merged',
      draft: false,
      labels: [],
      createdAt: iso(mergedAt - 27 * HOUR),
      mergedAt: iso(mergedAt),
      mergedBy: person(spec.author),
      mergeCommitSha: sha(`${seed}/merge`),
      closingIssues: [],
      commits,
      lastPushAt: commits[1]!.pushedAt,
      reviews,
      secretScan: { findings: [], filesScanned: 4, skipped: [] },
    };
    events.push({ at: new Date(mergedAt), kind: 'merged', snapshot: samplePullRequestSnapshot(data, new Date(mergedAt)) });
    if (spec.reviewedAfterMerge !== undefined) {
      const reviewedAt = mergedAt + spec.reviewedAfterMerge.hoursAfter * HOUR;
      const review = { id: `PRR_${spec.number}_2`, author: person(spec.reviewedAfterMerge.by), state: 'APPROVED' as const, submittedAt: iso(reviewedAt), commitSha: head };
      events.push({ at: new Date(reviewedAt), kind: 'post-merge-review', snapshot: samplePullRequestSnapshot({ ...data, reviews: [...reviews, review] }, new Date(reviewedAt)) });
    }
  }
  return events.sort((a, b) => a.at.getTime() - b.at.getTime());
}


// --- People -----------------------------------------------------------------------------------

type Response = Omit<HumanAction, 'at'> & { afterHours: number };

/**
 * Who looks at a control's issue when Evident opens or reopens it, and how soon. Controls not listed
 * have no owner: their issues get no response, which the self-check for unreviewed alerts finds.
 */
const RESPONSES: Readonly<Record<string, readonly Response[]>> = {
  'okta-admin-mfa': [{ afterHours: 1, actor: 'ana.lima', assign: 'ana.lima', comment: 'On it: an administrator without a working factor comes first. Calling them now.' }],
  'okta-mfa-enrolled': [{ afterHours: 3, actor: 'ana.lima', comment: 'Sent enrollment reminders to everyone listed; the Okta policy that forces enrollment at the next sign-in is tracked in IT-1410.' }],
  'okta-inactive-users': [{ afterHours: 4, actor: 'ana.lima', assign: 'ana.lima' }],
  'aws-sg-no-open-ingress': [{ afterHours: 2, actor: 'rosa.mendes', assign: 'rosa.mendes', comment: 'Looking: checking CloudTrail for who changed the group and why.' }],
  'aws-s3-public-access-blocked': [{ afterHours: 1, actor: 'rosa.mendes', assign: 'rosa.mendes', comment: 'Looking now: blocking first, asking questions after.' }],
  'github-org-2fa-required': [{ afterHours: 5, actor: 'ben.okafor', comment: 'The contractors are moving to SSO accounts; the organization requirement goes on once they have 2FA.' }],
  'github-default-branch-protected': [{ afterHours: 6, actor: 'ben.okafor', assign: 'ben.okafor' }],
};

/** Responses to one pull request's finding, by `<control> <scope>`. */
const PULL_REQUEST_RESPONSES: Readonly<Record<string, readonly Response[]>> = {
  'pr-approved github:acme/api#384': [
    { afterHours: 2, actor: 'ben.okafor', comment: 'Emergency rollback during INC-2291: the invoice renderer was corrupting PDFs and nobody else was online.' },
    { afterHours: 20, actor: 'ben.okafor', comment: 'Reviewed in the INC-2291 postmortem; accepting the risk of this one unreviewed change.', close: 'not_planned' },
  ],
  'pr-approved github:acme/api#395': [{ afterHours: 3, actor: 'carla.rossi', comment: 'Merged by mistake before the review; asked ben.okafor to review the merged code.' }],
  'pr-ticket-linked github:acme/infra#79': [{ afterHours: 2, actor: 'rosa.mendes', comment: 'Routine capacity change; OPS-70 opened afterwards to track it.' }],
};

/** What people do after Evident opens or reopens the issue of `finding` at `at` (nothing for some). */
export function responseTo(finding: { controlId: string; scope: string }, at: Date): HumanAction[] {
  const responses = finding.scope.startsWith('github:') && finding.scope.includes('#') ? PULL_REQUEST_RESPONSES[`${finding.controlId} ${finding.scope}`] : RESPONSES[finding.controlId];
  return (responses ?? []).map(({ afterHours, ...action }) => ({ ...action, at: new Date(at.getTime() + afterHours * HOUR) }));
}

/** What people do on their own during the history, on the issue of a control and scope. */
export function scheduledActivity(finalAt: Date): { controlId: string; scope: string; action: HumanAction }[] {
  return [
    {
      controlId: 'okta-inactive-users',
      scope: 'acme.okta.com',
      action: {
        // Two hours after the suspensions (the sample dates them 30 days before the final run).
        at: new Date(finalAt.getTime() - 30 * DAY + 2 * HOUR),
        actor: 'ana.lima',
        comment: 'Suspended omar.farouk@acme.example and quinn.obrien@acme.example: no sign-in for over a year, and their managers confirmed they left (IT-1432).',
      },
    },
  ];
}
