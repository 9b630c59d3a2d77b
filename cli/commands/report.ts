/**
 * `evident report --month YYYY-MM --evidence DIR|s3://… [--config FILE] [--history FILE|github] [--format md|html|pdf] [--out FILE]`
 *
 * Markdown goes to stdout unless --out is given; HTML and PDF go to --out, or to
 * `evident-report-YYYY-MM.<ext>` in the current folder. Next to a local evidence folder,
 * compliance.yml and issues/history.json are used when present (the layout of a compliance
 * repository and of `evident demo`), as `evident dashboard` does; what was used is printed to stderr.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigurationError } from '../../engine/errors.ts';
import { RECORD_KEY } from '../../engine/evidence/record.ts';
import type { EvidenceStore } from '../../engine/evidence/store.ts';
import { loadEvidence } from '../../engine/reports/evidence-index.ts';
import { buildMonthlyReport, evidencePeriod, isMonth } from '../../engine/reports/monthly-report.ts';
import { renderReportHtml } from '../../engine/reports/render-report-html.ts';
import { renderReportMarkdown } from '../../engine/reports/render-report-markdown.ts';
import { renderReportPdf } from '../../engine/reports/render-report-pdf.ts';
import { withNarrative } from '../../engine/reports/report-narrative.ts';
import { inputLines, reportInputs, shown } from '../report-inputs.ts';

const FORMATS = ['md', 'html', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

export async function reportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { month: { type: 'string' }, evidence: { type: 'string' }, config: { type: 'string' }, history: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  const month = values.month;
  if (month === undefined) throw new ConfigurationError('pass --month with the month to report on, as YYYY-MM (such as 2026-10)');
  if (!isMonth(month)) throw new ConfigurationError(`--month ${month} is not a month; write it as YYYY-MM, such as 2026-10`);
  const format = formatOf(values.format, values.out);

  const inputs = await reportInputs(values);
  const { store, config, history } = inputs;
  if (config === undefined) {
    throw new ConfigurationError('no compliance.yml next to the evidence folder or in the current folder; pass --config with your compliance.yml (the report checks the configuration too)');
  }
  if (!(await hasRecords(store))) {
    throw new ConfigurationError(`no evidence record in ${store.location}; pass --evidence with the archive \`evident run\` writes to (evidence in compliance.yml)`);
  }
  const evidence = { ...(await loadEvidence(store, evidencePeriod(month))), location: inputs.evidenceLocation };
  const report = await withNarrative(buildMonthlyReport({ config, evidence, history, month, now: new Date() }), config.triage.openai);

  process.stderr.write(
    [
      `Report ${month}: ${report.summary.results} result(s) in the month from ${store.location}`,
      ...inputLines(inputs, 'the timeline comes from evidence only'),
      ...(report.narrativeNote === undefined ? [] : [`  ${report.narrativeNote}`]),
      ...(report.narrative === undefined ? [] : [`  narrative: ${report.narrative.label}`]),
      '',
    ].join('\n'),
  );

  if (format === 'md' && values.out === undefined) {
    process.stdout.write(renderReportMarkdown(report));
    return 0;
  }
  const out = resolve(values.out ?? `evident-report-${month}.${format}`);
  const content = format === 'md' ? renderReportMarkdown(report) : format === 'html' ? renderReportHtml(report) : await renderReportPdf(report);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, content);
  process.stdout.write(`Wrote ${shown(out)}\n`);
  return 0;
}

/** --format, else the extension of --out, else Markdown. */
function formatOf(format: string | undefined, out: string | undefined): Format {
  if (format !== undefined) {
    if ((FORMATS as readonly string[]).includes(format)) return format as Format;
    throw new ConfigurationError(`--format ${format} is not supported; use md, html or pdf`);
  }
  const ext = out === undefined ? '' : extname(out).slice(1).toLowerCase();
  return ext === 'html' || ext === 'htm' ? 'html' : ext === 'pdf' ? 'pdf' : 'md';
}

async function hasRecords(store: EvidenceStore): Promise<boolean> {
  for await (const object of store.list()) if (RECORD_KEY.test(object.key)) return true;
  return false;
}
