/**
 * Suspends or deactivates Okta accounts nobody has used for `afterDays` (remediation.okta-inactive-users),
 * dry-run by default (STYLE.md 10). The safeguards, in order:
 *
 * 1. Only from a snapshot whose users, admin roles and exempt groups were read in full: an account
 *    whose admin roles or exemptions are unknown is never touched.
 * 2. Only ACTIVE users past `afterDays` (counted as the control counts), never administrators,
 *    never exempt users or members of exempt groups (remediation's and control's exemptions).
 * 3. A cap per run in users and in percent of active users: a batch over either is aborted whole
 *    (Cloud Custodian's max-resources), nobody is changed, and the report and comment say so.
 * 4. Each user is read again just before the change; one who signed in since, changed status,
 *    became an administrator or joined an exempt group is skipped, logged, and recorded (`skip`).
 * 5. Evidence records: the plan, each change's `before` and `after`, and each skip with its reason
 *    (remediation-record.ts).
 * 6. A comment on the finding's issue lists what was done, and the `auto-remediated` label is added
 *    when something was changed. A dry run comments the same list, marked as changing nothing, and
 *    writes nothing to Okta.
 */
import type { ComplianceConfig } from '../config/schema.ts';
import { sha256Hex } from '../evidence/sha256.ts';
import type { EvidenceStore } from '../evidence/store.ts';
import type { WrittenRecord } from '../evidence/write-record.ts';
import { findingFingerprint } from '../findings.ts';
import type { IssueTracker } from '../issues/issue-tracker.ts';
import { RECORD_SCHEMA, type Snapshot } from '../model.ts';
import { OktaData } from '../snapshots/okta.ts';
import { EVIDENT_VERSION } from '../version.ts';
import { capExceeded, DEFAULT_SETTINGS, exemptionsFor, selectCandidates, type Exemptions, type InactiveSettings } from './inactive-candidates.ts';
import { commentOnIssue } from './issue-comment.ts';
import type { OktaLifecycleClient } from './okta-lifecycle-client.ts';
import { readAfter, recheck } from './recheck-user.ts';
import { renderRemediationComment } from './remediation-comment.ts';
import { writeRemediationRecord, type ObservedUser, type RemediationAction, type RemediationRecord } from './remediation-record.ts';

export const REMEDIATION_ID = 'okta-inactive-users';

export interface RemediationInput {
  /** An Okta snapshot (the collector's). */
  snapshot: Snapshot;
  config: ComplianceConfig;
  client: OktaLifecycleClient;
  now: Date;
  /** Where the evidence records go; without one, none are written. */
  store?: EvidenceStore | undefined;
  /** Where the finding's issue is; without one, nothing is commented. */
  tracker?: IssueTracker | undefined;
  /** The finding's issue, when the caller knows it; else it is found by fingerprint. */
  issueNumber?: number | undefined;
  /** The finding's fingerprint; default: the okta-inactive-users finding of the snapshot's scope. */
  fingerprint?: string | undefined;
  log: { info(message: string): void; warn(message: string): void };
}

export interface UserOutcome {
  id: string;
  login: string;
  /** `done`: changed, or in a dry run would have been. */
  result: 'done' | 'skipped' | 'failed';
  reason?: string;
}

export interface RemediationReport {
  mode: InactiveSettings['mode'];
  /** What the batch does, or in a dry run would do. */
  action: RemediationAction;
  dryRun: boolean;
  settings: InactiveSettings;
  scope: string;
  snapshotCollectedAt: string;
  population: number;
  candidates: ObservedUser[];
  excluded: { id: string; login: string; reason: string }[];
  outcomes: UserOutcome[];
  /** Why nobody was changed, when the batch was aborted. */
  aborted?: string;
  /** Ids of the users actually changed in Okta. */
  changed: string[];
  records: WrittenRecord[];
  /** The comment posted (or that would be posted without a tracker); undefined when there was nothing to say. */
  comment?: string;
  issue?: number;
  labeled: boolean;
}

