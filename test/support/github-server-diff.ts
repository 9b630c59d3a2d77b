/**
 * A pull request's unified diff, as `GET /repos/{owner}/{repo}/pulls/{n}` answers
 * `Accept: application/vnd.github.diff`: `git diff` output built from the files' patches, with the
 * headers git writes for added, removed, renamed and binary files
 * (https://git-scm.com/docs/diff-format#generate_patch_text_with_p).
 *
 * GitHub refuses the diff with a 406 past 300 files or 20,000 lines, pointing at the files API
 * (https://docs.github.com/rest/pulls/pulls#get-a-pull-request).
 */
import type { StoredPull, StoredPullFile } from './github-server-pulls.ts';
import { GitHubApiError } from './github-server-store.ts';

export const MAX_DIFF_FILES = 300;
export const MAX_DIFF_LINES = 20_000;
const FILES_DOCS = 'https://docs.github.com/rest/pulls/pulls#list-pull-requests-files';

const tooLarge = (limit: string) =>
  new GitHubApiError(
    406,
    `Sorry, the diff exceeded the maximum number of ${limit}. Consider using 'List pull requests files' API or locally cloning the repository instead.`,
    [{ resource: 'PullRequest', field: 'diff', code: 'too_large' }],
    FILES_DOCS,
  );

const ZERO = '0000000';
const short = (sha: string) => sha.slice(0, 7);

/**
 * Git's similarity index needs the file contents, which a seed does not have; this estimate is
 * 100% for a pure rename and falls with the lines changed, never under git's 50% threshold.
 */
const similarity = (file: StoredPullFile) => Math.max(50, 100 - file.additions - file.deletions);

function fileDiff(file: StoredPullFile): string {
  const from = file.previousFilename ?? file.filename;
  const lines = [`diff --git a/${from} b/${file.filename}`];
  const added = file.status === 'added';
  const removed = file.status === 'removed';
  const moved = file.status === 'renamed' || file.status === 'copied';
  const changed = !moved || file.additions + file.deletions > 0 || file.patch !== undefined;
  if (added) lines.push('new file mode 100644', `index ${ZERO}..${short(file.sha)}`);
  else if (removed) lines.push('deleted file mode 100644', `index ${short(file.baseSha)}..${ZERO}`);
  else {
    if (moved) {
      const verb = file.status === 'renamed' ? 'rename' : 'copy';
      lines.push(`similarity index ${similarity(file)}%`, `${verb} from ${from}`, `${verb} to ${file.filename}`);
    }
    if (changed) lines.push(`index ${short(file.baseSha)}..${short(file.sha)} 100644`);
  }
  const a = added ? '/dev/null' : `a/${from}`;
  const b = removed ? '/dev/null' : `b/${file.filename}`;
  if (file.binary && changed) lines.push(`Binary files ${a} and ${b} differ`);
  else if (file.patch !== undefined && file.patch !== '') lines.push(`--- ${a}`, `+++ ${b}`, file.patch.replace(/\n$/, ''));
  return `${lines.join('\n')}\n`;
}

/** The diff text, or GitHub's 406 when the pull request is too large to diff. */
export function diffOf(pull: StoredPull): string {
  if (pull.files.length > MAX_DIFF_FILES) throw tooLarge(`files (${MAX_DIFF_FILES})`);
  const text = pull.files.map(fileDiff).join('');
  const lineCount = text === '' ? 0 : text.split('\n').length - 1;
  if (lineCount > MAX_DIFF_LINES) throw tooLarge(`lines (${MAX_DIFF_LINES})`);
  return text;
}
