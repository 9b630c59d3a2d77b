/**
 * `index.html`: the package as one page an auditor opens offline: the period, the criteria and
 * controls with their numbers, links to the copied records, the alert history, the OSCAL document
 * and the self-checks. Inline CSS only: no script, font or image from anywhere else.
 */
import { EVIDENT_VERSION } from '../../version.ts';
import { frameworks } from '../../frameworks/index.ts';
import type { SelfCheck } from '../self-checks.ts';
import type { PackagePeriod } from './package-period.ts';
import { formatPassRate, type ControlSummary, type CriterionSummary, type PackageSummary, type TestCounts } from './package-summary.ts';
import { describeRemediation } from './remediation-summary.ts';

export interface IndexHtmlInput {
  period: PackagePeriod;
  organization: string;
  now: Date;
  summary: PackageSummary;
  selfChecks: readonly SelfCheck[];
  /** Records of the period that could not be read: the numbers are then incomplete. */
  problems: readonly { key: string; problem: string }[];
  historyGiven: boolean;
  signedBy?: string | undefined;
  recordHref: (key: string) => string;
  files: { alertHistory: string; oscal: string; selfChecks: string; summary: string; controlsCsv: string; criteriaCsv: string; manifest: string };
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24}
h1{font-size:1.5rem;margin-bottom:.25rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.25rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
.ok,.satisfied{color:#1a7f37;font-weight:600}.attention,.not-satisfied{color:#cf222e;font-weight:600}.unknown{color:#9a6700;font-weight:600}
.muted{color:#57606a}code{font-size:.9em}details{margin:.25rem 0}ul.files li{margin:.15rem 0}
`;

export function renderIndexHtml(input: IndexHtmlInput): string {
  const { period, summary, files } = input;
  const body = [
    `<h1>Audit package: ${esc(input.organization)}</h1>`,
    `<p>Period <strong>${esc(period.from)}</strong> to <strong>${esc(period.to)}</strong> (both days included, UTC). Generated ${esc(input.now.toISOString())} by Evident ${esc(EVIDENT_VERSION)}.</p>`,
    `<p class="muted">A test is one control on one scope at one moment. Pass rate = passed ÷ (passed + failed + errored): a test that could not complete never counts as passing. ${input.signedBy === undefined ? 'The manifest is not signed.' : `The manifest is signed with Ed25519 key <code>${esc(input.signedBy)}</code>.`}</p>`,
    '<h2>Files</h2>',
    '<ul class="files">',
    link(files.oscal, 'OSCAL 1.1.2 Assessment Results'),
    link(files.alertHistory, input.historyGiven ? 'Alert and remediation history (CSV, one row per remediation cycle)' : 'Alert and remediation history (CSV; empty: no issue history was given)'),
    link(files.controlsCsv, 'Per-control numbers (CSV)'),
    link(files.criteriaCsv, 'Per-criterion numbers (CSV)'),
    link(files.summary, 'Everything on this page, as JSON'),
    link(files.selfChecks, 'Self-checks (JSON)'),
    link(files.manifest, 'Manifest: the SHA-256 of every file, and its signature'),
    '</ul>',
    ...input.problems.length === 0 ? [] : ['<h2>Records that could not be read</h2>', '<p class="attention">The numbers below leave these out.</p>', list(input.problems.map((p) => `<code>${esc(p.key)}</code>: ${esc(p.problem)}`))],
    ...frameworks.flatMap((framework) => {
      const criteria = summary.criteria.filter((c) => c.framework === framework.id);
      return criteria.length === 0 ? [] : [`<h2>${esc(framework.name)}</h2>`, criteriaTable(criteria)];
    }),
    '<h2>Controls</h2>',
    controlsTable(summary.controls),
    ...summary.controls.map((control) => controlDetails(control, input)),
    '<h2>Self-checks</h2>',
    ...input.selfChecks.map((check) => `<p><span class="${check.status}">${esc(check.status.toUpperCase())}</span> ${esc(check.title)}</p>${check.details.length === 0 ? '' : list(check.details.map(esc))}`),
  ];
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width,initial-scale=1">\n<title>Audit package ${esc(period.from)} to ${esc(period.to)}: ${esc(input.organization)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n${body.join('\n')}\n</body>\n</html>\n`;
}

const COUNT_HEADERS = '<th>Tests</th><th>Passed</th><th>Failed</th><th>Errored</th><th>Skipped</th><th>Pass rate</th>';

function counts(tests: TestCounts, rate: number | undefined): string {
  return [tests.run, tests.passed, tests.failed, tests.errored, tests.skipped].map((n) => `<td class="n">${n}</td>`).join('') + `<td class="n">${formatPassRate(rate)}</td>`;
}

function criteriaTable(criteria: readonly CriterionSummary[]): string {
  const rows = criteria.map(
    (c) =>
      `<tr><td><strong>${esc(c.id)}</strong> ${esc(c.title)}</td><td class="${c.status}">${esc(c.status)}</td>${counts(c.tests, c.passRate)}<td>${esc(describeRemediation(c.remediation))}</td><td>${c.controls.map((id) => `<a href="#${esc(id)}">${esc(id)}</a>`).join(', ')}${c.excluded.length === 0 ? '' : `<br><span class="muted">not in this package: ${esc(c.excluded.join(', '))}</span>`}<br><span class="muted">${esc(c.reason)}</span></td></tr>`,
  );
  return `<table><thead><tr><th>Criterion</th><th>Status</th>${COUNT_HEADERS}<th>Remediation within SLA</th><th>Controls</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function controlsTable(controls: readonly ControlSummary[]): string {
  const rows = controls.map(
    (c) =>
      `<tr><td><a href="#${esc(c.id)}">${esc(c.id)}</a><br><span class="muted">${esc(c.title)}</span></td><td>${esc(c.severity)}</td>${counts(c.tests, c.passRate)}<td>${esc(describeRemediation(c.remediation))}</td><td>${esc([...c.criteria.soc2, ...c.criteria.iso27001].join(', '))}</td></tr>`,
  );
  return `<table><thead><tr><th>Control</th><th>Severity</th>${COUNT_HEADERS}<th>Remediation within SLA</th><th>Criteria</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function controlDetails(control: ControlSummary, input: IndexHtmlInput): string {
  if (control.tests.run === 0) return `<h3 id="${esc(control.id)}">${esc(control.id)}</h3><p class="muted">Not tested in the period.</p>`;
  const scopes = control.scopes.map(
    (s) => `<tr><td>${esc(s.scope)}</td>${counts(s.tests, s.passRate)}<td>${esc(s.firstAt)}</td><td>${esc(s.lastAt)}</td><td>${esc(s.latest.status.toUpperCase())}: ${esc(s.latest.summary)}</td></tr>`,
  );
  const samples = control.samples.map(
    (e) => `<a href="${esc(input.recordHref(e.key))}">${esc(e.record.effectiveAt)}</a> ${esc(e.record.collector.scope)} <strong>${esc(e.record.result.status.toUpperCase())}</strong> ${esc(e.record.result.summary)}`,
  );
  return [
    `<h3 id="${esc(control.id)}">${esc(control.id)}: ${esc(control.title)}</h3>`,
    `<table><thead><tr><th>Scope</th>${COUNT_HEADERS}<th>First</th><th>Last</th><th>Latest</th></tr></thead><tbody>${scopes.join('')}</tbody></table>`,
    `<details><summary>${samples.length} sampled record(s)</summary>${list(samples)}</details>`,
  ].join('\n');
}

function link(href: string, text: string): string {
  return `<li><a href="${esc(href)}">${esc(href)}</a>: ${esc(text)}</li>`;
}

function list(items: readonly string[]): string {
  return `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
}

function esc(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}
