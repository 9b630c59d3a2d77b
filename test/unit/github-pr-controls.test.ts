/**
 * Edge cases of the pull-request controls that the JSON fixtures do not show well: review ordering,
 * unknown commits and push times, logins in another case, and the redaction of secrets.
 */
import { describe, expect, it } from 'vitest';
import { control as prApproved } from '../../engine/controls/github-pr/pr-approved.ts';
import { control as prNoSecrets } from '../../engine/controls/github-pr/pr-no-secrets.ts';
import { evaluateControl } from '../../engine/evaluate-control.ts';
import type { Control, Outcome, Snapshot } from '../../engine/model.ts';
import { PullRequestData, type PullRequestReview } from '../../engine/snapshots/github-pull-request.ts';

const HEAD = '7c2d5e8f1a4b6c9d0e3f2a1b5c8d7e6f4a3b2c1d';
const OLD = '1f4e9a0c6d2b8e7f3a5c9d1e0b4f6a2c8e7d5b3a';
const NOW = new Date('2026-11-02T09:00:00Z');

function pr(overrides: Partial<PullRequestData> = {}): PullRequestData {
  return PullRequestData.parse({
    repository: 'acme/api',
    number: 42,
    title: 'ENG-1 Fix',
    body: '',
    author: { login: 'Ana', isBot: false },
    headRefName: 'eng-1',
    baseRefName: 'main',
    headSha: HEAD,
    state: 'merged',
    draft: false,
    labels: [],
    createdAt: '2026-10-28T10:00:00Z',
    mergedAt: '2026-10-30T16:00:00Z',
    mergedBy: { login: 'Ana', isBot: false },
    mergeCommitSha: 'd4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5',
    closingIssues: [],
    commits: [
      { sha: OLD, authors: ['Ana'], committedDate: '2026-10-28T09:50:00Z', pushedAt: '2026-10-28T10:00:00Z' },
      { sha: HEAD, authors: ['Ana'], committedDate: '2026-10-29T11:00:00Z', pushedAt: null },
    ],
    lastPushAt: '2026-10-29T11:05:00Z',
    reviews: [],
    secretScan: { findings: [], filesScanned: 1, skipped: [] },
    ...overrides,
  });
}

function review(id: string, login: string, state: PullRequestReview['state'], submittedAt: string | null, commitSha: string | null): PullRequestReview {
  return { id, author: { login, isBot: false }, state, submittedAt, commitSha };
}

function run(control: Control, data: PullRequestData, params: Record<string, unknown> = {}): Outcome {
  const outcomes = control.evaluate(data, control.params.parse(params), NOW);
  expect(outcomes).toHaveLength(1);
  return outcomes[0] as Outcome;
}

