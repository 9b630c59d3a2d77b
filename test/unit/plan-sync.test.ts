import { describe, expect, it } from 'vitest';
import { readFingerprint, readState } from '../../engine/issues/issue-state.ts';
import { planIssueSync, type IssueOperation, type TrackedIssue } from '../../engine/issues/plan-sync.ts';
import { findingOf, mfaResult, rulesDecision } from '../support/findings.ts';

const at = (hour: number) => `2026-11-02T${String(hour).padStart(2, '0')}:00:00Z`;
const failingAt = (hour: number, users: string[]) => {
  const result = mfaResult(at(hour), users);
  const finding = findingOf(result, `2026/11/02/access-control-${String(hour).padStart(2, '0')}00-${'c'.repeat(64)}.json`);
  return { result, finding, decision: rulesDecision(finding), evidenceKey: finding.evidence[0] };
};
/** The issue a create (or the last update) would leave behind. */
const issueFrom = (operations: IssueOperation[], number = 7, state: 'open' | 'closed' = 'open', stateReason: string | null = null): TrackedIssue => {
  const write = [...operations].reverse().find((op) => op.kind === 'create' || op.kind === 'update' || op.kind === 'close') as { title?: string; body: string };
  return { number, state, stateReason, title: write.title ?? 'x', body: write.body, labels: ['evident'], url: `https://github.test/acme/compliance/issues/${number}` };
};

describe('planIssueSync', () => {
  const first = failingAt(9, ['00u5', '00u6']);
  const created = planIssueSync(first);
  const issue = issueFrom(created.operations);

  it('opens one issue for a first failure, with the marker, labels, checklist, SLA and evidence', () => {
    expect(created.alert).toBe('opened');
    expect(created.operations).toHaveLength(1);
    const [create] = created.operations;
    if (create?.kind !== 'create') throw new Error('expected a create');
    expect(create.title).toBe('CC6.1 okta-mfa-enrolled: 2 of 4 users who can sign in without an active MFA factor (acme.okta.com)');
    expect(create.labels.map((l) => l.name)).toEqual(['evident', 'severity:high', 'sla:72h', 'control:okta-mfa-enrolled', 'soc2:CC6.1', 'iso27001:A.5.17', 'iso27001:A.8.5', 'triage:rules']);
    expect(readFingerprint(create.body)).toBe(first.finding.fingerprint);
    expect(create.body).toContain('- [ ] Ask each listed user to enroll an MFA factor');
    expect(create.body).toContain('by **2026-11-05 09:00 UTC**');
    expect(create.body).toContain(first.evidenceKey);
    expect(readState(create.body)).toMatchObject({ failing: ['00u5', '00u6'], since: at(9), lastStatus: 'fail', severity: 'high' });
  });

  it('writes nothing when the same resources still fail an hour later', () => {
    expect(planIssueSync({ ...failingAt(10, ['00u5', '00u6']), issue }).operations).toEqual([]);
  });

  it('updates the body and comments with what changed when the failing set changes, checking off fixed resources', () => {
    const plan = planIssueSync({ ...failingAt(11, ['00u6', '00u7']), issue });
    expect(plan.operations.map((op) => op.kind)).toEqual(['update', 'comment']);
    const [update, comment] = plan.operations as [Extract<IssueOperation, { kind: 'update' }>, Extract<IssueOperation, { kind: 'comment' }>];
    expect(comment.body).toContain('Newly failing (1): `00u7`');
    expect(comment.body).toContain('Fixed (1): `00u5`');
    expect(update.body).toContain('- [x] `00u5` passes since 2026-11-02 11:00 UTC');
    expect(readState(update.body)).toMatchObject({ failing: ['00u6', '00u7'], since: at(9), fixed: [{ resource: '00u5', at: at(11) }] });
    expect(plan.alert).toBe('changed');
  });

  it('closes as completed with a comment naming the passing evidence when the control passes', () => {
    const result = mfaResult(at(12), []);
    const plan = planIssueSync({ result, issue, evidenceKey: '2026/11/02/access-control-1200-pass.json' });
    expect(plan.operations.map((op) => op.kind)).toEqual(['comment', 'close']);
    expect((plan.operations[0] as { body: string }).body).toContain('Passes as of 2026-11-02 12:00 UTC');
    expect((plan.operations[0] as { body: string }).body).toContain('2026/11/02/access-control-1200-pass.json');
    expect(readState((plan.operations[1] as { body: string }).body)).toMatchObject({ lastStatus: 'pass', failing: [] });
    expect(plan.alert).toBe('resolved');
  });

  it('reopens a closed issue with a comment when the control fails again, and restarts the SLA', () => {
    const closed = { ...issue, state: 'closed' as const, stateReason: 'completed' };
    const plan = planIssueSync({ ...failingAt(14, ['00u5']), issue: closed });
    expect(plan.operations.map((op) => op.kind)).toEqual(['reopen', 'update', 'comment']);
    expect(readState((plan.operations[1] as { body: string }).body)?.since).toBe(at(14));
    expect(plan.alert).toBe('reopened');
  });

  it('leaves an issue closed as not planned (risk accepted) closed', () => {
    const accepted = { ...issue, state: 'closed' as const, stateReason: 'not_planned' };
    expect(planIssueSync({ ...failingAt(14, ['00u5']), issue: accepted }).operations).toEqual([]);
  });

  it('comments once per error streak and changes nothing else; a later failure only refreshes the state', () => {
    const result = { ...mfaResult(at(13), ['00u5']), status: 'error' as const, reason: 'factors read only in part (429 after 3 retries)' };
    const plan = planIssueSync({ result, issue });
    expect(plan.operations.map((op) => op.kind)).toEqual(['comment', 'update']);
    expect((plan.operations[0] as { body: string }).body).toContain('Could not test as of 2026-11-02 13:00 UTC: factors read only in part');
    const update = plan.operations[1] as Extract<IssueOperation, { kind: 'update' }>;
    expect(update.labels).toBeUndefined();
    expect(readState(update.body)).toMatchObject({ lastStatus: 'error', failing: ['00u5', '00u6'] });
    const erroring = { ...issue, body: update.body };
    expect(planIssueSync({ result: { ...result, effectiveAt: at(14) }, issue: erroring }).operations).toEqual([]);
    const again = planIssueSync({ ...failingAt(15, ['00u5', '00u6']), issue: erroring });
    expect(again.operations.map((op) => op.kind)).toEqual(['update']);
    expect(again.alert).toBeUndefined();
  });

  it('never opens an issue for an error or a pass', () => {
    expect(planIssueSync({ result: mfaResult(at(9), []) }).operations).toEqual([]);
    expect(planIssueSync({ result: { ...mfaResult(at(9), ['00u5']), status: 'error' } }).operations).toEqual([]);
  });

  it('records a severity raise with a comment and an alert', () => {
    const next = failingAt(10, ['00u5', '00u6']);
    const plan = planIssueSync({ ...next, decision: rulesDecision(next.finding, 'critical', 'd'.repeat(64)), issue });
    expect((plan.operations[1] as { body: string }).body).toContain('Severity changed from high to critical');
    expect((plan.operations[0] as Extract<IssueOperation, { kind: 'update' }>).labels?.map((l) => l.name)).toContain('sla:24h');
    expect(plan.alert).toBe('changed');
  });
});
