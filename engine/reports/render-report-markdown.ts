/** The monthly report as Markdown (GitHub-flavoured tables): for a pull request, an issue or a wiki. */
import { formatMoment, formatPercent, monthName, shortList, type FindingTimeline, type MonthlyReport } from './monthly-report.ts';
import { timelineCells, triagedCell } from './timeline-cells.ts';

export function renderReportMarkdown(report: MonthlyReport): string {
  const s = report.summary;
  const out: string[] = [
    `# Compliance report: ${text(report.organization)}, ${monthName(report.month)}`,
    '',
    `Period ${report.period.from.slice(0, 10)} to ${dayBefore(report.period.to)} (UTC), as of ${formatMoment(report.asOf)}. Generated ${formatMoment(report.generatedAt)} by Evident ${report.evidentVersion} from the evidence in \`${report.sources.evidence}\`${report.sources.history === undefined ? '' : ` and the issue history of ${report.sources.history.repository}`}.`,
    '',
    '## Executive summary',
    '',
    ...narrative(report),
    `- **${s.results}** results recorded: ${s.counts.pass} pass, ${s.counts.fail} fail, ${s.counts.error} error, ${s.counts.skipped} skipped.`,
    `- Pass rate **${formatPercent(s.passRate)}** (passed / (passed + failed + errored); errors never count as passing), previous month ${formatPercent(s.previousPassRate)}.`,
    `- ${s.controlsTested} controls tested, ${s.controlsFailing} with failures; ${s.findings} findings in the month.`,
    report.timeline.source === 'issue-history'
      ? `- SLA: ${s.sla.met} met, ${s.sla.missed} missed, ${s.sla.open} open and not yet due, ${s.sla['no-sla'] + s.sla['not-measured']} not measured.`
      : '- SLA: not measured (no issue history).',
    `- Auto-remediation: ${report.remediation.batches} batches, ${report.remediation.suspended} accounts suspended, ${report.remediation.deactivated} deactivated, ${report.remediation.abortedBatches} aborted.`,
    `- ${report.recommendations.length} recommendations.`,
    '',
    '### Trend',
    '',
    table(
      ['Month', 'Results', 'Pass rate', ''],
      report.trend.map((point) => [monthName(point.month), String(point.results), formatPercent(point.passRate), bar(point.passRate)]),
    ),
    '',
    '## Controls',
    '',
    table(
      ['Control', 'Severity', 'Results', 'Pass', 'Fail', 'Error', 'Skipped', 'Pass rate'],
      report.controls.map((c) => [`\`${c.id}\` ${c.title}`, c.severity, String(c.results), String(c.counts.pass), String(c.counts.fail), String(c.counts.error), String(c.counts.skipped), formatPercent(c.passRate)]),
    ),
    '',
    '### By criterion',
    '',
    table(
      ['Criterion', 'Title', 'Controls', 'Pass rate'],
      report.criteria.map((c) => [`${c.framework === 'soc2' ? 'SOC 2' : 'ISO 27001'} ${c.id}`, c.title, c.controls.join(', '), formatPercent(c.passRate)]),
    ),
    '',
    '## Failed controls and remediation',
    '',
    report.timeline.note,
    '',
  ];
  if (report.failedControls.length === 0) out.push('No control failed in the month.', '');
  for (const control of report.failedControls) {
    out.push(
      `### \`${control.controlId}\` ${text(control.title)} (${control.severity})`,
      '',
      `Failed results in the month: ${control.failedResults}; pass rate ${formatPercent(control.passRate)}; criteria: ${control.criteria.map((c) => c.id).join(', ') || 'none'}.`,
      '',
      timelineTable(report, control.findings),
      '',
    );
  }
  out.push('## Auto-remediation', '', ...remediation(report), '', '## Errors and coverage gaps', '');
  out.push(
    report.errors.length === 0
      ? 'No result was an error in the month.'
      : table(
          ['Control', 'Reason', 'Results', 'Scopes', 'First', 'Last'],
          report.errors.map((e) => [`\`${e.controlId}\``, e.reason, String(e.results), e.scopes.join(', '), formatMoment(e.firstAt), formatMoment(e.lastAt)]),
        ),
    '',
  );
  if (report.notTested.length > 0) out.push('Not tested in the month:', '', ...report.notTested.map((c) => `- \`${c.controlId}\` ${text(c.title)}: ${text(c.reason)}`), '');
  out.push('## Self-checks', '');
  for (const check of report.selfChecks) {
    out.push(`- **${check.title}**: ${check.status}`, ...shortList(check.details).map((detail) => `  - ${text(detail)}`));
  }
  out.push('', '## Recommendations', '');
  out.push(...(report.recommendations.length === 0 ? ['None.'] : report.recommendations.map((r, i) => `${i + 1}. ${text(r)}`)));
  if (report.problems.length > 0) {
    out.push('', '## Evidence that could not be read', '', ...report.problems.slice(0, 20).map((p) => `- \`${p.key}\`: ${text(p.problem)}`));
    if (report.problems.length > 20) out.push(`- and ${report.problems.length - 20} more`);
  }
  return `${out.join('\n')}\n`;
}

