/** Real results and findings from the control fixtures, and a rules-only triage decision, for issue tests. */
import { evaluateControl } from '../../engine/evaluate-control.ts';
import { findControl } from '../../engine/controls/index.ts';
import { findingFor } from '../../engine/findings.ts';
import type { Finding, Result, Severity } from '../../engine/model.ts';
import type { TriageDecision } from '../../engine/triage/decision.ts';
import { loadFixtures } from './control-fixtures.ts';

/** The result of okta-mfa-enrolled on its fail fixture, at `at`, with `failing` user ids failing (others pass). */
export function mfaResult(at: string, failing: readonly string[]): Result {
  const control = findControl('okta-mfa-enrolled')!;
  const fixture = loadFixtures('okta-mfa-enrolled').find((f) => f.file === 'fail.json')!.fixture;
  const snapshot = structuredClone(fixture.snapshot);
  snapshot.collectedAt = at;
  const data = snapshot.data as { users: { id: string; factors: { id: string; type: string; provider: string; status: string }[] }[] };
  for (const user of data.users) {
    user.factors = failing.includes(user.id) ? [] : [{ id: `f-${user.id}`, type: 'push', provider: 'OKTA', status: 'ACTIVE' }];
  }
  return evaluateControl(control, snapshot, { params: { exemptUsers: [] } });
}

export function findingOf(result: Result, evidenceKey = `${result.effectiveAt.slice(0, 10).replace(/-/g, '/')}/access-control-0900-${'a'.repeat(64)}.json`): Finding {
  const finding = findingFor(result, [evidenceKey]);
  if (finding === undefined) throw new Error(`${result.controlId} did not fail`);
  return finding;
}

export function rulesDecision(finding: Finding, severity: Severity = finding.severity, inputHash = 'b'.repeat(64)): TriageDecision {
  return {
    fingerprint: finding.fingerprint,
    inputHash,
    severity,
    slaHours: { critical: 24, high: 72, medium: 168, low: 720 }[severity],
    decidedBy: 'rules',
    floor: severity,
    ruleReasons: [`${finding.controlId} defaults to ${finding.severity}`],
    fallbackReason: 'no OPENAI_API_KEY',
    decidedAt: finding.effectiveAt,
  };
}
