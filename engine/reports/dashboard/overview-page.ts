/** index.html: every control with its latest status per scope, the trend, open findings and the self-checks. */
import type { ControlView, ScopeStatus } from './control-status.ts';
import type { DashboardData } from './dashboard-data.ts';
import { html, time, type Html } from './html.ts';
import { renderPage } from './layout.ts';
import { controlLink } from './links.ts';
import { badge, openFindingsTable, severity } from './parts.ts';
import { trendChart } from './trend-chart.ts';
import { percentDown } from '../percent.ts';

/** Scopes shown before the passing rest folds into a details element (pull requests add up). */
const SCOPES_SHOWN = 6;
const FINDINGS_SHOWN = 10;
const DETAILS_SHOWN = 5;

export function overviewPage(data: DashboardData): string {
  const depth = 0;
  const passing = data.controls.filter((c) => c.status === 'pass').length;
  const overdue = data.findings.open.filter((f) => f.countdown?.overdue === true).length;
  const attention = data.selfChecks.filter((c) => c.status === 'attention').length;
  const lastRate = [...data.trend].reverse().find((p) => p.rate !== null)?.rate;
  const body = html`<h1>Compliance overview</h1>
<div class="cards">
<div class="card"><span class="value">${passing} of ${data.controls.length}</span><span class="label">controls passing on every scope</span></div>
<div class="card"><span class="value">${lastRate === undefined || lastRate === null ? '—' : `${percentDown(lastRate, 0)}%`}</span><span class="label">pass rate on the last day tested</span></div>
<div class="card"><span class="value">${data.findings.open.length}</span><span class="label">open findings, ${overdue} past their SLA${data.findings.accepted.length === 0 ? '' : html`; <a href="findings.html#accepted">${data.findings.accepted.length} accepted risk(s)</a> besides`}</span></div>
<div class="card"><span class="value">${attention}</span><span class="label">self-checks needing attention</span></div>
</div>
${data.evidence.problems.length === 0 ? '' : html`<p class="overdue">${data.evidence.problems.length} evidence record(s) could not be read; the figures below leave them out (see the self-checks and data.json).</p>`}
<h2 id="controls">Controls</h2>
<p class="note">The latest result of each control on each scope it tests, from the evidence. A control is as bad as its worst scope.</p>
<table class="controls"><thead><tr><th>Control</th><th>Severity</th><th>Status</th><th>Latest status per scope</th><th>Last tested</th><th>SOC 2</th><th>ISO 27001</th></tr></thead><tbody>
${data.controls.map((control) => controlRow(control))}
</tbody></table>
<h2 id="trend-heading">Pass-rate trend</h2>
${trendChart(data.trend)}
<h2 id="findings">Open findings</h2>
<p class="note">SLA countdowns are computed from the issue history's due times against the moment these pages were generated, ${time(data.generatedAt)}; they do not tick.${data.history === undefined ? ' No issue history was given, so due times are unknown.' : html` Issue history of ${data.history.repository} exported ${time(data.history.exportedAt)}.`}</p>
${openFindingsTable(data.findings.open.slice(0, FINDINGS_SHOWN), data.evidence.linkBase, depth, data.generatedAt)}
${data.findings.open.length > FINDINGS_SHOWN ? html`<p><a href="findings.html">All ${data.findings.open.length} open findings</a></p>` : html`<p><a href="findings.html">Open and recently closed findings</a></p>`}
<h2 id="self-checks">Self-checks</h2>
<p class="note">What auditors commonly find in a monitoring program, checked from the configuration, the evidence and the issue history.</p>
<ul class="checks">
${data.selfChecks.map((check) => html`<li>${badge(check.status)} <strong>${check.title}</strong>${checkDetails(check.details)}</li>`)}
</ul>`;
  return renderPage({ data, title: 'Overview', section: 'overview', depth }, body);
}

function controlRow(control: ControlView): Html {
  const soc2 = control.criteria.filter((c) => c.framework === 'soc2').map((c) => c.id);
  const iso = control.criteria.filter((c) => c.framework === 'iso27001').map((c) => c.id);
  const state = control.enabled === false ? html` <span class="note">(disabled in compliance.yml)</span>` : control.inCatalog ? '' : html` <span class="note">(not in this version's catalog)</span>`;
  return html`<tr id="control-${control.id}"><td>${controlLink(control.id, control.title, 0)}<br><code>${control.id}</code>${state}</td><td>${severity(control.severity)}</td><td>${badge(control.status)}</td><td>${scopes(control.latest)}</td><td>${time(control.lastAt, 'never')}</td><td>${soc2.join(', ')}</td><td>${iso.join(', ')}</td></tr>`;
}

function scopes(latest: readonly ScopeStatus[]): Html {
  if (latest.length === 0) return html`<span class="muted">no result in the evidence</span>`;
  const item = (s: ScopeStatus) => html`<li>${badge(s.status)} ${s.scope}</li>`;
  // Not passing first (the list is sorted so), all shown; passing ones fold past the limit.
  const shown = latest.filter((s, i) => i < SCOPES_SHOWN || (s.status !== 'pass' && s.status !== 'skipped'));
  const rest = latest.slice(shown.length);
  return html`<ul class="scopes">${shown.map(item)}</ul>${rest.length === 0 ? '' : html`<details><summary>${rest.length} more passing or skipped</summary><ul class="scopes">${rest.map(item)}</ul></details>`}`;
}

function checkDetails(details: readonly string[]): Html {
  const item = (detail: string) => html`<li>${detail}</li>`;
  const rest = details.slice(DETAILS_SHOWN);
  return html`${details.length === 0 ? '' : html`<ul>${details.slice(0, DETAILS_SHOWN).map(item)}</ul>`}${rest.length === 0 ? '' : html`<details><summary>${rest.length} more</summary><ul>${rest.map(item)}</ul></details>`}`;
}
