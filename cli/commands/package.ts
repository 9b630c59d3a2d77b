import { parseArgs } from 'node:util';
import { ConfigurationError } from '../../engine/errors.ts';
import { signerFromEnv } from '../../engine/evidence/signing.ts';
import { buildAuditPackage, formatPassRate, packagePeriod } from '../../engine/reports/audit-package/index.ts';
import { loadEvidence } from '../../engine/reports/evidence-index.ts';
import { inputLines, reportInputs, shown } from '../report-inputs.ts';

export const PACKAGE_USAGE = 'package --from YYYY-MM-DD --to YYYY-MM-DD --evidence DIR|s3://bucket/prefix --out DIR [--controls IDS] [--history FILE|github] [--config FILE] [--zip]   auditor evidence package';

/**
 * `evident package`: the auditor's evidence package for a period (both days included, UTC).
 * `--controls` takes control ids or criteria (CC6.1, A.8.5, or ISO 27001:2013 ids such as A.9.4.2),
 * comma-separated. The manifest is signed when EVIDENT_SEAL_KEY holds an Ed25519 key.
 */
export async function packageCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      controls: { type: 'string' },
      evidence: { type: 'string' },
      out: { type: 'string' },
      history: { type: 'string' },
      config: { type: 'string' },
      zip: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const missing = (['from', 'to', 'evidence', 'out'] as const).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new ConfigurationError(`pass ${missing.map((name) => `--${name}`).join(', ')}. Usage: evident ${PACKAGE_USAGE}`);
  const from = values.from as string;
  const to = values.to as string;
  // Checked before reading anything, so a typo in a date fails at once.
  const period = packagePeriod(from, to);
  const controls = values.controls?.split(',');
  const inputs = await reportInputs(values);
  const { config, history, store } = inputs;
  const signer = signerFromEnv();
  const evidence = await loadEvidence(store, { from: period.start, to: period.end });
  const built = await buildAuditPackage({ config, evidence, history, from, to, controls, now: new Date(), signer, store, outDir: values.out as string, zip: values.zip });

  const tests = built.summary.controls.reduce((n, c) => n + c.tests.run, 0);
  const satisfied = built.summary.criteria.filter((c) => c.status === 'satisfied').length;
  const lines = [
    `Audit package for ${period.from} to ${period.to} in ${shown(built.outDir)}`,
    ...inputLines(inputs, 'remediation within SLA not measured'),
    `  ${built.summary.controls.length} control(s), ${tests} test(s); ${satisfied} of ${built.summary.criteria.length} criteria satisfied`,
    ...built.summary.controls.filter((c) => c.tests.run > 0).map((c) => `  ${c.id.padEnd(40)} ${String(c.tests.run).padStart(6)} tests  ${formatPassRate(c.passRate).padStart(6)} passed`),
    `  ${built.records} record(s) copied under records/`,
    ...(history === undefined ? [] : [`  Alert history: ${built.cycles ?? 0} remediation cycle(s) in alert-history.csv`]),
    built.manifest.signature === undefined ? '  Manifest: not signed (set EVIDENT_SEAL_KEY to sign it)' : `  Manifest: signed with key ${built.manifest.signature.keyId}`,
    ...(built.zipPath === undefined ? [] : [`  Zip: ${shown(built.zipPath)}`]),
    ...built.problems.map((p) => `  Problem: ${p.key} ${p.problem}`),
    `Open ${shown(`${built.outDir}/index.html`)} to browse it.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
