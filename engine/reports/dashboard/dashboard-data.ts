/**
 * The data every page of the dashboard is built from, and written beside them as data.json:
 * controls with their latest status per scope and their history, the pass-rate trend, findings
 * with SLA countdowns, and the self-checks. Pure: the clock is `now`, the moment of generation.
 */
import { ComplianceConfig } from '../../config/schema.ts';
import type { EvidenceIndex } from '../evidence-index.ts';
import type { IssueHistory } from '../issue-history.ts';
import { selfChecks, type SelfCheck } from '../self-checks.ts';
import { controlViews, type ControlView } from './control-status.ts';
import { findingsView, type FindingsView } from './findings.ts';
import { passRateTrend, type TrendPoint } from './trend.ts';

export const DASHBOARD_SCHEMA = 'https://evident.dev/schemas/dashboard/v1';

export interface DashboardInput {
  config?: ComplianceConfig | undefined;
  evidence: EvidenceIndex;
  history?: IssueHistory | undefined;
  /** The moment of generation: countdowns and self-checks are computed against it. */
  now: Date;
  /**
   * Where evidence keys link to: a path relative to the site's root (`../evidence/`) or a URL prefix
   * (`https://…?prefix=`); the key is appended. Without it, keys are shown but not linked.
   */
  evidenceUrl?: string | undefined;
  /** Findings closed within this many days are listed (30 by default). */
  recentDays?: number;
}

export interface DashboardData {
  schema: typeof DASHBOARD_SCHEMA;
  organization: string;
  generatedAt: string;
  /** The newest result's effective time: when Evident last tested anything. */
  lastRunAt?: string;
  firstRunAt?: string;
  evidence: {
    location: string;
    linkBase?: string;
    results: number;
    triageDecisions: number;
    seals: number;
    lastSealAt?: string;
    problems: { key: string; problem: string }[];
  };
  history?: { repository: string; exportedAt: string; issues: number };
  controls: ControlView[];
  trend: TrendPoint[];
  findings: FindingsView;
  selfChecks: SelfCheck[];
}

const NEEDS_CONFIG = new Set<SelfCheck['id']>(['disabled-controls', 'uncovered-sources', 'retention']);

export function dashboardData(input: DashboardInput): DashboardData {
  const { evidence, history, now } = input;
  const results = evidence.results;
  const controls = controlViews(results, input.config);
  const firstRunAt = results[0]?.record.effectiveAt;
  const lastRunAt = results.reduce<string | undefined>((max, { record }) => (max === undefined || record.effectiveAt > max ? record.effectiveAt : max), undefined);
  const organization = input.config?.organization ?? results.at(-1)?.record.organization ?? 'Evident';
  const lastSeal = evidence.seals.at(-1);
  return {
    schema: DASHBOARD_SCHEMA,
    organization,
    generatedAt: now.toISOString(),
    ...(lastRunAt === undefined ? {} : { lastRunAt }),
    ...(firstRunAt === undefined ? {} : { firstRunAt }),
    evidence: {
      location: evidence.location,
      ...(input.evidenceUrl === undefined ? {} : { linkBase: input.evidenceUrl }),
      results: results.length,
      triageDecisions: evidence.triage.length,
      seals: evidence.seals.length,
      ...(lastSeal === undefined ? {} : { lastSealAt: lastSeal.sealedAt }),
      problems: evidence.problems,
    },
    ...(history === undefined ? {} : { history: { repository: history.repository, exportedAt: history.exportedAt, issues: history.issues.length } }),
    controls,
    trend: passRateTrend(results),
    findings: findingsView({ controls, history, triage: evidence.triage, now, lastRunAt, ...(input.recentDays === undefined ? {} : { recentDays: input.recentDays }) }),
    selfChecks: checks(input, organization, firstRunAt),
  };
}

/** Without compliance.yml the checks that read it say so, rather than judging a default configuration. */
function checks({ config, evidence, history, now }: DashboardInput, organization: string, firstRunAt: string | undefined): SelfCheck[] {
  const period = { from: firstRunAt ?? now.toISOString(), to: now.toISOString() };
  const all = selfChecks({ config: config ?? ComplianceConfig.parse({ version: 1, organization }), evidence, history, period, now });
  if (config !== undefined) return all;
  return all.map((check) => (NEEDS_CONFIG.has(check.id) ? { ...check, status: 'unknown', details: ['no compliance.yml was given (--config): this check needs it'] } : check));
}
