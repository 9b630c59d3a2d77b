/**
 * "verify exits 1 after any one evidence file is edited or deleted", tried on the demo's archive one
 * file at a time, each restored before the next. The demo's 60 days write about 800 records, and each
 * try verifies the whole archive, so not every record is tried: a deterministic sample of every 40th
 * record in key order, the last one, the first triage decision and the first pull-request result, plus
 * every seal and the head, which hold the chain together.
 */
import { chmod, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../engine/demo/run-demo.ts';
import { FilesystemStore } from '../../engine/evidence/filesystem-store.ts';
import { verifyEvidence } from '../../engine/evidence/verify.ts';

let out: string;
let files: string[];
let tried: string[];
const archive = () => join(out, 'evidence');
const intact = async () => (await verifyEvidence(new FilesystemStore(archive()))).intact;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'evident-tamper-'));
  const demo = await runDemo({ outDir: out, at: new Date('2026-11-02T09:00:00Z'), now: new Date('2026-11-02T09:00:30Z') });
  expect(demo.verify.intact).toBe(true);
  files = (await readdir(archive(), { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(archive().length + 1)).sort();
  const records = files.filter((f) => /^\d{4}\//.test(f));
  const firstOf = async (pattern: RegExp) => {
    for (const file of records) if (pattern.test(await readFile(join(archive(), file), 'utf8'))) return [file];
    return [];
  };
  tried = [
    ...new Set([
      ...records.filter((_, i) => i % 40 === 0),
      ...records.slice(-1),
      ...(await firstOf(/"kind": "triage-decision"/)),
      ...(await firstOf(/"source": "github-pull-request"/)),
      ...files.filter((f) => f.startsWith('seals/')),
    ]),
  ];
}, 60_000);
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('evidence files of the demo, a sample of the records and every seal', () => {
  it('include records of every kind, every seal and the head', () => {
    expect(files).toContain('seals/00000001.json');
    expect(files).toContain('seals/head.json');
    expect(files.filter((f) => /^\d{4}\//.test(f)).length).toBeGreaterThan(700);
    expect(tried.filter((f) => f.startsWith('seals/'))).toEqual(files.filter((f) => f.startsWith('seals/')));
    expect(tried.some((f) => f.includes('-triage-'))).toBe(true);
    expect(tried.length).toBeGreaterThan(30);
  });

  it('are caught when edited, however slightly', { timeout: 120_000 }, async () => {
    const missed: string[] = [];
    for (const file of tried) {
      const path = join(archive(), file);
      const original = await readFile(path);
      await chmod(path, 0o644);
      // Change one character in the middle: a digit, a letter, a quote, whatever is there.
      const text = original.toString('utf8');
      const at = Math.floor(text.length / 2);
      const swapped = text[at] === 'a' ? 'b' : 'a';
      await writeFile(path, text.slice(0, at) + swapped + text.slice(at + 1));
      if (await intact()) missed.push(file);
      await writeFile(path, original);
    }
    expect(missed).toEqual([]);
    expect(await intact()).toBe(true);
  });

  it('are caught when deleted', { timeout: 120_000 }, async () => {
    const missed: string[] = [];
    for (const file of tried) {
      const path = join(archive(), file);
      const original = await readFile(path);
      await unlink(path);
      if (await intact()) missed.push(file);
      await writeFile(path, original);
    }
    expect(missed).toEqual([]);
    expect(await intact()).toBe(true);
  });
});
