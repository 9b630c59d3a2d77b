/**
 * Issue #8, case 7: files the secret scanner cannot read never make the secrets test pass. Past
 * GitHub's 3,000-file listing, or a file GitHub gives no patch for, the test errors (added text went
 * unread); binary files and Git LFS files (the diff holds only the pointer) are listed as skipped with
 * their reason, never counted as scanned, and a pull request of nothing else is `skipped`. Driven
 * through the app (in this process, behind the endpoint app/server.ts runs) against the loopback
 * GitHub, which refuses the diff past 300 files and lists at most 3,000, as GitHub does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';
import { pullRequestPayload } from '../support/app-payloads.ts';
import type { PullFileSeed } from '../support/github-server.ts';
import { deliver } from '../support/webhook-delivery.ts';

let app: AppHarness;
const MERGED_AT = '2026-11-02T10:00:00Z';
const sha = (pr: number) => `c0ffee${String(pr).padStart(4, '0')}${'0'.repeat(30)}`;
const oid = (n: number) => n.toString(16).padStart(64, 'a');

const code = (i: number): PullFileSeed => ({ filename: `src/module-${i}.ts`, status: 'added', additions: 1, deletions: 0, patch: `@@ -0,0 +1 @@\n+export const value${i} = ${i};` });
const binary: PullFileSeed = { filename: 'docs/diagram.png', status: 'added', additions: 0, deletions: 0 };
const newPointer: PullFileSeed = {
  filename: 'models/classifier.onnx',
  status: 'added',
  additions: 3,
  deletions: 0,
  patch: `@@ -0,0 +1,3 @@\n+version https://git-lfs.github.com/spec/v1\n+oid sha256:${oid(1)}\n+size 48213`,
};
const changedPointer: PullFileSeed = {
  filename: 'data/fixtures.sqlite',
  status: 'modified',
  additions: 2,
  deletions: 2,
  patch: `@@ -1,3 +1,3 @@\n version https://git-lfs.github.com/spec/v1\n-oid sha256:${oid(2)}\n-size 100\n+oid sha256:${oid(3)}\n+size 200`,
};

/** A merged pull request, approved and ticketed, so only the secrets test is in question. */
function seed(number: number, files: PullFileSeed[]): string {
  const head = sha(number);
  app.github.seedPullRequest('acme', 'api', {
    number,
    title: `SEC-${number} vendor the SDK`,
    user: 'ana',
    head: { ref: `sec-${number}`, sha: head },
    created_at: '2026-11-02T08:00:00Z',
    commits: [{ sha: head, authors: ['ana'], committed_date: '2026-11-02T08:30:00Z' }],
    reviews: [{ user: 'ben', state: 'APPROVED', commit_id: head, submitted_at: '2026-11-02T09:30:00Z' }],
    files,
    state: 'closed',
    merged_at: MERGED_AT,
    merged_by: 'ana',
  });
  return head;
}

/** Delivers the merge and a (late) opened event; returns the recorded pr-no-secrets result and the head's check run. */
async function deliverAndRead(number: number) {
  const head = sha(number);
  const to = { installation: 77, owner: 'acme', repo: 'api', number };
  for (const [action, mergedAt] of [['closed', MERGED_AT], ['opened', null]] as const) {
    const result = await deliver(app.url, { event: 'pull_request', payload: pullRequestPayload(to, action, { headSha: head, mergedAt }), secret: app.secret });
    expect(result.status).toBe(200);
  }
  const records = (await app.evidenceRecords()).filter((r) => r.kind === 'control-result' && r.result.scope === `github:acme/api#${number}`);
  const secrets = records.find((r) => r.control.id === 'pr-no-secrets');
  expect(records.map((r) => r.control.id).sort()).toEqual(['pr-approved', 'pr-no-secrets', 'pr-ticket-linked']);
  const runs = app.github.checkRuns('acme', 'api').filter((run) => run.head_sha === head);
  expect(runs).toHaveLength(1);
  return { result: secrets!.result, details: secrets!.result.outcomes[0]?.details as Record<string, any> | undefined, check: runs[0]!, issues: app.github.issues('acme', 'compliance').filter((i) => i.title.includes(`acme/api#${number}`)) };
}