describe('pr-approved', () => {
  it('treats logins case-insensitively: BEN approving a pull request by ben is a self-approval', () => {
    const outcome = run(prApproved, pr({ author: { login: 'ben', isBot: false }, reviews: [review('r1', 'BEN', 'APPROVED', '2026-10-29T15:00:00Z', HEAD)] }));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('BEN is the author (self-approval)');
  });

  it('counts an approval renewed after a dismissal, and takes the later of two reviews at the same second', () => {
    const outcome = run(
      prApproved,
      pr({
        reviews: [
          review('r1', 'ben', 'DISMISSED', '2026-10-29T12:00:00Z', OLD),
          review('r2', 'ben', 'CHANGES_REQUESTED', '2026-10-29T15:00:00Z', HEAD),
          review('r3', 'ben', 'APPROVED', '2026-10-29T15:00:00Z', HEAD),
        ],
      }),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.details).toMatchObject({ approvals: [{ reviewer: 'ben', reviewId: 'r3' }], changesRequested: [], notCounted: [] });
  });

  it('lets an approval with an unknown commit count when it came after the last push, not before', () => {
    const after = run(prApproved, pr({ reviews: [review('r1', 'ben', 'APPROVED', '2026-10-29T12:00:00Z', null)] }));
    expect(after.status).toBe('pass');
    const before = run(prApproved, pr({ reviews: [review('r1', 'ben', 'APPROVED', '2026-10-29T11:00:00Z', null)] }));
    expect(before.message).toContain('ben approved before the last push (stale)');
  });

  it('does not count an approval it cannot place: unknown commit and unknown push time', () => {
    const data = pr({ lastPushAt: null, commits: [], reviews: [review('r1', 'ben', 'APPROVED', '2026-10-29T12:00:00Z', null)] });
    const outcome = run(prApproved, data);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('the last push time is unknown');
  });

  it('ignores pushes after the merge, using the head commit’s push time to place the last push before it', () => {
    const commits = [
      { sha: OLD, authors: ['Ana'], committedDate: '2026-10-28T09:50:00Z', pushedAt: '2026-10-28T10:00:00Z' },
      { sha: HEAD, authors: ['Ana'], committedDate: '2026-10-29T11:00:00Z', pushedAt: '2026-10-29T11:05:00Z' },
    ];
    const data = pr({ lastPushAt: '2026-10-31T10:00:00Z', commits, reviews: [review('r1', 'ben', 'APPROVED', '2026-10-29T12:00:00Z', null)] });
    const outcome = run(prApproved, data);
    expect(outcome.status).toBe('pass');
    expect(outcome.details).toMatchObject({ lastPushAt: '2026-10-29T11:05:00.000Z', asOf: '2026-10-30T16:00:00.000Z' });
  });

  it('does not guess the last push from earlier commits when the head commit’s push time is unknown', () => {
    // The first commit was pushed on the 28th, but the head commit could have been pushed after the approval.
    const data = pr({ lastPushAt: '2026-10-31T10:00:00Z', reviews: [review('r1', 'ben', 'APPROVED', '2026-10-29T12:00:00Z', null)] });
    const outcome = run(prApproved, data);
    expect(outcome.status).toBe('fail');
    expect(outcome.details).toMatchObject({ lastPushAt: null });
  });

  it('does not count an approval from a deleted account', () => {
    const outcome = run(prApproved, pr({ reviews: [review('r1', 'ghost', 'APPROVED', '2026-10-29T15:00:00Z', HEAD)] }));
    expect(outcome.message).toContain('an approval from a deleted account (ghost) cannot be attributed');
  });

  it('recognizes a bot by its [bot] login even when the flag is missing, and can count it when configured', () => {
    const data = pr({ reviews: [review('r1', 'approver[bot]', 'APPROVED', '2026-10-29T15:00:00Z', HEAD)] });
    expect(run(prApproved, data).message).toContain('approver[bot] is a bot');
    expect(run(prApproved, data, { countBotApprovals: true }).status).toBe('pass');
  });

  it('names each late approver once', () => {
    const data = pr({
      reviews: [review('r1', 'ben', 'APPROVED', '2026-10-31T10:00:00Z', HEAD), review('r2', 'ben', 'APPROVED', '2026-10-31T11:00:00Z', HEAD)],
    });
    expect(run(prApproved, data).message).toBe('acme/api#42 was merged with 0 valid approvals of 1 required: ben approved after the merge (not counted).');
  });

  it('says when a pull request had only comments', () => {
    const data = pr({ reviews: [review('r1', 'ben', 'COMMENTED', '2026-10-29T15:00:00Z', HEAD)] });
    expect(run(prApproved, data).message).toBe('acme/api#42 was merged with 0 valid approvals of 1 required: only comments before the merge.');
  });

  it('ignores a change request by the author', () => {
    const data = pr({
      reviews: [review('r1', 'Ana', 'CHANGES_REQUESTED', '2026-10-29T14:00:00Z', HEAD), review('r2', 'ben', 'APPROVED', '2026-10-29T15:00:00Z', HEAD)],
    });
    expect(run(prApproved, data).status).toBe('pass');
  });

  it('rejects a snapshot whose state and mergedAt disagree', () => {
    expect(PullRequestData.safeParse({ ...pr(), mergedAt: null }).success).toBe(false);
    expect(PullRequestData.safeParse({ ...pr(), state: 'open' }).success).toBe(false);
  });
});

describe('pr-no-secrets', () => {
  const finding = { rule: 'aws-access-key-id', file: 'a.env', line: 1, column: 1, fingerprint: 'fp', allowed: false };

  it('never lets more than 4 characters of a secret through, even if handed an unredacted value', () => {
    // Bypasses the schema on purpose: the control cuts again before anything is written.
    const data = { ...pr(), secretScan: { findings: [{ ...finding, redacted: 'ABCDEFGHIJKLMNOP…' }], filesScanned: 1, skipped: [] } };
    const outcome = run(prNoSecrets, data as PullRequestData);
    expect(outcome.status).toBe('fail');
    expect(JSON.stringify(outcome)).not.toContain('ABCDE');
    expect(outcome.message).toContain('aws-access-key-id at a.env:1 (ABCD…)');
  });

  it('keeps the secret out of the result when the snapshot is rejected', () => {
    const snapshot: Snapshot = {
      source: 'github-pull-request',
      scope: 'github:acme/api#42',
      collectedAt: '2026-11-02T09:00:00Z',
      collector: { name: 'test', parameters: {} },
      parts: { pullRequest: { complete: true, count: 1 }, diff: { complete: true, count: 1 } },
      data: { ...pr(), secretScan: { findings: [{ ...finding, redacted: 'ABCDEFGHIJKLMNOP' }], filesScanned: 1, skipped: [] } },
    };
    const result = evaluateControl(prNoSecrets, snapshot);
    expect(result.status).toBe('error');
    expect(JSON.stringify(result)).not.toContain('ABCDE');
  });

  it('lists at most 5 findings in the message and all of them in the details', () => {
    const findings = Array.from({ length: 7 }, (_, i) => ({ ...finding, line: i + 1, redacted: 'AKIA…' }));
    const outcome = run(prNoSecrets, pr({ secretScan: { findings, filesScanned: 1, skipped: [] } }));
    expect(outcome.message).toContain('a.env:5 (AKIA…) and 2 more');
    expect((outcome.details as { findings: unknown[] }).findings).toHaveLength(7);
  });
});
