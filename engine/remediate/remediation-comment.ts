/**
 * The issue comment that records what the inactive-users remediation did (or, in a dry run, would
 * have done): the rule applied, each user with the action or why it was skipped, the caps, and the
 * evidence records. The issue timeline is the remediation log auditors read (DESIGN.md).
 */
import type { RemediationReport } from './okta-inactive-users.ts';

export const REMEDIATION_MARKER = '<!-- evident:remediation=okta-inactive-users -->';

const VERB = { suspend: 'suspended', deactivate: 'deactivated' } as const;

export function renderRemediationComment(report: RemediationReport): string {
  const action = report.action;
  const lines = [REMEDIATION_MARKER, `### Evident remediation: inactive Okta users (${report.mode})`, ''];
  if (report.dryRun) lines.push('**Dry run: nothing was changed.** Set `remediation.okta-inactive-users.mode` to `suspend` or `deactivate` to act.', '');
  lines.push(
    `Rule: ACTIVE users with no sign-in for more than ${report.settings.afterDays} days, not administrators, not exempt. ` +
      `Snapshot of ${report.scope} at ${report.snapshotCollectedAt}; ${report.candidates.length} of ${report.population} active users matched ` +
      `(caps: ${report.settings.maxUsers} users, ${report.settings.maxPercent}%).`,
    '',
  );
  if (report.aborted !== undefined) {
    lines.push(`**Aborted: ${report.aborted}. Nobody was ${VERB[action]}.** Review the accounts, then act by hand or raise the cap in \`remediation.okta-inactive-users\`.`, '');
  }
  if (report.outcomes.length > 0 || report.candidates.length > 0) {
    lines.push('| User | Last sign-in | Days inactive | Result |', '|---|---|---|---|');
    const byId = new Map(report.outcomes.map((outcome) => [outcome.id, outcome]));
    for (const user of report.candidates) {
      const outcome = byId.get(user.id);
      const result =
        outcome === undefined
          ? 'not acted on (batch aborted)'
          : outcome.result === 'done'
            ? report.dryRun
              ? `would be ${VERB[action]}`
              : VERB[action]
            : outcome.result === 'skipped'
              ? `skipped: ${outcome.reason}`
              : `failed: ${outcome.reason}`;
      lines.push(`| ${user.login} (\`${user.id}\`) | ${user.lastLogin?.slice(0, 10) ?? 'never'} | ${user.inactiveDays} | ${result} |`);
    }
    lines.push('');
  }
  if (report.excluded.length > 0) {
    lines.push(`Left alone although inactive: ${report.excluded.map((user) => `${user.login} (${user.reason})`).join('; ')}.`, '');
  }
  if (report.records.length > 0) lines.push(`Evidence: ${report.records.map((record) => `\`${record.key}\``).join(', ')}.`);
  return `${lines.join('\n').trimEnd()}\n`;
}
