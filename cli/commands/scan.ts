import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../engine/config/load-config.ts';
import { ConfigurationError } from '../../engine/errors.ts';
import { FINGERPRINT_KEY_ENV, fingerprinterFromEnv } from '../../engine/secrets/fingerprint.ts';
import { formatScanReport, type ScanFormat } from '../../engine/secrets/format-findings.ts';
import { createScanner } from '../../engine/secrets/scanner.ts';

const FORMATS: readonly ScanFormat[] = ['text', 'json', 'sarif'];

export async function scanCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { diff: { type: 'string' }, format: { type: 'string', default: 'text' }, config: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const format = values.format as ScanFormat;
  if (!FORMATS.includes(format)) throw new ConfigurationError(`--format ${values.format} is not one of ${FORMATS.join(', ')}`);
  if (values.diff !== undefined && positionals.length > 0) throw new ConfigurationError('pass either paths or --diff, not both');

  // compliance.yml, when given, names the fingerprint key's variable and the size cap.
  const settings = values.config === undefined ? undefined : (await loadConfig(values.config)).secrets;
  const keyEnv = settings?.fingerprintKeyEnv ?? FINGERPRINT_KEY_ENV;
  const { fingerprint, stable } = fingerprinterFromEnv(process.env, keyEnv);
  if (!stable) process.stderr.write(`Note: ${keyEnv} is not set, so fingerprints hold for this run only.\n`);
  const scanner = createScanner({ fingerprint, ...(settings === undefined ? {} : { maxFileBytes: settings.maxFileBytes }) });
  let report;
  if (values.diff !== undefined) {
    const diff = values.diff === '-' ? await text(process.stdin) : await readDiff(values.diff);
    report = scanner.scanDiff(diff);
  } else {
    report = await scanner.scanPaths(positionals.length > 0 ? positionals : ['.']);
  }
  process.stdout.write(formatScanReport(report, format, scanner.rules));
  if (format !== 'text' && report.skipped.length > 0) process.stderr.write(`Note: ${report.skipped.length} file(s) not scanned (binary or over the size cap).\n`);
  return report.findings.some((finding) => !finding.allowed) ? 1 : 0;
}

async function readDiff(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`cannot read the diff ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
