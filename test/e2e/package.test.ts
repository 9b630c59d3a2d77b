import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifierFromKey } from '../../engine/evidence/signing.ts';
import { AssessmentResultsDocument, PackageManifest, verifyAuditPackage } from '../../engine/reports/audit-package/index.ts';
import { evident, type CliResult } from '../support/cli.ts';

const FROM = '2026-10-01';
const TO = '2026-11-02';
const FOLDER = `evident-package-${FROM}-${TO}`;
const keys = generateKeyPairSync('ed25519');
const sealKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const verifier = verifierFromKey(keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());

let demoDir: string;
let out: string;
let run: CliResult;
let historyFile: string;

const files = async (root: string) =>
  (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();

beforeAll(async () => {
  demoDir = await mkdtemp(join(tmpdir(), 'evident-package-e2e-'));
  const demo = await evident(['demo', '--out', demoDir, '--at', '2026-11-02T09:00:00Z'], { timeoutMs: 120_000 });
  expect(demo.code, demo.stderr).toBe(0);
  out = join(demoDir, 'package');
  // The demo writes its issue history when it simulates a history; the package reports it when given.
  historyFile = join(demoDir, 'issues', 'history.json');
  const history = existsSync(historyFile) ? ['--history', historyFile] : [];
  run = await evident(
    ['package', '--from', FROM, '--to', TO, '--evidence', join(demoDir, 'evidence'), '--out', out, '--config', join(demoDir, 'compliance.yml'), '--zip', ...history],
    { env: { EVIDENT_SEAL_KEY: sealKey }, timeoutMs: 120_000 },
  );
}, 240_000);
afterAll(async () => {
  await rm(demoDir, { recursive: true, force: true });
});

describe('evident package', () => {
  it('exits 0 and says what it wrote', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Audit package for ${FROM} to ${TO}`);
    expect(run.stdout).toMatch(/Manifest: signed with key [0-9a-f]{16}/);
    expect(run.stdout).toContain(`${FOLDER}.zip`);
  });

  it('writes the pages, tables, OSCAL document, self-checks and sampled records', async () => {
    const written = await files(out);
    for (const name of ['index.html', 'summary.json', 'controls.csv', 'criteria.csv', 'alert-history.csv', 'oscal-assessment-results.json', 'self-checks.json', 'manifest.json']) {
      expect(written).toContain(name);
    }
    const records = written.filter((f) => f.startsWith('records/'));
    expect(records.length).toBeGreaterThan(0);
    // Each copy is byte for byte the record in the archive, under its original key.
    for (const record of records) {
      expect(await readFile(join(out, record))).toEqual(await readFile(join(demoDir, 'evidence', record.slice('records/'.length))));
    }
    const oscal = AssessmentResultsDocument.safeParse(JSON.parse(await readFile(join(out, 'oscal-assessment-results.json'), 'utf8')));
    expect(oscal.success, oscal.error?.message).toBe(true);
    const checks = JSON.parse(await readFile(join(out, 'self-checks.json'), 'utf8'));
    expect(checks.checks.map((c: { id: string }) => c.id)).toEqual(['disabled-controls', 'uncovered-sources', 'unreviewed-alerts', 'evidence-gaps', 'retention']);
    const alertHistory = await readFile(join(out, 'alert-history.csv'), 'utf8');
    expect(alertHistory.startsWith('finding,control,scope,issue,url,opened,first_response,severity,sla_hours,due,closed,closed_as,met\r\n')).toBe(true);
    if (existsSync(historyFile)) {
      // One row per remediation cycle, as many as the command reported.
      const rows = alertHistory.split('\r\n').filter((row) => row !== '').length - 1;
      expect(rows).toBeGreaterThan(0);
      expect(run.stdout).toContain(`Alert history: ${rows} remediation cycle(s) in alert-history.csv`);
    } else {
      expect(await readFile(join(out, 'controls.csv'), 'utf8')).toContain('no issue history');
    }
  });

  it('writes an index.html that works offline and links every part of the package', async () => {
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|src=|url\(|href="(https?:)?\/\//i);
    for (const name of ['alert-history.csv', 'oscal-assessment-results.json', 'self-checks.json', 'manifest.json']) expect(html).toContain(`href="${name}"`);
    for (const [, href] of html.matchAll(/href="([^"#][^"]*)"/g)) expect(existsSync(join(out, href!)), href).toBe(true);
    expect(html).toContain('okta-mfa-enrolled');
    expect(html).toContain('Self-checks');
  });

  it('writes a signed manifest of every other file that verifies', async () => {
    const manifest = PackageManifest.parse(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')));
    expect(manifest.files.map((f) => f.path)).toEqual((await files(out)).filter((f) => f !== 'manifest.json'));
    expect(manifest.period).toEqual({ from: FROM, to: TO });
    expect(manifest.signature?.keyId).toBe(verifier.keyId);
    const report = await verifyAuditPackage(out, verifier);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ intact: true, signature: 'valid' });
  });

  it('zips the folder beside it, with the same bytes in every entry', async () => {
    const zip = unzipSync(new Uint8Array(await readFile(join(demoDir, `${FOLDER}.zip`))));
    const names = Object.keys(zip).sort();
    expect(names).toEqual((await files(out)).map((f) => `${FOLDER}/${f}`));
    for (const name of names) expect(Buffer.from(zip[name]!).equals(await readFile(join(out, name.slice(FOLDER.length + 1)))), name).toBe(true);
  });

  it('refuses bad dates, unknown controls and an empty period, naming the fix', async () => {
    const evidence = join(demoDir, 'evidence');
    const bad = await evident(['package', '--from', '2026-13-01', '--to', TO, '--evidence', evidence, '--out', join(demoDir, 'bad')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from 2026-13-01 is not a calendar date; write it as YYYY-MM-DD');
    const unknown = await evident(['package', '--from', FROM, '--to', TO, '--controls', 'CC6.1,CC9.9', '--evidence', evidence, '--out', join(demoDir, 'bad')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('CC9.9 is neither an Evident control id nor a SOC 2 or ISO/IEC 27001 criterion');
    const empty = await evident(['package', '--from', '2020-01-01', '--to', '2020-01-31', '--evidence', evidence, '--out', join(demoDir, 'bad')]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no control result between 2020-01-01 and 2020-01-31');
    expect(existsSync(join(demoDir, 'bad'))).toBe(false);
  }, 60_000);
});
