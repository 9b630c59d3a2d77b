/**
 * The numbers of the package, per control (and per scope within it) and per criterion: tests run,
 * passed, failed, errored, skipped, the pass rate, remediation within SLA, and the sampled records.
 *
 * A test is one control on one scope at one moment (one result record). The pass rate is passed over
 * passed + failed + errored: an error never counts as passing, and skipped (not applicable) is left out.
 */
import { criteriaFor } from '../../frameworks/index.ts';
import type { Criteria, ResultRecord, Severity, Status } from '../../model.ts';
import type { Entry } from '../evidence-index.ts';
import type { RemediationCycle } from '../issue-history.ts';
import { summarizeRemediation, type RemediationSummary } from './remediation-summary.ts';
import { sampleRecords } from './sample-records.ts';
import type { ControlSelection, SelectedCriterion } from './select-controls.ts';
import { percentDown } from '../percent.ts';

export interface TestCounts {
  run: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
}

export interface ScopeSummary {
  scope: string;
  tests: TestCounts;
  passRate?: number;
  firstAt: string;
  lastAt: string;
  latest: { status: Status; summary: string; key: string };
}

export interface ControlSummary {
  id: string;
  title: string;
  severity: Severity;
  criteria: Criteria;
  tests: TestCounts;
  passRate?: number;
  scopes: ScopeSummary[];
  /** Undefined when no issue history was given. */
  remediation?: RemediationSummary;
  /** The records copied into the package, oldest first: the spread sample and each scope's latest. */
  samples: Entry<ResultRecord>[];
}

export interface CriterionSummary extends SelectedCriterion {
  tests: TestCounts;
  passRate?: number;
  /** Mapped controls in the package with no applicable (pass, fail or error) test in the period. */
  untested: string[];
  remediation?: RemediationSummary;
  /** Satisfied only when every mapped control is in the package, was tested, and no test failed or errored. */
  status: 'satisfied' | 'not-satisfied';
  reason: string;
}

export interface PackageSummary {
  controls: ControlSummary[];
  criteria: CriterionSummary[];
}

export interface SummaryInput {
  selection: ControlSelection;
  /** The period's results of the selected controls, oldest first. */
  results: readonly Entry<ResultRecord>[];
  /** The remediation cycles in the period; undefined without an issue history. */
  cycles?: readonly RemediationCycle[] | undefined;
}

export function summarizePackage({ selection, results, cycles }: SummaryInput): PackageSummary {
  const byControl = groupBy(results, (entry) => entry.record.control.id);
  const controls = selection.controls.map((control): ControlSummary => {
    const entries = byControl.get(control.id) ?? [];
    const tests = countTests(entries);
    const remediation = cycles === undefined ? undefined : summarizeRemediation(cycles.filter((c) => c.issue.controlId === control.id));
    return {
      id: control.id,
      title: control.title,
      severity: control.severity,
      criteria: criteriaFor(control.id),
      tests,
      ...rate(tests),
      scopes: [...groupBy(entries, (entry) => entry.record.collector.scope)].map(([scope, list]) => scopeSummary(scope, list)).sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0)),
      ...(remediation === undefined ? {} : { remediation }),
      samples: samplesOf(entries),
    };
  });
  const summaries = new Map(controls.map((c) => [c.id, c]));
  const criteria = selection.criteria.map((criterion) => criterionSummary(criterion, summaries, cycles));
  return { controls, criteria };
}

/** The spread sample, and the latest record of each scope so every scope's observation can point at one. */
function samplesOf(entries: readonly Entry<ResultRecord>[]): Entry<ResultRecord>[] {
  const picked = new Set(sampleRecords(entries, (entry) => entry.record.result.status));
  const latest = new Map<string, Entry<ResultRecord>>();
  for (const entry of entries) latest.set(entry.record.collector.scope, entry);
  for (const entry of latest.values()) picked.add(entry);
  return entries.filter((entry) => picked.has(entry));
}

function criterionSummary(criterion: SelectedCriterion, controls: ReadonlyMap<string, ControlSummary>, cycles: readonly RemediationCycle[] | undefined): CriterionSummary {
  const mapped = criterion.controls.flatMap((id) => controls.get(id) ?? []);
  const tests = addCounts(mapped.map((c) => c.tests));
  const untested = mapped.filter((c) => c.tests.passed + c.tests.failed + c.tests.errored === 0).map((c) => c.id);
  const remediation = cycles === undefined ? undefined : summarizeRemediation(cycles.filter((c) => criterion.controls.includes(c.issue.controlId)));
  const exceptions: string[] = [];
  if (tests.failed > 0) exceptions.push(`${tests.failed} failed test(s)`);
  if (tests.errored > 0) exceptions.push(`${tests.errored} test(s) that could not complete (error)`);
  if (untested.length > 0) exceptions.push(`no applicable test in the period of ${untested.join(', ')}`);
  // Judging a criterion on some of its controls would overstate it.
  if (criterion.excluded.length > 0) exceptions.push(`only partly in this package: ${criterion.excluded.join(', ')} left out by --controls`);
  const satisfied = exceptions.length === 0;
  return {
    ...criterion,
    tests,
    ...rate(tests),
    untested,
    ...(remediation === undefined ? {} : { remediation }),
    status: satisfied ? 'satisfied' : 'not-satisfied',
    reason: satisfied ? `every test of ${criterion.controls.join(', ')} in the period passed` : exceptions.join('; '),
  };
}

function scopeSummary(scope: string, entries: readonly Entry<ResultRecord>[]): ScopeSummary {
  const tests = countTests(entries);
  const first = entries[0] as Entry<ResultRecord>;
  const last = entries.at(-1) as Entry<ResultRecord>;
  return {
    scope,
    tests,
    ...rate(tests),
    firstAt: first.record.effectiveAt,
    lastAt: last.record.effectiveAt,
    latest: { status: last.record.result.status, summary: last.record.result.summary, key: last.key },
  };
}

export function countTests(entries: readonly Entry<ResultRecord>[]): TestCounts {
  const counts: TestCounts = { run: entries.length, passed: 0, failed: 0, errored: 0, skipped: 0 };
  for (const { record } of entries) {
    const status = record.result.status;
    if (status === 'pass') counts.passed += 1;
    else if (status === 'fail') counts.failed += 1;
    else if (status === 'error') counts.errored += 1;
    else counts.skipped += 1;
  }
  return counts;
}

/** passed / (passed + failed + errored), absent when nothing applicable was tested. */
export function passRate(tests: TestCounts): number | undefined {
  const applicable = tests.passed + tests.failed + tests.errored;
  return applicable === 0 ? undefined : tests.passed / applicable;
}

export function formatPassRate(rate: number | undefined): string {
  return rate === undefined ? 'n/a' : `${percentDown(rate).toFixed(1)}%`;
}

function rate(tests: TestCounts): { passRate?: number } {
  const value = passRate(tests);
  return value === undefined ? {} : { passRate: value };
}

function addCounts(list: readonly TestCounts[]): TestCounts {
  const sum: TestCounts = { run: 0, passed: 0, failed: 0, errored: 0, skipped: 0 };
  for (const counts of list) for (const key of Object.keys(sum) as (keyof TestCounts)[]) sum[key] += counts[key];
  return sum;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key) ?? [];
    list.push(item);
    groups.set(key, list);
  }
  return groups;
}
