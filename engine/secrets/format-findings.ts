/** `evident scan` output: text for people, JSON for scripts (the documented contract), SARIF for code scanning. */
import type { SecretRule } from './rule.ts';
import { toSarif } from './sarif.ts';
import type { ScanReport } from './scanner.ts';

export type ScanFormat = 'text' | 'json' | 'sarif';

export function formatScanReport(report: ScanReport, format: ScanFormat, rules: readonly SecretRule[]): string {
  if (format === 'sarif') return `${JSON.stringify(toSarif(report, rules), null, 2)}\n`;
  const blocking = report.findings.filter((finding) => !finding.allowed);
  if (format === 'json') {
    // The contract: `{ rule, file, line, column, fingerprint, redacted }` per finding not allowed inline.
    const rows = blocking.map(({ rule, file, line, column, fingerprint, redacted }) => ({ rule, file, line, column, fingerprint, redacted }));
    return `${JSON.stringify(rows, null, 2)}\n`;
  }
  const lines = report.findings.map(
    (f) => `${f.file}:${f.line}:${f.column}  ${f.rule}  ${f.redacted}  fingerprint ${f.fingerprint.slice(0, 12)}${f.allowed ? '  (allowed: evident:allow)' : ''}`,
  );
  for (const skipped of report.skipped) lines.push(`${skipped.file}  not scanned: ${skipped.reason}${skipped.bytes === undefined ? '' : ` (${skipped.bytes} bytes)`}`);
  const allowed = report.findings.length - blocking.length;
  lines.push(
    `${blocking.length === 0 ? 'No secret found' : `${blocking.length} secret(s) found`} in ${report.filesScanned} file(s)` +
      `${allowed > 0 ? `; ${allowed} allowed inline` : ''}${report.skipped.length > 0 ? `; ${report.skipped.length} file(s) not scanned` : ''}.`,
  );
  return `${lines.join('\n')}\n`;
}
