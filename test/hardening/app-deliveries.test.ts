/**
 * Issue #8, cases 2 and 3: deliveries replayed, delivered twice at once, or out of order. The app
 * (in this process, behind the webhook endpoint app/server.ts runs) must write each evidence record,
 * check run and issue once, and decide from the pull request as the API shows it, never from a stale
 * payload. The loopback GitHub holds the truth each test sets up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';
import { pullRequestPayload, reviewPayload } from '../support/app-payloads.ts';
import { deliver } from '../support/webhook-delivery.ts';

let app: AppHarness;
const sha = (pr: number, n = 1) => `c0ffee${String(pr).padStart(4, '0')}${String(n).padStart(30, '0')}`;
const MERGED_AT = '2026-11-02T10:00:00Z';
const to = (number: number) => ({ installation: 77, owner: 'acme', repo: 'api', number });
const cleanFile = { filename: 'src/region.ts', status: 'modified' as const, additions: 1, deletions: 1, patch: "@@ -1,1 +1,1 @@\n-export const region = 'us-east-1';\n+export const region = 'eu-west-1';" };

/** A pull request on acme/api with a linked ticket and no secret; merged at MERGED_AT unless `open`. */
function seed(number: number, options: { open?: boolean; closed?: boolean; approvedBy?: string; heads?: number } = {}) {
  const heads = Array.from({ length: options.heads ?? 1 }, (_, i) => sha(number, i + 1));
  const head = heads.at(-1)!;
  const merged = options.open !== true && options.closed !== true;
  app.github.seedPullRequest('acme', 'api', {
    number,
    title: `SEC-${number} move billing to eu-west-1`,
    user: 'ana',
    head: { ref: `sec-${number}`, sha: head },
    created_at: '2026-11-02T08:00:00Z',
    commits: heads.map((s, i) => ({ sha: s, authors: ['ana'], committed_date: `2026-11-02T08:${String(10 + i).padStart(2, '0')}:00Z` })),
    files: [cleanFile],
    reviews: options.approvedBy === undefined ? [] : [{ user: options.approvedBy, state: 'APPROVED', commit_id: head, submitted_at: '2026-11-02T09:30:00Z' }],
    ...(merged ? { state: 'closed' as const, merged_at: MERGED_AT, merged_by: 'ana' } : options.closed ? { state: 'closed' as const, closed_at: '2026-11-02T09:45:00Z' } : {}),
  });
  return { head, heads };
}

const scoped = async (number: number) => (await app.evidenceRecords()).filter((r) => (r.result?.scope ?? r.finding?.scope) === `github:acme/api#${number}`);
const resultsOf = async (number: number) => (await scoped(number)).filter((r) => r.kind === 'control-result').map((r) => `${r.control.id} ${r.result.status}`).sort();
const issuesOf = (number: number) => app.github.issues('acme', 'compliance').filter((i) => i.title.includes(`acme/api#${number}`));
const checksOf = (head: string) => app.github.checkRuns('acme', 'api').filter((run) => run.head_sha === head);

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

