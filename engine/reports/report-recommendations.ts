/**
 * The monthly report's recommendations: fixed rules over its figures, most urgent first. No model
 * writes them, so the same month always gives the same advice.
 */
import type { ComplianceConfig } from '../config/schema.ts';
import { catalog } from '../controls/index.ts';
import type { ResultRecord } from '../model.ts';
import type { Entry } from './evidence-index.ts';
import type { MonthlyReport } from './monthly-report.ts';
import { capitalize, clip, formatMoment, formatPercent, groupBy, passRate, plural } from './report-helpers.ts';

const MAX_LISTED = 5;

/** Fixed rules over the figures, most urgent first. */
export function recommendations(report: MonthlyReport, config: ComplianceConfig, results: readonly Entry<ResultRecord>[]): string[] {
  const out: string[] = [];
  const findings = report.failedControls.flatMap((control) => control.findings);
  const missed = findings.filter((finding) => finding.sla === 'missed');
  if (missed.length > 0) {
    const named = missed.map((f) => `${f.issue === undefined ? '' : `#${f.issue.number} `}${f.controlId} on ${f.scope} (due ${formatMoment(f.dueAt)})`);
    out.push(`${missed.length} finding${plural(missed.length)} missed ${missed.length === 1 ? 'its' : 'their'} SLA: ${listed(named)}. Record the reason on each issue and review the SLA policy or staffing.`);
  }
  const unreviewed = report.selfChecks.find((check) => check.id === 'unreviewed-alerts');
  if (unreviewed?.status === 'attention') out.push(`${unreviewed.details.length} alert${plural(unreviewed.details.length)} had no response or assignee before the SLA: assign an owner to every new finding.`);

  const byControl = groupBy(report.errors, (group) => group.controlId);
  for (const [controlId, groups] of byControl) {
    const errored = groups.reduce((total, group) => total + group.results, 0);
    const control = report.controls.find((figures) => figures.id === controlId);
    out.push(`${controlId} could not be tested in ${errored} of ${control?.results ?? errored} result${plural(control?.results ?? errored)} (${clip(groups[0]?.reason ?? '')}): make its collector read the source in full (access, rate limits, regions) so the control is evidenced; errors never count as passing.`);
  }

  const settings = config.controls as Record<string, { enabled?: boolean } | undefined>;
  for (const control of catalog.filter((c) => settings[c.id]?.enabled === false)) {
    out.push(`Enable the disabled control ${control.id} (${control.title}), or record in the risk register why it is off.`);
  }
  for (const where of notRecordingRegions(results)) out.push(`AWS Config does not record in ${where}: start its configuration recorder so the AWS controls cover that region.`);
  for (const [name, source] of Object.entries({ github: config.sources.github, okta: config.sources.okta, aws: config.sources.aws })) {
    if (source === undefined) out.push(`The ${name} source is not configured, so its controls never run: configure sources.${name} in compliance.yml or record why it is out of scope.`);
  }
  const uncovered = report.selfChecks.find((check) => check.id === 'uncovered-sources');
  for (const detail of uncovered?.details ?? []) if (detail.includes('no ') && detail.includes('result was recorded')) out.push(`${capitalize(detail)}: check the scheduled run and its collector.`);

  const gaps = report.selfChecks.find((check) => check.id === 'evidence-gaps');
  if (gaps?.status === 'attention') out.push(`The scheduled evidence has ${gaps.details.length} gap${plural(gaps.details.length)} (${clip(gaps.details[0] ?? '')}): check the workflow's schedule and failed runs.`);
  const retention = report.selfChecks.find((check) => check.id === 'retention');
  if (retention?.status === 'unknown') out.push('Store evidence in S3 with Object Lock retention (evidence.objectLock.retainDays) so records cannot be deleted before the audit.');
  if (retention?.status === 'attention') out.push(`${retention.details[0] ?? 'Records are past their retention'}: export what the audit needs before it expires.`);

  const { passRate: rate, previousPassRate: previous } = report.summary;
  if (rate !== null && previous !== null && previous - rate >= 0.05) out.push(`The pass rate fell from ${formatPercent(previous)} to ${formatPercent(rate)}: review the failed controls below first.`);

  const remediation = report.remediation;
  if (remediation.abortedBatches > 0) {
    const reasons = [...new Set(remediation.list.flatMap((batch) => (batch.aborted === undefined ? [] : [batch.aborted])))];
    out.push(`${remediation.abortedBatches} auto-remediation batch${remediation.abortedBatches === 1 ? ' was' : 'es were'} aborted (${listed(reasons)}): review the candidates and the caps.`);
  }
  if (remediation.failed > 0) out.push(`${remediation.failed} automatic account change${plural(remediation.failed)} failed: check the Okta token's permissions and the issue comments.`);
  if (remediation.wouldChange > 0) out.push(`Auto-remediation ran as a dry run and would have changed ${remediation.wouldChange} account${plural(remediation.wouldChange)}: review the candidates, then switch its mode when ready.`);

  if (report.problems.length > 0) out.push(`${report.problems.length} evidence record${plural(report.problems.length)} could not be read and are left out of these figures: run \`evident verify\` on the archive.`);
  if (report.timeline.source === 'evidence') out.push('Give the report the issue history (--history) so it can measure response times and SLA met or missed.');
  if (report.summary.results === 0) out.push('No result was recorded in the month: check that the scheduled run writes to this evidence archive.');
  return out;
}

/** Account/region pairs whose AWS Config recorder was not recording at its last result of the month. */
function notRecordingRegions(results: readonly Entry<ResultRecord>[]): string[] {
  const latest = new Map<string, string>();
  for (const { record } of results) {
    if (record.control.id !== 'aws-config-rules-compliant') continue;
    for (const outcome of record.result.outcomes) if (outcome.resource.startsWith('config-recorder:')) latest.set(outcome.resource.slice('config-recorder:'.length), outcome.status);
  }
  return [...latest].filter(([, status]) => status === 'fail').map(([where]) => where);
}

function listed(items: readonly string[]): string {
  return items.length <= MAX_LISTED ? items.join('; ') : `${items.slice(0, MAX_LISTED).join('; ')}; and ${items.length - MAX_LISTED} more`;
}
