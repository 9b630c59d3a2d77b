/**
 * Model text in an issue is inert (engine/issues/render-issue.ts): a model answering from text
 * people wrote must not be able to notify people, cross-reference issues, link or load anything,
 * or fake the issue's structure.
 */
import { describe, expect, it } from 'vitest';
import { inertModelText, renderIssue } from '../../engine/issues/render-issue.ts';
import type { IssueState } from '../../engine/issues/issue-state.ts';
import type { TriageDecision } from '../../engine/triage/decision.ts';
import { findingOf, mfaResult, rulesDecision } from '../support/findings.ts';

describe('model text in an issue', () => {
  it.each([
    ['a user mention', 'ask @alice to enrol', 'ask `@alice` to enrol'],
    ['a team mention', 'page @acme/security now', 'page `@acme/security` now'],
    ['an issue reference', 'same as #123 and acme/api#7', 'same as `#123` and `acme/api#7`'],
    ['a markdown link', 'see [the runbook](https://evil.example/x)', 'see the runbook (`https://evil.example/x`)'],
    ['an image', '![pixel](https://evil.example/p.gif)', 'pixel (`https://evil.example/p.gif`)'],
    ['a bare URL', 'open www.evil.example/login', 'open `www.evil.example/login`'],
    ['a heading and HTML', '# Resolved <img src=x>', 'Resolved img src=x'],
    ['backticks that would close a span', 'run `rm -rf` @bob', "run 'rm -rf' `@bob`"],
    ['line breaks', 'one\n\n## two', 'one ## two'],
  ])('%s is made inert', (_what, text, inert) => {
    expect(inertModelText(text)).toBe(inert);
  });

  it('leaves e-mail-like text, versions and ordinary prose alone', () => {
    expect(inertModelText('Enforce MFA for admins within 24 hours (v2.1 policy, a.b@c is pseudonymized)')).toBe('Enforce MFA for admins within 24 hours (v2.1 policy, a.b@c is pseudonymized)');
  });

  it('renders the suggested steps and the rationale inert in the issue body', () => {
    const finding = findingOf(mfaResult('2026-11-02T09:00:00Z', ['00u5']));
    const decision: TriageDecision = {
      ...rulesDecision(finding, 'high'),
      decidedBy: 'ai',
      model: { name: 'gpt-4o', answer: { severity: 'high', remediation_steps: ['Ping @octocat and close #1'], sla_hours: 72, needs_manual_approval: false, rationale: 'See [docs](https://evil.example)' } },
    };
    const state: IssueState = { v: 1, failing: ['00u5'], since: '2026-11-02T09:00:00Z', fixed: [], severity: 'high', lastStatus: 'fail', evidence: [] };
    const { body } = renderIssue(finding, decision, state);
    expect(body).toContain('- [ ] Ping `@octocat` and close `#1`');
    expect(body).toContain('- Model rationale: See docs (`https://evil.example`)');
    expect(body).not.toMatch(/(^|[^`])@octocat/);
  });
});
