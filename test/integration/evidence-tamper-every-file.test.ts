/**
 * "verify exits 1 after any one evidence file is edited or deleted": tried on every file of the
 * demo's archive, one at a time, each restored before the next.
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
const archive = () => join(out, 'evidence');
const intact = async () => (await verifyEvidence(new FilesystemStore(archive()))).intact;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'evident-tamper-'));
  const demo = await runDemo({ outDir: out, at: new Date('2026-11-02T09:00:00Z'), now: new Date('2026-11-02T09:00:30Z') });
  expect(demo.verify.intact).toBe(true);
  files = (await readdir(archive(), { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(archive().length + 1)).sort();
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('every evidence file of the demo', () => {
  it('includes records, the seal and the head', () => {
    expect(files).toContain('seals/00000001.json');
    expect(files).toContain('seals/head.json');
    expect(files.filter((f) => /^\d{4}\//.test(f)).length).toBeGreaterThan(30);
  });

  it('is caught when edited, however slightly', async () => {
    const missed: string[] = [];
    for (const file of files) {
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

  it('is caught when deleted', async () => {
    const missed: string[] = [];
    for (const file of files) {
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
