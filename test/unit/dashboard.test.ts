import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../engine/config/load-config.ts';
import { catalog } from '../../engine/controls/index.ts';
import { buildDashboard } from '../../engine/reports/dashboard/build-dashboard.ts';
import { dashboardData } from '../../engine/reports/dashboard/dashboard-data.ts';
import { findingsView, slaCountdown } from '../../engine/reports/dashboard/findings.ts';
import { escapeHtml } from '../../engine/reports/dashboard/html.ts';
import { passRateTrend } from '../../engine/reports/dashboard/trend.ts';
import type { FindingIssue, IssueHistory } from '../../engine/reports/issue-history.ts';
import { resultEntry, resultIndex } from '../support/result-entries.ts';

const NOW = new Date('2026-11-02T10:00:00Z');
const entry = resultEntry;
const index = resultIndex;

function issue(partial: Partial<FindingIssue> & Pick<FindingIssue, 'controlId' | 'scope' | 'events'>): FindingIssue {
  return { fingerprint: 'f'.repeat(24), number: 1, url: 'https://github.com/acme/compliance/issues/1', title: 'issue', state: 'open', assignees: [], ...partial };
}

function history(issues: FindingIssue[]): IssueHistory {
  return { schema: 'https://evident.dev/schemas/issue-history/v1', repository: 'acme/compliance', exportedAt: NOW.toISOString(), issues };
}

const opened = (at: string) => ({ kind: 'opened' as const, at, actor: 'evident[bot]', byEvident: true });
const closed = (at: string, detail = 'completed') => ({ kind: 'closed' as const, at, actor: 'evident[bot]', byEvident: true, detail });

describe('dashboard data: latest status per control and scope', () => {
  const results = [
    entry('okta-mfa-enrolled', 'acme.okta.com', 'pass', '2026-10-31T09:00:00Z'),
    entry('okta-mfa-enrolled', 'acme.okta.com', 'fail', '2026-11-01T09:00:00Z'),
    entry('okta-mfa-enrolled', 'acme.okta.com', 'fail', '2026-11-02T09:00:00Z'),
    entry('okta-mfa-enrolled', 'other.okta.com', 'pass', '2026-11-02T09:00:00Z'),
    entry('aws-sg-no-open-ingress', 'aws:111111111111', 'fail', '2026-11-01T09:00:00Z'),
    entry('aws-sg-no-open-ingress', 'aws:111111111111', 'error', '2026-11-02T09:00:00Z'),
    entry('aws-sg-no-open-ingress', 'aws:222222222222', 'pass', '2026-11-02T09:00:00Z'),
  ];
  const data = dashboardData({ evidence: index(results), now: NOW });
  const control = (id: string) => data.controls.find((c) => c.id === id)!;

  it('lists every catalog control, those without a result as not run', () => {
    expect(data.controls.map((c) => c.id)).toEqual(catalog.map((c) => c.id));
    expect(control('pr-approved')).toMatchObject({ status: 'not-run', latest: [], results: 0 });
  });

  it('keeps the newest result of each scope, worst scope first, and the worst as the control status', () => {
    expect(control('okta-mfa-enrolled').latest.map((s) => [s.scope, s.status, s.effectiveAt])).toEqual([
      ['acme.okta.com', 'fail', '2026-11-02T09:00:00Z'],
      ['other.okta.com', 'pass', '2026-11-02T09:00:00Z'],
    ]);
    expect(control('okta-mfa-enrolled').status).toBe('fail');
    expect(control('okta-mfa-enrolled').latest[0]?.key).toBe(results[2]?.key);
    // error is never compliant: a control whose scopes are error and pass is error, not pass.
    expect(control('aws-sg-no-open-ingress').status).toBe('error');
  });

  it('records each change of status per scope, and the daily status of scopes tested on several days', () => {
    expect(control('okta-mfa-enrolled').changes.map((c) => [c.scope, c.previous, c.status, c.at])).toEqual([
      ['acme.okta.com', undefined, 'pass', '2026-10-31T09:00:00Z'],
      ['acme.okta.com', 'pass', 'fail', '2026-11-01T09:00:00Z'],
      ['other.okta.com', undefined, 'pass', '2026-11-02T09:00:00Z'],
    ]);
    expect(control('okta-mfa-enrolled').daily).toEqual([
      { scope: 'acme.okta.com', days: [{ day: '2026-10-31', status: 'pass' }, { day: '2026-11-01', status: 'fail' }, { day: '2026-11-02', status: 'fail' }] },
    ]);
  });

  it('takes the last run time from the newest result and carries the framework mappings', () => {
    expect(data.lastRunAt).toBe('2026-11-02T09:00:00Z');
    expect(data.generatedAt).toBe(NOW.toISOString());
    expect(control('okta-mfa-enrolled').criteria).toContainEqual(expect.objectContaining({ framework: 'soc2', id: 'CC6.1' }));
  });

  it('lists a control found only in the evidence, and marks controls disabled in compliance.yml', () => {
    const foreign = entry('okta-mfa-enrolled', 'x', 'pass', '2026-11-02T09:00:00Z');
    foreign.record = { ...foreign.record, control: { ...foreign.record.control, id: 'retired-control', title: 'Retired' } };
    const parsed = parseConfig('version: 1\norganization: Acme\ncontrols:\n  pr-approved: { enabled: false }\n');
    if (!parsed.ok) throw new Error('config');
    const withConfig = dashboardData({ evidence: index([foreign]), now: NOW, config: parsed.config });
    expect(withConfig.controls.at(-1)).toMatchObject({ id: 'retired-control', title: 'Retired', inCatalog: false, status: 'pass' });
    expect(withConfig.controls.find((c) => c.id === 'pr-approved')?.enabled).toBe(false);
    expect(withConfig.selfChecks.find((c) => c.id === 'disabled-controls')?.status).toBe('attention');
  });

  it('says which self-checks could not run without compliance.yml', () => {
    expect(data.selfChecks.find((c) => c.id === 'disabled-controls')).toMatchObject({ status: 'unknown', details: ['no compliance.yml was given (--config): this check needs it'] });
    expect(data.selfChecks.find((c) => c.id === 'unreviewed-alerts')?.status).toBe('unknown');
  });
});

