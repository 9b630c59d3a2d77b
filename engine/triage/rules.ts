/**
 * The deterministic floor of triage: the configured severity, raised by what the failing outcomes
 * show. A model may raise it further, never lower it (DESIGN.md, Triage).
 *
 * Reasons name counts, never resources: they go into the issue and, pseudonymized or not, into the
 * model's input, so they must carry no login, email or account id.
 */
import type { Finding, Outcome, Severity } from '../model.ts';
import { SEVERITY_ORDER } from './decision.ts';

/** SSH, RDP and the database and cache ports aws-sg-no-open-ingress lists by default. */
export const ADMIN_AND_DATABASE_PORTS: ReadonlySet<number> = new Set([22, 3389, 3306, 5432, 1433, 1521, 27017, 6379, 9200, 11211]);

/** When a failure is widespread enough to raise its severity one level, and when open groups are a pattern. */
export const THRESHOLDS = {
  /** Failing share of the population tested. */
  share: 0.25,
  /** A single failing resource is never "a share" (a pull request's population is 1). */
  minFailingForShare: 2,
  /** Failing resources, whatever the population. */
  count: 10,
  /** Security groups opening SSH, RDP or a database port to the internet. */
  openGroups: 5,
} as const;

export interface RuleVerdict {
  severity: Severity;
  reasons: string[];
}

/**
 * The floor for a finding. `configured` defaults to the severity the finding carries (the control's
 * default or its override in compliance.yml); the result is never below it.
 */
export function ruleSeverity(finding: Finding, configured: Severity = finding.severity): RuleVerdict {
  let severity = configured;
  const reasons = [`${finding.controlId} is configured as ${configured}.`];
  const raise = (to: Severity, reason: string) => {
    if (rank(to) <= rank(severity)) return;
    severity = to;
    reasons.push(reason);
  };

  const admins = finding.failing.filter(isAdministrator).length;
  if ((finding.controlId === 'okta-admin-mfa' || finding.controlId === 'okta-mfa-enrolled') && admins > 0) {
    raise('critical', `${count(admins, 'administrator', 'administrators')} without the required MFA factor: an administrator protected by a password alone is critical.`);
  }

  if (finding.controlId === 'aws-s3-public-access-blocked') {
    const sensitive = finding.failing.filter((o) => o.details?.sensitive === true);
    const publicPolicy = sensitive.filter((o) => o.details?.policyIsPublic === true).length;
    if (sensitive.length > 0) {
      const policy = publicPolicy > 0 ? `, ${publicPolicy} with a public bucket policy` : '';
      raise('critical', `${count(sensitive.length, 'bucket tagged as sensitive is', 'buckets tagged as sensitive are')} not fully blocked from public access${policy}: sensitive data one policy away from the internet is critical.`);
    }
  }

  if (finding.controlId === 'aws-sg-no-open-ingress') {
    const open = finding.failing.filter((o) => portsOf(o).some((port) => ADMIN_AND_DATABASE_PORTS.has(port))).length;
    if (open >= THRESHOLDS.openGroups) {
      raise('critical', `${open} security groups open SSH, RDP or a database port to the internet (${THRESHOLDS.openGroups} or more): a pattern of exposure, not a one-off, is critical.`);
    }
  }

  if (finding.controlId === 'pr-no-secrets') {
    raise('critical', 'A pull request adds a hardcoded secret: a credential pushed to GitHub is exposed until it is rotated, which is critical.');
  }

  const failing = finding.failing.length;
  const population = finding.population;
  const up = oneLevelUp(severity);
  if (failing >= THRESHOLDS.count) {
    raise(up, `${failing} resources fail (${THRESHOLDS.count} or more): a widespread failure is one level more severe.`);
  } else if (failing >= THRESHOLDS.minFailingForShare && population > 0 && failing / population >= THRESHOLDS.share) {
    const percent = Math.round((failing / population) * 100);
    raise(up, `${failing} of ${population} resources fail (${percent}%, ${THRESHOLDS.share * 100}% or more): a widespread failure is one level more severe.`);
  }

  return { severity, reasons };
}

function isAdministrator(outcome: Outcome): boolean {
  const roles = outcome.details?.adminRoles;
  return Array.isArray(roles) && roles.length > 0;
}

function portsOf(outcome: Outcome): number[] {
  const ports = outcome.details?.openPorts;
  return Array.isArray(ports) ? ports.filter((p): p is number => typeof p === 'number') : [];
}

function rank(severity: Severity): number {
  return SEVERITY_ORDER.indexOf(severity);
}

function oneLevelUp(severity: Severity): Severity {
  return SEVERITY_ORDER[Math.min(rank(severity) + 1, SEVERITY_ORDER.length - 1)] ?? severity;
}

function count(n: number, singular: string, plural: string): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
