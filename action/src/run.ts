/**
 * The Action's one function (actions/typescript-action's shape): inputs parsed by a zod schema keyed
 * like action.yml, the scheduled run from engine/, a job summary, annotations, outputs, and one
 * `core.setFailed` at the end. A user's mistake (ConfigurationError) reads as one; anything else
 * as a bug to report.
 */
import * as core from '@actions/core';
import { z } from 'zod';
import { ConfigurationError } from '../../engine/errors.ts';
import { SourceId } from '../../engine/model.ts';
import { scheduledRun, sealConfiguredEvidence, type ScheduledRunReport } from '../../engine/scheduled-run.ts';
import { describeZodError } from '../../engine/zod-issues.ts';

const flag = z.enum(['true', 'false', '']).transform((value) => value === 'true');

export const Inputs = z.strictObject({
  command: z.enum(['run', 'seal']),
  config: z.string().min(1),
  only: z
    .string()
    .transform((list) => list.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.union([z.literal('github'), SourceId])))
    .transform((sources) => (sources.length === 0 ? undefined : sources.flatMap((s) => (s === 'github' ? (['github-org', 'github-pull-request'] as const) : [s])))),
  'dry-run': flag,
  seal: flag,
  'fail-on': z.enum(['error', 'fail', 'never']),
  snapshot: z.string().transform((path) => (path === '' ? undefined : path)),
});

export async function run(): Promise<void> {
  try {
    const raw = Object.fromEntries(Object.keys(Inputs.shape).map((name) => [name, core.getInput(name)]));
    const parsed = Inputs.safeParse(raw);
    if (!parsed.success) throw new ConfigurationError(`invalid input: ${describeZodError(parsed.error)}`);
    const inputs = parsed.data;
    if (inputs.command === 'seal') {
      const sealed = await sealConfiguredEvidence(inputs.config, process.env, new Date());
      core.setOutput('evidence', sealed.location);
      core.info(sealed.seal === undefined ? `Nothing new to seal in ${sealed.location}.` : `Sealed #${sealed.seal.sequence}: ${sealed.seal.records} record(s) in ${sealed.location}.`);
      await core.summary.addRaw(sealed.seal === undefined ? `Nothing new to seal in ${sealed.location}.` : `Sealed #${sealed.seal.sequence}: ${sealed.seal.records} record(s).`, true).write();
      return;
    }
    const report = await scheduledRun({
      configPath: inputs.config,
      snapshotDir: inputs.snapshot,
      only: inputs.only,
      dryRun: inputs['dry-run'],
      seal: inputs.seal,
      env: process.env,
      now: new Date(),
      log: { info: (m) => core.info(m), warn: (m) => core.warning(m) },
    });
    await writeSummary(report);
    annotate(report);
    const counts = { pass: 0, fail: 0, error: 0, skipped: 0 };
    for (const run of report.evaluation.runs) counts[run.result.status] += 1;
    core.setOutput('passed', counts.pass);
    core.setOutput('failed', counts.fail);
    core.setOutput('errored', counts.error);
    core.setOutput('evidence', report.evidenceLocation ?? '');
    const failOn = inputs['fail-on'];
    if ((failOn === 'error' && report.exitCode === 2) || (failOn === 'fail' && report.exitCode >= 1)) {
      core.setFailed(
        report.incomplete
          ? `The run could not complete; run it again once the cause is fixed:\n${report.problems.map((problem) => `- ${problem}`).join('\n')}`
          : `${counts.error} control(s) could not be tested${failOn === 'fail' ? ` and ${counts.fail} failed` : ''}.`,
      );
    }
  } catch (error) {
    if (error instanceof ConfigurationError) core.setFailed(error.message);
    else core.setFailed(`Evident failed unexpectedly; this is a bug, please report it: ${(error as Error).stack ?? String(error)}`);
  }
}

async function writeSummary(report: ScheduledRunReport): Promise<void> {
  const issueUrl = new Map(report.response?.sync.items.map((item) => [`${item.item.result.controlId} ${item.item.result.scope}`, item.issue?.url]) ?? []);
  const rows = report.evaluation.runs.map((run) => {
    const url = issueUrl.get(`${run.result.controlId} ${run.result.scope}`);
    return [run.result.controlId, run.result.scope, run.result.status, String(run.result.counts.fail), url === undefined ? '' : `<a href="${url}">issue</a>`];
  });
  const summary = core.summary
    .addHeading(`Evident: ${report.config.organization}`, 2)
    .addTable([[{ data: 'Control', header: true }, { data: 'Scope', header: true }, { data: 'Status', header: true }, { data: 'Failing', header: true }, { data: 'Issue', header: true }], ...rows]);
  if (report.dryRunWrites !== undefined) summary.addHeading('Dry run: would-be issue changes', 3).addCodeBlock(report.dryRunWrites, 'markdown');
  else summary.addRaw(`Evidence in ${report.evidenceLocation}; ${report.seal?.seal === undefined ? 'nothing new sealed' : `sealed #${report.seal.seal.sequence}`}.`, true);
  if (report.issuesSkipped !== undefined) summary.addRaw(`Issues were not synced: ${report.issuesSkipped}.`, true);
  await summary.write();
}

function annotate(report: ScheduledRunReport): void {
  for (const run of report.evaluation.runs.filter((r) => r.result.status === 'error')) {
    core.error(run.result.reason ?? run.result.summary, { title: `${run.result.controlId} could not be tested on ${run.result.scope}` });
  }
}
