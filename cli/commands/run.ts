import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../engine/config/load-config.ts';
import { ConfigurationError } from '../../engine/errors.ts';
import { openConfiguredStore } from '../../engine/evidence/open-store.ts';
import { signerFromEnv } from '../../engine/evidence/signing.ts';
import { renderIssue } from '../../engine/issues/render-issue.ts';
import { SourceId } from '../../engine/model.ts';
import { evaluateAll, exitCodeFor, findingsOf, recordEvaluation } from '../../engine/run.ts';
import { loadSnapshots } from '../../engine/snapshots/load-snapshots.ts';
import { resultsTable, statusCounts } from '../format.ts';

export async function runCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { config: { type: 'string', default: 'compliance.yml' }, snapshot: { type: 'string' }, only: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    strict: true,
  });
  const config = await loadConfig(values.config);
  if (values.snapshot === undefined) {
    throw new ConfigurationError('pass --snapshot DIR with the snapshots to evaluate (this version evaluates snapshots; live collection from GitHub, Okta and AWS is not part of it yet)');
  }
  const only = values.only === undefined ? undefined : parseOnly(values.only);
  const snapshots = await loadSnapshots(values.snapshot);
  const now = new Date();
  const evaluation = evaluateAll({ config, snapshots, now, only });
  process.stdout.write(`${resultsTable(evaluation.runs, evaluation.notRun)}\n\n${statusCounts(evaluation.runs)}\n`);

  if (values['dry-run']) {
    const findings = findingsOf(evaluation.runs);
    process.stdout.write(`\nDry run: no evidence written, no issue changed. ${findings.length} finding(s) would be opened or updated:\n`);
    for (const finding of findings) {
      const issue = renderIssue(finding, config.triage.sla);
      process.stdout.write(`\n---\n# ${issue.title}\nLabels: ${issue.labels.join(', ')}\n\n${issue.body}`);
    }
    return exitCodeFor(evaluation.runs);
  }

  const { store, retainUntil } = openConfiguredStore(config.evidence, dirname(values.config));
  const recorded = await recordEvaluation(evaluation, { store, organization: config.organization, now, retainUntil: retainUntil(now), signer: signerFromEnv() });
  const created = recorded.records.filter((r) => r.created).length;
  process.stdout.write(`\nEvidence: ${created} new record(s), ${recorded.records.length - created} already present, in ${store.location}.\n`);
  process.stdout.write(recorded.seal.seal === undefined ? 'Seal: nothing new to seal.\n' : `Seal: #${recorded.seal.seal.sequence} covers ${recorded.seal.seal.records} record(s).\n`);
  for (const rejected of recorded.seal.rejected) process.stdout.write(`Warning: not sealed: ${rejected.key} ${rejected.problem}\n`);
  process.stdout.write(`${recorded.findings.length} finding(s).\n`);
  return exitCodeFor(evaluation.runs);
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
