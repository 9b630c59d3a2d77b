/**
 * Property: for any change to any files — lines that look like diff syntax (`+`, `-`, ` `, `\`,
 * `@@`, `---`/`+++`, `diff --git`), empty lines, CRLF endings, a missing final newline, new and
 * deleted files, any amount of context, git's or `diff -u`'s headers — the unified diff parser
 * reports each added line once, at its line number in the new file, with that line's text, and never
 * a removed line; and the scanner in diff mode reports a secret planted on a random added line at
 * its new-file line, and never one planted on a removed line. The diffs come from
 * test/support/unified-diff-writer.ts; a failure prints fast-check's seed and path to replay it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprinter } from '../../engine/secrets/fingerprint.ts';
import { sample } from '../../engine/secrets/rules/sample.ts';
import { createScanner } from '../../engine/secrets/scanner.ts';
import { parseUnifiedDiff } from '../../engine/secrets/unified-diff.ts';
import { writeUnifiedDiff, type DiffStyle, type EditOp, type FileEdit, type WrittenFile } from '../support/unified-diff-writer.ts';

/** Lines a parser could mistake for diff syntax, and plain ones. */
const TRICKY = [
  '',
  ' ',
  '+',
  '-',
  '\\',
  '++ two pluses',
  '+++ b/evil.ts',
  '--- a/evil.ts',
  '-- two dashes',
  '@@ -1,2 +1,3 @@',
  '@@ -0,0 +1 @@ heading',
  'diff --git a/other.ts b/other.ts',
  '\\ No newline at end of file',
  'index 0000000..1111111 100644',
  'new file mode 100644',
  'deleted file mode 100644',
  'rename to elsewhere.ts',
  'Binary files a/x.png and b/x.png differ',
  'GIT binary patch',
  '\t indented',
  'export const answer = 42;',
];
const text = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', 'b', 'z', '0', '7', ' ', '+', '-', '\\', '@', '/', '\t', '\r', '"', 'é', '😀'), maxLength: 12 }) },
);
const op = fc.record({ op: fc.constantFrom<EditOp['op']>('keep', 'keep', 'remove', 'add'), text });

/** A file's edit script; `crlf` ends every line with `\r`, as a Windows checkout's files do. */
const fileEdit = (path: string) =>
  fc
    .record({ ops: fc.array(op, { maxLength: 30 }), oldFinalNewline: fc.boolean(), newFinalNewline: fc.boolean(), crlf: fc.boolean() })
    .map(({ ops, crlf, ...rest }): FileEdit => ({ path, ops: crlf ? ops.map((o) => ({ ...o, text: `${o.text}\r` })) : ops, ...rest }));

const style: fc.Arbitrary<DiffStyle> = fc.record({
  context: fc.integer({ min: 0, max: 4 }),
  git: fc.boolean(),
  stripEmptyContext: fc.boolean(),
  heading: fc.constantFrom('', 'function main() {', '@@ not a hunk @@'),
});
const change = fc.record({ edits: fc.tuple(fileEdit('src/app.ts'), fileEdit('docs/read me.md'), fileEdit('config/.env')).map((t) => t.slice()), style });

/** Git keeps a CRLF line's `\r`; the parser drops one trailing `\r`, so compare without it. */
const withoutCr = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);
const added = (file: WrittenFile) => file.ops.flatMap((o) => (o.op === 'add' ? [{ line: o.newLine as number, text: withoutCr(o.text) }] : []));

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) };

describe('the unified diff parser, by property', () => {
  it('[property] reports every added line once, at its new-file line number with that line’s text, and no removed line', () => {
    fc.assert(
      fc.property(change, ({ edits, style }) => {
        const { diff, files } = writeUnifiedDiff(edits, style);
        const parsed = parseUnifiedDiff(diff);
        for (const file of files) {
          const expected = added(file);
          const found = parsed.filter((p) => p.path === file.path);
          if (expected.length === 0) {
            // A deletion or a change that only removes: no line of it is ever read.
            expect(found.flatMap((p) => p.blocks.flatMap((b) => b.lines))).toEqual([]);
            continue;
          }
          expect(found, `${file.path} parsed once in:\n${diff}`).toHaveLength(1);
          const reported = found[0]!.blocks.flatMap((b) => b.lines.map((line, i) => ({ line: b.lineNumbers[i] as number, text: line })));
          expect(reported, `added lines of ${file.path} in:\n${JSON.stringify(diff)}`).toEqual(expected);
          // Each reported number points at exactly that text in the new file.
          for (const { line, text } of reported) expect(withoutCr(file.newLines[line - 1] as string)).toBe(text);
        }
      }),
      RUNS,
    );
  });

  it('[property] the scanner reports a secret planted on a random added line at its new-file line, and never one on a removed line', () => {
    const keyId = sample('AKIA', 'Z6QRCU2LPKWA7FNY');
    const scanner = createScanner({ fingerprint: fingerprinter('property') });
    const planted = fc.record({ change, addedAt: fc.nat(), removedAt: fc.nat(), prefix: fc.constantFrom('', '+', '-', ' ', '\\', '+++ ', '  const id = ') });
    fc.assert(
      fc.property(planted, ({ change: { edits: generated, style }, addedAt, removedAt, prefix }) => {
        // fast-check replays and shrinks generated values: plant on a copy.
        const edits = structuredClone(generated);
        // Plant the key on one added line and on one removed line (when there are any), keeping CRLF.
        const places = (kind: EditOp['op']) => edits.flatMap((edit, f) => edit.ops.flatMap((o, i) => (o.op === kind ? [{ f, i }] : [])));
        const [adds, removes] = [places('add'), places('remove')];
        fc.pre(adds.length > 0);
        const plant = ({ f, i }: { f: number; i: number }) => {
          const o = edits[f]!.ops[i]!;
          o.text = `${prefix}${keyId}"${o.text.endsWith('\r') ? '\r' : ''}`;
        };
        const target = adds[addedAt % adds.length]!;
        plant(target);
        if (removes.length > 0) plant(removes[removedAt % removes.length]!);
        const { diff, files } = writeUnifiedDiff(edits, style);
        const file = files[target.f]!;
        // Its place in the new file (writeUnifiedDiff numbers the ops it wrote).
        const line = file.ops.filter((o) => o.op === 'add' && o.text.includes(keyId)).map((o) => o.newLine);
        expect(line).toHaveLength(1);
        const report = scanner.scanDiff(diff);
        expect(report.findings.map(({ rule, file, line, column }) => ({ rule, file, line, column })), JSON.stringify(diff)).toEqual([
          { rule: 'aws-access-key-id', file: file.path, line: line[0], column: prefix.length + 1 },
        ]);
      }),
      RUNS,
    );
  });
});
