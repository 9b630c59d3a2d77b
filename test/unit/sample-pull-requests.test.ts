import { describe, expect, it } from 'vitest';
import { catalog } from '../../engine/controls/index.ts';
import { samplePullRequestSnapshots } from '../../engine/demo/sample-organization/github-pull-requests.ts';
import { evaluateControl } from '../../engine/evaluate-control.ts';
import { Snapshot } from '../../engine/model.ts';
import { githubPullRequestSource, PullRequestData } from '../../engine/snapshots/github-pull-request.ts';

const githubPrControls = catalog.filter((control) => control.source.id === 'github-pull-request');

const collectedAt = new Date('2026-11-02T09:00:00Z');
const snapshots = samplePullRequestSnapshots(collectedAt);

describe('sample pull requests', () => {
  it('validate against the snapshot and source schemas, complete and collected by the sample collector', () => {
    expect(snapshots.length).toBeGreaterThanOrEqual(10);
    for (const snapshot of snapshots) {
      expect(Snapshot.parse(snapshot)).toEqual(snapshot);
      expect(snapshot.source).toBe('github-pull-request');
      expect(snapshot.collector.name).toBe('sample');
      expect(snapshot.collectedAt).toBe(collectedAt.toISOString());
      expect(Object.keys(snapshot.parts).sort()).toEqual([...githubPullRequestSource.parts].sort());
      expect(Object.values(snapshot.parts).every((part) => part.complete)).toBe(true);
      const data = githubPullRequestSource.data.parse(snapshot.data);
      expect(snapshot.scope).toBe(`github:${data.repository}#${data.number}`);
    }
    expect(new Set(snapshots.map((s) => s.scope)).size).toBe(snapshots.length);
  });

  it('cover acme/api, acme/web and acme/infra', () => {
    const repositories = new Set(snapshots.map((s) => PullRequestData.parse(s.data).repository));
    expect([...repositories].sort()).toEqual(['acme/api', 'acme/infra', 'acme/web']);
  });

  it('describe only moments before the collection', () => {
    for (const snapshot of snapshots) {
      const data = PullRequestData.parse(snapshot.data);
      const times = [
        data.createdAt,
        data.mergedAt,
        data.lastPushAt,
        ...data.commits.flatMap((c) => [c.committedDate, c.pushedAt]),
        ...data.reviews.map((r) => r.submittedAt),
      ].filter((t): t is string => t !== null);
      for (const time of times) expect(Date.parse(time), `${snapshot.scope} ${time}`).toBeLessThan(collectedAt.getTime());
    }
  });

  it('are deterministic', () => {
    expect(samplePullRequestSnapshots(new Date(collectedAt))).toEqual(snapshots);
  });

  it('never hold more than 4 characters of a secret', () => {
    for (const snapshot of snapshots) {
      for (const finding of PullRequestData.parse(snapshot.data).secretScan.findings) {
        expect([...finding.redacted.replace('…', '')].length).toBeLessThanOrEqual(4);
      }
    }
  });

  it('give the planned result for each control on each pull request', () => {
    const table = Object.fromEntries(
      snapshots.map((snapshot) => [snapshot.scope, Object.fromEntries(githubPrControls.map((c) => [c.id, evaluateControl(c, snapshot).status]))]),
    );
    expect(table).toEqual({
      'github:acme/api#412': { 'pr-approved': 'pass', 'pr-no-secrets': 'pass', 'pr-ticket-linked': 'pass' },
      'github:acme/api#415': { 'pr-approved': 'fail', 'pr-no-secrets': 'pass', 'pr-ticket-linked': 'pass' },
      'github:acme/api#417': { 'pr-approved': 'fail', 'pr-no-secrets': 'pass', 'pr-ticket-linked': 'pass' },
      'github:acme/api#420': { 'pr-approved': 'pass', 'pr-no-secrets': 'fail', 'pr-ticket-linked': 'pass' },
      'github:acme/web#1203': { 'pr-approved': 'fail', 'pr-no-secrets': 'pass', 'pr-ticket-linked': 'pass' },
      'github:acme/web#1207': { 'pr-approved': 'pass', 'pr-no-secrets': 'pass', 'pr-ticket-linked': 'fail' },
      'github:acme/web#1209': { 'pr-approved': 'pass', 'pr-no-secrets': 'pass', 'pr-ticket-linked': 'fail' },
      'github:acme/web#1211': { 'pr-approved': 'pass', 'pr-no-secrets': 'pass', 'pr-ticket-linked': 'pass' },
      'github:acme/infra#88': { 'pr-approved': 'pass', 'pr-no-secrets': 'pass', 'pr-ticket-linked': 'pass' },
      'github:acme/infra#91': { 'pr-approved': 'pass', 'pr-no-secrets': 'pass', 'pr-ticket-linked': 'pass' },
    });
  });

  it('make every pull-request control fail on at least one sample and pass on at least one', () => {
    for (const control of githubPrControls) {
      const statuses = snapshots.map((snapshot) => evaluateControl(control, snapshot).status);
      expect(statuses, control.id).toContain('fail');
      expect(statuses, control.id).toContain('pass');
    }
  });

  it('show each planned failure for the reason intended', () => {
    const message = (scope: string, controlId: string) => {
      const snapshot = snapshots.find((s) => s.scope === scope);
      const control = githubPrControls.find((c) => c.id === controlId);
      if (snapshot === undefined || control === undefined) throw new Error(`no ${scope} or ${controlId}`);
      return evaluateControl(control, snapshot).outcomes.map((o) => o.message).join(' ');
    };
    expect(message('github:acme/api#415', 'pr-approved')).toContain('0 valid approvals of 1 required: no reviews before the merge');
    expect(message('github:acme/api#417', 'pr-approved')).toContain('carla.rossi is the author (self-approval)');
    expect(message('github:acme/web#1203', 'pr-approved')).toContain('ines.garcia approved before the last push (stale)');
    expect(message('github:acme/api#420', 'pr-no-secrets')).toContain('aws-access-key-id at src/billing/export.ts:18 (AKIA…)');
    expect(message('github:acme/web#1207', 'pr-ticket-linked')).toContain('references no ticket');
    expect(message('github:acme/web#1209', 'pr-ticket-linked')).toContain('ignored a look-alike reference: "\u0415NG-450" in the title reads as ENG-450');
  });
});