export async function remediateInactiveUsers(input: RemediationInput): Promise<RemediationReport> {
  const { snapshot, now } = input;
  // Inactivity is judged by Okta's clock, as the control judged it: the snapshot is dated by the
  // source (engine/collectors/source-clock.ts), so a runner whose clock runs days ahead cannot
  // suspend users the control passed. The re-read before each change compares with the same moment,
  // so a sign-in after the snapshot always spares the user.
  const asOf = new Date(snapshot.collectedAt);
  if (snapshot.source !== 'okta') throw new Error(`the inactive-users remediation needs an Okta snapshot, not ${snapshot.source}`);
  const settings = input.config.remediation[REMEDIATION_ID] ?? DEFAULT_SETTINGS;
  const exemptions = exemptionsFor(input.config, settings);
  const dryRun = settings.mode === 'dry-run';
  const action: RemediationAction = settings.mode === 'deactivate' ? 'deactivate' : 'suspend';
  const fingerprint = input.fingerprint ?? findingFingerprint(REMEDIATION_ID, snapshot.scope);
  const report: RemediationReport = {
    mode: settings.mode,
    action,
    dryRun,
    settings,
    scope: snapshot.scope,
    snapshotCollectedAt: snapshot.collectedAt,
    population: 0,
    candidates: [],
    excluded: [],
    outcomes: [],
    changed: [],
    records: [],
    labeled: false,
  };

  const untrusted = whyUntrusted(snapshot, exemptions);
  const data = OktaData.safeParse(snapshot.data);
  if (untrusted !== undefined || !data.success) {
    report.aborted = untrusted ?? 'the snapshot does not match the Okta schema';
  } else {
    const selection = selectCandidates(data.data.users, settings, exemptions, asOf);
    Object.assign(report, selection);
    for (const user of selection.excluded) input.log.info(`remediation ${REMEDIATION_ID}: leaves ${user.login} (${user.id}) alone: ${user.reason}`);
    report.aborted = capExceeded(selection.candidates.length, selection.population, settings);
  }
  if (report.candidates.length === 0 && report.aborted === undefined) {
    input.log.info(`remediation ${REMEDIATION_ID}: no ACTIVE user of ${snapshot.scope} inactive for more than ${settings.afterDays} days`);
    return report;
  }

  const runId = sha256Hex(`${REMEDIATION_ID}\u0000${snapshot.scope}\u0000${now.toISOString()}\u0000${settings.mode}`).slice(0, 16);
  const record = async (fields: Pick<RemediationRecord, 'phase'> & Partial<RemediationRecord>) => {
    if (input.store === undefined) return;
    report.records.push(
      await writeRemediationRecord(input.store, {
        schema: RECORD_SCHEMA,
        kind: 'remediation',
        area: 'access-control',
        organization: input.config.organization,
        evidentVersion: EVIDENT_VERSION,
        recordedAt: new Date().toISOString(),
        effectiveAt: now.toISOString(),
        remediation: { id: REMEDIATION_ID, controlId: REMEDIATION_ID, mode: settings.mode, runId, fingerprint, ...(input.issueNumber === undefined ? {} : { issue: input.issueNumber }) },
        source: 'okta',
        scope: snapshot.scope,
        snapshotCollectedAt: snapshot.collectedAt,
        ...fields,
      }),
    );
  };
  const { afterDays, maxUsers, maxPercent } = settings;
  await record({ phase: 'plan', plan: { afterDays, maxUsers, maxPercent, population: report.population, candidates: report.candidates, excluded: report.excluded, ...(report.aborted ? { aborted: report.aborted } : {}) } });

  if (report.aborted === undefined) {
    for (const candidate of report.candidates) {
      const checked = await recheck(input.client, candidate, settings, exemptions, asOf);
      if ('skip' in checked) {
        report.outcomes.push({ id: candidate.id, login: candidate.login, result: 'skipped', reason: checked.skip });
        // A skip is a decision an auditor asks about as much as a change: logged, and kept as evidence.
        input.log.warn(`remediation ${REMEDIATION_ID}: left ${candidate.login} (${candidate.id}) alone: ${checked.skip}`);
        await record({ phase: 'skip', change: { action, user: checked.user ?? candidate, outcome: 'skipped', reason: checked.skip } });
        continue;
      }
      if (dryRun) {
        report.outcomes.push({ id: candidate.id, login: candidate.login, result: 'done' });
        continue;
      }
      await record({ phase: 'before', change: { action, user: checked.user } });
      let error: string | undefined;
      try {
        await (action === 'deactivate' ? input.client.deactivate(candidate.id) : input.client.suspend(candidate.id));
        report.changed.push(candidate.id);
      } catch (failure) {
        error = (failure as Error).message;
      }
      report.outcomes.push({ id: candidate.id, login: candidate.login, result: error === undefined ? 'done' : 'failed', ...(error === undefined ? {} : { reason: error }) });
      const after = await readAfter(input.client, checked.user, now);
      await record({ phase: 'after', change: { action, user: after, outcome: error === undefined ? 'done' : 'failed', ...(error === undefined ? {} : { error }) } });
    }
  }
  const verb = dryRun ? `would ${action}` : `${action === 'suspend' ? 'suspended' : 'deactivated'}`;
  if (report.aborted !== undefined) input.log.warn(`remediation ${REMEDIATION_ID}: aborted, nobody was changed: ${report.aborted}`);
  else input.log.info(`remediation ${REMEDIATION_ID}: ${verb} ${report.outcomes.filter((o) => o.result === 'done').length} of ${report.candidates.length} users`);

  report.comment = renderRemediationComment(report);
  if (input.tracker !== undefined) Object.assign(report, await commentOnIssue(input.tracker, { issueNumber: input.issueNumber, fingerprint, comment: report.comment, label: report.changed.length > 0, log: input.log }));
  return report;
}

/** Why the snapshot cannot be trusted to choose users to change, or undefined. */
function whyUntrusted(snapshot: Snapshot, exemptions: Exemptions): string | undefined {
  const incomplete = ['users', 'adminRoles', 'groups'].filter((name) => snapshot.parts[name]?.complete !== true);
  if (incomplete.length > 0) return `the snapshot's ${incomplete.join(', ')} were not read in full`;
  // `groups` holds only the groups the collector was asked for: a membership not read is not an absence.
  const groupsRead = (snapshot.collector.parameters.groupsRead ?? {}) as Record<string, unknown>;
  const unread = exemptions.groups.filter((name) => !Object.hasOwn(groupsRead, name));
  if (unread.length > 0) return `membership of the exempt group${unread.length > 1 ? 's' : ''} ${unread.join(', ')} was not read by the collector`;
  // A configured exempt group Okta does not have (a typo, a renamed break-glass group) protects
  // nobody: acting anyway could suspend the very accounts it was meant to keep. The collector keeps
  // the ids of the groups found by exact name (read-groups.ts); none found means no such group.
  const missing = exemptions.groups.filter((name) => Array.isArray(groupsRead[name]) && (groupsRead[name] as unknown[]).length === 0);
  if (missing.length === 1) return `the exempt group ${missing[0]} does not exist in Okta (names match exactly, case included), so it protects nobody; fix the name in compliance.yml`;
  if (missing.length > 1) return `the exempt groups ${missing.join(', ')} do not exist in Okta (names match exactly, case included), so they protect nobody; fix the names in compliance.yml`;
  return undefined;
}
