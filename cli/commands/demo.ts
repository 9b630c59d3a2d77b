import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { runDemo } from '../../engine/demo/run-demo.ts';
import { ConfigurationError } from '../../engine/errors.ts';
import { signerFromEnv } from '../../engine/evidence/signing.ts';
import { formatPercent } from '../../engine/reports/monthly-report.ts';
import { resultsTable, statusCounts, verifyLines } from '../format.ts';
import { invocation } from '../invocation.ts';

export async function demoCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string', default: 'evident-demo' }, at: { type: 'string' } }, strict: true });
  const at = values.at === undefined ? startOfHour(new Date()) : new Date(values.at);
  if (Number.isNaN(at.getTime())) throw new ConfigurationError(`--at ${values.at} is not a date and time; write it as 2026-11-02T09:00:00Z`);
  const demo = await runDemo({ outDir: values.out, at, signer: signerFromEnv() });
  const show = (path: string) => {
    const near = relative(process.cwd(), path);
    return near.startsWith('..') ? path : near || '.';
  };
  const { history, reports } = demo;
  const { records, seals, issues, sla } = history;
  const unusual = history.runs.filter((run) => run.note !== undefined).map((run) => `${run.at.slice(0, 16).replace('T', ' ')} ${run.kind}: ${run.note}`);
  const out: string[] = [
    `Evident demo: the sample organization "Acme", ${history.days} days up to ${at.toISOString()}`,
    '',
    `History: ${history.runs.length} runs from ${history.from.slice(0, 10)} to ${history.to.slice(0, 10)}, daily at 09:00 UTC; ${history.pullRequestEvents} pull request event(s) recorded as the GitHub App records them.`,
    ...history.missed.map((day) => `  - ${day.date}: no run (${day.why})`),
    ...unusual.map((line) => `  - ${line}`),
    '',
    `The final run (${at.toISOString()}):`,
    '',
    resultsTable(demo.evaluation.runs, demo.evaluation.notRun),
    '',
    statusCounts(demo.evaluation.runs),
    `Evidence: ${records.created} new record(s), ${records.present} already present, in ${show(demo.paths.evidence)}`,
    seals.created === 0 ? 'Seal: nothing new to seal.' : `Seals: ${seals.created} written (#${seals.first} to #${seals.last}), weekly and after the final run.`,
    ...verifyLines(demo.verify),
    `Issues: ${issues.total} over the history: ${issues.opened} opened, ${issues.reopened} reopened, ${issues.closed} closed as fixed, ${issues.closedNotPlanned} closed as an accepted risk; ${issues.open} open now. SLA: ${sla.met} met, ${sla.missed} missed, ${sla.open} not yet due.`,
    `Issue history (events, comments, assignments): ${show(demo.paths.history)}`,
    `Would-be issues: ${demo.issues.length} open for the final run's failures, in ${show(demo.paths.issues)}, triaged by the rules (the demo asks no model); ${demo.triageRecords} triage decision(s) recorded as evidence`,
    ...demo.issues.map((issue) => `  - [${issue.severity}, ${issue.slaHours}h] ${issue.title}`),
    `Monthly report for ${reports.month} (pass rate ${formatPercent(reports.passRate)}): ${show(reports.report.md)}, .html and .pdf`,
    `Dashboard (${reports.openFindings} open findings): open ${show(reports.dashboard)} in a browser`,
    '',
    'Try next:',
    `  ${invocation()} verify --evidence ${show(demo.paths.evidence)}`,
    `  ${invocation()} run --config ${show(demo.paths.config)} --snapshot ${show(demo.paths.snapshots)} --dry-run`,
    `  ${invocation()} package --from ${history.from.slice(0, 10)} --to ${history.to.slice(0, 10)} --evidence ${show(demo.paths.evidence)} --out ${show(join(values.out, 'audit-package'))} --zip`,
    `  change any file under ${show(demo.paths.evidence)}, then verify again: it names the change.`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  return demo.verify.intact ? 0 : 1;
}

function startOfHour(date: Date): Date {
  const copy = new Date(date);
  copy.setUTCMinutes(0, 0, 0);
  return copy;
}
