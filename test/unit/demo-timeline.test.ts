import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../engine/config/load-config.ts';
import { SAMPLE_CONFIG } from '../../engine/demo/sample-config.ts';
import { sampleOrganization } from '../../engine/demo/sample-organization/index.ts';
import { demoRuns, HISTORY_DAYS, organizationOn, pullRequestEvents, responseTo, type DemoRun } from '../../engine/demo/sample-organization/timeline.ts';
import { Snapshot } from '../../engine/model.ts';
import { evaluateAll } from '../../engine/run.ts';
import { awsSource } from '../../engine/snapshots/aws.ts';
import { githubOrgSource } from '../../engine/snapshots/github-org.ts';
import { githubPullRequestSource } from '../../engine/snapshots/github-pull-request.ts';
import { oktaSource } from '../../engine/snapshots/okta.ts';

const finalAt = new Date('2026-11-02T09:00:00Z');
const { runs, missed } = demoRuns(finalAt);
const parsed = parseConfig(SAMPLE_CONFIG);
if (!parsed.ok) throw new Error('the sample compliance.yml is not valid');
const { config } = parsed;
const schemas = { okta: oktaSource.data, aws: awsSource.data, 'github-org': githubOrgSource.data, 'github-pull-request': githubPullRequestSource.data };

const runOn = (date: string, kind: DemoRun['kind'] = 'scheduled') => {
  const run = runs.find((r) => r.at.toISOString().startsWith(date) && r.kind === kind);
  if (run === undefined) throw new Error(`no ${kind} run on ${date}`);
  return run;
};
const dayOf = (run: DemoRun) => organizationOn(sampleOrganization(run.at), { run, since: new Date(run.at.getTime() - 86_400_000), finalAt });
const statuses = (run: DemoRun) => {
  const evaluation = evaluateAll({ config, snapshots: Object.values(dayOf(run).snapshots).flat(), now: run.at });
  return Object.fromEntries(evaluation.runs.filter((r) => r.result.source !== 'github-pull-request').map((r) => [r.control.id, r.result]));
};

describe('the demo timeline', () => {
  it('runs daily at 09:00 UTC for 60 days, with one day missed, one late run, one manual re-run, and the final run', () => {
    expect(HISTORY_DAYS).toBe(60);
    expect(runs).toHaveLength(61);
    expect(runs[0]?.at.toISOString()).toBe('2026-09-03T09:00:00.000Z');
    expect(runs.at(-1)).toEqual({ at: finalAt, daysAgo: 0, kind: 'final' });
    expect(missed).toEqual([expect.objectContaining({ date: '2026-10-16', daysAgo: 17 })]);
    expect(runs.filter((r) => r.kind !== 'scheduled').map((r) => `${r.kind} ${r.at.toISOString()}`)).toEqual([
      'manual 2026-09-23T15:00:00.000Z',
      'delayed 2026-10-17T10:40:00.000Z',
      'final 2026-11-02T09:00:00.000Z',
    ]);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.at.getTime()).toBeGreaterThan(runs[i - 1]!.at.getTime());
  });

  it('ends exactly as the sample organization', () => {
    const final = runs.at(-1)!;
    expect(dayOf(final).snapshots).toEqual(sampleOrganization(finalAt));
  });

  it('gives valid, complete-or-explained snapshots on every run, the same each time', () => {
    for (const run of runs) {
      const { snapshots } = dayOf(run);
      for (const snapshot of Object.values(snapshots).flat()) {
        expect(Snapshot.parse(snapshot)).toEqual(snapshot);
        expect(() => schemas[snapshot.source].parse(snapshot.data)).not.toThrow();
        expect(snapshot.collectedAt).toBe(run.at.toISOString());
        for (const part of Object.values(snapshot.parts)) if (!part.complete) expect(part.error).toMatch(/ThrottlingException/);
      }
      if (run.kind !== 'final') expect(Object.keys(snapshots)).not.toContain('github-pull-requests');
    }
    expect(dayOf(runs[10]!)).toEqual(dayOf(runs[10]!));
  });

  it('tells the story: a public bucket blocked the same day, a reopened SSH port, a throttling storm, an admin without MFA for three days', () => {
    expect(statuses(runOn('2026-09-03'))['aws-sg-no-open-ingress']?.outcomes.find((o) => o.status === 'fail')?.message).toMatch(/bastion/);
    expect(statuses(runOn('2026-09-12'))['aws-sg-no-open-ingress']?.status).toBe('pass');
    expect(statuses(runOn('2026-10-31'))['aws-sg-no-open-ingress']?.status).toBe('fail');

    expect(statuses(runOn('2026-09-22'))['aws-s3-public-access-blocked']?.status).toBe('pass');
    const bucket = statuses(runOn('2026-09-23'))['aws-s3-public-access-blocked'];
    expect(bucket?.status).toBe('fail');
    expect(bucket?.outcomes.filter((o) => o.status === 'fail').map((o) => o.resource)).toContain('acme-partner-uploads');
    expect(statuses(runOn('2026-09-23', 'manual'))['aws-s3-public-access-blocked']?.status).toBe('pass');

    const storm = statuses(runOn('2026-10-10'));
    expect([storm['aws-config-rules-compliant']?.status, storm['aws-s3-public-access-blocked']?.status, storm['aws-sg-no-open-ingress']?.status]).toEqual(['error', 'error', 'error']);

    expect(statuses(runOn('2026-09-13'))['okta-admin-mfa']?.status).toBe('pass');
    expect(statuses(runOn('2026-09-14'))['okta-admin-mfa']?.status).toBe('fail');
    expect(statuses(runOn('2026-09-17'))['okta-admin-mfa']?.status).toBe('pass');

    const mfa = (date: string) => statuses(runOn(date))['okta-mfa-enrolled']?.counts.fail;
    expect(mfa('2026-09-03')).toBeGreaterThan(mfa('2026-10-15')!);
  });

  it('records pull requests at their merge, and a review after a merge as its own event', () => {
    const template = sampleOrganization(finalAt)['github-pull-requests']!.find((s) => s.scope === 'github:acme/api#412')!;
    const events = pullRequestEvents(template, finalAt);
    expect(events).toHaveLength(17);
    for (const event of events) {
      expect(Snapshot.parse(event.snapshot)).toEqual(event.snapshot);
      const data = githubPullRequestSource.data.parse(event.snapshot.data);
      expect(event.snapshot.collectedAt).toBe(event.at.toISOString());
      expect(event.kind === 'merged' ? data.mergedAt : data.reviews.at(-1)?.submittedAt).toBe(event.at.toISOString());
      expect(event.at.getTime()).toBeLessThan(finalAt.getTime());
    }
    expect(events.filter((e) => e.kind === 'post-merge-review').map((e) => e.snapshot.scope)).toEqual(['github:acme/api#395']);
  });

  it('has people answer some findings within hours, and nobody others', () => {
    const opened = new Date('2026-09-03T09:00:30Z');
    expect(responseTo({ controlId: 'aws-sg-no-open-ingress', scope: 'aws:123456789012' }, opened)).toEqual([
      expect.objectContaining({ actor: 'rosa.mendes', assign: 'rosa.mendes', at: new Date('2026-09-03T11:00:30Z') }),
    ]);
    expect(responseTo({ controlId: 'github-secret-scanning-enabled', scope: 'github:acme' }, opened)).toEqual([]);
    expect(responseTo({ controlId: 'pr-approved', scope: 'github:acme/api#384' }, opened).map((a) => a.close)).toEqual([undefined, 'not_planned']);
  });
});
