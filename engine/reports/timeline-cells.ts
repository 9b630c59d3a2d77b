/** The remediation timeline's cells as text, the same in the Markdown, HTML and PDF reports. */
import { formatMoment, SLA_LABELS, type FindingTimeline } from './monthly-report.ts';

export interface TimelineCells {
  opened: string;
  firstResponse: string;
  triaged: string;
  closed: string;
  due: string;
  sla: string;
}

export function timelineCells(finding: FindingTimeline): TimelineCells {
  return {
    opened: formatMoment(finding.openedAt ?? finding.firstFailingAt),
    firstResponse: formatMoment(finding.firstResponseAt),
    triaged: triagedCell(finding),
    closed: finding.closedAt === undefined ? '—' : `${formatMoment(finding.closedAt)}${finding.closedAs === undefined ? '' : ` (${finding.closedAs})`}`,
    due: formatMoment(finding.dueAt),
    sla: SLA_LABELS[finding.sla],
  };
}

/** When the finding was triaged, by whom (rules or a model) and at which severity. */
export function triagedCell(finding: FindingTimeline): string {
  return finding.triagedAt === undefined ? '—' : `${formatMoment(finding.triagedAt)} (${finding.triagedBy}, ${finding.severity})`;
}
