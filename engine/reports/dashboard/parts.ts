/** Pieces several pages share: status badges, severities, the open-findings table. */
import type { ControlStatus } from './control-status.ts';
import type { OpenFinding } from './findings.ts';
import { html, time, type Html } from './html.ts';
import { controlLink, evidenceLink, issueLink } from './links.ts';

export function badge(status: ControlStatus | 'ok' | 'attention' | 'unknown'): Html {
  return html`<span class="status status-${status}">${status === 'not-run' ? 'not run' : status}</span>`;
}

export function severity(value: string | undefined): Html {
  return value === undefined ? html`<span class="muted">—</span>` : html`<span class="sev sev-${value}">${value}</span>`;
}

export function countdown(finding: OpenFinding): Html {
  if (finding.countdown === undefined) {
    const sla = finding.slaHours === undefined ? '' : `SLA ${finding.slaHours} h; `;
    return html`<span class="muted">${sla}${finding.note ?? 'no due time'}</span>`;
  }
  const { overdue, text, dueAt } = finding.countdown;
  return html`<span class="${overdue ? 'overdue' : ''}">${text}</span><br><span class="note">due ${time(dueAt)}</span>`;
}

export function openFindingsTable(findings: readonly OpenFinding[], linkBase: string | undefined, depth: number, generatedAt: string): Html {
  if (findings.length === 0) return html`<p>No open finding.</p>`;
  return html`<table class="findings"><thead><tr><th>Severity</th><th>Control</th><th>Scope</th><th>Issue</th><th>Opened</th><th>SLA as of ${time(generatedAt)}</th><th>Latest result</th></tr></thead><tbody>
${findings.map(
  (f) => html`<tr><td>${severity(f.severity)}</td><td>${controlLink(f.controlId, f.controlId, depth)}</td><td>${f.scope}</td><td>${f.issue === undefined ? html`<span class="muted">none</span>` : html`${issueLink(f.issue)}${f.issue.assignees.length > 0 ? html`<br><span class="note">${f.issue.assignees.join(', ')}</span>` : ''}`}</td><td>${f.openedAt !== undefined ? time(f.openedAt) : f.failingSince !== undefined ? html`<span class="note">failing since</span><br>${time(f.failingSince)}` : html`<span class="muted">—</span>`}</td><td>${countdown(f)}</td><td>${
    f.latestStatus === undefined ? html`<span class="muted">no result</span>` : html`${badge(f.latestStatus)} ${f.latestSummary}${f.latestKey === undefined ? '' : html`<br>${evidenceLink(f.latestKey, linkBase, depth)}`}`
  }</td></tr>`,
)}
</tbody></table>`;
}
