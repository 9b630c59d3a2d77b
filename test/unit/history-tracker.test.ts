import { describe, expect, it } from 'vitest';
import { EVIDENT_ACTOR, HistoryTracker } from '../../engine/issues/history-tracker.ts';
import { readFingerprint } from '../../engine/issues/issue-state.ts';
import { syncIssues, type SyncItem } from '../../engine/issues/sync-issues.ts';
import { IssueHistory, remediationCycles } from '../../engine/reports/issue-history.ts';
import { findingOf, mfaResult, rulesDecision } from '../support/findings.ts';

const at = (day: number, hour: number) => new Date(Date.UTC(2026, 10, day, hour));
const item = (when: Date, failing: string[]): SyncItem => {
  const result = mfaResult(when.toISOString(), failing);
  const finding = failing.length === 0 ? undefined : findingOf(result);
  return { result, finding, evidenceKey: `2026/11/0${when.getUTCDate()}/access-control-${String(when.getUTCHours()).padStart(2, '0')}00-${'a'.repeat(64)}.json` };
};
/** A run of the sync at `when` with the tracker's clock set to it, triaged by the rules. */
const run = async (tracker: HistoryTracker, when: Date, failing: string[]) => {
  tracker.now = when;
  return syncIssues([item(when, failing)], { tracker, triage: async (finding) => ({ ...rulesDecision(finding), decidedAt: when.toISOString() }) });
};

