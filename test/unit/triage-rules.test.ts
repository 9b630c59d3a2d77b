import { describe, expect, it } from 'vitest';
import { findingFingerprint } from '../../engine/findings.ts';
import { Finding, type Outcome, type Severity } from '../../engine/model.ts';
import { ruleSeverity } from '../../engine/triage/rules.ts';
import { parseConfig } from '../../engine/config/load-config.ts';
import { SAMPLE_CONFIG } from '../../engine/demo/sample-config.ts';
import { sampleOrganization } from '../../engine/demo/sample-organization/index.ts';
import { evaluateAll, findingsOf } from '../../engine/run.ts';

function demoFindings(): Finding[] {
  const parsed = parseConfig(SAMPLE_CONFIG);
  if (!parsed.ok) throw new Error('the sample configuration is invalid');
  const at = new Date('2025-06-01T12:00:00Z');
  return findingsOf(evaluateAll({ config: parsed.config, snapshots: Object.values(sampleOrganization(at)).flat(), now: at }).runs);
}

function finding(controlId: string, severity: Severity, failing: Outcome[], population: number, source: Finding['source'] = 'aws'): Finding {
  return Finding.parse({
    fingerprint: findingFingerprint(controlId, 'scope'),
    controlId,
    title: controlId,
    scope: 'scope',
    severity,
    criteria: { soc2: [], iso27001: [] },
    summary: `${failing.length} of ${population} fail`,
    source,
    population,
    failing,
    effectiveAt: '2025-06-01T12:00:00.000Z',
    evidence: [],
  });
}

const fail = (resource: string, details: Record<string, unknown> = {}): Outcome => ({ status: 'fail', resource, message: `${resource} fails.`, details });
const many = (n: number, details: (i: number) => Record<string, unknown> = () => ({})) => Array.from({ length: n }, (_, i) => fail(`r-${i}`, details(i)));

