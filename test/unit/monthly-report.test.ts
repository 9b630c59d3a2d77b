import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../engine/config/load-config.ts';
import type { ComplianceConfig } from '../../engine/config/schema.ts';
import { sampleOrganization } from '../../engine/demo/sample-organization/index.ts';
import { SAMPLE_CONFIG } from '../../engine/demo/sample-config.ts';
import { FilesystemStore } from '../../engine/evidence/filesystem-store.ts';
import { findingFingerprint } from '../../engine/findings.ts';
import { RecordingTracker } from '../../engine/issues/recording-tracker.ts';
import { RECORD_SCHEMA, type ObservedUser, type RemediationRecord, type Snapshot } from '../../engine/model.ts';
import { writeRemediationRecord } from '../../engine/remediate/remediation-record.ts';
import { loadEvidence, type EvidenceIndex } from '../../engine/reports/evidence-index.ts';
import type { FindingIssue, IssueEvent, IssueHistory } from '../../engine/reports/issue-history.ts';
import { formatPassRate } from '../../engine/reports/audit-package/index.ts';
import { buildMonthlyReport, evidencePeriod, formatPercent, type MonthlyReport } from '../../engine/reports/monthly-report.ts';
import { percentDown } from '../../engine/reports/percent.ts';
import { renderReportHtml } from '../../engine/reports/render-report-html.ts';
import { renderReportMarkdown } from '../../engine/reports/render-report-markdown.ts';
import { renderReportPdf } from '../../engine/reports/render-report-pdf.ts';
import { narrativeLabel, withNarrative } from '../../engine/reports/report-narrative.ts';
import { respond } from '../../engine/respond.ts';
import { evaluateAll, recordResults } from '../../engine/run.ts';
import { startOpenAIServer, type OpenAITestServer } from '../support/openai-server.ts';
import { oktaSnapshot, testConfig } from '../support/sample-run.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempStore(): Promise<FilesystemStore> {
  const dir = await mkdtemp(join(tmpdir(), 'evident-report-'));
  dirs.push(dir);
  return new FilesystemStore(dir);
}

/** Evaluates, records and triages at one moment, as a scheduled run does (the tracker only records). */
async function runAt(store: FilesystemStore, config: ComplianceConfig, at: string, snapshots: Snapshot[], collectionErrors: Partial<Record<Snapshot['source'], string>> = {}): Promise<void> {
  const now = new Date(at);
  const evaluation = evaluateAll({ config, snapshots, now, collectionErrors });
  const records = await recordResults(evaluation, { store, organization: config.organization, now });
  await respond(records.map((record) => ({ run: record.run, key: record.key })), { config, tracker: new RecordingTracker('acme/compliance'), now, store, noModelReason: 'no model in tests' });
}

const OKTA = 'acme.okta.com';
const MFA = findingFingerprint('okta-mfa-enrolled', OKTA);
const event = (kind: IssueEvent['kind'], at: string, actor = 'evident[bot]', detail?: string): IssueEvent => ({ kind, at, actor, byEvident: actor === 'evident[bot]', ...(detail === undefined ? {} : { detail }) });
const issue = (number: number, controlId: string, scope: string, title: string, slaHours: number | undefined, events: IssueEvent[]): FindingIssue => ({
  fingerprint: findingFingerprint(controlId, scope),
  controlId,
  scope,
  number,
  url: `https://github.com/acme/compliance/issues/${number}`,
  title,
  state: events.at(-1)?.kind === 'closed' ? 'closed' : 'open',
  ...(slaHours === undefined ? {} : { slaHours }),
  assignees: [],
  events,
});

