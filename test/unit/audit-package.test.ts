import { generateKeyPairSync } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../engine/errors.ts';
import { FilesystemStore } from '../../engine/evidence/filesystem-store.ts';
import { signerFromKey, verifierFromKey } from '../../engine/evidence/signing.ts';
import { evaluateAll, recordResults } from '../../engine/run.ts';
import { loadEvidence, type EvidenceIndex } from '../../engine/reports/evidence-index.ts';
import type { FindingIssue, IssueEvent, IssueHistory } from '../../engine/reports/issue-history.ts';
import {
  assembleAuditPackage,
  AssessmentResultsDocument,
  buildAuditPackage,
  csvDocument,
  csvField,
  selectControls,
  verifyAuditPackage,
  zipPackage,
  type AuditPackage,
  type AuditPackageInput,
} from '../../engine/reports/audit-package/index.ts';
import { oktaSnapshot, testConfig } from '../support/sample-run.ts';

/**
 * The evidence of October 2026, recorded by the real engine for the Okta controls:
 * okta-mfa-enrolled fails on the 1st and 2nd, errors on the 3rd (factors could not be read) and
 * passes daily from the 4th to the 20th; okta-admin-mfa is not applicable (no admins) except on the
 * 3rd, when it errors; okta-inactive-users always passes. Records on 30 September and 5 November
 * lie outside the period.
 */
const moments: { at: string; fixture: string; broken?: boolean }[] = [
  { at: '2026-09-30T23:00:00Z', fixture: 'fail.json' },
  { at: '2026-10-01T09:00:00Z', fixture: 'fail.json' },
  { at: '2026-10-02T09:00:00Z', fixture: 'fail.json' },
  { at: '2026-10-03T09:00:00Z', fixture: 'pass.json', broken: true },
  ...Array.from({ length: 17 }, (_, i) => ({ at: `2026-10-${String(4 + i).padStart(2, '0')}T09:00:00Z`, fixture: 'pass.json' })),
  { at: '2026-11-05T09:00:00Z', fixture: 'pass.json' },
];

const NOW = new Date('2026-11-01T12:00:00Z');
const SLA_SCOPE = 'aws:123456789012,eu-west-1 "prod"';

const event = (kind: IssueEvent['kind'], at: string, byEvident = true, detail?: string): IssueEvent => ({ kind, at, actor: byEvident ? 'evident[bot]' : 'dana', byEvident, ...(detail === undefined ? {} : { detail }) });
const issue = (number: number, controlId: string, scope: string, slaHours: number, events: IssueEvent[]): FindingIssue => ({
  fingerprint: `${String(number).padStart(2, '0')}${'a'.repeat(22)}`,
  controlId,
  scope,
  number,
  url: `https://github.com/acme/compliance/issues/${number}`,
  title: `${controlId} failed on ${scope}`,
  state: events.at(-1)?.kind === 'closed' ? 'closed' : 'open',
  severity: 'high',
  slaHours,
  assignees: [],
  events,
});

/** Hand-made: one met and one missed cycle, one overdue, one open and not yet due, one closed as not planned. */
const history: IssueHistory = {
  schema: 'https://evident.dev/schemas/issue-history/v1',
  repository: 'acme/compliance',
  exportedAt: NOW.toISOString(),
  issues: [
    issue(7, 'okta-mfa-enrolled', 'acme.okta.com', 24, [
      event('opened', '2026-10-01T09:05:00Z'),
      event('commented', '2026-10-01T10:00:00Z', false),
      event('closed', '2026-10-02T08:00:00Z', true, 'completed'),
      event('reopened', '2026-10-02T09:05:00Z'),
      event('closed', '2026-10-04T09:30:00Z', true, 'completed'),
    ]),
    issue(8, 'okta-admin-mfa', 'acme.okta.com', 72, [event('opened', '2026-10-03T09:05:00Z'), event('assigned', '2026-10-03T11:00:00Z', false)]),
    issue(9, 'okta-inactive-users', 'acme.okta.com', 720, [event('opened', '2026-10-30T10:00:00Z')]),
    issue(10, 'aws-sg-no-open-ingress', SLA_SCOPE, 72, [event('opened', '2026-10-10T10:00:00Z'), event('closed', '2026-10-11T10:00:00Z', false, 'not_planned')]),
    // Closed before the period began: not part of it.
    issue(11, 'okta-mfa-enrolled', 'acme.okta.com', 24, [event('opened', '2026-09-01T09:00:00Z'), event('closed', '2026-09-02T09:00:00Z', true, 'completed')]),
  ],
};

