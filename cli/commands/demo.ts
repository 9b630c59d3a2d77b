import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { runDemo } from '../../engine/demo/run-demo.ts';
import { ConfigurationError } from '../../engine/errors.ts';
import { signerFromEnv } from '../../engine/evidence/signing.ts';
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
  const created = demo.recorded.records.filter((r) => r.created).length;
  const seal = demo.recorded.seal.seal;
  const out: string[] = [
    `Evident demo: the sample organization "Acme" as of ${at.toISOString()}`,
    '',
    resultsTable(demo.evaluation.runs, demo.evaluation.notRun),
    '',
    statusCounts(demo.evaluation.runs),
    `Evidence: ${created} new record(s), ${demo.recorded.records.length - created} already present, in ${show(demo.paths.evidence)}`,
    seal === undefined ? 'Seal: nothing new to seal.' : `Seal: #${seal.sequence} covers ${seal.records} record(s).`,
    ...verifyLines(demo.verify),
    `Would-be issues: ${demo.issues.length} in ${show(demo.paths.issues)}, triaged by the rules (the demo asks no model); ${demo.triageRecords} triage decision(s) recorded as evidence`,
    ...demo.issues.map((issue) => `  - [${issue.severity}, ${issue.slaHours}h] ${issue.title}`),
    '',
    'Try next:',
    `  ${invocation()} verify --evidence ${show(demo.paths.evidence)}`,
    `  ${invocation()} run --config ${show(demo.paths.config)} --snapshot ${show(demo.paths.snapshots)} --dry-run`,
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
