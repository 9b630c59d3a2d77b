/** findings.html: open findings with their SLA countdown, accepted risks, and recently closed findings with SLA met or missed. */
import type { DashboardData } from './dashboard-data.ts';
import type { AcceptedFinding, ClosedFinding } from './findings.ts';
import { html, time, type Html } from './html.ts';
import { renderPage } from './layout.ts';
import { controlLink, evidenceLink, issueLink } from './links.ts';
import { badge, openFindingsTable, severity } from './parts.ts';

export function findingsPage(data: DashboardData): string {
  const { open, accepted, recentlyClosed, recentDays } = data.findings;
  const body = html`<h1>Findings</h1>
<p class="note">One finding per control and scope, tracked as a GitHub issue. Countdowns and SLA outcomes are computed from the issue history against the moment these pages were generated, ${time(data.generatedAt)}; they do not tick.${
    data.history === undefined ? ' No issue history was given: failing results are listed, but due times and closed findings are unknown.' : html` Issue history of ${data.history.repository} exported ${time(data.history.exportedAt)}.`
  }</p>
<h2 id="open">Open (${open.length})</h2>
${openFindingsTable(open, data.evidence.linkBase, 0, data.generatedAt)}
<h2 id="accepted">Accepted risks (${accepted.length})</h2>
<p class="note">Still failing, but the issue was closed as not planned: someone accepted the risk instead of fixing it. Evident leaves such an issue closed while the control fails. Record each in the risk register with who accepted it and until when, and reopen the issue to track a fix again.</p>
${acceptedTable(accepted, data.evidence.linkBase)}
<h2 id="closed">Closed recently (${recentlyClosed.length})</h2>
<p class="note">Closed in the ${recentDays} days before the last run${data.lastRunAt === undefined ? '' : html`, ${time(data.lastRunAt)},`} or since; each reopening starts a new cycle with its own due time.</p>
${closedTable(recentlyClosed)}`;
  return renderPage({ data, title: 'Findings', section: 'findings', depth: 0 }, body);
}

function acceptedTable(findings: readonly AcceptedFinding[], linkBase: string | undefined): Html {
  if (findings.length === 0) return html`<p>None.</p>`;
  return html`<table><thead><tr><th>Severity</th><th>Control</th><th>Scope</th><th>Issue</th><th>Accepted</th><th>Latest result</th></tr></thead><tbody>
${findings.map(
  (f) => html`<tr><td>${severity(f.severity)}</td><td>${controlLink(f.controlId, f.controlId, 0)}</td><td>${f.scope}</td><td>${issueLink(f.issue)}</td><td>${time(f.closedAt)}${f.closedBy === undefined ? '' : html`<br><span class="note">by ${f.closedBy}</span>`}</td><td>${badge(f.latestStatus)} ${f.latestSummary}<br>${evidenceLink(f.latestKey, linkBase, 0)}</td></tr>`,
)}
</tbody></table>`;
}

function closedTable(findings: readonly ClosedFinding[]): Html {
  if (findings.length === 0) return html`<p>None.</p>`;
  return html`<table><thead><tr><th>Severity</th><th>Control</th><th>Scope</th><th>Issue</th><th>Opened</th><th>Closed</th><th>Due</th><th>SLA</th></tr></thead><tbody>
${findings.map(
  (f) => html`<tr><td>${severity(f.severity)}</td><td>${controlLink(f.controlId, f.controlId, 0)}</td><td>${f.scope}</td><td>${issueLink(f.issue)}</td><td>${time(f.openedAt)}</td><td>${time(f.closedAt)}${f.closedAs === undefined ? '' : html`<br><span class="note">as ${f.closedAs.replace('_', ' ')}</span>`}</td><td>${time(f.dueAt, 'no SLA')}</td><td>${slaOutcome(f)}</td></tr>`,
)}
</tbody></table>`;
}

function slaOutcome(finding: ClosedFinding): Html {
  if (finding.slaMet === undefined) return html`<span class="muted">—</span>`;
  if (finding.slaMet) return html`<span class="status status-pass">met</span>`;
  return html`<span class="status status-fail">missed</span>${finding.closedAs === 'not_planned' ? html`<br><span class="note">closed without a fix</span>` : ''}`;
}
