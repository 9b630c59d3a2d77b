/** Plain-text output for terminals and CI logs: fixed columns, no colour codes. */
import type { VerifyReport } from '../engine/evidence/verify.ts';
import type { ControlRun, NotRun } from '../engine/run.ts';

export function resultsTable(runs: readonly ControlRun[], notRun: readonly NotRun[] = []): string {
  const rows = [
    ...runs.map((run) => [run.control.id, run.result.scope, run.result.status.toUpperCase(), run.result.summary]),
    ...notRun.map((item) => [item.control.id, '', 'NOT RUN', item.reason]),
  ];
  return table(['CONTROL', 'SCOPE', 'STATUS', 'SUMMARY'], rows);
}

export function statusCounts(runs: readonly ControlRun[]): string {
  const counts = { pass: 0, fail: 0, error: 0, skipped: 0 };
  for (const run of runs) counts[run.result.status] += 1;
  return `${runs.length} results: ${counts.pass} pass, ${counts.fail} fail, ${counts.error} error, ${counts.skipped} skipped`;
}

export function verifyLines(report: VerifyReport): string[] {
  const lines = report.problems.map((p) => `${p.kind.toUpperCase().padEnd(11)} ${p.key}: ${p.message}`);
  const seal = report.latestSeal === undefined ? 'no seal yet' : `latest seal #${report.latestSeal.sequence} at ${report.latestSeal.sealedAt}${report.latestSeal.signed ? ', signed' : ''}`;
  lines.push(
    report.intact
      ? `Evidence intact in ${report.location}: ${report.records} records, ${report.sealedRecords} sealed in ${report.seals} seal(s), ${report.pending.length} awaiting the next seal; ${seal}.`
      : `Evidence NOT intact in ${report.location}: ${report.problems.length} problem(s) among ${report.records} records and ${report.seals} seal(s).`,
  );
  for (const note of report.notes) lines.push(`Note: ${note}.`);
  return lines;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.min(40, Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
