/**
 * What triage decided about a finding, and who decided it. The rules always set the floor; a model,
 * when one is configured and answers well, may raise the severity and suggest remediation steps,
 * never lower it. Every decision is recorded as evidence and shown on the finding's issue.
 */
import type { Severity } from '../model.ts';

export const SEVERITY_ORDER: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_ORDER.indexOf(a) >= SEVERITY_ORDER.indexOf(b) ? a : b;
}

export { ModelTriage, TriageDecision } from '../model.ts';
