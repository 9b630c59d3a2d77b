import { describe, expect, it } from 'vitest';
import { fingerprinter } from '../../engine/secrets/fingerprint.ts';
import { createScanner } from '../../engine/secrets/scanner.ts';
import { repoRoot } from '../support/cli.ts';

describe("Evident's own repository", () => {
  it('holds no secret its scanner finds: rule samples are built from pieces, never written whole', async () => {
    const scanner = createScanner({ fingerprint: fingerprinter('self-check') });
    const report = await scanner.scanPaths(['engine', 'cli', 'test', 'bench', 'scripts', 'README.md'], repoRoot);
    expect(report.filesScanned).toBeGreaterThan(200);
    expect(report.findings.filter((f) => !f.allowed).map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual([]);
  });
});
