import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { evident } from '../support/cli.ts';
import { startOpenAIServer, type OpenAITestServer } from '../support/openai-server.ts';
import { PDFTOPPM } from '../support/system-tools.ts';

let out: string;
let evidence: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'evident-report-e2e-'));
  const demo = await evident(['demo', '--out', out, '--at', '2026-11-02T09:00:00Z'], { timeoutMs: 90_000 });
  expect(demo.code).toBe(0);
  evidence = join(out, 'evidence');
}, 120_000);
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

const execute = promisify(execFile);

/** What poppler makes of the PDF: its page count, its text, and page 1 rendered as a PNG. */
async function openWithPoppler(pdf: string): Promise<{ pages: number; text: string; png: Buffer }> {
  const info = await execute(PDFTOPPM.replace(/pdftoppm$/, 'pdfinfo'), [pdf]);
  const pages = Number(/^Pages:\s+(\d+)$/m.exec(info.stdout)?.[1]);
  const text = await execute(PDFTOPPM.replace(/pdftoppm$/, 'pdftotext'), ['-layout', pdf, '-']);
  const prefix = `${pdf}.page`;
  await execute(PDFTOPPM, ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', pdf, prefix]);
  return { pages, text: text.stdout, png: await readFile(`${prefix}.png`) };
}

describe('evident report', () => {
  it('prints the month as Markdown, with the issue history found next to the evidence', async () => {
    const report = await evident(['report', '--month', '2026-10', '--evidence', evidence], { timeoutMs: 30_000 });
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/^# Compliance report: Acme \(sample\), October 2026\n/);
    for (const section of ['## Executive summary', '### Trend', '## Controls', '## Failed controls and remediation', '## Auto-remediation', '## Errors and coverage gaps', '## Self-checks', '## Recommendations']) {
      expect(report.stdout).toContain(`\n${section}\n`);
    }
    expect(report.stdout).toContain('the issue history of acme/compliance');
    expect(report.stdout).toMatch(/- SLA: \d+ met, \d+ missed, \d+ open and not yet due/);
    expect(report.stderr).toContain(`issue history: ${join(out, 'issues', 'history.json')}`);
    expect(report.stdout).not.toMatch(/[a-z0-9.-]+@acme\.example/);
  });

  it('says the timeline comes from evidence only when no history is at hand', async () => {
    const alone = join(out, 'archive-only', 'evidence');
    await cp(evidence, alone, { recursive: true });
    const report = await evident(['report', '--month', '2026-10', '--evidence', alone, '--config', join(out, 'compliance.yml')], { timeoutMs: 30_000 });
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('this timeline comes from evidence only');
    expect(report.stdout).toContain('| Finding | First failing | Triaged | First passing | Failed results |');
    expect(report.stdout).toContain('- SLA: not measured (no issue history).');
  });

  it('writes one self-contained HTML file showing the month and the generation time', async () => {
    const file = join(out, 'october.html');
    const before = Date.now();
    const report = await evident(['report', '--month', '2026-10', '--evidence', evidence, '--format', 'html', '--out', file], { timeoutMs: 30_000 });
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('Wrote ');
    const html = await readFile(file, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('Report month <strong>2026-10</strong>');
    const generated = /Generated <time datetime="([^"]+)">([^<]+)<\/time>/.exec(html);
    expect(Date.parse(generated?.[1] ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(generated?.[1] ?? '')).toBeLessThanOrEqual(Date.now());
    expect(generated?.[2]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    expect(html).toContain('<svg');
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link |src="/);
  });

  it('writes a PDF named after the month in the current folder', async () => {
    const report = await evident(['report', '--month', '2026-10', '--evidence', evidence, '--format', 'pdf'], { cwd: out, timeoutMs: 30_000 });
    expect(report.code).toBe(0);
    const file = join(out, 'evident-report-2026-10.pdf');
    expect((await readFile(file)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The PDF opens: poppler counts its pages, extracts its text and renders page 1.
    const { pages, text, png } = await openWithPoppler(file);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(20);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(Math.ceil((595.28 * 50) / 72)); // A4, 595.28 points wide, at 50 dpi
    expect(text).toContain('Compliance report');
    expect(text).toContain('October 2026 (2026-10)');
    expect(text).toContain('Failed controls and remediation');
    expect(text).toContain(`page 1 of ${pages}`);
  });

  it('refuses a bad month or a missing evidence folder, saying what to write', async () => {
    const month = await evident(['report', '--month', '2026-13', '--evidence', evidence]);
    expect(month.code).toBe(2);
    expect(month.stderr).toContain('--month 2026-13 is not a month; write it as YYYY-MM, such as 2026-10');
    const missing = await evident(['report', '--month', '2026-10', '--evidence', join(out, 'nowhere')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('is not a folder; pass --evidence with the evidence folder');
    const format = await evident(['report', '--month', '2026-10', '--evidence', evidence, '--format', 'docx']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format docx is not supported; use md, html or pdf');
  });
});

describe('evident report with triage.openai configured', () => {
  let server: OpenAITestServer;
  beforeAll(async () => {
    server = await startOpenAIServer();
  });
  afterAll(() => server.close());

  it('adds a narrative written from the aggregated figures only, marked as generated', async () => {
    const config = join(out, 'with-openai.yml');
    const sample = await readFile(join(out, 'compliance.yml'), 'utf8');
    const document = parseDocument(sample);
    document.setIn(['triage', 'openai'], { model: 'gpt-test', baseURL: server.baseURL });
    await writeFile(config, document.toString());
    server.script({ raw: 'October kept most controls failing; the pass rate slipped.' });
    const file = join(out, 'narrative.html');
    const report = await evident(['report', '--month', '2026-10', '--evidence', evidence, '--config', config, '--out', file], { env: { OPENAI_API_KEY: 'sk-test' }, timeoutMs: 30_000 });
    expect(report.code).toBe(0);
    const html = await readFile(file, 'utf8');
    expect(html).toContain('<p>October kept most controls failing; the pass rate slipped.</p>');
    expect(html).toContain('Generated by gpt-test from the aggregated figures; review before sharing.');

    expect(server.requests).toHaveLength(1);
    const sent = JSON.stringify(server.requests[0]?.body);
    expect(sent).toContain('okta-mfa-enrolled');
    const history = JSON.parse(await readFile(join(out, 'issues', 'history.json'), 'utf8')) as { issues: { title: string; scope: string; assignees: string[]; events: { actor: string }[] }[] };
    expect(history.issues.length).toBeGreaterThan(0);
    for (const issue of history.issues) {
      expect(sent).not.toContain(issue.title);
      expect(sent).not.toContain(issue.scope);
      for (const name of [...issue.assignees, ...issue.events.map((e) => e.actor)]) expect(sent).not.toContain(name);
    }
    expect(sent).not.toMatch(/@acme\.example|acme\.okta\.com|github:acme|aws:123456789012/);
  });
});