describe('ruleSeverity', () => {
  it('starts from the severity the finding carries, with a reason', () => {
    expect(ruleSeverity(finding('okta-inactive-users', 'medium', [fail('u1')], 40, 'okta'))).toEqual({
      severity: 'medium',
      reasons: ['okta-inactive-users is configured as medium.'],
    });
  });

  it('starts from an explicit configured severity and never goes below it', () => {
    const f = finding('okta-inactive-users', 'medium', [fail('u1')], 40, 'okta');
    expect(ruleSeverity(f, 'high').severity).toBe('high');
    expect(ruleSeverity(f, 'low').severity).toBe('low');
  });

  it('makes an administrator without MFA critical, even when configured lower', () => {
    const admin = fail('00u1', { login: 'a@x.example', adminRoles: ['ORG_ADMIN'] });
    const verdict = ruleSeverity(finding('okta-admin-mfa', 'high', [admin], 40, 'okta'));
    expect(verdict.severity).toBe('critical');
    expect(verdict.reasons[1]).toMatch(/^1 administrator without the required MFA factor/);
    // okta-mfa-enrolled outcomes carry no admin roles today; when they do, the same rule applies.
    expect(ruleSeverity(finding('okta-mfa-enrolled', 'high', [fail('u1'), admin], 40, 'okta')).severity).toBe('critical');
    expect(ruleSeverity(finding('okta-mfa-enrolled', 'high', [fail('u1'), fail('u2', { adminRoles: [] })], 40, 'okta')).severity).toBe('high');
  });

  it('makes a sensitive bucket not blocked from public access critical, and only that', () => {
    const sensitive = fail('exports', { sensitive: true, policyIsPublic: true });
    const verdict = ruleSeverity(finding('aws-s3-public-access-blocked', 'high', [sensitive], 20));
    expect(verdict.severity).toBe('critical');
    expect(verdict.reasons[1]).toContain('1 bucket tagged as sensitive is not fully blocked from public access, 1 with a public bucket policy');
    expect(ruleSeverity(finding('aws-s3-public-access-blocked', 'high', [fail('www', { sensitive: false, policyIsPublic: true })], 20)).severity).toBe('high');
  });

  it('makes SSH, RDP or database ports open on 5 or more security groups critical', () => {
    const open = (ports: number[]) => (i: number) => ({ openPorts: i < ports.length ? [ports[i]] : [22] });
    expect(ruleSeverity(finding('aws-sg-no-open-ingress', 'high', many(4, open([22, 3389, 5432, 6379])), 100)).severity).toBe('high');
    const verdict = ruleSeverity(finding('aws-sg-no-open-ingress', 'high', many(5, open([22, 3389, 5432, 6379, 27017])), 100));
    expect(verdict.severity).toBe('critical');
    expect(verdict.reasons[1]).toMatch(/^5 security groups open SSH, RDP or a database port/);
    // A port outside the list (8080) is not an admin or database port.
    expect(ruleSeverity(finding('aws-sg-no-open-ingress', 'high', many(5, () => ({ openPorts: [8080] })), 100)).severity).toBe('high');
  });

  it('makes a secret in a pull request critical', () => {
    const verdict = ruleSeverity(finding('pr-no-secrets', 'medium', [fail('acme/api#1')], 1, 'github-pull-request'));
    expect(verdict.severity).toBe('critical');
    expect(verdict.reasons).toHaveLength(2);
  });

  it('raises one level when 25% or more of the population fails, with at least 2 failing', () => {
    expect(ruleSeverity(finding('aws-config-rules-compliant', 'medium', many(3), 12)).severity).toBe('high');
    expect(ruleSeverity(finding('aws-config-rules-compliant', 'medium', many(2), 9)).severity).toBe('medium');
    const verdict = ruleSeverity(finding('aws-config-rules-compliant', 'low', many(2), 8));
    expect(verdict).toEqual({
      severity: 'medium',
      reasons: ['aws-config-rules-compliant is configured as low.', '2 of 8 resources fail (25%, 25% or more): a widespread failure is one level more severe.'],
    });
  });

  it('does not treat a single failing pull request as a widespread failure', () => {
    expect(ruleSeverity(finding('pr-ticket-linked', 'medium', [fail('acme/web#3')], 1, 'github-pull-request')).severity).toBe('medium');
  });

  it('raises one level at 10 failing resources, whatever the population', () => {
    const verdict = ruleSeverity(finding('okta-inactive-users', 'medium', many(10), 1000, 'okta'));
    expect(verdict.severity).toBe('high');
    expect(verdict.reasons[1]).toMatch(/^10 resources fail \(10 or more\)/);
    expect(ruleSeverity(finding('okta-inactive-users', 'medium', many(9), 1000, 'okta')).severity).toBe('medium');
  });

  it('raises once for counts, after the context rules, and never past critical', () => {
    expect(ruleSeverity(finding('okta-inactive-users', 'low', many(20), 40, 'okta')).severity).toBe('medium');
    const admins = many(12, () => ({ adminRoles: ['SUPER_ADMIN'] }));
    const verdict = ruleSeverity(finding('okta-admin-mfa', 'high', admins, 12, 'okta'));
    expect(verdict.severity).toBe('critical');
    expect(verdict.reasons).toHaveLength(2);
  });

  it('names no resource in its reasons', () => {
    for (const f of demoFindings()) {
      const text = ruleSeverity(f).reasons.join(' ');
      for (const outcome of f.failing) expect(text).not.toContain(outcome.resource);
    }
  });

  it('sets the expected floors on the sample organization', () => {
    const floors = Object.fromEntries(demoFindings().map((f) => [`${f.controlId} ${f.scope}`, ruleSeverity(f).severity]));
    expect(floors).toMatchObject({
      'okta-admin-mfa acme.okta.com': 'critical',
      'okta-mfa-enrolled acme.okta.com': 'critical',
      'aws-s3-public-access-blocked aws:123456789012': 'critical',
      'aws-sg-no-open-ingress aws:123456789012': 'high',
      'aws-config-rules-compliant aws:123456789012': 'high',
      'pr-no-secrets github:acme/api#420': 'critical',
      'pr-ticket-linked github:acme/web#1207': 'medium',
    });
  });
});
