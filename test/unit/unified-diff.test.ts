import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../engine/secrets/unified-diff.ts';

const gitDiff = [
  'diff --git a/src/config.ts b/src/config.ts',
  'index 3b18e51..a9c0f2d 100644',
  '--- a/src/config.ts',
  '+++ b/src/config.ts',
  '@@ -10,7 +10,8 @@ export const config = {',
  '   region: "eu-west-1",',
  '-  apiKey: process.env.API_KEY,',
  '+  apiKey: "added-on-line-11",',
  '+  timeout: 30,',
  '   retries: 3,',
  '+++ this line starts with three pluses and is added on line 14',
  '   debug: false,',
  '@@ -40,3 +41,2 @@ function helper() {',
  '   return 1;',
  '-  // removed "secret" line',
  '   // end',
  'diff --git a/new.env b/new.env',
  'new file mode 100644',
  'index 0000000..e69de29',
  '--- /dev/null',
  '+++ b/new.env',
  '@@ -0,0 +1,2 @@',
  '+A=1',
  '+B=2',
  '\\ No newline at end of file',
  'diff --git a/old.txt b/old.txt',
  'deleted file mode 100644',
  '--- a/old.txt',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-gone',
  'diff --git a/logo.png b/logo.png',
  'new file mode 100644',
  'Binary files /dev/null and b/logo.png differ',
  'diff --git a/docs/a b.md b/docs/c d.md',
  'similarity index 90%',
  'rename from docs/a b.md',
  'rename to docs/c d.md',
  '--- a/docs/a b.md',
  '+++ b/docs/c d.md',
  '@@ -1,1 +1,1 @@',
  '-old',
  '+new',
  '',
].join('\n');

describe('parseUnifiedDiff', () => {
  const files = parseUnifiedDiff(gitDiff);

  it('reads every file with its status and new path', () => {
    expect(files.map(({ path, status, binary }) => ({ path, status, binary }))).toEqual([
      { path: 'src/config.ts', status: 'modified', binary: false },
      { path: 'new.env', status: 'added', binary: false },
      { path: 'old.txt', status: 'deleted', binary: false },
      { path: 'logo.png', status: 'added', binary: true },
      { path: 'docs/c d.md', status: 'renamed', binary: false },
    ]);
  });

  it('keeps only added lines, at their line numbers in the new file, in blocks of consecutive lines', () => {
    expect(files[0]?.blocks).toEqual([
      { lines: ['  apiKey: "added-on-line-11",', '  timeout: 30,'], lineNumbers: [11, 12] },
      { lines: ['++ this line starts with three pluses and is added on line 14'], lineNumbers: [14] },
    ]);
    expect(files[1]?.blocks).toEqual([{ lines: ['A=1', 'B=2'], lineNumbers: [1, 2] }]);
    expect(files[2]?.blocks).toEqual([]);
    expect(files[4]?.blocks).toEqual([{ lines: ['new'], lineNumbers: [1] }]);
  });

  it('never yields a removed line', () => {
    const added = files.flatMap((f) => f.blocks.flatMap((b) => b.lines)).join('\n');
    expect(added).not.toContain('removed');
    expect(added).not.toContain('process.env.API_KEY');
    expect(added).not.toContain('gone');
  });

  it('reads a plain diff -u with CRLF line ends and several files', () => {
    const plain = [
      '--- app/settings.py\t2026-11-01 10:00:00',
      '+++ app/settings.py\t2026-11-02 10:00:00',
      '@@ -1,2 +1,3 @@',
      ' DEBUG = False',
      '+TOKEN = "x"',
      ' HOSTS = []',
      '--- app/other.py\t2026-11-01 10:00:00',
      '+++ app/other.py\t2026-11-02 10:00:00',
      '@@ -5 +5 @@',
      '-a = 1',
      '+a = 2',
    ].join('\r\n');
    expect(parseUnifiedDiff(plain).map((f) => [f.path, f.blocks])).toEqual([
      ['app/settings.py', [{ lines: ['TOKEN = "x"'], lineNumbers: [2] }]],
      ['app/other.py', [{ lines: ['a = 2'], lineNumbers: [5] }]],
    ]);
  });

  it('unquotes paths git quotes', () => {
    const quoted = ['diff --git "a/caf\\303\\251.txt" "b/caf\\303\\251.txt"', 'new file mode 100644', '--- /dev/null', '+++ "b/caf\\303\\251.txt"', '@@ -0,0 +1 @@', '+x'].join('\n');
    expect(parseUnifiedDiff(quoted)[0]?.path).toBe('café.txt');
  });
});
