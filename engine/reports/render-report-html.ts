/**
 * The monthly report as one self-contained HTML file: inline CSS (screen and print), an inline SVG
 * trend chart, no script and nothing fetched, so it can be mailed, archived or printed to PDF as is.
 */
import { formatMoment, formatPercent, monthName, shortList, type FindingTimeline, type MonthlyReport, type TrendPoint } from './monthly-report.ts';
import { timelineCells, triagedCell } from './timeline-cells.ts';

const CSS = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; }
* { box-sizing: border-box; }
body { font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; } h2 { border-bottom: 1px solid var(--line); padding-bottom: .25rem; margin-top: 2rem; } h3 { margin-bottom: .25rem; }
.meta, .note { color: var(--muted); } .note { font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; } th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.kpis { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; } .kpi { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .9rem; min-width: 9rem; }
.kpi b { display: block; font-size: 1.5rem; } .narrative { border-left: 4px solid var(--line); padding: .25rem 1rem; background: #f6f8fa; }
.s-pass, .s-ok, .s-met { color: var(--pass); } .s-fail, .s-missed, .s-attention { color: var(--fail); font-weight: 600; } .s-error, .s-unknown, .s-open { color: var(--warn); }
code { font-size: 12px; background: #f6f8fa; padding: 0 3px; border-radius: 3px; }
@media print { body { margin: 0; max-width: none; font-size: 11px; } h2 { break-after: avoid; } tr, .kpi, svg { break-inside: avoid; } a { color: inherit; text-decoration: none; } }
@page { size: A4; margin: 15mm; }
`;

export function renderReportHtml(report: MonthlyReport): string {
  const s = report.summary;
  const title = `Compliance report: ${report.organization}, ${monthName(report.month)}`;
  const body = [
    `<header><h1>${esc(title)}</h1>`,
    `<p class="meta">Report month <strong>${esc(report.month)}</strong> (${esc(report.period.from.slice(0, 10))} to ${esc(dayBefore(report.period.to))}, UTC), as of ${esc(formatMoment(report.asOf))}.<br>`,
    `Generated <time datetime="${esc(report.generatedAt)}">${esc(formatMoment(report.generatedAt))}</time> by Evident ${esc(report.evidentVersion)} from <code>${esc(report.sources.evidence)}</code>${report.sources.history === undefined ? '' : ` and the issue history of ${esc(report.sources.history.repository)}`}.</p></header>`,
    '<h2>Executive summary</h2>',
    narrative(report),
    '<div class="kpis">',
    kpi('Results recorded', String(s.results), `${s.counts.pass} pass · ${s.counts.fail} fail · ${s.counts.error} error · ${s.counts.skipped} skipped`),
    kpi('Pass rate', formatPercent(s.passRate), `previous month ${formatPercent(s.previousPassRate)}`),
    kpi('Controls failing', `${s.controlsFailing} / ${s.controlsTested}`, `${s.findings} findings`),
    report.timeline.source === 'issue-history' ? kpi('SLA', `${s.sla.met} met · ${s.sla.missed} missed`, `${s.sla.open} open, not yet due`) : kpi('SLA', 'not measured', 'no issue history'),
    kpi('Auto-remediation', `${report.remediation.batches} batches`, `${report.remediation.suspended} suspended · ${report.remediation.deactivated} deactivated · ${report.remediation.abortedBatches} aborted`),
    '</div>',
    '<p class="note">Pass rate = passed / (passed + failed + errored); an error never counts as passing.</p>',
    '<h3>Trend</h3>',
    trendChart(report.trend),
    '<h2>Controls</h2>',
    table(
      ['Control', 'Severity', 'Results', 'Pass', 'Fail', 'Error', 'Skipped', 'Pass rate'],
      report.controls.map((c) => [`<code>${esc(c.id)}</code> ${esc(c.title)}`, esc(c.severity), num(c.results), num(c.counts.pass), num(c.counts.fail), num(c.counts.error), num(c.counts.skipped), num(formatPercent(c.passRate))]),
    ),
    '<h3>By criterion</h3>',
    table(
      ['Criterion', 'Title', 'Controls', 'Pass rate'],
      report.criteria.map((c) => [esc(`${c.framework === 'soc2' ? 'SOC 2' : 'ISO 27001'} ${c.id}`), esc(c.title), esc(c.controls.join(', ')), num(formatPercent(c.passRate))]),
    ),
    '<h2>Failed controls and remediation</h2>',
    `<p class="note">${esc(report.timeline.note)}</p>`,
    report.failedControls.length === 0 ? '<p>No control failed in the month.</p>' : '',
    ...report.failedControls.map(
      (control) =>
        `<h3><code>${esc(control.controlId)}</code> ${esc(control.title)} <span class="meta">(${esc(control.severity)})</span></h3>` +
        `<p>Failed results in the month: ${control.failedResults}; pass rate ${esc(formatPercent(control.passRate))}; criteria: ${control.criteria.map((c) => `<abbr title="${esc(c.title)}">${esc(c.id)}</abbr>`).join(', ') || 'none'}.</p>` +
        timelineTable(report, control.findings),
    ),
    '<h2>Auto-remediation</h2>',
    remediation(report),
    '<h2>Errors and coverage gaps</h2>',
    report.errors.length === 0
      ? '<p>No result was an error in the month.</p>'
      : table(
          ['Control', 'Reason', 'Results', 'Scopes', 'First', 'Last'],
          report.errors.map((e) => [`<code>${esc(e.controlId)}</code>`, esc(e.reason), num(e.results), esc(e.scopes.join(', ')), esc(formatMoment(e.firstAt)), esc(formatMoment(e.lastAt))]),
        ),
    report.notTested.length === 0 ? '' : `<p>Not tested in the month:</p><ul>${report.notTested.map((c) => `<li><code>${esc(c.controlId)}</code> ${esc(c.title)}: ${esc(c.reason)}</li>`).join('')}</ul>`,
    '<h2>Self-checks</h2>',
    `<ul>${report.selfChecks.map((check) => `<li><strong>${esc(check.title)}</strong>: <span class="s-${check.status}">${esc(check.status)}</span>${check.details.length === 0 ? '' : `<ul>${shortList(check.details).map((d) => `<li>${esc(d)}</li>`).join('')}</ul>`}</li>`).join('')}</ul>`,
    '<h2>Recommendations</h2>',
    report.recommendations.length === 0 ? '<p>None.</p>' : `<ol>${report.recommendations.map((r) => `<li>${esc(r)}</li>`).join('')}</ol>`,
    report.problems.length === 0 ? '' : `<h2>Evidence that could not be read</h2><ul>${report.problems.slice(0, 20).map((p) => `<li><code>${esc(p.key)}</code>: ${esc(p.problem)}</li>`).join('')}${report.problems.length > 20 ? `<li>and ${report.problems.length - 20} more</li>` : ''}</ul>`,
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="Evident ${esc(report.evidentVersion)}">`,
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...body.filter((part) => part !== ''),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function narrative(report: MonthlyReport): string {
  if (report.narrative !== undefined) {
    const paragraphs = report.narrative.text.split(/\n\s*\n/).map((p) => `<p>${esc(p)}</p>`);
    return `<div class="narrative">${paragraphs.join('')}<p class="note">${esc(report.narrative.label)}.</p></div>`;
  }
  return report.narrativeNote === undefined ? '' : `<p class="note">${esc(report.narrativeNote)}</p>`;
}

function kpi(label: string, value: string, detail: string): string {
  return `<div class="kpi">${esc(label)}<b>${esc(value)}</b><span class="meta">${esc(detail)}</span></div>`;
}

/** Bars of the monthly pass rate; a month without results is an empty outline. */
export function trendChart(trend: readonly TrendPoint[]): string {
  const width = 560;
  const height = 180;
  const top = 20;
  const bottom = 30;
  const plot = height - top - bottom;
  const slot = width / Math.max(trend.length, 1);
  const barWidth = Math.min(60, slot * 0.6);
  const bars = trend.map((point, i) => {
    const x = i * slot + (slot - barWidth) / 2;
    const label = `<text x="${fmt(x + barWidth / 2)}" y="${height - 10}" text-anchor="middle">${esc(point.month)}</text>`;
    if (point.passRate === null) {
      return `<rect x="${fmt(x)}" y="${top}" width="${fmt(barWidth)}" height="${plot}" fill="none" stroke="#d0d7de" stroke-dasharray="4 3"/>${label}<text x="${fmt(x + barWidth / 2)}" y="${top + plot / 2}" text-anchor="middle" fill="#57606a">no data</text>`;
    }
    const h = point.passRate * plot;
    const fill = point.passRate >= 0.9 ? '#1a7f37' : point.passRate >= 0.7 ? '#9a6700' : '#cf222e';
    return `<rect x="${fmt(x)}" y="${fmt(top + plot - h)}" width="${fmt(barWidth)}" height="${fmt(h)}" fill="${fill}"><title>${esc(`${point.month}: ${formatPercent(point.passRate)} of ${point.results} results`)}</title></rect>${label}<text x="${fmt(x + barWidth / 2)}" y="${fmt(top + plot - h - 5)}" text-anchor="middle">${esc(formatPercent(point.passRate))}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Monthly pass rate" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="Helvetica, Arial, sans-serif" font-size="11"><line x1="0" y1="${top + plot}" x2="${width}" y2="${top + plot}" stroke="#57606a"/>${bars.join('')}</svg>`;
}

function timelineTable(report: MonthlyReport, findings: readonly FindingTimeline[]): string {
  if (report.timeline.source === 'evidence') {
    return table(
      ['Finding', 'First failing', 'Triaged', 'First passing', 'Failed results'],
      findings.map((f) => [esc(f.scope), esc(formatMoment(f.firstFailingAt)), esc(triagedCell(f)), esc(formatMoment(f.firstPassingAt)), num(f.failedResults)]),
    );
  }
  return table(
    ['Finding', 'Issue', 'Opened', 'First response', 'Triaged', 'Closed', 'SLA due', 'SLA'],
    findings.map((f) => {
      const cells = timelineCells(f);
      return [
        esc(f.scope),
        f.issue === undefined ? 'none in the history' : `${link(`#${f.issue.number}`, f.issue.url)} ${esc(f.issue.title)}`,
        ...[cells.opened, cells.firstResponse, cells.triaged, cells.closed, cells.due].map(esc),
        `<span class="s-${f.sla}">${esc(cells.sla)}</span>`,
      ];
    }),
  );
}

/** Only web addresses become links: a history file is input, and `javascript:` must not be clickable. */
function link(label: string, url: string): string {
  return /^https?:\/\//i.test(url) ? `<a href="${esc(url)}">${esc(label)}</a>` : esc(label);
}


function remediation(report: MonthlyReport): string {
  const r = report.remediation;
  if (r.batches === 0) return '<p>No auto-remediation batch ran in the month.</p>';
  return (
    `<p>${r.batches} batches (${r.dryRunBatches} dry runs, ${r.abortedBatches} aborted): ${r.suspended} accounts suspended, ${r.deactivated} deactivated, ${r.failed} changes failed${r.wouldChange > 0 ? `; dry runs would have changed ${r.wouldChange}` : ''}.</p>` +
    table(
      ['When', 'Remediation', 'Mode', 'Scope', 'Candidates', 'Suspended', 'Deactivated', 'Failed', 'Aborted'],
      r.list.map((b) => [esc(formatMoment(b.at)), esc(b.remediation), esc(b.mode), esc(b.scope), num(b.candidates), num(b.suspended), num(b.deactivated), num(b.failed), esc(b.aborted ?? '—')]),
    )
  );
}

/** Cells are HTML already (escaped by the caller). */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '<p class="note">None.</p>';
  return `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((c) => (c.startsWith('<td') ? c : `<td>${c}</td>`)).join('')}</tr>`).join('')}</tbody></table>`;
}

function num(value: number | string): string {
  return `<td class="num">${esc(String(value))}</td>`;
}

export function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}

function dayBefore(iso: string): string {
  return new Date(Date.parse(iso) - 86_400_000).toISOString().slice(0, 10);
}
