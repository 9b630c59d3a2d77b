/**
 * A finding as the GitHub issue Evident keeps for it: title, labels and body. The demo and
 * `--dry-run` write this as markdown instead of calling GitHub.
 */
import type { ComplianceConfig } from '../config/schema.ts';
import { findControl } from '../controls/index.ts';
import { criterionTitle } from '../frameworks/index.ts';
import type { Finding } from '../model.ts';

export interface RenderedIssue {
  title: string;
  labels: string[];
  body: string;
  /** When the finding must be remediated by, from the severity's SLA. */
  dueAt: string;
}

/** The hidden marker the issue is found by on later runs, whatever its title became. */
export function fingerprintMarker(fingerprint: string): string {
  return `<!-- evident:fingerprint=${fingerprint} -->`;
}

/** How many failing resources an issue body lists before it summarizes the rest. */
const MAX_LISTED = 50;

export function renderIssue(finding: Finding, sla: ComplianceConfig['triage']['sla']): RenderedIssue {
  const control = findControl(finding.controlId);
  const hours = sla[finding.severity];
  const dueAt = new Date(Date.parse(finding.effectiveAt) + hours * 3_600_000).toISOString();
  const lead = finding.criteria.soc2[0] ?? finding.criteria.iso27001[0];
  const title = `${lead === undefined ? '' : `${lead} `}${finding.controlId}: ${finding.summary} (${finding.scope})`;
  const labels = [
    'evident',
    `severity:${finding.severity}`,
    `sla:${hours}h`,
    `control:${finding.controlId}`,
    ...finding.criteria.soc2.map((id) => `soc2:${id}`),
    ...finding.criteria.iso27001.map((id) => `iso27001:${id}`),
    'triage:rules',
  ];
  const listed = finding.failing.slice(0, MAX_LISTED);
  const rows = listed.map((outcome) => `| \`${escapeCell(outcome.resource)}\` | ${escapeCell(outcome.message)} |`);
  if (finding.failing.length > listed.length) rows.push(`| … | and ${finding.failing.length - listed.length} more, listed in the evidence record |`);
  const mappings = [
    ...finding.criteria.soc2.map((id) => `- SOC 2 **${id}**: ${criterionTitle('soc2', id) ?? ''}`),
    ...finding.criteria.iso27001.map((id) => `- ISO/IEC 27001:2022 **${id}**: ${criterionTitle('iso27001', id) ?? ''}`),
  ];
  const body = [
    fingerprintMarker(finding.fingerprint),
    `**${finding.title}** failed on \`${finding.scope}\`: ${finding.summary}.`,
    '',
    '## What failed',
    '',
    '| Resource | Finding |',
    '| --- | --- |',
    ...rows,
    '',
    '## Why it matters',
    '',
    control?.risk ?? '',
    '',
    '## Remediation',
    '',
    ...(control?.remediation ?? []).map((step) => `- [ ] ${step}`),
    '',
    '## Service level',
    '',
    `Severity **${finding.severity}** (set by Evident's rules): remediate within ${hours} hours, by **${dueAt.replace('T', ' ').slice(0, 16)} UTC**.`,
    '',
    '## Framework mappings',
    '',
    ...mappings,
    '',
    '## Evidence',
    '',
    ...finding.evidence.map((key) => `- \`${key}\` (effective ${finding.effectiveAt})`),
    '',
    `<sub>Kept by Evident: this issue is updated when the failing set changes and closed when the control passes.</sub>`,
    '',
  ].join('\n');
  return { title, labels, body, dueAt };
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