/** The remediation log, written by hand: each SLA outcome is known in advance. */
const HISTORY: IssueHistory = {
  schema: 'https://evident.dev/schemas/issue-history/v1',
  repository: 'acme/compliance',
  exportedAt: '2026-11-03T00:00:00Z',
  issues: [
    // Closed in September (out of the month), reopened in October and closed 96 h later: missed a 72 h SLA.
    issue(7, 'okta-mfa-enrolled', OKTA, 'CC6.1 okta-mfa-enrolled: 1 of 4 users without MFA (acme.okta.com)', 72, [
      event('opened', '2026-08-10T09:05:00Z'),
      event('commented', '2026-08-10T12:00:00Z', 'alice'),
      event('closed', '2026-09-15T09:05:00Z', 'evident[bot]', 'completed'),
      event('reopened', '2026-10-01T09:05:00Z'),
      event('assigned', '2026-10-01T10:00:00Z', 'bob'),
      event('closed', '2026-10-05T09:05:00Z', 'evident[bot]', 'completed'),
    ]),
    // Opened and closed within the month, well inside its SLA: met.
    issue(8, 'okta-inactive-users', OKTA, 'CC6.2 okta-inactive-users: 1 of 4 accounts inactive (acme.okta.com)', 168, [
      event('opened', '2026-10-10T09:00:00Z'),
      event('labeled', '2026-10-10T11:00:00Z', 'alice', 'severity:medium'),
      event('closed', '2026-10-11T09:00:00Z', 'alice', 'completed'),
    ]),
    // Opened at the end of the month, due in November; its closing (November) is after the report's moment.
    issue(9, 'okta-admin-mfa', OKTA, 'CC6.1 okta-admin-mfa: carol@acme.example has no MFA (acme.okta.com)', 720, [
      event('opened', '2026-10-30T00:00:00Z'),
      event('closed', '2026-11-02T00:00:00Z', 'alice', 'completed'),
    ]),
    // Opened in September with a 24 h SLA and still open: missed.
    issue(10, 'okta-mfa-enrolled', 'other.okta.com', 'CC6.1 okta-mfa-enrolled: 2 of 9 users without MFA (other.okta.com)', 24, [event('opened', '2026-09-01T00:00:00Z')]),
  ],
};

const user = (id: string): ObservedUser => ({
  id,
  login: `${id}@acme.example`,
  status: 'ACTIVE',
  lastLogin: '2026-01-01T00:00:00.000Z',
  since: '2026-01-01T00:00:00.000Z',
  inactiveDays: 280,
  adminRoles: [],
  groups: [],
});

function remediation(runId: string, at: string, mode: RemediationRecord['remediation']['mode'], fields: Pick<RemediationRecord, 'phase'> & Partial<RemediationRecord>): RemediationRecord {
  return {
    schema: RECORD_SCHEMA,
    kind: 'remediation',
    area: 'access-control',
    organization: 'acme',
    evidentVersion: '0.1.0',
    recordedAt: at,
    effectiveAt: at,
    remediation: { id: 'okta-inactive-users', controlId: 'okta-inactive-users', mode, runId, fingerprint: findingFingerprint('okta-inactive-users', OKTA), issue: 8 },
    source: 'okta',
    scope: OKTA,
    snapshotCollectedAt: at,
    ...fields,
  };
}

const plan = (candidates: ObservedUser[], aborted?: string): RemediationRecord['plan'] => ({ afterDays: 120, maxUsers: 10, maxPercent: 50, population: 20, candidates, excluded: [], ...(aborted === undefined ? {} : { aborted }) });

