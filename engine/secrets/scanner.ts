/**
 * The secret scanner's entry point: scan a text, the added lines of a unified diff, or files and
 * folders. Files that cannot be scanned (binary, over the size cap) are reported as skipped, never
 * as clean. Nothing here returns, prints or stores a secret in full: findings carry the rule, the
 * place, a keyed fingerprint and at most 4 characters.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Fingerprinter } from './fingerprint.ts';
import type { SecretRule } from './rule.ts';
import { secretRules } from './rules/index.ts';
import { compileRules, scanText, type CompiledRules, type SecretFinding } from './scan-text.ts';
import { parseUnifiedDiff } from './unified-diff.ts';

export type { SecretFinding } from './scan-text.ts';

/** Files larger than this are skipped (and reported): generated bundles and dumps, not code people write. */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

/** Folders never descended into when scanning paths. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);

/** How far into a file to look for a NUL byte, Git's own test for binary content. */
const BINARY_SNIFF_BYTES = 8000;

export interface SkippedFile {
  file: string;
  reason: 'binary' | 'too-large';
  bytes?: number;
}

export interface ScanReport {
  /** Every finding, including those allowed inline (`allowed: true`). */
  findings: SecretFinding[];
  skipped: SkippedFile[];
  filesScanned: number;
  bytesScanned: number;
}

export interface ScannerOptions {
  fingerprint: Fingerprinter;
  rules?: readonly SecretRule[];
  maxFileBytes?: number;
}

export interface SecretScanner {
  readonly rules: readonly SecretRule[];
  scanText(text: string, file: string): SecretFinding[];
  /** The lines a unified diff adds, at their new-file line numbers; removed lines are never read. */
  scanDiff(diff: string): ScanReport;
  /** Files, and folders walked recursively (without `.git` and `node_modules`), reported relative to `cwd`. */
  scanPaths(paths: readonly string[], cwd?: string): Promise<ScanReport>;
}

const compiledCache = new WeakMap<readonly SecretRule[], CompiledRules>();

export function createScanner(options: ScannerOptions): SecretScanner {
  const rules = options.rules ?? secretRules;
  let compiled = compiledCache.get(rules);
  if (compiled === undefined) {
    compiled = compileRules(rules);
    compiledCache.set(rules, compiled);
  }
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const { fingerprint } = options;
  const textScan = (text: string, file: string, lineNumbers?: readonly number[]) =>
    scanText(text, file, compiled, lineNumbers === undefined ? { fingerprint } : { fingerprint, lineNumbers });

  return {
    rules,
    scanText: (text, file) => textScan(text, file),
    scanDiff(diff) {
      const report: ScanReport = { findings: [], skipped: [], filesScanned: 0, bytesScanned: 0 };
      for (const file of parseUnifiedDiff(diff)) {
        if (file.status === 'deleted') continue;
        if (file.binary) {
          report.skipped.push({ file: file.path, reason: 'binary' });
          continue;
        }
        if (file.addedChars > maxFileBytes) {
          report.skipped.push({ file: file.path, reason: 'too-large', bytes: file.addedChars });
          continue;
        }
        if (file.blocks.length === 0) continue;
        report.filesScanned += 1;
        for (const block of file.blocks) {
          const text = block.lines.join('\n');
          report.bytesScanned += text.length;
          report.findings.push(...textScan(text, file.path, block.lineNumbers));
        }
      }
      return report;
    },
    async scanPaths(paths, cwd = process.cwd()) {
      const report: ScanReport = { findings: [], skipped: [], filesScanned: 0, bytesScanned: 0 };
      for (const path of paths) {
        for await (const file of walk(resolve(cwd, path))) {
          const shown = relative(cwd, file).split(sep).join('/') || file;
          const size = (await stat(file)).size;
          if (size > maxFileBytes) {
            report.skipped.push({ file: shown, reason: 'too-large', bytes: size });
            continue;
          }
          const bytes = await readFile(file);
          if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
            report.skipped.push({ file: shown, reason: 'binary', bytes: size });
            continue;
          }
          report.filesScanned += 1;
          report.bytesScanned += bytes.byteLength;
          report.findings.push(...textScan(new TextDecoder().decode(bytes), shown));
        }
      }
      return report;
    },
  };
}

/** Regular files under `path` (or `path` itself), in a stable order; symbolic links are not followed. */
async function* walk(path: string): AsyncGenerator<string> {
  const info = await stat(path);
  if (info.isFile()) {
    yield path;
    return;
  }
  if (!info.isDirectory()) return;
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) yield* walk(child);
    else if (entry.isFile()) yield child;
  }
}
