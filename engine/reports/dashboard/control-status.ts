/**
 * Each control's latest status per scope and the moments its status changed, from the results in
 * the evidence. A control of the catalog with no result is listed as not run, never left out; a
 * control found in the evidence but no longer in the catalog is listed too (its evidence is real).
 */
import type { ComplianceConfig } from '../../config/schema.ts';
import { catalog } from '../../controls/index.ts';
import { criteriaFor, criterionTitle } from '../../frameworks/index.ts';
import type { OutcomeCounts, ResultRecord, Severity, SourceId, Status } from '../../model.ts';
import type { Entry } from '../evidence-index.ts';

export interface OutcomeView {
  resource: string;
  status: Status;
  message: string;
}

/** The newest result of a control on one scope. */
export interface ScopeStatus {
  scope: string;
  status: Status;
  severity: Severity;
  effectiveAt: string;
  summary: string;
  reason?: string;
  population: number;
  counts: OutcomeCounts;
  /** The evidence record's key. */
  key: string;
  /** Failing and erroring outcomes first. */
  outcomes: OutcomeView[];
}

/** A result whose status differs from the previous result on the same scope (the first result counts). */
export interface StatusChange {
  scope: string;
  at: string;
  status: Status;
  previous?: Status;
  summary: string;
  key: string;
}

export interface MappedCriterion {
  framework: 'soc2' | 'iso27001';
  id: string;
  title?: string;
}

export type ControlStatus = Status | 'not-run';

export interface ControlView {
  id: string;
  title: string;
  severity: Severity;
  source?: SourceId;
  inCatalog: boolean;
  /** false when compliance.yml turns it off; undefined without a configuration. */
  enabled?: boolean;
  /** The worst latest status over its scopes: fail, then error, pass, skipped. */
  status: ControlStatus;
  criteria: MappedCriterion[];
  latest: ScopeStatus[];
  /** Oldest first. */
  changes: StatusChange[];
  /** Per scope tested more than once: its last status each UTC day it was tested, oldest first. */
  daily: { scope: string; days: { day: string; status: Status }[] }[];
  /** How many results the evidence holds for it. */
  results: number;
  firstAt?: string;
  lastAt?: string;
  risk?: string;
}

const RANK: Record<ControlStatus, number> = { fail: 0, error: 1, pass: 2, skipped: 3, 'not-run': 4 };

export function worstStatus(statuses: readonly ControlStatus[]): ControlStatus {
  return statuses.reduce<ControlStatus>((worst, status) => (RANK[status] < RANK[worst] ? status : worst), 'not-run');
}

export function compareStatus(a: ControlStatus, b: ControlStatus): number {
  return RANK[a] - RANK[b];
}

/** Results must be oldest first, as loadEvidence returns them. */
export function controlViews(results: readonly Entry<ResultRecord>[], config?: ComplianceConfig): ControlView[] {
  const byControl = new Map<string, Entry<ResultRecord>[]>();
  for (const entry of results) {
    const list = byControl.get(entry.record.control.id) ?? [];
    list.push(entry);
    byControl.set(entry.record.control.id, list);
  }
  const settings = config?.controls as Record<string, { enabled?: boolean } | undefined> | undefined;
  const views: ControlView[] = catalog.map((control) => {
    const entries = byControl.get(control.id) ?? [];
    return {
      ...fromResults(control.id, entries),
      title: control.title,
      severity: entries.at(-1)?.record.result.severity ?? control.severity,
      source: control.source.id,
      inCatalog: true,
      ...(settings === undefined ? {} : { enabled: settings[control.id]?.enabled !== false }),
      criteria: mappedCriteria(criteriaFor(control.id)),
      risk: control.risk,
    };
  });
  for (const [id, entries] of byControl) {
    if (views.some((view) => view.id === id)) continue;
    const newest = (entries.at(-1) as Entry<ResultRecord>).record;
    views.push({
      ...fromResults(id, entries),
      title: newest.control.title,
      severity: newest.result.severity,
      source: newest.collector.source,
      inCatalog: false,
      criteria: mappedCriteria(newest.control.criteria),
    });
  }
  return views;
}

function fromResults(id: string, entries: readonly Entry<ResultRecord>[]) {
  const latest = new Map<string, Entry<ResultRecord>>();
  const changes: StatusChange[] = [];
  const days = new Map<string, Map<string, Status>>();
  for (const entry of entries) {
    const { result } = entry.record;
    const byDay = days.get(result.scope) ?? new Map<string, Status>();
    byDay.set(result.effectiveAt.slice(0, 10), result.status);
    days.set(result.scope, byDay);
    const previous = latest.get(result.scope)?.record.result.status;
    if (previous !== result.status) {
      changes.push({ scope: result.scope, at: result.effectiveAt, status: result.status, ...(previous === undefined ? {} : { previous }), summary: result.summary, key: entry.key });
    }
    latest.set(result.scope, entry);
  }
  const scopes = [...latest.values()].map(scopeStatus).sort((a, b) => compareStatus(a.status, b.status) || a.scope.localeCompare(b.scope, 'en', { numeric: true }));
  return {
    id,
    status: worstStatus(scopes.map((scope) => scope.status)),
    latest: scopes,
    changes,
    daily: scopes
      .filter((scope) => (days.get(scope.scope)?.size ?? 0) > 1)
      .map((scope) => ({ scope: scope.scope, days: [...(days.get(scope.scope) ?? [])].sort(([a], [b]) => a.localeCompare(b)).map(([day, status]) => ({ day, status })) })),
    results: entries.length,
    ...(entries.length === 0 ? {} : { firstAt: entries[0]?.record.effectiveAt, lastAt: entries.at(-1)?.record.effectiveAt }),
  };
}

function scopeStatus({ key, record }: Entry<ResultRecord>): ScopeStatus {
  const { result } = record;
  return {
    scope: result.scope,
    status: result.status,
    severity: result.severity,
    effectiveAt: result.effectiveAt,
    summary: result.summary,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
    population: result.population,
    counts: result.counts,
    key,
    outcomes: result.outcomes
      .map((outcome) => ({ resource: outcome.resource, status: outcome.status, message: outcome.message }))
      .sort((a, b) => compareStatus(a.status, b.status)),
  };
}

function mappedCriteria(criteria: { soc2: readonly string[]; iso27001: readonly string[] }): MappedCriterion[] {
  const mapped = (framework: MappedCriterion['framework'], id: string): MappedCriterion => {
    const title = criterionTitle(framework, id);
    return { framework, id, ...(title === undefined ? {} : { title }) };
  };
  return [...criteria.soc2.map((id) => mapped('soc2', id)), ...criteria.iso27001.map((id) => mapped('iso27001', id))];
}