beforeAll(async () => {
  app = await startAppHarness();
});

afterAll(async () => {
  try {
    app?.github.assertHealthy();
  } finally {
    await app?.close();
  }
});

// Generous bounds for a loaded 2-core machine: these are limits on a hang, not timings.
describe('pull requests the scanner cannot read in full', { timeout: 120_000 }, () => {
  it('[case 7] more than 3,000 files: the secrets test errors (GitHub lists 3,000), the check does not pass, and the merge is recorded as error', async () => {
    seed(50, Array.from({ length: 3005 }, (_, i) => code(i)));
    const { result, check, issues } = await deliverAndRead(50);
    expect(result.status).toBe('error');
    expect(result.reason).toContain('GitHub lists 3000 of the 3005 changed files');
    expect(check).toMatchObject({ conclusion: 'failure', output: { title: 'Could not complete: No hardcoded secrets' } });
    // An error is not a failure to remediate, and never closes or passes anything.
    expect(issues).toEqual([]);
  });

  it('[case 7] files GitHub gives no patch for (the diff too large to render) make the secrets test error, naming each file', async () => {
    const huge: PullFileSeed = { filename: 'src/generated/schema.ts', status: 'added', additions: 25_000, deletions: 0, binary: false };
    seed(51, [...Array.from({ length: 300 }, (_, i) => code(i)), huge]);
    const { result, details, check } = await deliverAndRead(51);
    expect(result.status).toBe('error');
    expect(details?.unscannedFiles).toEqual([{ file: 'src/generated/schema.ts', reason: 'no-patch' }]);
    expect(details?.filesScanned).toBe(300);
    expect(check.conclusion).toBe('failure');
  });

  it('[case 7] a binary file is never counted as scanned: listed as skipped (binary); a pull request of nothing but binary files is skipped, never passed', async () => {
    seed(52, [binary]);
    const alone = await deliverAndRead(52);
    expect(alone.result.status).toBe('skipped');
    expect(alone.details).toMatchObject({ filesScanned: 0, binaryFiles: ['docs/diagram.png'] });
    expect(alone.check).toMatchObject({ conclusion: 'success', output: { title: '2 of 3 change-management tests pass; skipped: No hardcoded secrets' } });
    expect(alone.check.output.summary).toContain('| No hardcoded secrets | ➖ skipped | acme/api#52 adds no text that could be scanned for secrets: 0 files scanned; 1 binary file not scanned: docs/diagram.png. |');

    // Beside code, the code is scanned and the binary file is still named as not scanned.
    seed(53, [code(1), binary]);
    const mixed = await deliverAndRead(53);
    expect(mixed.details).toMatchObject({ filesScanned: 1, binaryFiles: ['docs/diagram.png'] });
    expect(mixed.result.outcomes[0].message).toBe('acme/api#53 adds no secret: 1 file scanned; 1 binary file not scanned: docs/diagram.png.');
  });

  it('[case 7] a Git LFS file is listed as skipped (lfs), its pointer never scanned in its place; a pull request of nothing but LFS files is skipped, never passed', async () => {
    seed(54, [newPointer, changedPointer]);
    const alone = await deliverAndRead(54);
    expect(alone.result.status).toBe('skipped');
    expect(alone.details).toMatchObject({ filesScanned: 0, lfsFiles: ['models/classifier.onnx', 'data/fixtures.sqlite'] });
    expect(alone.check.output.title).toBe('2 of 3 change-management tests pass; skipped: No hardcoded secrets');

    // Read through the files API (over 300 files) the same way, beside a file without a patch.
    const huge: PullFileSeed = { filename: 'src/generated/schema.ts', status: 'added', additions: 25_000, deletions: 0, binary: false };
    seed(55, [...Array.from({ length: 300 }, (_, i) => code(i)), newPointer, huge]);
    const large = await deliverAndRead(55);
    expect(large.result.status).toBe('error');
    expect(large.details).toMatchObject({ filesScanned: 300, lfsFiles: ['models/classifier.onnx'], unscannedFiles: [{ file: 'src/generated/schema.ts', reason: 'no-patch' }] });
  });
});
