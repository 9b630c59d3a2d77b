import { parseArgs } from 'node:util';
import { ConfigurationError } from '../../engine/errors.ts';
import { SourceId } from '../../engine/model.ts';
import { scheduledRun } from '../../engine/scheduled-run.ts';
import { resultsTable, statusCounts } from '../format.ts';

const log = { info: () => {}, warn: (message: string) => process.stderr.write(`Warning: ${message}\n`) };

export async function runCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string', default: 'compliance.yml' },
      snapshot: { type: 'string' },
      only: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      seal: { type: 'boolean', default: true },
    },
    allowNegative: true,
    strict: true,
  });
  const report = await scheduledRun({
    configPath: values.config,
    snapshotDir: values.snapshot,
    only: values.only === undefined ? undefined : parseOnly(values.only),
    dryRun: values['dry-run'],
    seal: values.seal,
    env: process.env,
    now: new Date(),
    log,
  });
  const out: string[] = [resultsTable(report.evaluation.runs, report.evaluation.notRun), '', statusCounts(report.evaluation.runs)];
  if (report.collection !== undefined) out.push(`Collected: ${report.collection.snapshots.length} snapshot(s) in ${report.collection.apiCalls} API call(s).`);
  if (report.dryRunWrites !== undefined) {
    out.push('', 'Dry run: no evidence written, no issue changed, no alert sent. Would-be issue changes:', '', report.dryRunWrites);
    process.stdout.write(`${out.join('\n')}\n`);
    return report.exitCode;
  }
  const created = report.records.filter((r) => r.created).length;
  const unwritten = report.unwritten.length === 0 ? '' : `, ${report.unwritten.length} NOT written (see the warnings)`;
  out.push(`Evidence: ${created} new record(s), ${report.records.length - created} already present${unwritten}, in ${report.evidenceLocation}.`);
  if (report.response !== undefined) {
    const { sync, triageRecords, alerts } = report.response;
    const notes = sync.items.filter((item) => item.plan.operations.length > 0).map((item) => `  - ${item.plan.note}`);
    out.push(`Issues in ${sync.location}: ${sync.writes} write(s)${notes.length > 0 ? `\n${notes.join('\n')}` : ''}`);
    out.push(`Triage: ${triageRecords.filter((r) => r.created).length} new decision(s) recorded. Alerts: ${alerts.filter((a) => a.status === 'sent').length} sent.`);
  }
  if (report.sealError !== undefined) out.push(`Seal: NOT made: ${report.sealError}`);
  else if (report.seal === undefined) out.push('Seal: left to the job that seals (--no-seal).');
  else out.push(report.seal.seal === undefined ? 'Seal: nothing new to seal.' : `Seal: #${report.seal.seal.sequence} covers ${report.seal.seal.records} record(s).`);
  if (report.incomplete) out.push(`The run could not complete: ${report.problems.length} thing(s) could not be written (see the warnings); run it again once the cause is fixed.`);
  process.stdout.write(`${out.join('\n')}\n`);
  return report.exitCode;
}

function parseOnly(list: string): SourceId[] {
  const sources = new Set<SourceId>();
  for (const raw of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    // `github` is what users think of; it covers both GitHub sources.
    if (raw === 'github') {
      sources.add('github-org');
      sources.add('github-pull-request');
      continue;
    }
    const parsed = SourceId.safeParse(raw);
    if (!parsed.success) throw new ConfigurationError(`--only: unknown source "${raw}"; use a comma-separated list of github, ${SourceId.options.join(', ')}`);
    sources.add(parsed.data);
  }
  return [...sources];
}
