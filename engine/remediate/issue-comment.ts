/**
 * Records a remediation on the finding's issue: a comment, and the `auto-remediated` label when
 * something was changed. The issue is found by its fingerprint marker (never by search), and its
 * labels are read first because an update replaces the whole list: every label it had is kept.
 */
import { readFingerprint } from '../issues/issue-state.ts';
import type { IssueTracker } from '../issues/issue-tracker.ts';
import type { LabelSpec } from '../issues/labels.ts';

export const AUTO_REMEDIATED: LabelSpec = { name: 'auto-remediated', color: '0e8a16', description: 'Evident changed something to fix this finding; see the comments' };

export async function commentOnIssue(
  tracker: IssueTracker,
  input: { issueNumber?: number | undefined; fingerprint: string; comment: string; label: boolean; log: { warn(message: string): void } },
): Promise<{ issue?: number; labeled: boolean }> {
  const issues = await tracker.list();
  const issue = input.issueNumber === undefined ? issues.find((candidate) => readFingerprint(candidate.body) === input.fingerprint) : issues.find((candidate) => candidate.number === input.issueNumber);
  if (issue === undefined) {
    input.log.warn(`remediation: no issue for finding ${input.fingerprint}${input.issueNumber === undefined ? '' : ` (#${input.issueNumber})`} in ${tracker.location}; the report is not recorded there`);
    return { labeled: false };
  }
  await tracker.comment(issue.number, input.comment);
  if (!input.label || issue.labels.includes(AUTO_REMEDIATED.name)) return { issue: issue.number, labeled: issue.labels.includes(AUTO_REMEDIATED.name) };
  await tracker.ensureLabels([AUTO_REMEDIATED]);
  await tracker.update(issue.number, { labels: [...issue.labels, AUTO_REMEDIATED.name] });
  return { issue: issue.number, labeled: true };
}