describe('pass-rate trend', () => {
  it('counts each control and scope once a day with its last status, errors as not passing, skipped left out, empty days as gaps', () => {
    const trend = passRateTrend(
      index([
        entry('okta-mfa-enrolled', 'a', 'fail', '2026-11-01T08:00:00Z'),
        entry('okta-mfa-enrolled', 'a', 'pass', '2026-11-01T09:00:00Z'),
        entry('okta-admin-mfa', 'a', 'pass', '2026-11-01T09:00:00Z'),
        entry('okta-mfa-enrolled', 'a', 'pass', '2026-11-02T09:00:00Z'),
        entry('okta-admin-mfa', 'a', 'fail', '2026-11-02T09:00:00Z'),
        entry('okta-mfa-enrolled', 'a', 'error', '2026-11-04T09:00:00Z'),
        entry('okta-admin-mfa', 'a', 'pass', '2026-11-04T09:00:00Z'),
        entry('okta-inactive-users', 'a', 'skipped', '2026-11-04T09:00:00Z'),
        entry('aws-sg-no-open-ingress', 'b', 'pass', '2026-11-04T23:59:00Z'),
      ]).results,
    );
    expect(trend).toEqual([
      { day: '2026-11-01', pass: 2, fail: 0, error: 0, skipped: 0, rate: 1 },
      { day: '2026-11-02', pass: 1, fail: 1, error: 0, skipped: 0, rate: 0.5 },
      { day: '2026-11-03', pass: 0, fail: 0, error: 0, skipped: 0, rate: null },
      { day: '2026-11-04', pass: 2, fail: 0, error: 1, skipped: 1, rate: 2 / 3 },
    ]);
  });

  it('is empty without results', () => {
    expect(passRateTrend([])).toEqual([]);
  });
});

