/**
 * What happened to each finding's issue, as the remediation timeline of reports and the audit
 * package needs it: when it opened, when someone first responded, when it was triaged, closed and
 * reopened. Read from GitHub (every issue labelled `evident`, its comments and events), or from a
 * JSON export of the same shape (the demo writes one). Never guessed: a moment that is not in the
 * history is absent, and reports say so.
 */
import { z } from 'zod';
import { Severity } from '../model.ts';

const isoDateTime = z.iso.datetime({ offset: true });

export const IssueEvent = z.strictObject({
  kind: z.enum(['opened', 'commented', 'assigned', 'labeled', 'closed', 'reopened']),
  at: isoDateTime,
  /** Who did it; Evident's own writes are by its bot account. */
  actor: z.string(),
  /** True when the actor is Evident itself (its comments are not a human response). */
  byEvident: z.boolean(),
  /** For `labeled`: the label; for `closed`: the reason (`completed`, `not_planned`). */
  detail: z.string().optional(),
});
export type IssueEvent = z.infer<typeof IssueEvent>;

export const FindingIssue = z.strictObject({
  fingerprint: z.string(),
  controlId: z.string(),
  scope: z.string(),
  number: z.number().int().positive(),
  url: z.string(),
  title: z.string(),
  state: z.enum(['open', 'closed']),
  /** The severity and SLA the issue carries now (its labels). */
  severity: Severity.optional(),
  slaHours: z.number().int().positive().optional(),
  assignees: z.array(z.string()),
  events: z.array(IssueEvent),
});
export type FindingIssue = z.infer<typeof FindingIssue>;

export const IssueHistory = z.strictObject({
  schema: z.literal('https://evident.dev/schemas/issue-history/v1'),
  repository: z.string(),
  exportedAt: isoDateTime,
  issues: z.array(FindingIssue),
});
export type IssueHistory = z.infer<typeof IssueHistory>;

/** The moments of one remediation cycle (from an opening or reopening to the next closing). */
export interface RemediationCycle {
  issue: FindingIssue;
  openedAt: string;
  /** The first human comment, assignment or label change after opening. */
  firstResponseAt?: string;
  closedAt?: string;
  closedAs?: string;
  /** openedAt + SLA hours. */
  dueAt?: string;
  /** Closed as completed by its due time; undefined while open and not yet due, or without an SLA. */
  slaMet?: boolean;
}

/** Splits an issue's history into its remediation cycles, with SLA met or missed computed, not assumed. */
export function remediationCycles(issue: FindingIssue, now: Date): RemediationCycle[] {
  const cycles: RemediationCycle[] = [];
  let current: RemediationCycle | undefined;
  // By instant, not by string: GitHub and exports may write different offsets and precisions.
  for (const event of [...issue.events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
    if (event.kind === 'opened' || event.kind === 'reopened') {
      current = { issue, openedAt: event.at, ...(issue.slaHours === undefined ? {} : { dueAt: new Date(Date.parse(event.at) + issue.slaHours * 3_600_000).toISOString() }) };
      cycles.push(current);
    } else if (current !== undefined && event.kind === 'closed') {
      current.closedAt = event.at;
      if (event.detail !== undefined) current.closedAs = event.detail;
      current = undefined;
    } else if (current !== undefined && current.firstResponseAt === undefined && !event.byEvident && (event.kind === 'commented' || event.kind === 'assigned' || event.kind === 'labeled')) {
      current.firstResponseAt = event.at;
    }
  }
  for (const cycle of cycles) {
    if (cycle.dueAt === undefined) continue;
    // Met only when fixed: closed as completed (or with no reason, as older issues are) by the due time.
    // Not planned (a risk accepted) or a duplicate is not a fix.
    const fixed = cycle.closedAs === undefined || cycle.closedAs === 'completed';
    if (cycle.closedAt !== undefined) cycle.slaMet = fixed && Date.parse(cycle.closedAt) <= Date.parse(cycle.dueAt);
    else if (now.getTime() > Date.parse(cycle.dueAt)) cycle.slaMet = false;
  }
  return cycles;
}
