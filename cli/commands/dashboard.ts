import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigurationError } from '../../engine/errors.ts';
import { buildDashboard } from '../../engine/reports/dashboard/build-dashboard.ts';
import { writeSite } from '../../engine/reports/dashboard/write-site.ts';
import { loadEvidence } from '../../engine/reports/evidence-index.ts';
import { inputLines, reportInputs, shown } from '../report-inputs.ts';

/**
 * `evident dashboard --evidence DIR|s3://… --out DIR [--history FILE|github] [--config FILE] [--evidence-url URL]`
 *
 * compliance.yml and the issue history are found as cli/report-inputs.ts says; the output says which were used.
 */
export async function dashboardCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { evidence: { type: 'string' }, out: { type: 'string' }, history: { type: 'string' }, config: { type: 'string' }, 'evidence-url': { type: 'string' } },
    strict: true,
  });
  if (values.out === undefined) throw new ConfigurationError('pass --out with the folder to write the dashboard to');
  const inputs = await reportInputs(values);
  const { config, history, evidenceDir } = inputs;
  const outDir = resolve(values.out);
  const evidenceUrl = values['evidence-url'] ?? (evidenceDir === undefined ? undefined : `${relative(outDir, evidenceDir).split(sep).join('/')}/`);

  const evidence = await loadEvidence(inputs.store);
  const { files, data } = buildDashboard({ config, evidence, history, now: new Date(), evidenceUrl });
  await writeSite(outDir, files);
  process.stdout.write(
    [
      `Dashboard: ${Object.keys(files).length} files in ${shown(outDir)}; open ${shown(join(outDir, 'index.html'))}`,
      `  ${data.evidence.results} result record(s), last run ${data.lastRunAt ?? 'never'}; ${data.controls.length} controls; ${data.findings.open.length} open finding(s)`,
      ...inputLines(inputs, 'SLA due times unknown'),
      `  evidence links: ${evidenceUrl === undefined ? 'none (pass --evidence-url to link the S3 records)' : evidenceUrl}`,
      ...(data.evidence.problems.length === 0 ? [] : [`  ${data.evidence.problems.length} record(s) could not be read; the dashboard lists them in data.json`]),
      'The site names users and resources: publish it only where just your organization and its auditors can read it.',
    ].join('\n') + '\n',
  );
  return 0;
}
