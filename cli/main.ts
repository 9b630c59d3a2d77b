/**
 * The `evident` command: parses the command line and hands each command to engine/.
 * User mistakes (ConfigurationError, bad arguments) and inputs that could not be read in full
 * (InputUnavailableError) print one clear message and exit 2; anything else is a bug and prints its stack so it can be reported.
 */
import { ConfigurationError, InputUnavailableError } from '../engine/errors.ts';
import { EVIDENT_VERSION } from '../engine/version.ts';
import { dashboardCommand } from './commands/dashboard.ts';
import { demoCommand } from './commands/demo.ts';
import { initCommand } from './commands/init.ts';
import { packageCommand, PACKAGE_USAGE } from './commands/package.ts';
import { reportCommand } from './commands/report.ts';
import { runCommand } from './commands/run.ts';
import { scanCommand } from './commands/scan.ts';
import { sealCommand } from './commands/seal.ts';
import { validateCommand } from './commands/validate.ts';
import { verifyCommand } from './commands/verify.ts';

export type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  demo: { run: demoCommand, usage: 'demo [--out DIR] [--at ISO-TIME]      full cycle on the bundled sample organization, offline' },
  run: { run: runCommand, usage: 'run --config FILE [--snapshot DIR] [--only SOURCES] [--dry-run] [--no-seal]   collect, evaluate, record, sync issues, seal' },
  seal: { run: sealCommand, usage: 'seal --evidence DIR|s3://bucket/prefix [--retain-days N]   seal what --no-seal runs recorded' },
  scan: { run: scanCommand, usage: 'scan [PATH…] [--diff FILE|-] [--format text|json|sarif] [--config FILE]   find hardcoded secrets' },
  verify: { run: verifyCommand, usage: 'verify --evidence DIR|s3://bucket/prefix [--public-key FILE]   check every record and seal' },
  validate: { run: validateCommand, usage: 'validate --config FILE                 check compliance.yml' },
  report: { run: reportCommand, usage: 'report --month YYYY-MM --evidence DIR|s3://bucket/prefix [--config FILE] [--history FILE|github] [--format md|html|pdf] [--out FILE]   monthly compliance report' },
  package: { run: packageCommand, usage: PACKAGE_USAGE },
  dashboard: { run: dashboardCommand, usage: 'dashboard --evidence DIR|s3://bucket/prefix --out DIR [--history FILE|github] [--config FILE] [--evidence-url URL]   static dashboard / auditor portal' },
  init: { run: initCommand, usage: 'init DIR [--force]                     scaffold the compliance repository from template/' },
};

export function usage(): string {
  return [
    `evident ${EVIDENT_VERSION}: continuous SOC 2 and ISO 27001 evidence for GitHub, Okta and AWS`,
    '',
    'Usage: evident <command> [options]',
    '',
    ...Object.values(COMMANDS).map((command) => `  ${command.usage}`),
    '',
    'Exit status: 0 success; 1 a control failed, a secret or a problem was found; 2 an error or bad input.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${EVIDENT_VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`evident: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof InputUnavailableError || isArgumentError(error)) {
      process.stderr.write(`evident ${name}: ${(error as Error).message}\n`);
      return 2;
    }
    process.stderr.write(`evident ${name} failed unexpectedly; this is a bug in Evident, please report it with the output below.\n${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}

/** node:util parseArgs rejects unknown options and missing values with these codes. */
function isArgumentError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
