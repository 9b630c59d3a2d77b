/**
 * Evident on itself: the things auditors commonly find in a monitoring program, checked from the
 * configuration, the evidence and the issue history, and shown in the monthly report, the
 * dashboard and the audit package.
 */
import type { ComplianceConfig } from '../config/schema.ts';
import { catalog } from '../controls/index.ts';
import type { EvidenceIndex } from './evidence-index.ts';
import { remediationCycles, type IssueHistory } from './issue-history.ts';

export interface SelfCheck {
  id: 'disabled-controls' | 'uncovered-sources' | 'unreviewed-alerts' | 'evidence-gaps' | 'retention';
  title: string;
  status: 'ok' | 'attention' | 'unknown';
  details: string[];
}

export interface SelfCheckInput {
  config: ComplianceConfig;
  evidence: EvidenceIndex;
  history?: IssueHistory | undefined;
  period: { from: string; to: string };
  now: Date;
  /** The expected time between scheduled runs; by default `schedule.everyHours` from the config. */
  runIntervalHours?: number;
}

const HOUR = 3_600_000;

export function selfChecks(input: SelfCheckInput): SelfCheck[] {
  return [disabledControls(input), uncoveredSources(input), unreviewedAlerts(input), evidenceGaps(input), retention(input)];
}

function disabledControls({ config }: SelfCheckInput): SelfCheck {
  const settings = config.controls as Record<string, { enabled?: boolean } | undefined>;
  const disabled = catalog.filter((control) => settings[control.id]?.enabled === false);
  return {
    id: 'disabled-controls',
    title: 'Controls turned off in compliance.yml',
    status: disabled.length === 0 ? 'ok' : 'attention',
    details: disabled.map((control) => `${control.id}: ${control.title} (disabled; record why in the risk register)`),
  };
}

function uncoveredSources({ config, evidence }: SelfCheckInput): SelfCheck {
  const details: string[] = [];
  const configured = { github: config.sources.github, okta: config.sources.okta, aws: config.sources.aws };
  for (const [name, source] of Object.entries(configured)) if (source === undefined) details.push(`${name} is not configured: its controls never run`);
  const tested = new Set(evidence.results.map((entry) => entry.record.collector.source));
  if (configured.okta !== undefined && !tested.has('okta')) details.push('okta is configured but no Okta result was recorded in the period');
  if (configured.aws !== undefined && !tested.has('aws')) details.push('aws is configured but no AWS result was recorded in the period');
  if (configured.github !== undefined && !tested.has('github-org')) details.push('github is configured but no GitHub organization result was recorded in the period');
  // A region in scope whose Config recorder is missing or stopped: a coverage gap the control fails.
  const latestRecorders = new Map<string, string>();
  for (const { record } of evidence.results) {
    if (record.control.id !== 'aws-config-rules-compliant') continue;
    for (const outcome of record.result.outcomes) if (outcome.resource.startsWith('config-recorder:')) latestRecorders.set(outcome.resource, outcome.status);
  }
  for (const [resource, status] of latestRecorders) if (status !== 'pass') details.push(`${resource.slice('config-recorder:'.length)}: AWS Config is not recording as required`);
  return { id: 'uncovered-sources', title: 'Sources and regions not covered', status: details.length === 0 ? 'ok' : 'attention', details };
}

/**
 * An alert was reviewed when a person commented on, assigned or labelled its issue by the SLA due
 * time (Evident's own writes do not count); an issue fixed and closed before its due time needed none.
 */
function unreviewedAlerts({ history, now }: SelfCheckInput): SelfCheck {
  if (history === undefined) return { id: 'unreviewed-alerts', title: 'Alerts not reviewed within their SLA', status: 'unknown', details: ['no issue history was available'] };
  const details: string[] = [];
  const at = (iso: string) => `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  for (const issue of history.issues) {
    for (const cycle of remediationCycles(issue, now)) {
      if (cycle.dueAt === undefined) continue;
      const due = Date.parse(cycle.dueAt);
      if (due >= now.getTime()) continue; // not due yet
      if (cycle.closedAt !== undefined && Date.parse(cycle.closedAt) <= due) continue; // closed in time
      const responded = cycle.firstResponseAt === undefined ? undefined : Date.parse(cycle.firstResponseAt);
      if (responded !== undefined && responded <= due) continue;
      const what = responded === undefined ? 'no comment, assignment or label by a person' : `first response only at ${at(cycle.firstResponseAt as string)}`;
      details.push(`#${issue.number} ${issue.controlId} on ${issue.scope}, opened ${at(cycle.openedAt)}: ${what}; due ${at(cycle.dueAt)}`);
    }
  }
  return { id: 'unreviewed-alerts', title: 'Alerts not reviewed within their SLA', status: details.length === 0 ? 'ok' : 'attention', details };
}

function evidenceGaps({ config, evidence, period, now, runIntervalHours = config.schedule.everyHours }: SelfCheckInput): SelfCheck {
  const details: string[] = [];
  const byScope = new Map<string, number[]>();
  for (const { record } of evidence.results) {
    if (record.collector.source === 'github-pull-request') continue; // event-driven, not scheduled
    const times = byScope.get(record.collector.scope) ?? [];
    times.push(Date.parse(record.effectiveAt));
    byScope.set(record.collector.scope, times);
  }
  const allowed = 2 * runIntervalHours * HOUR;
  for (const [scope, times] of byScope) {
    const moments = [...new Set(times)].sort((a, b) => a - b);
    const bounds = [Date.parse(period.from), ...moments, Math.min(Date.parse(period.to), now.getTime())];
    for (let i = 1; i < bounds.length; i++) {
      const gap = (bounds[i] as number) - (bounds[i - 1] as number);
      if (gap > allowed) details.push(`${scope}: no run from ${new Date(bounds[i - 1] as number).toISOString().slice(0, 16)} to ${new Date(bounds[i] as number).toISOString().slice(0, 16)} (${Math.round(gap / HOUR)} h)`);
    }
  }
  if (byScope.size === 0) details.push('no scheduled result in the period');
  return { id: 'evidence-gaps', title: 'Gaps in the scheduled evidence', status: details.length === 0 ? 'ok' : 'attention', details: details.slice(0, 50) };
}

function retention({ config, evidence, now }: SelfCheckInput): SelfCheck {
  const lock = config.evidence.store === 's3' ? config.evidence.objectLock : undefined;
  if (lock === undefined) {
    return { id: 'retention', title: 'Evidence past its retention period', status: 'unknown', details: ['no Object Lock retention is configured: records are protected only by the archive’s own permissions'] };
  }
  const cutoff = now.getTime() - lock.retainDays * 24 * HOUR;
  const expired = evidence.results.filter((entry) => Date.parse(entry.record.recordedAt) < cutoff).length;
  return {
    id: 'retention',
    title: 'Evidence past its retention period',
    status: expired === 0 ? 'ok' : 'attention',
    details: expired === 0 ? [] : [`${expired} record(s) are older than the ${lock.retainDays}-day Object Lock retention and could now be deleted`],
  };
}
