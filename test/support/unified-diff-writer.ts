/**
 * Writes unified diffs the way `git diff` (and `diff -u`) does, from an edit script, so property
 * tests can generate a change, know the exact old and new files, and check what a parser makes of
 * the diff. https://git-scm.com/docs/diff-format#generate_patch_text_with_p and
 * https://www.gnu.org/software/diffutils/manual/html_node/Detailed-Unified.html
 *
 * A line's text never holds `\n`; a trailing `\r` is part of the text (a CRLF file), as Git keeps it.
 */

export interface EditOp {
  op: 'keep' | 'remove' | 'add';
  text: string;
}

export interface FileEdit {
  path: string;
  ops: EditOp[];
  /** Whether the old and the new file end with a newline (a last line without one is marked `\ No newline at end of file`). */
  oldFinalNewline: boolean;
  newFinalNewline: boolean;
}

export interface DiffStyle {
  /** Lines of context around each change (git's default is 3). */
  context: number;
  /** `diff --git` headers (git) or only `---`/`+++` with timestamps (`diff -u`). */
  git: boolean;
  /** Write an empty context line as an empty line instead of a single space (some tools strip it). */
  stripEmptyContext: boolean;
  /** Text after the hunk header's closing `@@` (git puts the enclosing function there). */
  heading: string;
}

export interface WrittenFile {
  path: string;
  oldLines: string[];
  newLines: string[];
  oldText: string;
  newText: string;
  /** The ops as written (a kept line whose final newline differs becomes a removal and an addition), with line numbers. */
  ops: (EditOp & { oldLine?: number; newLine?: number })[];
}

const fileText = (lines: readonly string[], finalNewline: boolean) => (lines.length === 0 ? '' : lines.join('\n') + (finalNewline ? '\n' : ''));

/**
 * Normalizes an edit so it describes real files: a file without a final newline must end in a
 * non-empty line (else it is the same file with one line less), and a kept line that ends one file
 * without a newline but not the other is in fact changed.
 */
export function settle(edit: FileEdit): { ops: EditOp[]; oldFinalNewline: boolean; newFinalNewline: boolean } {
  const ops = edit.ops.map((o) => ({ ...o }));
  const last = (side: 'old' | 'new') => ops.findLastIndex((o) => o.op === 'keep' || o.op === (side === 'old' ? 'remove' : 'add'));
  const oldFinalNewline = edit.oldFinalNewline || ops[last('old')]?.text === '' || last('old') === -1;
  const newFinalNewline = edit.newFinalNewline || ops[last('new')]?.text === '' || last('new') === -1;
  for (let round = 0; round < 2; round++) {
    const [lastOld, lastNew] = [last('old'), last('new')];
    const index = ops.findIndex((o, i) => o.op === 'keep' && (i === lastOld || i === lastNew) && (i !== lastOld || oldFinalNewline) !== (i !== lastNew || newFinalNewline));
    if (index === -1) break;
    const { text } = ops[index] as EditOp;
    ops.splice(index, 1, { op: 'remove', text }, { op: 'add', text });
  }
  return { ops, oldFinalNewline, newFinalNewline };
}

/** The diff of one file (empty when nothing changed) and the files it goes between. */
export function writeFileDiff(edit: FileEdit, style: DiffStyle): { diff: string; file: WrittenFile } {
  const { ops: settled, oldFinalNewline, newFinalNewline } = settle(edit);
  let oldNo = 0;
  let newNo = 0;
  const ops = settled.map((o) => ({ ...o, ...(o.op !== 'add' ? { oldLine: ++oldNo } : {}), ...(o.op !== 'remove' ? { newLine: ++newNo } : {}) }));
  const oldLines = ops.filter((o) => o.op !== 'add').map((o) => o.text);
  const newLines = ops.filter((o) => o.op !== 'remove').map((o) => o.text);
  const file: WrittenFile = { path: edit.path, oldLines, newLines, oldText: fileText(oldLines, oldFinalNewline), newText: fileText(newLines, newFinalNewline), ops };

  const changed = ops.flatMap((o, i) => (o.op === 'keep' ? [] : [i]));
  if (changed.length === 0) return { diff: '', file };
  // Changes closer than twice the context share a hunk, as diff does.
  const groups: [number, number][] = [];
  for (const index of changed) {
    const group = groups.at(-1);
    if (group !== undefined && index - group[1] - 1 <= 2 * style.context) group[1] = index;
    else groups.push([index, index]);
  }

  const out: string[] = [];
  const created = oldLines.length === 0;
  const deleted = newLines.length === 0;
  if (style.git) {
    out.push(`diff --git a/${edit.path} b/${edit.path}`);
    if (created) out.push('new file mode 100644');
    if (deleted) out.push('deleted file mode 100644');
    out.push(`index 1a2b3c4..5d6e7f8${created || deleted ? '' : ' 100644'}`);
    out.push(created ? '--- /dev/null' : `--- a/${edit.path}`, deleted ? '+++ /dev/null' : `+++ b/${edit.path}`);
  } else {
    out.push(`--- ${created ? '/dev/null' : edit.path}\t2026-11-02 09:00:00.000000000 +0000`, `+++ ${deleted ? '/dev/null' : edit.path}\t2026-11-02 09:05:00.000000000 +0000`);
  }
  const lastOld = ops.findLastIndex((o) => o.op !== 'add');
  const lastNew = ops.findLastIndex((o) => o.op !== 'remove');
  for (const [first, lastChange] of groups) {
    const from = Math.max(0, first - style.context);
    const to = Math.min(ops.length - 1, lastChange + style.context);
    const slice = ops.slice(from, to + 1);
    const oldCount = slice.filter((o) => o.op !== 'add').length;
    const newCount = slice.filter((o) => o.op !== 'remove').length;
    // A side with no lines in the hunk names the line before it (0 at the start of the file).
    const before = (side: 'oldLine' | 'newLine') => ops.slice(0, from).findLast((o) => o[side] !== undefined)?.[side] ?? 0;
    const oldStart = oldCount === 0 ? before('oldLine') : (slice.find((o) => o.oldLine !== undefined)?.oldLine as number);
    const newStart = newCount === 0 ? before('newLine') : (slice.find((o) => o.newLine !== undefined)?.newLine as number);
    const range = (start: number, count: number) => (count === 1 ? `${start}` : `${start},${count}`);
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@${style.heading === '' ? '' : ` ${style.heading}`}`);
    for (const [offset, o] of slice.entries()) {
      const index = from + offset;
      const marker = o.op === 'keep' ? ' ' : o.op === 'remove' ? '-' : '+';
      out.push(o.op === 'keep' && o.text === '' && style.stripEmptyContext ? '' : `${marker}${o.text}`);
      const endsOld = index === lastOld && !oldFinalNewline && o.op !== 'add';
      const endsNew = index === lastNew && !newFinalNewline && o.op !== 'remove';
      if (endsOld || endsNew) out.push('\\ No newline at end of file');
    }
  }
  return { diff: `${out.join('\n')}\n`, file };
}

/** A diff of several files, as `git diff` prints them one after another. */
export function writeUnifiedDiff(edits: readonly FileEdit[], style: DiffStyle): { diff: string; files: WrittenFile[] } {
  const written = edits.map((edit) => writeFileDiff(edit, style));
  return { diff: written.map((w) => w.diff).join(''), files: written.map((w) => w.file) };
}