describe('HistoryTracker', () => {
  it('keeps the issues Evident creates and lists them, with an event log dated by its clock', async () => {
    const tracker = new HistoryTracker('acme/compliance', { now: at(2, 9) });
    const created = await tracker.create({ title: 'A finding', body: 'body', labels: ['evident', 'severity:high'] });
    expect(created).toEqual({ number: 1, state: 'open', stateReason: null, title: 'A finding', body: 'body', labels: ['evident', 'severity:high'], url: 'https://github.com/acme/compliance/issues/1' });
    expect(await tracker.list()).toEqual([created]);
    expect(tracker.issue(1)?.events).toEqual([
      { kind: 'opened', at: '2026-11-02T09:00:00.000Z', actor: EVIDENT_ACTOR, byEvident: true },
      { kind: 'labeled', at: '2026-11-02T09:00:00.000Z', actor: EVIDENT_ACTOR, byEvident: true, detail: 'evident' },
      { kind: 'labeled', at: '2026-11-02T09:00:00.000Z', actor: EVIDENT_ACTOR, byEvident: true, detail: 'severity:high' },
    ]);
    expect(tracker.writes).toEqual([{ kind: 'create', number: 1, title: 'A finding', body: 'body', labels: ['evident', 'severity:high'] }]);
  });

  it('lists only issues labelled evident, open and closed', async () => {
    const tracker = new HistoryTracker('acme/compliance');
    await tracker.create({ title: 'ours', body: '', labels: ['evident'] });
    await tracker.create({ title: 'not ours', body: '', labels: ['bug'] });
    await tracker.update(1, { state: 'closed', stateReason: 'completed' });
    expect((await tracker.list()).map((i) => [i.title, i.state, i.stateReason])).toEqual([['ours', 'closed', 'completed']]);
  });

  it('records label changes, closing and reopening as events, each once', async () => {
    const tracker = new HistoryTracker('acme/compliance', { now: at(2, 9) });
    await tracker.create({ title: 't', body: 'b', labels: ['evident', 'severity:high'] });
    tracker.now = at(3, 9);
    await tracker.update(1, { title: 't2', labels: ['evident', 'severity:critical'] });
    await tracker.update(1, { state: 'closed', stateReason: 'completed' });
    await tracker.update(1, { state: 'closed', stateReason: 'completed' });
    tracker.now = at(4, 9);
    await tracker.update(1, { state: 'open', stateReason: 'reopened' });
    const issue = tracker.issue(1)!;
    expect(issue).toMatchObject({ title: 't2', labels: ['evident', 'severity:critical'], state: 'open', stateReason: 'reopened' });
    expect(issue.events.slice(3).map((e) => [e.kind, e.at.slice(0, 13), e.detail])).toEqual([
      ['labeled', '2026-11-03T09', 'severity:critical'],
      ['closed', '2026-11-03T09', 'completed'],
      ['reopened', '2026-11-04T09', undefined],
    ]);
  });

  it("tells Evident's comments from people's, and keeps people's activity out of `writes`", async () => {
    const tracker = new HistoryTracker('acme/compliance', { now: at(2, 9) });
    await tracker.create({ title: 't', body: 'b', labels: ['evident'] });
    await tracker.comment(1, 'Passes as of …');
    tracker.now = at(2, 11);
    await tracker.comment(1, 'Looking into it.', 'rosa.mendes');
    tracker.assign(1, 'rosa.mendes');
    tracker.assign(1, 'rosa.mendes');
    tracker.assign(1, 'ana.lima', 'ben.okafor');
    tracker.now = at(3, 8);
    tracker.close(1, 'ben.okafor');
    const issue = tracker.issue(1)!;
    expect(issue.comments).toEqual([
      { at: '2026-11-02T09:00:00.000Z', actor: EVIDENT_ACTOR, byEvident: true, body: 'Passes as of …' },
      { at: '2026-11-02T11:00:00.000Z', actor: 'rosa.mendes', byEvident: false, body: 'Looking into it.' },
    ]);
    expect(issue.assignees).toEqual(['rosa.mendes', 'ana.lima']);
    expect(issue.events.filter((e) => !e.byEvident).map((e) => [e.kind, e.actor, e.detail])).toEqual([
      ['commented', 'rosa.mendes', undefined],
      ['assigned', 'rosa.mendes', 'rosa.mendes'],
      ['assigned', 'ben.okafor', 'ana.lima'],
      ['closed', 'ben.okafor', 'not_planned'],
    ]);
    expect(issue.stateReason).toBe('not_planned');
    expect(tracker.writes.map((w) => w.kind)).toEqual(['create', 'comment']);
  });

  it('refuses to touch an issue that does not exist', async () => {
    const tracker = new HistoryTracker('acme/compliance');
    await expect(tracker.update(3, { title: 'x' })).rejects.toThrow('issue #3 does not exist in acme/compliance');
    expect(() => tracker.assign(3, 'ana.lima')).toThrow('issue #3 does not exist');
  });

  it('carries a finding through sync: opened, updated, closed, reopened, with the sync writes and a human response', async () => {
    const tracker = new HistoryTracker('acme/compliance');
    expect((await run(tracker, at(2, 9), ['00u5', '00u6'])).alerts.map((a) => a.kind)).toEqual(['opened']);
    tracker.now = at(2, 12);
    await tracker.comment(1, 'Reminded both users.', 'ana.lima');
    await run(tracker, at(3, 9), ['00u5']);
    expect((await run(tracker, at(4, 9), [])).alerts.map((a) => a.kind)).toEqual(['resolved']);
    expect((await run(tracker, at(5, 9), ['00u6'])).alerts.map((a) => a.kind)).toEqual(['reopened']);
    const issue = tracker.issue(1)!;
    expect(issue.state).toBe('open');
    expect(issue.events.filter((e) => e.kind !== 'labeled').map((e) => `${e.at.slice(8, 13)} ${e.kind} ${e.actor}`)).toEqual([
      '02T09 opened evident[bot]',
      '02T12 commented ana.lima',
      '03T09 commented evident[bot]',
      '04T09 commented evident[bot]',
      '04T09 closed evident[bot]',
      '05T09 reopened evident[bot]',
      '05T09 commented evident[bot]',
    ]);
    expect(tracker.writes.filter((w) => w.kind !== 'labels').map((w) => w.kind)).toEqual(['create', 'update', 'comment', 'comment', 'update', 'update', 'update', 'comment']);
  });

  it('exports the history reports read: fingerprint, control and scope from the marker, labels and body; validated', async () => {
    const tracker = new HistoryTracker('acme/compliance');
    await run(tracker, at(2, 9), ['00u5']);
    tracker.now = at(2, 10);
    tracker.assign(1, 'ana.lima');
    await run(tracker, at(3, 9), []);
    await tracker.create({ title: 'A person’s own issue', body: 'no marker', labels: ['evident'] });
    const history = tracker.exportHistory('acme/compliance', at(3, 10));
    expect(IssueHistory.parse(history)).toEqual(history);
    expect(history).toMatchObject({ schema: 'https://evident.dev/schemas/issue-history/v1', repository: 'acme/compliance', exportedAt: '2026-11-03T10:00:00.000Z' });
    expect(history.issues).toHaveLength(1);
    const [issue] = history.issues;
    expect(issue).toMatchObject({
      fingerprint: readFingerprint(tracker.issue(1)!.body),
      controlId: 'okta-mfa-enrolled',
      scope: 'acme.okta.com',
      number: 1,
      url: 'https://github.com/acme/compliance/issues/1',
      state: 'closed',
      severity: 'high',
      slaHours: 72,
      assignees: ['ana.lima'],
    });
    const [cycle] = remediationCycles(issue!, at(3, 10));
    expect(cycle).toMatchObject({ openedAt: '2026-11-02T09:00:00.000Z', firstResponseAt: '2026-11-02T10:00:00.000Z', closedAt: '2026-11-03T09:00:00.000Z', closedAs: 'completed', slaMet: true });
  });
});