let dir: string;
let store: FilesystemStore;
let evidence: EvidenceIndex;
const input = (extra: Partial<AuditPackageInput> = {}): AuditPackageInput => ({ config: testConfig(), evidence, history, from: '2026-10-01', to: '2026-10-31', now: NOW, store, ...extra });
const text = (built: AuditPackage, path: string) => {
  const file = built.files.find((f) => f.path === path);
  if (file === undefined) throw new Error(`no ${path} in the package`);
  return new TextDecoder().decode(file.bytes);
};
const control = (built: AuditPackage, id: string) => built.summary.controls.find((c) => c.id === id);
const criterion = (built: AuditPackage, id: string) => built.summary.criteria.find((c) => c.id === id);

/** A small RFC 4180 reader, to read the CSVs back as a spreadsheet would. */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && csv[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evident-package-'));
  store = new FilesystemStore(join(dir, 'evidence'));
  for (const moment of moments) {
    const snapshot = oktaSnapshot(moment.at, moment.fixture);
    if (moment.broken === true) snapshot.parts.factors = { complete: false, count: 0, error: 'HTTP 429 after 3 retries' };
    const evaluation = evaluateAll({ config: testConfig(), snapshots: [snapshot], now: new Date(moment.at), only: ['okta'] });
    await recordResults(evaluation, { store, organization: 'acme', now: new Date(moment.at) });
  }
  evidence = await loadEvidence(store, { from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('per-control and per-criterion numbers', () => {
  it('counts every test of the period, and an error never counts as passing', async () => {
    const built = await assembleAuditPackage(input());
    expect(control(built, 'okta-mfa-enrolled')).toMatchObject({ tests: { run: 20, passed: 17, failed: 2, errored: 1, skipped: 0 }, passRate: 0.85 });
    // Skipped (not applicable) is left out of the rate; the one error makes it 0, not 100 %.
    expect(control(built, 'okta-admin-mfa')).toMatchObject({ tests: { run: 20, passed: 0, failed: 0, errored: 1, skipped: 19 }, passRate: 0 });
    expect(control(built, 'okta-inactive-users')).toMatchObject({ tests: { run: 20, passed: 20, failed: 0, errored: 0, skipped: 0 }, passRate: 1 });
    expect(control(built, 'pr-approved')).toMatchObject({ tests: { run: 0, passed: 0, failed: 0, errored: 0, skipped: 0 } });
    expect(control(built, 'pr-approved')?.passRate).toBeUndefined();
    const scope = control(built, 'okta-mfa-enrolled')?.scopes[0];
    expect(scope).toMatchObject({ scope: 'acme.okta.com', firstAt: '2026-10-01T09:00:00Z', lastAt: '2026-10-20T09:00:00Z', latest: { status: 'pass' } });
  });

  it('calls a criterion satisfied only when every mapped control was tested and every test passed', async () => {
    const built = await assembleAuditPackage(input());
    expect(criterion(built, 'CC6.2')).toMatchObject({ framework: 'soc2', status: 'satisfied', controls: ['okta-inactive-users'], tests: { run: 20, passed: 20 } });
    const a85 = criterion(built, 'A.8.5');
    expect(a85).toMatchObject({ status: 'not-satisfied', untested: ['github-org-2fa-required'], tests: { run: 40, passed: 17, failed: 2, errored: 2, skipped: 19 } });
    expect(a85?.reason).toBe('2 failed test(s); 2 test(s) that could not complete (error); no applicable test in the period of github-org-2fa-required');
  });

  it('computes remediation within SLA from the issue history, per control and per criterion', async () => {
    const built = await assembleAuditPackage(input());
    expect(control(built, 'okta-mfa-enrolled')?.remediation).toEqual({ cycles: 2, met: 1, missed: 1, open: 0, withoutSla: 0 });
    // Still open 3 days past its 72 h SLA at `now`: missed, not open.
    expect(control(built, 'okta-admin-mfa')?.remediation).toEqual({ cycles: 1, met: 0, missed: 1, open: 0, withoutSla: 0 });
    expect(control(built, 'okta-inactive-users')?.remediation).toEqual({ cycles: 1, met: 0, missed: 0, open: 1, withoutSla: 0 });
    // Closed as not planned within its SLA is still a miss: the finding was not remediated.
    expect(control(built, 'aws-sg-no-open-ingress')?.remediation).toEqual({ cycles: 1, met: 0, missed: 1, open: 0, withoutSla: 0 });
    expect(criterion(built, 'A.8.5')?.remediation).toEqual({ cycles: 3, met: 1, missed: 2, open: 0, withoutSla: 0 });

    const rows = parseCsv(text(built, 'alert-history.csv'));
    expect(rows[0]).toEqual(['finding', 'control', 'scope', 'issue', 'url', 'opened', 'first_response', 'severity', 'sla_hours', 'due', 'closed', 'closed_as', 'met']);
    expect(rows.slice(1).map((r) => [r[3], r[5], r[6], r[9], r[10], r[12]])).toEqual([
      ['7', '2026-10-01T09:05:00Z', '2026-10-01T10:00:00Z', '2026-10-02T09:05:00.000Z', '2026-10-02T08:00:00Z', 'yes'],
      ['7', '2026-10-02T09:05:00Z', '', '2026-10-03T09:05:00.000Z', '2026-10-04T09:30:00Z', 'no'],
      ['8', '2026-10-03T09:05:00Z', '2026-10-03T11:00:00Z', '2026-10-06T09:05:00.000Z', '', 'no'],
      ['10', '2026-10-10T10:00:00Z', '', '2026-10-13T10:00:00.000Z', '2026-10-11T10:00:00Z', 'no'],
      ['9', '2026-10-30T10:00:00Z', '', '2026-11-29T10:00:00.000Z', '', 'open'],
    ]);
  });

  it('judges an open issue as of the history export, not as of today', async () => {
    // Exported on 5 October: issue #8 (due the 6th) was open and not yet due then; what came after is unknown.
    const early = { ...history, exportedAt: '2026-10-05T00:00:00Z', issues: history.issues.filter((i) => i.number === 8) };
    const built = await assembleAuditPackage(input({ history: early }));
    expect(control(built, 'okta-admin-mfa')?.remediation).toEqual({ cycles: 1, met: 0, missed: 0, open: 1, withoutSla: 0 });
  });

  it('says "no issue history" rather than assume remediation when there is none', async () => {
    const built = await assembleAuditPackage(input({ history: undefined }));
    expect(control(built, 'okta-mfa-enrolled')?.remediation).toBeUndefined();
    expect(built.cycles).toBeUndefined();
    expect(parseCsv(text(built, 'alert-history.csv'))).toHaveLength(1);
    expect(parseCsv(text(built, 'controls.csv')).find((r) => r[0] === 'okta-mfa-enrolled')?.[11]).toBe('no issue history');
    expect(text(built, 'index.html')).toContain('no issue history');
  });

  it('copies a deterministic sample of each control: first, last, spread, and the first failure and error', async () => {
    const built = await assembleAuditPackage(input());
    const mfa = control(built, 'okta-mfa-enrolled')?.samples ?? [];
    expect(mfa.map((s) => s.record.effectiveAt.slice(0, 10))).toEqual([
      '2026-10-01', '2026-10-03', '2026-10-04', '2026-10-06', '2026-10-08', '2026-10-10', '2026-10-11', '2026-10-13',
      '2026-10-15', '2026-10-17', '2026-10-18', '2026-10-20',
    ]);
    expect(mfa.map((s) => s.record.result.status).slice(0, 3)).toEqual(['fail', 'error', 'pass']);
    for (const sample of mfa) {
      const copy = built.files.find((f) => f.path === `records/${sample.key}`);
      expect(copy?.bytes).toEqual(new Uint8Array(await readFile(join(dir, 'evidence', sample.key))));
    }
    const again = await assembleAuditPackage(input());
    expect(again.files.map((f) => f.path)).toEqual(built.files.map((f) => f.path));
  });
});

describe('--controls', () => {
  it('takes control ids, criteria and ISO/IEC 27001:2013 aliases', () => {
    const byAlias = selectControls(['A.9.4.2']);
    expect(byAlias.controls.map((c) => c.id)).toEqual(['github-org-2fa-required', 'okta-mfa-enrolled', 'okta-admin-mfa']);
    expect(byAlias.criteria.map((c) => `${c.framework}:${c.id}`)).toEqual(['iso27001:A.8.5']);
    const bySoc2 = selectControls(['cc6.2']);
    expect(bySoc2.controls.map((c) => c.id)).toEqual(['okta-inactive-users']);
    expect(bySoc2.criteria.map((c) => c.id)).toEqual(['CC6.2']);
    // A 2013 clause becomes every 2022 control it was split into that Evident tests.
    expect(selectControls(['iso27001:A.9']).criteria.map((c) => c.id)).toEqual(['A.5.15', 'A.5.16', 'A.5.17', 'A.5.18', 'A.8.2', 'A.8.3', 'A.8.4', 'A.8.5']);
    // A control named by id brings the criteria it maps to, and says which of their controls were left out.
    const byId = selectControls(['okta-inactive-users']);
    expect(byId.criteria.find((c) => c.id === 'CC6.3')).toMatchObject({ controls: ['okta-inactive-users'], excluded: ['github-outside-collaborators-no-admin'] });
  });

  it('never calls a criterion satisfied on only some of its controls', async () => {
    const built = await assembleAuditPackage(input({ controls: ['okta-inactive-users'] }));
    expect(criterion(built, 'CC6.2')?.status).toBe('satisfied');
    expect(criterion(built, 'CC6.3')).toMatchObject({ status: 'not-satisfied', tests: { run: 20, passed: 20 }, reason: 'only partly in this package: github-outside-collaborators-no-admin left out by --controls' });
  });

  it('rejects what it does not know, naming the fix', () => {
    expect(() => selectControls(['CC9.9', 'okta-mfa'])).toThrow(ConfigurationError);
    expect(() => selectControls(['CC9.9'])).toThrow(/CC9\.9 is neither an Evident control id nor a SOC 2 or ISO\/IEC 27001 criterion; use one of pr-approved, /);
    expect(() => selectControls(['A.5.1'])).toThrow(/A\.5\.1 is not tested by any Evident control/);
  });

  it('limits the package to the criteria asked for', async () => {
    const built = await assembleAuditPackage(input({ controls: ['A.9.4.2'] }));
    expect(built.summary.controls.map((c) => c.id)).toEqual(['github-org-2fa-required', 'okta-mfa-enrolled', 'okta-admin-mfa']);
    expect(parseCsv(text(built, 'criteria.csv')).slice(1).map((r) => r[1])).toEqual(['A.8.5']);
    expect(parseCsv(text(built, 'alert-history.csv')).slice(1).map((r) => r[3])).toEqual(['7', '7', '8']);
    expect(built.manifest.requested).toEqual(['A.9.4.2']);
    const oscal = JSON.parse(text(built, 'oscal-assessment-results.json')) as AssessmentResultsDocument;
    const selections = oscal['assessment-results'].results[0]?.['reviewed-controls']['control-selections'];
    expect(selections?.map((s) => s['include-controls']?.map((c) => c['control-id']))).toEqual([['a.8.5']]);
  });

  it('refuses an empty period', async () => {
    await expect(assembleAuditPackage(input({ from: '2026-12-01', to: '2026-12-31' }))).rejects.toThrow(/no control result between 2026-12-01 and 2026-12-31/);
    await expect(assembleAuditPackage(input({ controls: ['pr-approved'] }))).rejects.toThrow(/no result of pr-approved between/);
    await expect(assembleAuditPackage(input({ from: '2026-02-30' }))).rejects.toThrow(/--from 2026-02-30 is not a calendar date; write it as YYYY-MM-DD/);
    await expect(assembleAuditPackage(input({ from: '2026-11-01', to: '2026-10-01' }))).rejects.toThrow(/--to 2026-10-01 is before --from 2026-11-01/);
  });
});

describe('CSV', () => {
  it('quotes as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(undefined)).toBe('');
    expect(csvField(42)).toBe('42');
    expect(csvDocument(['a', 'b'], [['1', 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('keeps a scope with commas and quotes in one field of the alert history', async () => {
    const built = await assembleAuditPackage(input());
    const csv = text(built, 'alert-history.csv');
    expect(csv).toContain('"aws:123456789012,eu-west-1 ""prod"""');
    const row = parseCsv(csv).find((r) => r[3] === '10');
    expect(row).toHaveLength(13);
    expect(row?.[2]).toBe(SLA_SCOPE);
  });
});

describe('OSCAL Assessment Results', () => {
  it('validates with the schema and points at the copied records', async () => {
    const built = await assembleAuditPackage(input());
    const json = JSON.parse(text(built, 'oscal-assessment-results.json')) as unknown;
    const parsed = AssessmentResultsDocument.safeParse(json);
    expect(parsed.success, parsed.error?.message).toBe(true);
    const ar = (json as AssessmentResultsDocument)['assessment-results'];
    expect(ar.metadata['oscal-version']).toBe('1.1.2');
    const result = ar.results[0]!;
    expect(result.start).toBe('2026-10-01T00:00:00.000Z');
    expect(result.end).toBe('2026-10-31T23:59:59.000Z');
    const ids = result['reviewed-controls']['control-selections'].flatMap((s) => s['include-controls']?.map((c) => c['control-id']) ?? []);
    expect(ids).toContain('cc6.1');
    expect(ids).toContain('a.8.5');
    expect(result['reviewed-controls']['control-selections'].map((s) => s.props?.[0]?.value)).toEqual(['soc2', 'iso27001']);
    // Observations for the controls that ran, one per scope, each a TEST with its records as evidence.
    expect(result.observations?.map((o) => o.title)).toEqual(['okta-mfa-enrolled on acme.okta.com', 'okta-admin-mfa on acme.okta.com', 'okta-inactive-users on acme.okta.com']);
    const paths = new Set(built.files.map((f) => f.path));
    for (const observation of result.observations ?? []) {
      expect(observation.methods).toEqual(['TEST']);
      expect(observation.collected).toBe('2026-10-20T09:00:00.000Z');
      for (const evidence of observation['relevant-evidence'] ?? []) expect(paths.has(evidence.href ?? '')).toBe(true);
    }
    const cc62 = result.findings?.find((f) => f.target['target-id'] === 'cc6.2');
    expect(cc62?.target.status.state).toBe('satisfied');
    expect(result.findings?.find((f) => f.target['target-id'] === 'a.8.5')?.target.status.state).toBe('not-satisfied');
    // import-ap points at the back-matter placeholder that explains why there is no plan.
    const plan = ar['back-matter']?.resources?.find((r) => `#${r.uuid}` === ar['import-ap'].href);
    expect(plan?.title).toBe('Placeholder assessment plan');
    expect(ar['import-ap'].remarks).toMatch(/no OSCAL assessment plan/);
  });

  it('derives the same UUIDs from the same input, whenever it is generated', async () => {
    const uuids = (built: AuditPackage) => [...text(built, 'oscal-assessment-results.json').matchAll(/"(?:uuid|observation-uuid)": "([0-9a-f-]{36})"/g)].map((m) => m[1]);
    const first = uuids(await assembleAuditPackage(input()));
    const later = uuids(await assembleAuditPackage(input({ now: new Date('2026-12-24T00:00:00Z') })));
    expect(first.length).toBeGreaterThan(10);
    expect(later).toEqual(first);
    for (const uuid of first) expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const other = uuids(await assembleAuditPackage(input({ to: '2026-10-15' })));
    expect(other[0]).not.toBe(first[0]);
  });

  it('rejects what OSCAL does not allow', async () => {
    const built = await assembleAuditPackage(input());
    const good = JSON.parse(text(built, 'oscal-assessment-results.json')) as AssessmentResultsDocument;
    const broken = (edit: (doc: any) => void) => {
      const doc = structuredClone(good) as any;
      edit(doc);
      return AssessmentResultsDocument.safeParse(doc).success;
    };
    expect(broken(() => {})).toBe(true);
    expect(broken((d) => (d['assessment-results'].uuid = 'not-a-uuid'))).toBe(false);
    expect(broken((d) => (d['assessment-results'].metadata['last-modified'] = '2026-11-01T12:00:00'))).toBe(false);
    expect(broken((d) => delete d['assessment-results']['import-ap'])).toBe(false);
    expect(broken((d) => (d['assessment-results'].results[0]['reviewed-controls']['control-selections'][0]['include-controls'][0]['control-id'] = 'CC 6.1'))).toBe(false);
    expect(broken((d) => (d['assessment-results'].results[0].observations[0].methods = []))).toBe(false);
    expect(broken((d) => (d['assessment-results'].results[0].observations[0].methods = ['GUESS']))).toBe(false);
    expect(broken((d) => (d['assessment-results'].results[0].observations[0]['relevant-evidence'][0].href = 'records/a b.json'))).toBe(false);
    expect(broken((d) => (d['assessment-results'].results[0].findings[0].target.status.state = 'partially-satisfied'))).toBe(false);
    expect(broken((d) => (d['assessment-results'].results[0].findings.find((f: any) => f['related-observations'])['related-observations'][0]['observation-uuid'] = d['assessment-results'].uuid))).toBe(false);
    expect(broken((d) => (d['assessment-results'].results[0].findings = []))).toBe(false);
    expect(broken((d) => (d['assessment-results'].results[0].surprise = true))).toBe(false);
    expect(broken((d) => (d['assessment-results'].results[0].observations[0].collected = '2026-10-02T09:00:00+05:30'))).toBe(true);
    expect(broken((d) => (d['assessment-results'].results[0].observations[0].collected = '2026-10-02T09:00:00+14:43'))).toBe(false);
    expect(broken((d) => (d['assessment-results'].results[0].observations[0]['relevant-evidence'][0].href = 'records/a[1].json'))).toBe(false);
  });

  it('writes a valid document when a record carries an offset OSCAL does not accept', async () => {
    const shifted = structuredClone(evidence);
    const last = shifted.results.at(-1);
    if (last === undefined) throw new Error('no result in the test evidence');
    // The same instant, written with an offset that exists nowhere: the record model accepts it, OSCAL does not.
    const instant = Date.parse(last.record.effectiveAt);
    last.record.effectiveAt = new Date(instant + (14 * 60 + 43) * 60_000).toISOString().replace('Z', '+14:43');
    const built = await assembleAuditPackage(input({ evidence: shifted, store: undefined }));
    const doc = AssessmentResultsDocument.parse(JSON.parse(text(built, 'oscal-assessment-results.json')));
    const collected = doc['assessment-results'].results.flatMap((r) => r.observations ?? []).map((o) => o.collected);
    expect(collected).toContain(new Date(instant).toISOString());
    expect(collected.every((at) => at.endsWith('Z'))).toBe(true);
  });
});

describe('manifest, signature and zip', () => {
  const keys = generateKeyPairSync('ed25519');
  const signer = signerFromKey(keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const verifier = verifierFromKey(keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());

  it('lists every other file with its SHA-256, signs it, and verifies', async () => {
    const out = join(dir, 'signed');
    const built = await buildAuditPackage({ ...input(), signer, outDir: out });
    expect(built.manifest.files.map((f) => f.path)).toEqual(built.files.map((f) => f.path).filter((p) => p !== 'manifest.json').sort());
    expect(built.manifest.files.map((f) => f.path)).toContain('index.html');
    expect(built.manifest).toMatchObject({ period: { from: '2026-10-01', to: '2026-10-31' }, generatedAt: NOW.toISOString(), evidentVersion: expect.any(String) });
    expect(built.manifest.signature?.keyId).toBe(signer.keyId);
    expect(await verifyAuditPackage(out, verifier)).toEqual({ intact: true, files: built.manifest.files.length, problems: [], signature: 'valid', keyId: signer.keyId });
    expect((await verifyAuditPackage(out)).signature).toBe('unverified');
    const stranger = verifierFromKey(generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString());
    expect(await verifyAuditPackage(out, stranger)).toMatchObject({ intact: false, signature: 'invalid' });
  });

  it('names a changed, a missing and an added file, and a manifest edited after signing', async () => {
    const out = join(dir, 'tampered');
    const built = await buildAuditPackage({ ...input(), signer, outDir: out });
    const record = built.manifest.files.find((f) => f.path.startsWith('records/'))!.path;
    await appendFile(join(out, ...record.split('/')), ' ');
    await unlink(join(out, 'criteria.csv'));
    await writeFile(join(out, 'extra.txt'), 'slipped in');
    const report = await verifyAuditPackage(out, verifier);
    expect(report.intact).toBe(false);
    expect(report.signature).toBe('valid');
    expect(report.problems.map((p) => p.path).sort()).toEqual(['criteria.csv', 'extra.txt', record].sort());
    expect(report.problems.find((p) => p.path === record)?.problem).toMatch(/^has changed: its SHA-256 is/);

    const manifestFile = join(out, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    manifest.period.to = '2026-10-30';
    await writeFile(manifestFile, JSON.stringify(manifest));
    expect((await verifyAuditPackage(out, verifier)).problems).toContainEqual({ path: 'manifest.json', problem: 'signature does not match its content' });

    manifest.files[0].path = '../outside.txt';
    await writeFile(manifestFile, JSON.stringify(manifest));
    expect((await verifyAuditPackage(out, verifier)).problems[0]?.problem).toMatch(/^is not an Evident package manifest \(files\[0\]\.path: expected a relative path inside the package/);
  });

  it('replaces an earlier package in the same folder, and refuses a folder holding anything else', async () => {
    const out = join(dir, 'again');
    await buildAuditPackage({ ...input(), outDir: out });
    await buildAuditPackage({ ...input({ controls: ['CC6.2'] }), outDir: out });
    expect((await verifyAuditPackage(out)).intact).toBe(true);
    const other = join(dir, 'other');
    await mkdir(other, { recursive: true });
    await writeFile(join(other, 'notes.txt'), 'mine');
    await expect(buildAuditPackage({ ...input(), outDir: other })).rejects.toThrow(/is not empty and holds no Evident package/);
  });

  it('zips the same files to the same bytes', async () => {
    const built = await assembleAuditPackage(input());
    const one = zipPackage(built.files, 'evident-package-2026-10-01-2026-10-31');
    const two = zipPackage([...built.files].reverse(), 'evident-package-2026-10-01-2026-10-31');
    expect(Buffer.from(two).equals(Buffer.from(one))).toBe(true);
  });
});