function narrative(report: MonthlyReport): string[] {
  if (report.narrative !== undefined) return [...report.narrative.text.split(/\n\s*\n/).flatMap((p) => [`> ${text(p)}`, '>']), `> _${report.narrative.label}._`, ''];
  return report.narrativeNote === undefined ? [] : [`_${report.narrativeNote}_`, ''];
}

function timelineTable(report: MonthlyReport, findings: readonly FindingTimeline[]): string {
  if (report.timeline.source === 'evidence') {
    return table(
      ['Finding', 'First failing', 'Triaged', 'First passing', 'Failed results'],
      findings.map((f) => [f.scope, formatMoment(f.firstFailingAt), triagedCell(f), formatMoment(f.firstPassingAt), String(f.failedResults)]),
    );
  }
  return table(
    ['Finding', 'Issue', 'Opened', 'First response', 'Triaged', 'Closed', 'SLA due', 'SLA'],
    findings.map((f) => {
      const cells = timelineCells(f);
      return [f.scope, f.issue === undefined ? 'none in the history' : `[#${f.issue.number}](${f.issue.url}) ${f.issue.title}`, cells.opened, cells.firstResponse, cells.triaged, cells.closed, cells.due, cells.sla];
    }),
  );
}


function remediation(report: MonthlyReport): string[] {
  const r = report.remediation;
  if (r.batches === 0) return ['No auto-remediation batch ran in the month.'];
  return [
    `${r.batches} batches (${r.dryRunBatches} dry runs, ${r.abortedBatches} aborted): ${r.suspended} accounts suspended, ${r.deactivated} deactivated, ${r.failed} changes failed${r.wouldChange > 0 ? `; dry runs would have changed ${r.wouldChange}` : ''}.`,
    '',
    table(
      ['When', 'Remediation', 'Mode', 'Scope', 'Candidates', 'Suspended', 'Deactivated', 'Failed', 'Aborted'],
      r.list.map((b) => [formatMoment(b.at), b.remediation, b.mode, b.scope, String(b.candidates), String(b.suspended), String(b.deactivated), String(b.failed), b.aborted ?? '—']),
    ),
  ];
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '_None._';
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

function cell(value: string): string {
  return text(value).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** Text from evidence and issues cannot open HTML in the rendered Markdown. */
function text(value: string): string {
  return value.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function bar(rate: number | null): string {
  if (rate === null) return '';
  const filled = Math.round(rate * 20);
  return `${'█'.repeat(filled)}${'░'.repeat(20 - filled)}`;
}

function dayBefore(iso: string): string {
  return new Date(Date.parse(iso) - 86_400_000).toISOString().slice(0, 10);
}
