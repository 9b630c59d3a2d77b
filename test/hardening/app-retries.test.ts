/**
 * Issue #8, case 12 for the App: GitHub does not deliver a failed delivery again by itself, and
 * after a 202 it never learns of the failure. The endpoint (app/webhook-receiver.ts) does the work
 * of a delivery that failed for a reason that may pass (a 5xx) again, a bounded number of times;
 * the handlers are idempotent, so the retry writes each record, check run and issue once. A refusal
 * that waiting will not fix (403) is not retried. Octokit's own retries are off here, so one injected
 * 5xx fails an attempt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';
import { pullRequestPayload } from '../support/app-payloads.ts';
import { deliver } from '../support/webhook-delivery.ts';

let app: AppHarness;
const sha = (pr: number) => `feed${String(pr).padStart(4, '0')}${'0'.repeat(32)}`;
const to = (number: number) => ({ installation: 77, owner: 'acme', repo: 'api', number });
const cleanFile = { filename: 'src/region.ts', status: 'modified' as const, additions: 1, deletions: 1, patch: "@@ -1,1 +1,1 @@\n-export const region = 'us-east-1';\n+export const region = 'eu-west-1';" };
const RETRY_MS = 40;

function seed(number: number, merged: boolean): string {
  const head = sha(number);
  app.github.seedPullRequest('acme', 'api', {
    number,
    title: `SEC-${number} move billing to eu-west-1`,
    user: 'ana',
    head: { ref: `sec-${number}`, sha: head },
    created_at: '2026-11-02T08:00:00Z',
    commits: [{ sha: head, authors: ['ana'], committed_date: '2026-11-02T08:10:00Z' }],
    files: [cleanFile],
    ...(merged ? { state: 'closed' as const, merged_at: '2026-11-02T10:00:00Z', merged_by: 'ana' } : {}),
  });
  return head;
}

/** Polls (bounded) until `done` holds, for work the endpoint finishes after answering. */
async function eventually(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never happened: ${what}`);
}

const graphqlReads = () => app.github.requests.filter((r) => r.method === 'POST' && r.path === '/graphql').length;
const checksOf = (head: string) => app.github.checkRuns('acme', 'api').filter((run) => run.head_sha === head);
const recordsOf = async (number: number) => (await app.evidenceRecords()).filter((r) => r.kind === 'control-result' && r.result?.scope === `github:acme/api#${number}`);

beforeAll(async () => {
  app = await startAppHarness({ octokitRetries: false, receiver: { retryDelaysMs: [RETRY_MS, RETRY_MS * 2] } });
});

afterAll(async () => {
  try {
    app?.github.assertHealthy();
  } finally {
    await app?.close();
  }
});

describe('failed work is done again', { timeout: 60_000 }, () => {
  it('[case 12] a delivery whose work failed on a 5xx answers 500, and its work is done again: one check run, with the tests’ outcome', async () => {
    const head = seed(60, false);
    app.github.failNext({ method: 'POST', path: /^\/graphql$/, status: 502 });
    const result = await deliver(app.url, { event: 'pull_request', payload: pullRequestPayload(to(60), 'opened', { headSha: head }), secret: app.secret, id: 'retry-60' });
    expect(result.status).toBe(500);
    await eventually(() => app.logs.includes('endpoint info: pull_request delivery retry-60 done on retry 1'), 'the retry is done');
    // The retry replaced the first attempt's "could not complete" with the tests' outcome, on the same check run.
    expect(checksOf(head)).toHaveLength(1);
    expect(checksOf(head)[0]?.output.title).not.toMatch(/^Could not complete/);
    expect(checksOf(head)[0]?.output.title).toMatch(/change-management tests/);
    expect(app.logs).toContain('endpoint warn: pull_request delivery retry-60 will be tried again in 0 s (retry 1 of 2)');
  });

  it('[case 12] a merge whose work failed after its 202 is recorded by the retry, once per control, with one issue at most', async () => {
    const head = seed(61, true);
    // The first attempt's reads fail; it answered 202 before (a 1 ms answer timeout), so GitHub would never know.
    const fast = await startAppHarness({ octokitRetries: false, receiver: { timeoutMs: 1, retryDelaysMs: [RETRY_MS] } });
    try {
      fast.github.seedPullRequest('acme', 'api', {
        number: 61,
        title: 'SEC-61 move billing to eu-west-1',
        user: 'ana',
        head: { ref: 'sec-61', sha: head },
        created_at: '2026-11-02T08:00:00Z',
        commits: [{ sha: head, authors: ['ana'], committed_date: '2026-11-02T08:10:00Z' }],
        files: [cleanFile],
        state: 'closed',
        merged_at: '2026-11-02T10:00:00Z',
        merged_by: 'ana',
      });
      fast.github.failNext({ method: 'POST', path: /^\/graphql$/, status: 503 });
      const result = await deliver(fast.url, { event: 'pull_request', payload: pullRequestPayload(to(61), 'closed', { headSha: head, mergedAt: '2026-11-02T10:00:00Z' }), secret: fast.secret, id: 'retry-61' });
      expect(result.status).toBe(202);
      await eventually(() => fast.logs.includes('endpoint info: pull_request delivery retry-61 done on retry 1'), 'the retry is done');
      const records = (await fast.evidenceRecords()).filter((r) => r.kind === 'control-result' && r.result?.scope === 'github:acme/api#61');
      const controls = records.map((r) => r.control.id).sort();
      expect(controls.length).toBeGreaterThan(0);
      expect(new Set(controls).size).toBe(controls.length);
      expect(fast.logs.some((line) => line.startsWith('endpoint error: pull_request delivery retry-61 failed after its 202'))).toBe(true);
      expect(fast.github.issues('acme', 'compliance').filter((i) => i.title.includes('acme/api#61')).length).toBeLessThanOrEqual(1);
    } finally {
      fast.github.assertHealthy();
      await fast.close();
    }
  });

  it('[case 12] a refusal waiting will not fix (403) is not retried, and the log says how to redeliver', async () => {
    const head = seed(62, false);
    app.github.failNext({ method: 'POST', path: /^\/graphql$/, status: 403 });
    const before = graphqlReads();
    const result = await deliver(app.url, { event: 'pull_request', payload: pullRequestPayload(to(62), 'opened', { headSha: head }), secret: app.secret, id: 'no-retry-62' });
    expect(result.status).toBe(500);
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS * 5));
    expect(graphqlReads() - before).toBe(1);
    expect(app.logs.some((line) => line.startsWith('endpoint error: pull_request delivery no-retry-62 will not be retried') && line.includes('Recent Deliveries'))).toBe(true);
    expect(await recordsOf(62)).toEqual([]);
  });

  it('[case 12] work that keeps failing stops after the last retry, logged with the way to redeliver it', async () => {
    const head = seed(63, false);
    app.github.failNext({ method: 'POST', path: /^\/graphql$/, status: 502, times: 3 });
    const result = await deliver(app.url, { event: 'pull_request', payload: pullRequestPayload(to(63), 'opened', { headSha: head }), secret: app.secret, id: 'gives-up-63' });
    expect(result.status).toBe(500);
    await eventually(() => app.logs.some((line) => line.startsWith('endpoint error: pull_request delivery gives-up-63 failed after 3 attempt(s)')), 'the endpoint gives up');
    expect(app.logs.filter((line) => line.startsWith('endpoint warn: pull_request delivery gives-up-63 will be tried again'))).toHaveLength(2);
    expect(checksOf(head).map((run) => run.output.title)).toEqual(['Could not complete: the pull request could not be read']);
  });
});
