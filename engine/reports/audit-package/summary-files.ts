/** `controls.csv`, `criteria.csv` and `summary.json`: the package's numbers for spreadsheets and scripts. */
import { prettyCanonicalJson } from '../../evidence/canonical-json.ts';
import type { PackagePeriod } from './package-period.ts';
import type { PackageSummary, TestCounts } from './package-summary.ts';
import { describeRemediation, type RemediationSummary } from './remediation-summary.ts';
import { csvDocument, type CsvValue } from './rfc4180.ts';

const COUNT_COLUMNS = ['tests', 'passed', 'failed', 'errored', 'skipped', 'pass_rate'];
const REMEDIATION_COLUMNS = ['remediation', 'cycles', 'sla_met', 'sla_missed', 'sla_open', 'sla_none'];

export function controlsCsv(summary: PackageSummary): string {
  return csvDocument(
    ['control', 'title', 'severity', 'soc2', 'iso27001', ...COUNT_COLUMNS, ...REMEDIATION_COLUMNS],
    summary.controls.map((c) => [c.id, c.title, c.severity, c.criteria.soc2.join(' '), c.criteria.iso27001.join(' '), ...countCells(c.tests, c.passRate), ...remediationCells(c.remediation)]),
  );
}

export function criteriaCsv(summary: PackageSummary): string {
  return csvDocument(
    ['framework', 'criterion', 'title', 'status', 'controls', 'not_in_package', ...COUNT_COLUMNS, ...REMEDIATION_COLUMNS, 'reason'],
    summary.criteria.map((c) => [c.framework, c.id, c.title, c.status, c.controls.join(' '), c.excluded.join(' '), ...countCells(c.tests, c.passRate), ...remediationCells(c.remediation), c.reason]),
  );
}

export interface SummaryJsonInput {
  organization: string;
  period: PackagePeriod;
  generatedAt: Date;
  summary: PackageSummary;
  historyGiven: boolean;
  recordHref: (key: string) => string;
  /** SHA-256 of each copied record's bytes: the hash the archive's seals list for it. */
  recordHashes: ReadonlyMap<string, string>;
  problems: readonly { key: string; problem: string }[];
}

export function summaryJson(input: SummaryJsonInput): string {
  return prettyCanonicalJson({
    schema: 'https://evident.dev/schemas/audit-package-summary/v1',
    organization: input.organization,
    period: input.period,
    generatedAt: input.generatedAt.toISOString(),
    remediation: input.historyGiven ? 'computed from the issue history' : 'no issue history',
    controls: input.summary.controls.map(({ samples, ...control }) => ({
      ...control,
      samples: samples.map((entry) => ({
        key: entry.key,
        path: input.recordHref(entry.key),
        sha256: input.recordHashes.get(entry.key),
        effectiveAt: entry.record.effectiveAt,
        scope: entry.record.collector.scope,
        status: entry.record.result.status,
      })),
    })),
    criteria: input.summary.criteria,
    problems: input.problems,
  });
}

function countCells(tests: TestCounts, passRate: number | undefined): CsvValue[] {
  return [tests.run, tests.passed, tests.failed, tests.errored, tests.skipped, passRate === undefined ? '' : passRate.toFixed(4)];
}

function remediationCells(summary: RemediationSummary | undefined): CsvValue[] {
  if (summary === undefined) return [describeRemediation(summary), '', '', '', '', ''];
  return [describeRemediation(summary), summary.cycles, summary.met, summary.missed, summary.open, summary.withoutSla];
}
