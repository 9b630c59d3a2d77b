/**
 * The demo's reports: the monthly report of the last full month before the final run (Markdown,
 * HTML and PDF) and the dashboard, built from the demo's archive and issue history exactly as
 * `evident report` and `evident dashboard` build them, and dated by the simulated clock so a rerun
 * for the same moment writes the same bytes.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ComplianceConfig } from '../config/schema.ts';
import type { EvidenceStore } from '../evidence/store.ts';
import { buildDashboard } from '../reports/dashboard/build-dashboard.ts';
import { writeSite } from '../reports/dashboard/write-site.ts';
import { loadEvidence } from '../reports/evidence-index.ts';
import type { IssueHistory } from '../reports/issue-history.ts';
import { buildMonthlyReport, evidencePeriod, monthPeriod } from '../reports/monthly-report.ts';
import { renderReportHtml } from '../reports/render-report-html.ts';
import { renderReportMarkdown } from '../reports/render-report-markdown.ts';
import { renderReportPdf } from '../reports/render-report-pdf.ts';

export interface DemoReports {
  month: string;
  /** The report in each format. */
  report: { md: string; html: string; pdf: string };
  /** The dashboard's front page. */
  dashboard: string;
  /** The report's headline figures, for the demo's summary. */
  passRate: number | null;
  openFindings: number;
}

export async function writeDemoReports(input: {
  outDir: string;
  config: ComplianceConfig;
  store: EvidenceStore;
  history: IssueHistory;
  /** The final run's moment: the report covers the month before it. */
  at: Date;
  /** When the reports are generated (the simulated clock). */
  now: Date;
}): Promise<DemoReports> {
  const month = monthPeriod(input.at.toISOString().slice(0, 7), -1).month;
  const reportsDir = join(input.outDir, 'reports');
  const siteDir = join(input.outDir, 'dashboard');
  await rm(reportsDir, { recursive: true, force: true });
  await rm(siteDir, { recursive: true, force: true });
  await mkdir(reportsDir, { recursive: true });

  const monthEvidence = await loadEvidence(input.store, evidencePeriod(month));
  const report = buildMonthlyReport({ config: input.config, evidence: { ...monthEvidence, location: 'evidence' }, history: input.history, month, now: input.now });
  const files = { md: join(reportsDir, `evident-report-${month}.md`), html: join(reportsDir, `evident-report-${month}.html`), pdf: join(reportsDir, `evident-report-${month}.pdf`) };
  await writeFile(files.md, renderReportMarkdown(report));
  await writeFile(files.html, renderReportHtml(report));
  await writeFile(files.pdf, await renderReportPdf(report));

  const dashboard = buildDashboard({ config: input.config, evidence: await loadEvidence(input.store), history: input.history, now: input.now, evidenceUrl: '../evidence/' });
  await writeSite(siteDir, dashboard.files);

  return {
    month,
    report: files,
    dashboard: join(siteDir, 'index.html'),
    passRate: report.summary.passRate,
    openFindings: dashboard.data.findings.open.length,
  };
}
