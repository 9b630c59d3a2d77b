/**
 * What Evident keeps inside each issue it manages, as hidden HTML comments in the body:
 * the finding's fingerprint (how the issue is found again, whatever its title became) and the
 * sync state (the failing set, what was fixed when, the last status, the triage decision), so
 * every run can tell what changed without any store of its own. The issue is the state.
 */
import { z } from 'zod';
import { Severity } from '../model.ts';
import { TriageDecision } from '../triage/decision.ts';

const FINGERPRINT_MARKER = /<!-- evident:fingerprint=([0-9a-f]{24}) -->/;
const STATE_MARKER = /<!-- evident:state=([A-Za-z0-9_-]+) -->/;

export const IssueState = z.object({
  v: z.literal(1),
  /** Resources failing as of the last update. */
  failing: z.array(z.string()),
  /** When the current failure began: the SLA runs from here. */
  since: z.string(),
  /** Resources that failed before and pass now, with when they were seen fixed. */
  fixed: z.array(z.strictObject({ resource: z.string(), at: z.string() })),
  severity: Severity,
  /** The status of the last result synced: an error streak comments once. */
  lastStatus: z.enum(['fail', 'pass', 'error']),
  triage: TriageDecision.optional(),
  /** The latest evidence record keys, newest last. */
  evidence: z.array(z.string()),
  /**
   * An alert about this issue that a sink did not take (down, rate limited past the retries): sent
   * again by the next run to those sinks only, and cleared once they take it. Without it, an issue
   * that does not change again would never page.
   */
  owedAlert: z
    .strictObject({
      kind: z.enum(['opened', 'reopened', 'changed', 'resolved']),
      sinks: z.array(z.enum(['pagerduty', 'slack'])).min(1),
      /** For `changed`: the severity before the change, which decides whether it pages. */
      previousSeverity: Severity.optional(),
      since: z.string(),
    })
    .optional(),
});
export type IssueState = z.infer<typeof IssueState>;

export function fingerprintMarker(fingerprint: string): string {
  return `<!-- evident:fingerprint=${fingerprint} -->`;
}

/** base64url keeps the JSON from ever closing the HTML comment (`-->`) early. */
export function stateMarker(state: IssueState): string {
  return `<!-- evident:state=${Buffer.from(JSON.stringify(state), 'utf8').toString('base64url')} -->`;
}

export function readFingerprint(body: string | null | undefined): string | undefined {
  return body == null ? undefined : FINGERPRINT_MARKER.exec(body)?.[1];
}

/** The state in an issue body, or undefined when there is none or it was edited into nonsense. */
export function readState(body: string | null | undefined): IssueState | undefined {
  const encoded = body == null ? undefined : STATE_MARKER.exec(body)?.[1];
  if (encoded === undefined) return undefined;
  try {
    const parsed = IssueState.safeParse(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
