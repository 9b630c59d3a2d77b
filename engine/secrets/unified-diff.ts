/**
 * Reads a unified diff (`git diff`, GitHub's `application/vnd.github.diff`, `diff -u`) into the lines
 * each file adds, with their line numbers in the new file. Removed lines are dropped here, so they can
 * never be reported. https://git-scm.com/docs/diff-format#generate_patch_text_with_p
 */

export interface AddedBlock {
  /** Consecutive added lines, without the leading `+`. */
  lines: string[];
  /** The new-file line number of each line. */
  lineNumbers: number[];
}

export interface DiffFile {
  /** The path in the new tree (after a rename), or the old path for a deletion. */
  path: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  /** Git said the file is binary: no lines to read. */
  binary: boolean;
  blocks: AddedBlock[];
  /** Characters of added text, to enforce the size cap. */
  addedChars: number;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parseUnifiedDiff(text: string): DiffFile[] {
  const lines = text.split('\n');
  const files: DiffFile[] = [];
  let file: DiffFile | undefined;
  // Between a file's first header line and its first hunk: `---`/`+++` belong to this file.
  let inHeader = false;
  const start = (path: string): DiffFile => {
    file = { path, status: 'modified', binary: false, blocks: [], addedChars: 0 };
    files.push(file);
    inHeader = true;
    return file;
  };

  let i = 0;
  while (i < lines.length) {
    const line = stripCr(lines[i] as string);
    if (line.startsWith('diff --git ')) {
      start(pathFromGitHeader(line));
      i += 1;
      continue;
    }
    const next = stripCr(lines[i + 1] ?? '');
    if (line.startsWith('--- ') && next.startsWith('+++ ')) {
      // In a plain `diff -u` this pair is the only header a file has.
      const oldPath = headerPath(line.slice(4));
      const newPath = headerPath(next.slice(4));
      const current = inHeader && file !== undefined ? file : start(newPath ?? oldPath ?? '(unknown)');
      if (oldPath === undefined) current.status = 'added';
      else if (newPath === undefined) current.status = 'deleted';
      current.path = newPath ?? oldPath ?? current.path;
      i += 2;
      continue;
    }
    if (file !== undefined) {
      if (line.startsWith('new file mode')) file.status = 'added';
      else if (line.startsWith('deleted file mode')) file.status = 'deleted';
      else if (line.startsWith('rename to ')) {
        file.status = 'renamed';
        file.path = unquote(line.slice('rename to '.length));
      } else if (line.startsWith('Binary files ') || line === 'GIT binary patch') file.binary = true;
      const hunk = HUNK.exec(line);
      if (hunk !== null) {
        inHeader = false;
        i = readHunk(lines, i + 1, hunk, file);
        continue;
      }
    }
    i += 1;
  }
  return files;
}

/** Reads one hunk's lines by its counts (so a `+++` inside a hunk is an added line, not a header). */
function readHunk(lines: readonly string[], from: number, hunk: RegExpExecArray, file: DiffFile): number {
  let oldLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
  let newLeft = hunk[4] === undefined ? 1 : Number(hunk[4]);
  let newLine = Number(hunk[3]);
  let block: AddedBlock | undefined;
  let i = from;
  while (i < lines.length && (oldLeft > 0 || newLeft > 0)) {
    const raw = lines[i] as string;
    const line = stripCr(raw);
    const marker = line[0];
    if (marker === '+') {
      if (block === undefined) {
        block = { lines: [], lineNumbers: [] };
        file.blocks.push(block);
      }
      block.lines.push(line.slice(1));
      block.lineNumbers.push(newLine);
      file.addedChars += line.length - 1;
      newLine += 1;
      newLeft -= 1;
    } else if (marker === '-') {
      block = undefined;
      oldLeft -= 1;
    } else if (marker === '\\') {
      // "\ No newline at end of file" belongs to the line before it.
    } else if (marker === ' ' || line === '') {
      // A context line; some tools strip the single space of an empty one.
      block = undefined;
      newLine += 1;
      oldLeft -= 1;
      newLeft -= 1;
    } else break;
    i += 1;
  }
  return i;
}

/** `diff --git a/x b/y` → `y`; quoted paths (`"b/with space"`) are unquoted. */
function pathFromGitHeader(line: string): string {
  const rest = line.slice('diff --git '.length);
  const quoted = /^(?:"(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*")$/.exec(rest);
  if (quoted?.[1] !== undefined) return stripPrefix(unquote(quoted[1]));
  // Unquoted paths may contain spaces; both halves are equal for a non-rename, so split in the middle.
  const half = rest.length >> 1;
  const b = rest.indexOf(' b/', half - 2);
  return stripPrefix(b === -1 ? rest.slice(rest.lastIndexOf(' ') + 1) : rest.slice(b + 1));
}

/** `a/path\t2026-11-02 …` → `path`; `/dev/null` → undefined. */
function headerPath(text: string): string | undefined {
  const path = unquote(text.split('\t')[0]?.trimEnd() ?? '');
  if (path === '/dev/null') return undefined;
  return stripPrefix(path);
}

function stripPrefix(path: string): string {
  return /^[ab]\//.test(path) ? path.slice(2) : path;
}

/** Git quotes paths with special characters C-style: `"dir/caf\303\251.txt"`. */
function unquote(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"')) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char !== '\\') {
      bytes.push(...new TextEncoder().encode(char));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      const escapes: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', r: '\r', v: '\v' };
      bytes.push(...new TextEncoder().encode(escapes[next] ?? next));
      i += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