describe('replayed and concurrent deliveries', { timeout: 60_000 }, () => {
  it('[case 2] the same pull_request.opened delivered twice at once makes one check run', async () => {
    const { head } = seed(30, { open: true });
    const payload = pullRequestPayload(to(30), 'opened', { headSha: head });
    const results = await Promise.all([1, 2].map(() => deliver(app.url, { event: 'pull_request', payload, secret: app.secret, id: 'opened-30' })));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(checksOf(head)).toHaveLength(1);
    expect(checksOf(head)[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });

  it('[case 2] the same merge delivered twice at once writes each evidence record once and opens one issue', async () => {
    const { head } = seed(31);
    const payload = pullRequestPayload(to(31), 'closed', { headSha: head, mergedAt: MERGED_AT });
    const results = await Promise.all([1, 2].map(() => deliver(app.url, { event: 'pull_request', payload, secret: app.secret, id: 'merge-31' })));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(await resultsOf(31)).toEqual(['pr-approved fail', 'pr-no-secrets pass', 'pr-ticket-linked pass']);
    expect((await scoped(31)).filter((r) => r.kind === 'triage-decision')).toHaveLength(1);
    expect(issuesOf(31).map((i) => i.state)).toEqual(['open']);
  });

  it('[case 2] a merge delivery replayed later, and again at once with the opened delivery, writes nothing new: one record per test, one issue, one check run', async () => {
    const { head } = seed(32);
    const merge = pullRequestPayload(to(32), 'closed', { headSha: head, mergedAt: MERGED_AT });
    const opened = pullRequestPayload(to(32), 'opened', { headSha: head });
    expect((await deliver(app.url, { event: 'pull_request', payload: merge, secret: app.secret, id: 'merge-32' })).status).toBe(200);
    expect((await deliver(app.url, { event: 'pull_request', payload: opened, secret: app.secret, id: 'opened-32' })).status).toBe(200);
    const files = await app.evidenceFiles();
    const issues = issuesOf(32);
    expect(issues).toHaveLength(1);
    const comments = app.github.comments('acme', 'compliance', issues[0]!.number).length;

    const replays = await Promise.all([
      deliver(app.url, { event: 'pull_request', payload: merge, secret: app.secret, id: 'merge-32' }),
      deliver(app.url, { event: 'pull_request', payload: merge, secret: app.secret, id: 'merge-32' }),
      deliver(app.url, { event: 'pull_request', payload: opened, secret: app.secret, id: 'opened-32' }),
    ]);
    expect(replays.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await app.evidenceFiles()).toEqual(files);
    expect(issuesOf(32)).toEqual(issues);
    expect(app.github.comments('acme', 'compliance', issues[0]!.number)).toHaveLength(comments);
    expect(checksOf(head)).toHaveLength(1);
  });
});

describe('deliveries out of order', { timeout: 60_000 }, () => {
  it('[case 3] opened and synchronize delivered after the merge, naming an older head, check the head the API reports and record nothing', async () => {
    const { head, heads } = seed(40, { approvedBy: 'ben', heads: 2 });
    const stale = heads[0]!;
    expect((await deliver(app.url, { event: 'pull_request', payload: pullRequestPayload(to(40), 'closed', { headSha: head, mergedAt: MERGED_AT }), secret: app.secret })).status).toBe(200);
    const files = await app.evidenceFiles();
    expect(await resultsOf(40)).toEqual(['pr-approved pass', 'pr-no-secrets pass', 'pr-ticket-linked pass']);

    for (const action of ['opened', 'synchronize'] as const) {
      expect((await deliver(app.url, { event: 'pull_request', payload: pullRequestPayload(to(40), action, { headSha: stale }), secret: app.secret })).status).toBe(200);
    }
    expect(checksOf(stale)).toEqual([]);
    expect(checksOf(head)).toHaveLength(1);
    expect(checksOf(head)[0]).toMatchObject({ conclusion: 'success', output: { title: 'All 3 change-management tests pass' } });
    expect(await app.evidenceFiles()).toEqual(files);
  });

  it('[case 3] an approval submitted after the merge, delivered with a stale payload that shows the pull request open, is judged from the API as the post-merge review', async () => {
    const { head } = seed(41);
    expect((await deliver(app.url, { event: 'pull_request', payload: pullRequestPayload(to(41), 'closed', { headSha: head, mergedAt: MERGED_AT }), secret: app.secret })).status).toBe(200);
    const [issue] = issuesOf(41);
    expect(issue?.state).toBe('open');

    app.github.addReview('acme', 'api', 41, { user: 'ben', state: 'APPROVED', submitted_at: '2026-11-02T12:00:00Z', commit_id: head });
    const review = reviewPayload(to(41), { state: 'approved', submittedAt: '2026-11-02T12:00:00Z', commitId: head, headSha: head, prMergedAt: null });
    expect((await deliver(app.url, { event: 'pull_request_review', payload: review, secret: app.secret })).status).toBe(200);

    expect(issuesOf(41).map((i) => [i.state, i.state_reason])).toEqual([['closed', 'completed']]);
    expect(checksOf(head)).toEqual([]);
    expect(await resultsOf(41)).toEqual(['pr-approved fail', 'pr-approved pass', 'pr-no-secrets pass', 'pr-ticket-linked pass']);
  });

  it('[case 3] an approval from before the merge, delivered after it, changes no record: the merge was judged with it', async () => {
    const { head } = seed(42, { approvedBy: 'ben' });
    expect((await deliver(app.url, { event: 'pull_request', payload: pullRequestPayload(to(42), 'closed', { headSha: head, mergedAt: MERGED_AT }), secret: app.secret })).status).toBe(200);
    const files = await app.evidenceFiles();
    const review = reviewPayload(to(42), { state: 'approved', submittedAt: '2026-11-02T09:30:00Z', commitId: head, headSha: head, prMergedAt: MERGED_AT });
    expect((await deliver(app.url, { event: 'pull_request_review', payload: review, secret: app.secret })).status).toBe(200);
    expect(await app.evidenceFiles()).toEqual(files);
    expect(await resultsOf(42)).toEqual(['pr-approved pass', 'pr-no-secrets pass', 'pr-ticket-linked pass']);
    expect(issuesOf(42)).toEqual([]);
  });

  it('[case 3] a merge delivered for a pull request the API shows open records nothing and opens no issue', async () => {
    const { head } = seed(43, { open: true });
    const claimed = pullRequestPayload(to(43), 'closed', { headSha: head, mergedAt: MERGED_AT });
    expect((await deliver(app.url, { event: 'pull_request', payload: claimed, secret: app.secret })).status).toBe(200);
    expect(await scoped(43)).toEqual([]);
    expect(issuesOf(43)).toEqual([]);
    expect(app.logs).toContain('warn: acme/api#43: a merge was delivered but the API shows the pull request open; nothing recorded');
  });

  it('[case 3] a review submitted after the pull request was closed unmerged, delivered with a payload that shows it open, gives a check that skips the approval test and records nothing', async () => {
    const { head } = seed(44, { closed: true });
    app.github.addReview('acme', 'api', 44, { user: 'ben', state: 'APPROVED', submitted_at: '2026-11-02T12:00:00Z', commit_id: head });
    const review = reviewPayload(to(44), { state: 'approved', submittedAt: '2026-11-02T12:00:00Z', commitId: head, headSha: head, prMergedAt: null });
    expect((await deliver(app.url, { event: 'pull_request_review', payload: review, secret: app.secret })).status).toBe(200);
    const [run] = checksOf(head);
    expect(run?.conclusion).toBe('success');
    expect(run?.output.summary).toContain('| Independent approval | ➖ skipped | acme/api#44 was closed without being merged');
    expect(await scoped(44)).toEqual([]);
    expect(issuesOf(44)).toEqual([]);
  });
});