describe('SLA countdown', () => {
  it('counts whole hours left or overdue against the generation time', () => {
    expect(slaCountdown('2026-11-03T09:00:00Z', new Date('2026-11-02T09:30:00Z'))).toEqual({ dueAt: '2026-11-03T09:00:00Z', hoursLeft: 23.5, overdue: false, text: '23 h left' });
    expect(slaCountdown('2026-11-05T12:00:00Z', new Date('2026-11-02T09:00:00Z')).text).toBe('3 d 3 h left');
    expect(slaCountdown('2026-11-02T09:40:00Z', new Date('2026-11-02T09:00:00Z')).text).toBe('less than 1 h left');
    expect(slaCountdown('2026-11-02T09:00:00Z', new Date('2026-11-03T11:15:00Z'))).toMatchObject({ hoursLeft: -26.25, overdue: true, text: 'overdue by 26 h' });
    expect(slaCountdown('2026-11-02T09:00:00Z', new Date('2026-11-02T09:00:00Z'))).toMatchObject({ overdue: false, text: 'less than 1 h left' });
  });

  const evidence = index([
    entry('okta-admin-mfa', 'acme.okta.com', 'fail', '2026-11-02T09:00:00Z'),
    entry('okta-mfa-enrolled', 'acme.okta.com', 'fail', '2026-11-01T09:00:00Z'),
    entry('okta-mfa-enrolled', 'acme.okta.com', 'fail', '2026-11-02T09:00:00Z'),
  ]);
  const issues = history([
    // Opened 2026-11-01 12:00 with 24 h: due 11-02 12:00, 2 h after generation.
    issue({ controlId: 'okta-admin-mfa', scope: 'acme.okta.com', number: 4, severity: 'critical', slaHours: 24, events: [opened('2026-11-01T12:00:00Z')] }),
    // Reopened: the countdown starts again from the reopening.
    issue({
      controlId: 'aws-sg-no-open-ingress',
      scope: 'aws:1',
      number: 5,
      severity: 'high',
      slaHours: 72,
      events: [opened('2026-10-20T00:00:00Z'), closed('2026-10-21T00:00:00Z'), { ...opened('2026-10-30T00:00:00Z'), kind: 'reopened' }],
    }),
    issue({ controlId: 'pr-approved', scope: 'github:acme/api#1', number: 6, state: 'closed', slaHours: 72, events: [opened('2026-10-25T00:00:00Z'), closed('2026-10-29T00:00:00Z')] }),
    issue({ controlId: 'pr-approved', scope: 'github:acme/api#2', number: 7, state: 'closed', slaHours: 72, events: [opened('2026-09-01T00:00:00Z'), closed('2026-09-02T00:00:00Z')] }),
    issue({ controlId: 'pr-approved', scope: 'github:acme/api#3', number: 8, state: 'closed', slaHours: 72, events: [opened('2026-10-30T00:00:00Z'), closed('2026-10-30T05:00:00Z', 'not_planned')] }),
  ]);
  const data = dashboardData({ evidence, history: issues, now: NOW });

  it('lists open issues by urgency with their due time, the latest result joined, and failures without an issue', () => {
    expect(data.findings.open.map((f) => [f.controlId, f.issue?.number, f.countdown?.text, f.countdown?.dueAt])).toEqual([
      ['aws-sg-no-open-ingress', 5, 'overdue by 10 h', '2026-11-02T00:00:00.000Z'],
      ['okta-admin-mfa', 4, '2 h left', '2026-11-02T12:00:00.000Z'],
      ['okta-mfa-enrolled', undefined, undefined, undefined],
    ]);
    expect(data.findings.open[1]).toMatchObject({ latestStatus: 'fail', failingSince: '2026-11-02T09:00:00Z', openedAt: '2026-11-01T12:00:00Z' });
    expect(data.findings.open[2]).toMatchObject({ failingSince: '2026-11-01T09:00:00Z', note: 'no open issue in the history for this failure' });
  });

  it('lists findings closed in the recent days with SLA met or missed', () => {
    expect(data.findings.recentlyClosed.map((f) => [f.issue.number, f.closedAt, f.slaMet])).toEqual([
      [8, '2026-10-30T05:00:00Z', false],
      [6, '2026-10-29T00:00:00Z', false],
      [5, '2026-10-21T00:00:00Z', true],
    ]);
  });

  it('anchors the recent window at the last run when the evidence is older than the page', () => {
    const stale = findingsView({ controls: [], history: issues, now: new Date('2026-12-15T00:00:00Z'), lastRunAt: '2026-10-30T09:00:00Z' });
    expect(stale.recentlyClosed.map((f) => f.issue.number)).toEqual([8, 6, 5]);
    expect(findingsView({ controls: [], history: issues, now: new Date('2026-12-15T00:00:00Z') }).recentlyClosed).toEqual([]);
  });

  it('shows a failure whose issue was closed as not planned as an accepted risk, not as an open finding', () => {
    const withAccepted = index([...evidence.results, entry('pr-approved', 'github:acme/api#3', 'fail', '2026-10-30T01:00:00Z')]);
    const view = dashboardData({ evidence: withAccepted, history: issues, now: NOW }).findings;
    expect(view.open.map((f) => f.scope)).not.toContain('github:acme/api#3');
    expect(view.accepted).toEqual([
      expect.objectContaining({ controlId: 'pr-approved', scope: 'github:acme/api#3', issue: expect.objectContaining({ number: 8 }), closedAt: '2026-10-30T05:00:00Z', latestStatus: 'fail' }),
    ]);
    // A failure on an issue closed as completed is not an acceptance: it is listed as open (Evident reopens it).
    const completed = index([...evidence.results, entry('pr-approved', 'github:acme/api#1', 'fail', '2026-10-30T01:00:00Z')]);
    const again = dashboardData({ evidence: completed, history: issues, now: NOW }).findings;
    expect(again.accepted).toEqual([]);
    expect(again.open.map((f) => f.scope)).toContain('github:acme/api#1');
  });

  it('says the due time is unknown without a history', () => {
    const view = findingsView({ controls: dashboardData({ evidence, now: NOW }).controls, now: NOW });
    expect(view.open.map((f) => f.note)).toEqual(['no issue history was given: the due time is unknown', 'no issue history was given: the due time is unknown']);
  });
});

