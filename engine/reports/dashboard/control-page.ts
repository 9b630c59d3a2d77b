/** controls/<id>.html: one control's latest outcomes per scope, its status history, mappings and evidence. */
import type { ControlView, ScopeStatus } from './control-status.ts';
import type { DashboardData } from './dashboard-data.ts';
import { html, time, type Html } from './html.ts';
import { renderPage } from './layout.ts';
import { evidenceLink } from './links.ts';
import { badge, severity } from './parts.ts';

const DEPTH = 1;
const CHANGES_SHOWN = 100;
/** Up to this many scopes get a section each; more (pull requests) share one table, a row per scope. */
const SECTIONS_UP_TO = 5;
const FRAMEWORKS = { soc2: 'SOC 2 (Trust Services Criteria 2017, revised 2022)', iso27001: 'ISO/IEC 27001:2022 Annex A' } as const;

export function controlPage(data: DashboardData, control: ControlView): string {
  const link = (key: string) => evidenceLink(key, data.evidence.linkBase, DEPTH);
  const body = html`<p class="note"><a href="../index.html#control-${control.id}">Overview</a> › ${control.id}</p>
<h1>${control.title}</h1>
<dl class="facts">
<dt>Control</dt><dd><code>${control.id}</code>${control.inCatalog ? '' : ' (not in this version’s catalog; shown from its evidence)'}</dd>
<dt>Status</dt><dd>${badge(control.status)}${control.enabled === false ? ' disabled in compliance.yml' : ''}</dd>
<dt>Severity</dt><dd>${severity(control.severity)}</dd>
<dt>Source</dt><dd>${control.source ?? 'unknown'}</dd>
<dt>Tested</dt><dd>${control.results} result(s)${control.firstAt === undefined ? '' : html`, from ${time(control.firstAt)} to ${time(control.lastAt)}`}</dd>
</dl>
${control.risk === undefined ? '' : html`<p>${control.risk}</p>`}
<h2 id="latest">Latest outcomes per scope</h2>
${
  control.latest.length === 0
    ? html`<p class="muted">No result of this control is in the evidence.</p>`
    : control.latest.length > SECTIONS_UP_TO
      ? scopeTable(control.latest, link)
      : control.latest.map((scope) => scopeSection(scope, link))
}
<h2 id="history">History of statuses</h2>
<p class="note">Each time the status on a scope changed, newest first; the first result on a scope counts as a change.${
  control.changes.length > CHANGES_SHOWN ? ` The last ${CHANGES_SHOWN} of ${control.changes.length}; data.json has them all.` : ''
}</p>
${
  control.changes.length === 0
    ? html`<p class="muted">No result yet.</p>`
    : html`<table><thead><tr><th>When</th><th>Scope</th><th>Status</th><th>Summary</th><th>Evidence</th></tr></thead><tbody>
${control.changes.slice(-CHANGES_SHOWN).reverse().map((c) => html`<tr><td>${time(c.at)}</td><td>${c.scope}</td><td>${c.previous === undefined ? '' : html`${badge(c.previous)} → `}${badge(c.status)}</td><td>${c.summary}</td><td>${link(c.key)}</td></tr>`)}
</tbody></table>`
}
${control.daily.length === 0 ? '' : dailyTable(control)}
<h2 id="mappings">Framework mappings</h2>
${(['soc2', 'iso27001'] as const).map((framework) => {
  const criteria = control.criteria.filter((c) => c.framework === framework);
  return html`<h3>${FRAMEWORKS[framework]}</h3>${criteria.length === 0 ? html`<p class="muted">No criterion maps to this control.</p>` : html`<ul>${criteria.map((c) => html`<li><strong>${c.id}</strong>${c.title === undefined ? '' : html` ${c.title}`}</li>`)}</ul>`}`;
})}
<h2 id="evidence">Evidence</h2>
<p class="note">Every result is a content-addressed record in the evidence archive (the key holds the SHA-256 of its content); <code>evident verify</code> checks each one against its seal.${data.evidence.linkBase === undefined ? ' The archive is not reachable from this site, so keys are shown without links.' : ''}</p>
<ul>${control.latest.map((scope) => html`<li>${scope.scope}, ${time(scope.effectiveAt)}: ${link(scope.key)}</li>`)}</ul>`;
  return renderPage({ data, title: control.title, section: 'control', depth: DEPTH }, body);
}

const LETTER = { pass: 'P', fail: 'F', error: 'E', skipped: 'S' } as const;
const DAYS_SHOWN = 92;

/** One letter per day tested (P, F, E, S), coloured, with the day in its title: readable without colour or script. */
function dailyTable(control: ControlView): Html {
  return html`<h3>By day</h3>
<table class="daily"><thead><tr><th>Scope</th><th>Last status of each UTC day tested, oldest first (up to ${DAYS_SHOWN} days)</th></tr></thead><tbody>
${control.daily.map((row) => {
  const days = row.days.slice(-DAYS_SHOWN);
  return html`<tr><td>${row.scope}</td><td><span class="note">${days[0]?.day} </span>${days.map((d) => html`<span class="cell status-${d.status}" title="${d.day}: ${d.status}">${LETTER[d.status]}</span>`)}<span class="note"> ${days.at(-1)?.day}</span></td></tr>`;
})}
</tbody></table>`;
}

function scopeSection(scope: ScopeStatus, link: (key: string) => Html): Html {
  const { pass, fail, error, skipped } = scope.counts;
  return html`<h3>${badge(scope.status)} ${scope.scope}</h3>
<p>${scope.summary}${scope.reason === undefined ? '' : html` <span class="note">(${scope.reason})</span>`}<br><span class="note">Tested ${time(scope.effectiveAt)}: ${scope.population} resource(s); ${pass} pass, ${fail} fail, ${error} error, ${skipped} skipped. Evidence ${link(scope.key)}</span></p>
${
  scope.outcomes.length === 0
    ? ''
    : html`<table class="outcomes"><thead><tr><th>Resource</th><th>Status</th><th>Outcome</th></tr></thead><tbody>
${scope.outcomes.map((o) => html`<tr><td><code>${o.resource}</code></td><td>${badge(o.status)}</td><td class="message">${o.message}</td></tr>`)}
</tbody></table>`
}`;
}

function scopeTable(scopes: readonly ScopeStatus[], link: (key: string) => Html): Html {
  return html`<p class="note">${scopes.length} scopes, not passing first.</p>
<table class="outcomes"><thead><tr><th>Scope</th><th>Status</th><th>Tested</th><th>Outcomes</th><th>Evidence</th></tr></thead><tbody>
${scopes.map(
  (scope) => html`<tr><td>${scope.scope}</td><td>${badge(scope.status)}</td><td>${time(scope.effectiveAt)}</td><td class="message">${
    scope.outcomes.length === 0 ? html`${scope.summary}${scope.reason === undefined ? '' : html` <span class="note">(${scope.reason})</span>`}` : html`<ul class="scopes">${scope.outcomes.map((o) => html`<li class="message">${o.status === scope.status ? '' : html`${badge(o.status)} `}<code>${o.resource}</code>: ${o.message}</li>`)}</ul>`
  }</td><td>${link(scope.key)}</td></tr>`,
)}
</tbody></table>`;
}