describe('buildMonthlyReport on okta evidence recorded at several moments', () => {
  const config = testConfig('controls:\n  okta-admin-mfa: { enabled: false }\n');
  const now = new Date('2026-11-20T08:00:00Z');
  let evidence: EvidenceIndex;
  let report: MonthlyReport;
  let withoutHistory: MonthlyReport;

  beforeAll(async () => {
    const store = await tempStore();
    const forbidden = 'Okta answered HTTP 403 for /api/v1/users: the token of ops@acme.example lacks okta.users.read';
    await runAt(store, config, '2026-08-10T09:00:00Z', [oktaSnapshot('2026-08-10T09:00:00Z', 'fail.json')]);
    await runAt(store, config, '2026-09-15T09:00:00Z', [oktaSnapshot('2026-09-15T09:00:00Z', 'pass.json')]);
    await runAt(store, config, '2026-10-01T09:00:00Z', [oktaSnapshot('2026-10-01T09:00:00Z', 'fail.json')]);
    await runAt(store, config, '2026-10-02T09:00:00Z', [], { okta: forbidden });
    await runAt(store, config, '2026-10-03T09:00:00Z', [], { okta: forbidden });
    await runAt(store, config, '2026-10-05T09:00:00Z', [oktaSnapshot('2026-10-05T09:00:00Z', 'pass.json')]);
    await runAt(store, config, '2026-11-01T09:00:00Z', [oktaSnapshot('2026-11-01T09:00:00Z', 'fail.json')]);

    const records: RemediationRecord[] = [
      remediation('0000000000000001', '2026-09-20T09:00:00.000Z', 'suspend', { phase: 'plan', plan: plan([user('early')]) }),
      remediation('000000000000000a', '2026-10-12T09:00:00.000Z', 'suspend', { phase: 'plan', plan: plan([user('dave'), user('erin')]) }),
      remediation('000000000000000a', '2026-10-12T09:00:00.000Z', 'suspend', { phase: 'before', change: { action: 'suspend', user: user('dave') } }),
      remediation('000000000000000a', '2026-10-12T09:00:00.000Z', 'suspend', { phase: 'after', change: { action: 'suspend', user: { ...user('dave'), status: 'SUSPENDED' }, outcome: 'done' } }),
      remediation('000000000000000a', '2026-10-12T09:00:00.000Z', 'suspend', { phase: 'before', change: { action: 'suspend', user: user('erin') } }),
      remediation('000000000000000a', '2026-10-12T09:00:00.000Z', 'suspend', { phase: 'after', change: { action: 'suspend', user: user('erin'), outcome: 'failed', error: 'Okta answered HTTP 403' } }),
      remediation('000000000000000b', '2026-10-13T09:00:00.000Z', 'suspend', { phase: 'plan', plan: plan([...'abcdefghijkl'].map((c) => user(`u-${c}`)), '12 users would be changed, more than maxUsers (10)') }),
      remediation('000000000000000c', '2026-10-14T09:00:00.000Z', 'dry-run', { phase: 'plan', plan: plan([user('fay'), user('gus'), user('hal')]) }),
    ];
    for (const record of records) await writeRemediationRecord(store, record);

    evidence = await loadEvidence(store, evidencePeriod('2026-10'));
    report = buildMonthlyReport({ config, evidence, history: HISTORY, month: '2026-10', now });
    withoutHistory = buildMonthlyReport({ config, evidence, month: '2026-10', now });
  });

  it('computes pass rates with errors in the denominator, per control and overall', () => {
    // October: 10-01 fail + pass, 10-02 and 10-03 two errors each, 10-05 two passes.
    expect(report.summary.results).toBe(8);
    expect(report.summary.counts).toEqual({ pass: 3, fail: 1, error: 4, skipped: 0 });
    expect(report.summary.passRate).toBe(3 / 8);
    const byId = Object.fromEntries(report.controls.map((c) => [c.id, c]));
    expect(byId['okta-mfa-enrolled']?.passRate).toBe(1 / 4);
    expect(byId['okta-mfa-enrolled']?.counts).toEqual({ pass: 1, fail: 1, error: 2, skipped: 0 });
    expect(byId['okta-inactive-users']?.passRate).toBe(2 / 4);
    expect(report.controls.map((c) => c.id)).toEqual(['okta-mfa-enrolled', 'okta-inactive-users']);
  });

  it('shows the trend over the five months before, with empty months as no data', () => {
    expect(report.trend.map((p) => [p.month, p.results, p.passRate])).toEqual([
      ['2026-05', 0, null],
      ['2026-06', 0, null],
      ['2026-07', 0, null],
      ['2026-08', 2, 1 / 2],
      ['2026-09', 2, 1],
      ['2026-10', 8, 3 / 8],
    ]);
    expect(report.summary.previousPassRate).toBe(1);
  });

  it('takes SLA met and missed from the issue history, as of the end of the month', () => {
    const findings = report.failedControls.flatMap((c) => c.findings);
    const byIssue = Object.fromEntries(findings.map((f) => [f.issue?.number, f]));
    expect(Object.keys(byIssue).sort()).toEqual(['10', '7', '8', '9']);
    expect(byIssue[7]).toMatchObject({
      openedAt: '2026-10-01T09:05:00.000Z',
      firstResponseAt: '2026-10-01T10:00:00.000Z',
      closedAt: '2026-10-05T09:05:00.000Z',
      closedAs: 'completed',
      dueAt: '2026-10-04T09:05:00.000Z',
      sla: 'missed',
      // The triage decision of the run that reopened it, from the evidence.
      triagedAt: '2026-10-01T09:00:00.000Z',
      triagedBy: 'rules',
      failedResults: 1,
    });
    expect(byIssue[8]).toMatchObject({ firstResponseAt: '2026-10-10T11:00:00.000Z', closedAt: '2026-10-11T09:00:00.000Z', sla: 'met' });
    expect(byIssue[9]).toMatchObject({ dueAt: '2026-11-29T00:00:00.000Z', sla: 'open' });
    expect(byIssue[9]?.closedAt).toBeUndefined();
    expect(byIssue[10]).toMatchObject({ dueAt: '2026-09-02T00:00:00.000Z', sla: 'missed' });
    expect(report.summary.sla).toEqual({ met: 1, missed: 2, open: 1, 'no-sla': 0, 'not-measured': 0 });
    expect(report.timeline.source).toBe('issue-history');
    expect(report.asOf).toBe('2026-11-01T00:00:00.000Z');
  });

  it('without history, builds the timeline from evidence and measures no SLA', () => {
    expect(withoutHistory.timeline.source).toBe('evidence');
    expect(withoutHistory.timeline.note).toContain('evidence only');
    const findings = withoutHistory.failedControls.flatMap((c) => c.findings);
    expect(findings).toEqual([
      expect.objectContaining({ controlId: 'okta-mfa-enrolled', scope: OKTA, firstFailingAt: '2026-10-01T09:00:00.000Z', firstPassingAt: '2026-10-05T09:00:00.000Z', triagedAt: '2026-10-01T09:00:00.000Z', sla: 'not-measured' }),
    ]);
    expect(findings[0]?.dueAt).toBeUndefined();
    expect(withoutHistory.summary.sla).toEqual({ met: 0, missed: 0, open: 0, 'no-sla': 0, 'not-measured': 1 });
  });

  it('summarizes auto-remediation batches of the month without naming users', () => {
    expect(report.remediation).toMatchObject({ batches: 3, dryRunBatches: 1, abortedBatches: 1, suspended: 1, deactivated: 0, failed: 1, wouldChange: 3 });
    expect(report.remediation.list.map((b) => [b.mode, b.candidates, b.suspended, b.failed, b.aborted])).toEqual([
      ['suspend', 2, 1, 1, undefined],
      ['suspend', 12, 0, 0, '12 users would be changed, more than maxUsers (10)'],
      ['dry-run', 3, 0, 0, undefined],
    ]);
  });

  it('groups errors by control and reason, with emails removed', () => {
    expect(report.errors.map((e) => [e.controlId, e.results, e.firstAt, e.lastAt])).toEqual([
      ['okta-mfa-enrolled', 2, '2026-10-02T09:00:00.000Z', '2026-10-03T09:00:00.000Z'],
      ['okta-inactive-users', 2, '2026-10-02T09:00:00.000Z', '2026-10-03T09:00:00.000Z'],
    ]);
    expect(report.errors[0]?.reason).toContain('HTTP 403 for /api/v1/users: the token of [email] lacks');
    expect(report.notTested.find((c) => c.controlId === 'okta-admin-mfa')?.reason).toBe('disabled in compliance.yml');
    expect(report.notTested.find((c) => c.controlId === 'aws-sg-no-open-ingress')?.reason).toContain('not configured');
  });

  it('carries no personal data beyond issue titles', () => {
    const json = JSON.stringify(report);
    for (const name of ['ana@acme.example', 'carl@acme.example', 'dave@acme.example', 'fay@acme.example', 'ops@acme.example', 'alice', 'bob']) expect(json).not.toContain(name);
  });

  it('recommends from fixed rules', () => {
    const text = report.recommendations.join('\n');
    expect(report.recommendations[0]).toMatch(/^2 findings missed their SLA: .*#7 okta-mfa-enrolled on acme\.okta\.com \(due 2026-10-04 09:05 UTC\)/);
    expect(text).toContain('#10 okta-mfa-enrolled on other.okta.com');
    expect(text).toContain('okta-mfa-enrolled could not be tested in 2 of 4 results');
    expect(text).toContain('Enable the disabled control okta-admin-mfa');
    expect(text).toContain('The pass rate fell from 100% to 37.5%');
    expect(text).toContain('1 auto-remediation batch was aborted (12 users would be changed, more than maxUsers (10))');
    expect(text).toContain('1 automatic account change failed');
    expect(text).toContain('would have changed 3 accounts');
    expect(text).toContain('The github source is not configured, so its controls never run');
    expect(text).not.toContain('--history');
    expect(withoutHistory.recommendations.join('\n')).toContain('--history');
    // The same inputs give the same recommendations.
    expect(buildMonthlyReport({ config, evidence, history: HISTORY, month: '2026-10', now }).recommendations).toEqual(report.recommendations);
  });

  it('renders the same figures in Markdown, HTML and PDF', async () => {
    const markdown = renderReportMarkdown(report);
    expect(markdown).toContain('# Compliance report: acme, October 2026');
    expect(markdown).toContain('Pass rate **37.5%**');
    expect(markdown).toContain('| [#7](https://github.com/acme/compliance/issues/7) CC6.1 okta-mfa-enrolled: 1 of 4 users without MFA (acme.okta.com) | 2026-10-01 09:05 UTC | 2026-10-01 10:00 UTC |');
    expect(markdown).toContain('## Recommendations');

    const html = renderReportHtml(report);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<strong>2026-10</strong>');
    expect(html).toContain('Generated <time datetime="2026-11-20T08:00:00.000Z">2026-11-20 08:00 UTC</time>');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|src="http/);

    const pdf = await renderReportPdf(report);
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(Buffer.from(await renderReportPdf(report)).equals(Buffer.from(pdf))).toBe(true);
  });
});

describe('buildMonthlyReport on the sample organization', () => {
  it('names the regions where AWS Config does not record, and lists every failed control', async () => {
    const parsed = parseConfig(SAMPLE_CONFIG);
    if (!parsed.ok) throw new Error('sample config');
    const config = parsed.config;
    const store = await tempStore();
    for (const at of ['2026-10-05T09:00:00Z', '2026-10-05T10:00:00Z']) await runAt(store, config, at, Object.values(sampleOrganization(new Date(at))).flat());
    const report = buildMonthlyReport({ config, evidence: await loadEvidence(store, evidencePeriod('2026-10')), month: '2026-10', now: new Date('2026-11-01T00:00:00Z') });
    expect(report.recommendations).toContain('AWS Config does not record in 123456789012/eu-west-1: start its configuration recorder so the AWS controls cover that region.');
    expect(report.failedControls.map((c) => c.controlId)).toContain('okta-admin-mfa');
    expect(report.failedControls[0]?.severity).toBe('critical');
    // A pull request's failure is one result; the hourly controls failed twice.
    const admin = report.failedControls.find((c) => c.controlId === 'okta-admin-mfa');
    expect(admin?.findings).toHaveLength(1);
    expect(admin?.failedResults).toBe(2);
    expect(JSON.stringify(report)).not.toMatch(/[a-z0-9.-]+@acme\.example/);
  });
});

describe('the narrative', () => {
  let server: OpenAITestServer;
  const config = testConfig();
  let report: MonthlyReport;

  beforeAll(async () => {
    server = await startOpenAIServer();
    const store = await tempStore();
    await runAt(store, config, '2026-10-01T09:00:00Z', [oktaSnapshot('2026-10-01T09:00:00Z', 'fail.json')]);
    report = buildMonthlyReport({ config, evidence: await loadEvidence(store, evidencePeriod('2026-10')), history: HISTORY, month: '2026-10', now: new Date('2026-11-20T08:00:00Z') });
  });
  afterAll(() => server.close());

  const openai = () => ({ model: 'gpt-test', baseURL: server.baseURL, apiKeyEnv: 'TEST_OPENAI_KEY' });

  it('is asked from aggregated figures only and marked as generated', async () => {
    server.script({ raw: 'October was a difficult month.\n\nThe pass rate fell.' });
    const told = await withNarrative(report, openai(), { TEST_OPENAI_KEY: 'sk-test' });
    expect(told.narrative).toEqual({ text: 'October was a difficult month.\n\nThe pass rate fell.', model: 'gpt-test', label: narrativeLabel('gpt-test') });
    expect(told.narrative?.label).toBe('Generated by gpt-test from the aggregated figures; review before sharing');
    const sent = JSON.stringify(server.requests.at(-1)?.body);
    expect(sent).toContain('okta-mfa-enrolled');
    for (const secret of ['@acme.example', 'acme.okta.com', 'other.okta.com', 'users without MFA', 'carol', 'alice', 'bob', 'github.com/acme']) expect(sent).not.toContain(secret);
    expect(renderReportMarkdown(told)).toContain('_Generated by gpt-test from the aggregated figures; review before sharing._');
    expect(renderReportHtml(told)).toContain('Generated by gpt-test from the aggregated figures; review before sharing.');
  });

  it('falls back to no narrative, with a note, when the model fails or is not available', async () => {
    server.script({ status: 500 }, { status: 500 });
    const failed = await withNarrative(report, openai(), { TEST_OPENAI_KEY: 'sk-test' });
    expect(failed.narrative).toBeUndefined();
    expect(failed.narrativeNote).toBe('No narrative: the model API answered HTTP 500.');
    const noKey = await withNarrative(report, openai(), {});
    expect(noKey.narrativeNote).toBe('No narrative: no TEST_OPENAI_KEY.');
    expect(await withNarrative(report, undefined, { TEST_OPENAI_KEY: 'sk-test' })).toBe(report);
  });
});

describe('percentDown', () => {
  it('rounds pass rates down, so an almost perfect rate never reads as 100%, and exact rates stay exact', () => {
    expect(percentDown(0.9996)).toBe(99.9);
    expect(percentDown(1)).toBe(100);
    expect(percentDown(0.57, 0)).toBe(57); // 0.57 × 100 is 56.99… in binary
    expect(percentDown(0.575)).toBe(57.5);
    expect(percentDown(2 / 3)).toBe(66.6);
    expect(percentDown(0)).toBe(0);
    expect(formatPercent(0.29)).toBe('29%');
    expect(formatPassRate(0.29)).toBe('29.0%');
  });
});