describe('the pages', () => {
  const evil = '<script>alert(1)</script>';
  const results = [
    entry('okta-mfa-enrolled', `acme.okta.com"><img src=x onerror=alert(2)>`, 'fail', '2026-11-02T09:00:00Z', [
      { status: 'fail', resource: evil, message: `User ${evil} has no MFA factor & 'more'` },
    ]),
    entry('pr-approved', 'github:acme/api#1', 'pass', '2026-11-02T08:00:00Z'),
  ];
  results[0]!.record.result.summary = `summary ${evil}`;
  const foreign = entry('okta-mfa-enrolled', 'x', 'fail', '2026-11-02T09:00:00Z');
  foreign.record = { ...foreign.record, control: { ...foreign.record.control, id: '../../evil"<b>', title: `Title ${evil}` } };
  const parsed = parseConfig(`version: 1\norganization: "Acme ${evil}"\n`);
  if (!parsed.ok) throw new Error('config');
  const { files, data } = buildDashboard({
    config: parsed.config,
    evidence: index([...results, foreign]),
    history: history([
      issue({ controlId: 'okta-mfa-enrolled', scope: evil, title: evil, url: 'javascript:alert(3)', assignees: [evil], slaHours: 24, events: [opened('2026-11-02T09:00:00Z')] }),
    ]),
    now: NOW,
    evidenceUrl: '../evidence/',
  });
  const pages = Object.entries(files).filter(([path]) => path.endsWith('.html'));

  it('writes the overview, findings, one page per control, the data and the stylesheet', () => {
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['index.html', 'findings.html', 'data.json', 'style.css', ...catalog.map((c) => `controls/${c.id}.html`)]));
    expect(JSON.parse(files['data.json']!)).toEqual(JSON.parse(JSON.stringify(data)));
    // A control id from the evidence never becomes a path outside controls/.
    expect(Object.keys(files).filter((path) => path.includes('..') || path.includes('"'))).toEqual([]);
  });

  it('renders every text from evidence, configuration and history as text', () => {
    for (const [path, page] of pages) {
      expect(page, path).not.toMatch(/<script/i);
      expect(page, path).not.toMatch(/<img/i);
      expect(page, path).not.toMatch(/<b>/);
      expect(page, path).not.toContain('javascript:');
    }
    const control = files['controls/okta-mfa-enrolled.html']!;
    expect(control).toContain(`<code>${escapeHtml(evil)}</code>`);
    expect(control).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(control).toContain('has no MFA factor &amp; &#39;more&#39;');
    expect(files['findings.html']).toContain('#1'); // the javascript: URL is shown as text, not linked
    expect(files['index.html']).toContain('Title &lt;script&gt;');
  });

  it('shows the last run and generation time in every page header, and links only relatively', () => {
    for (const [path, page] of pages) {
      const header = /<header class="site">[\s\S]*?<\/header>/.exec(page)?.[0] ?? '';
      expect(header, path).toContain('Last run <time datetime="2026-11-02T09:00:00Z">2026-11-02 09:00 UTC</time>');
      expect(header, path).toContain('Generated <time datetime="2026-11-02T10:00:00.000Z">');
      for (const [, href] of page.matchAll(/(?:href|src)="([^"]*)"/g)) expect(href, `${path}: ${href}`).not.toMatch(/^(\/|[a-z]+:)/i);
    }
    expect(files['controls/okta-mfa-enrolled.html']).toContain(`href="../../evidence/${results[0]!.key}"`);
    expect(files['index.html']).toContain('href="controls/okta-mfa-enrolled.html"');
  });

  it('draws the trend as inline SVG and states that countdowns are as of generation', () => {
    expect(files['index.html']).toMatch(/<svg [^>]*role="img"/);
    expect(files['index.html']).toContain('against the moment these pages were generated');
    expect(files['findings.html']).toContain('they do not tick');
  });

  it('points evidence links at a URL prefix when given one, and shows bare keys without one', () => {
    const evidence = index(results);
    const s3 = buildDashboard({ evidence, now: NOW, evidenceUrl: 'https://s3.console.aws.amazon.com/s3/object/bucket?prefix=evidence/' }).files;
    expect(s3['controls/pr-approved.html']).toContain(`href="https://s3.console.aws.amazon.com/s3/object/bucket?prefix=evidence/${results[1]!.key}"`);
    const bare = buildDashboard({ evidence, now: NOW }).files['controls/pr-approved.html']!;
    expect(bare).not.toContain('class="evidence"');
    expect(bare).toContain(`<code title="${results[1]!.key}">`);
  });
});
