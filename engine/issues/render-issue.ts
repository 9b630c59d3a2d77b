/**
 * A finding as the GitHub issue Evident keeps for it: title, labels and body. The same rendering
 * serves the real issue, `run --dry-run` and the demo's would-be issues.
 */
import { findControl } from '../controls/index.ts';
import { criterionTitle } from '../frameworks/index.ts';
import type { Finding } from '../model.ts';
import type { TriageDecision } from '../triage/decision.ts';
import { fingerprintMarker, stateMarker, type IssueState } from './issue-state.ts';
import { labelsFor, type LabelSpec } from './labels.ts';

export interface RenderedIssue {
  title: string;
  labels: LabelSpec[];
  body: string;
  /** When the finding must be remediated by: the failure's start plus the SLA. */
  dueAt: string;
}

/** How many failing resources an issue body lists before it points to the evidence for the rest. */
const MAX_LISTED = 50;

export function issueTitle(finding: Finding): string {
  const lead = finding.criteria.soc2[0] ?? finding.criteria.iso27001[0];
  return `${lead === undefined ? '' : `${lead} `}${finding.controlId}: ${finding.summary} (${finding.scope})`;
}

/** Renders the issue for `finding` with the sync `state` it will carry. */
export function renderIssue(finding: Finding, decision: TriageDecision, state: IssueState): RenderedIssue {
  const control = findControl(finding.controlId);
  const dueAt = new Date(Date.parse(state.since) + decision.slaHours * 3_600_000).toISOString();
  const listed = finding.failing.slice(0, MAX_LISTED);
  const rows = listed.map((outcome) => `| \`${cell(outcome.resource)}\` | ${cell(outcome.message)} |`);
  if (finding.failing.length > listed.length) rows.push(`| … | and ${finding.failing.length - listed.length} more, listed in the evidence record |`);
  const fixed = state.fixed.slice(-MAX_LISTED).map((item) => `- [x] \`${item.resource}\` passes since ${when(item.at)}`);
  const suggestions = decision.model?.answer.remediation_steps ?? [];
  const who =
    decision.decidedBy === 'ai'
      ? `set by Evident's rules (${decision.floor}) and raised or confirmed by ${decision.model?.name ?? 'a model'}`
      : `set by Evident's rules${decision.fallbackReason === undefined ? '' : `; no model decided: ${decision.fallbackReason}`}`;
  const body = [
    fingerprintMarker(finding.fingerprint),
    `**${finding.title}** fails on \`${finding.scope}\`: ${finding.summary}.`,
    '',
    '## What fails',
    '',
    '| Resource | Finding |',
    '| --- | --- |',
    ...rows,
    ...(fixed.length > 0 ? ['', '### Fixed since this issue opened', '', ...fixed] : []),
    '',
    '## Why it matters',
    '',
    control?.risk ?? '',
    '',
    '## Remediation',
    '',
    ...(control?.remediation ?? []).map((step) => `- [ ] ${step}`),
    ...(suggestions.length > 0 ? ['', `Suggested by ${decision.model?.name ?? 'the model'} (review before acting; it never acts on its own):`, '', ...suggestions.map((step) => `- [ ] ${inertModelText(step)}`)] : []),
    '',
    '## Service level',
    '',
    `Severity **${decision.severity}**, ${who}. Remediate within ${decision.slaHours} hours of ${when(state.since)}: by **${when(dueAt)}**.`,
    ...decision.ruleReasons.map((reason) => `- ${reason}`),
    ...(decision.model === undefined ? [] : [`- Model rationale: ${inertModelText(decision.model.answer.rationale)}`]),
    '',
    '## Framework mappings',
    '',
    ...finding.criteria.soc2.map((id) => `- SOC 2 **${id}**: ${criterionTitle('soc2', id) ?? ''}`),
    ...finding.criteria.iso27001.map((id) => `- ISO/IEC 27001:2022 **${id}**: ${criterionTitle('iso27001', id) ?? ''}`),
    '',
    '## Evidence',
    '',
    ...state.evidence.map((key) => `- \`${key}\``),
    '',
    '<sub>Kept by Evident: updated when the failing set changes, closed when the control passes, reopened if it fails again.</sub>',
    stateMarker(state),
    '',
  ].join('\n');
  return { title: issueTitle(finding), labels: labelsFor(finding, decision), body, dueAt };
}

export function when(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * Model text in one line, inert: no markdown that could hide or fake content (HTML, headings), and
 * nothing GitHub would act on. A model answering from text people wrote could otherwise put
 * `@someone` or `@org/team` in an issue (a notification), `#123` (a cross-reference on another
 * issue), or a link or image (a click-through, a tracking pixel). Mentions, references and URLs are
 * put in code spans, where GitHub neither notifies, links nor loads them
 * (https://docs.github.com/get-started/writing-on-github/getting-started-with-writing-and-formatting-on-github/basic-writing-and-formatting-syntax#mentioning-people-and-teams).
 */
export function inertModelText(text: string): string {
  return text
    .slice(0, 500)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[<>]/g, '')
    .replace(/`/g, "'")
    .replace(/^#+\s*/, '')
    .replace(/!?\[([^\]]*)\]\(([^)]*)\)/g, '$1 ($2)')
    .replace(/\b(?:https?|ftp):\/\/[^\s)]+|\bwww\.[^\s)]+|\b[\w.-]+\/[\w.-]+#\d+|(?:^|(?<=[^\w`]))[@#][\w.-]+(?:\/[\w.-]+)?/g, (match) => `\`${match}\``);
}
