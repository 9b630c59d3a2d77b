import { parseArgs } from 'node:util';
import { formatProblem, readConfigFile } from '../../engine/config/load-config.ts';
import { catalog } from '../../engine/controls/index.ts';

export async function validateCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string', default: 'compliance.yml' } }, strict: true });
  const file = values.config;
  // The loader `run` uses: the same size limit and strict UTF-8 decoding (an unreadable file throws a ConfigurationError).
  const parsed = await readConfigFile(file);
  if (!parsed.ok) {
    for (const problem of parsed.problems) process.stdout.write(`${formatProblem(file, problem)}\n`);
    process.stdout.write(`${file}: ${parsed.problems.length} problem(s)\n`);
    return 1;
  }
  const { config } = parsed;
  const settings = config.controls as Record<string, { enabled?: boolean } | undefined>;
  const disabled = catalog.filter((control) => settings[control.id]?.enabled === false).map((c) => c.id);
  const sources = Object.keys(config.sources).filter((key) => (config.sources as Record<string, unknown>)[key] !== undefined);
  const evidence = config.evidence.store === 'filesystem' ? `folder ${config.evidence.path}` : `s3://${config.evidence.bucket}/${config.evidence.prefix}`;
  process.stdout.write(
    `${file} is valid: organization ${config.organization}; sources: ${sources.join(', ') || 'none'}; ` +
      `${catalog.length - disabled.length} controls enabled${disabled.length > 0 ? ` (disabled: ${disabled.join(', ')})` : ''}; evidence in ${evidence}\n`,
  );
  return 0;
}
