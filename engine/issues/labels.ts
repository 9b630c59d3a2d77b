/**
 * The labels Evident puts on issues, with colours and descriptions, created on first use so the
 * issue list can be filtered by severity, SLA, control and criterion.
 */
import { criterionTitle } from '../frameworks/index.ts';
import type { Finding, Severity } from '../model.ts';
import type { TriageDecision } from '../triage/decision.ts';

export interface LabelSpec {
  name: string;
  color: string;
  description: string;
}

const SEVERITY_COLORS: Record<Severity, string> = { critical: 'b60205', high: 'd93f0b', medium: 'fbca04', low: '0e8a16' };

/** GitHub caps label descriptions at 100 characters. */
function describe(text: string): string {
  return text.length <= 100 ? text : `${text.slice(0, 99)}…`;
}

export function labelsFor(finding: Finding, decision: TriageDecision): LabelSpec[] {
  return [
    { name: 'evident', color: '5319e7', description: 'Kept by Evident: a compliance control failed' },
    { name: `severity:${decision.severity}`, color: SEVERITY_COLORS[decision.severity], description: `Evident severity ${decision.severity}` },
    { name: `sla:${decision.slaHours}h`, color: 'bfdadc', description: `Remediate within ${decision.slaHours} hours` },
    { name: `control:${finding.controlId}`, color: 'c5def5', description: describe(finding.title) },
    ...finding.criteria.soc2.map((id) => ({ name: `soc2:${id}`, color: '1d76db', description: describe(`SOC 2 ${id}: ${criterionTitle('soc2', id) ?? ''}`) })),
    ...finding.criteria.iso27001.map((id) => ({ name: `iso27001:${id}`, color: '0052cc', description: describe(`ISO/IEC 27001:2022 ${id} ${criterionTitle('iso27001', id) ?? ''}`) })),
    decision.decidedBy === 'ai'
      ? { name: 'triage:ai', color: 'd4c5f9', description: 'Severity and steps suggested by a model, never below the rules' }
      : { name: 'triage:rules', color: 'ededed', description: "Severity set by Evident's rules" },
  ];
}

/** Labels Evident owns on an issue: the ones it may replace when the finding changes. */
export function isEvidentLabel(name: string): boolean {
  return /^(evident|severity:|sla:|control:|soc2:|iso27001:|triage:)/.test(name);
}
