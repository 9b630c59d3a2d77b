import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../engine/config/load-config.ts';
import type { ComplianceConfig } from '../../engine/config/schema.ts';
import type { Outcome, ResultRecord, Status } from '../../engine/model.ts';
import type { Entry } from '../../engine/reports/evidence-index.ts';
import type { FindingIssue, IssueEvent, IssueHistory } from '../../engine/reports/issue-history.ts';
import { selfChecks, type SelfCheck, type SelfCheckInput } from '../../engine/reports/self-checks.ts';
import { resultEntry, resultIndex } from '../support/result-entries.ts';

const HOUR = 3_600_000;
const BOT = 'evident[bot]';
const OKTA = 'sources:\n  okta: { orgUrl: "https://acme.okta.com" }\n';
const ALL_SOURCES = 'sources:\n  github: { org: acme }\n  okta: { orgUrl: "https://acme.okta.com" }\n  aws: { regions: [eu-west-1], accountIds: ["111111111111"] }\n';

function config(extra = ''): ComplianceConfig {
  const parsed = parseConfig(`version: 1\norganization: Acme\n${extra}`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config;
}

const entry = resultEntry;
const index = resultIndex;

/** A result every `everyHours` from `from` (inclusive) to `to` (exclusive), leaving out the hours in `skip`. */
function every(controlId: string, scope: string, from: string, to: string, everyHours = 1, skip: readonly string[] = []): Entry<ResultRecord>[] {
  const entries: Entry<ResultRecord>[] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += everyHours * HOUR) {
    const at = new Date(t).toISOString();
    if (!skip.includes(at)) entries.push(entry(controlId, scope, 'pass', at));
  }
  return entries;
}

const event = (kind: IssueEvent['kind'], at: string, actor = BOT, detail?: string): IssueEvent => ({ kind, at, actor, byEvident: actor === BOT, ...(detail === undefined ? {} : { detail }) });

function issue(number: number, events: IssueEvent[], partial: Partial<FindingIssue> = {}): FindingIssue {
  return {
    fingerprint: `${number}`.padStart(24, '0'),
    controlId: 'okta-mfa-enrolled',
    scope: 'acme.okta.com',
    number,
    url: `https://github.com/acme/compliance/issues/${number}`,
    title: `issue ${number}`,
    state: events.at(-1)?.kind === 'closed' ? 'closed' : 'open',
    slaHours: 24,
    assignees: [],
    events,
    ...partial,
  };
}

function history(issues: FindingIssue[]): IssueHistory {
  return { schema: 'https://evident.dev/schemas/issue-history/v1', repository: 'acme/compliance', exportedAt: '2026-11-01T00:00:00Z', issues };
}

const PERIOD = { from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' };
const NOW = new Date('2026-11-01T00:00:00Z');

function input(partial: Partial<SelfCheckInput> = {}): SelfCheckInput {
  return { config: config(OKTA), evidence: index([]), period: PERIOD, now: NOW, ...partial };
}

function check(checks: SelfCheck[], id: SelfCheck['id']): SelfCheck {
  const found = checks.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no self-check ${id}`);
  return found;
}

describe('selfChecks', () => {
  it('returns the five checks, in order, each with a title', () => {
    const checks = selfChecks(input());
    expect(checks.map((c) => c.id)).toEqual(['disabled-controls', 'uncovered-sources', 'unreviewed-alerts', 'evidence-gaps', 'retention']);
    for (const c of checks) expect(c.title).not.toBe('');
  });
});

describe('self-check: disabled controls', () => {
  it('is ok, with no details, when no control is disabled (enabled: true counts as enabled)', () => {
    for (const extra of ['', 'controls:\n  pr-approved: { enabled: true }\n  okta-mfa-enrolled: {}\n']) {
      expect(check(selfChecks(input({ config: config(extra) })), 'disabled-controls')).toMatchObject({ status: 'ok', details: [] });
    }
  });

  it('lists each control with enabled: false, in catalog order, and asks for attention', () => {
    const checks = selfChecks(input({ config: config('controls:\n  okta-mfa-enrolled: { enabled: false }\n  pr-approved: { enabled: false }\n  pr-ticket-linked: { enabled: true }\n') }));
    expect(check(checks, 'disabled-controls')).toEqual({
      id: 'disabled-controls',
      title: 'Controls turned off in compliance.yml',
      status: 'attention',
      details: [
        'pr-approved: Every pull request is approved by someone other than its authors before merge (disabled; record why in the risk register)',
        'okta-mfa-enrolled: Every Okta user who can sign in has an MFA factor enrolled (disabled; record why in the risk register)',
      ],
    });
  });
});

describe('self-check: uncovered sources', () => {
  const recorder = (where: string, status: Status): Outcome => ({ status, resource: `config-recorder:${where}`, message: `AWS Config in ${where}: ${status}` });
  const covered = () => [
    entry('github-org-2fa-required', 'github:acme', 'pass', '2026-10-10T09:00:00Z'),
    entry('okta-mfa-enrolled', 'acme.okta.com', 'pass', '2026-10-10T09:00:00Z'),
    entry('aws-config-rules-compliant', 'aws:111111111111', 'pass', '2026-10-10T09:00:00Z', [recorder('111111111111/eu-west-1', 'pass')]),
  ];

  it('names every source that is not configured', () => {
    const c = check(selfChecks(input({ config: config() })), 'uncovered-sources');
    expect(c.status).toBe('attention');
    expect(c.details).toEqual(['github is not configured: its controls never run', 'okta is not configured: its controls never run', 'aws is not configured: its controls never run']);
  });

  it('is ok when every source is configured, tested in the period, and every recorder records', () => {
    expect(check(selfChecks(input({ config: config(ALL_SOURCES), evidence: index(covered()) })), 'uncovered-sources')).toMatchObject({ status: 'ok', details: [] });
  });

  it('names a configured source with no result in the period', () => {
    const onlyOkta = index([entry('okta-mfa-enrolled', 'acme.okta.com', 'fail', '2026-10-10T09:00:00Z')]);
    const c = check(selfChecks(input({ config: config(ALL_SOURCES), evidence: onlyOkta })), 'uncovered-sources');
    expect(c.status).toBe('attention');
    expect(c.details).toEqual(['aws is configured but no AWS result was recorded in the period', 'github is configured but no GitHub organization result was recorded in the period']);
  });

  it('does not count pull-request results as coverage of the GitHub organization', () => {
    const results = [...covered().filter((e) => e.record.collector.source !== 'github-org'), entry('pr-approved', 'github:acme', 'pass', '2026-10-10T09:00:00Z')];
    expect(check(selfChecks(input({ config: config(ALL_SOURCES), evidence: index(results) })), 'uncovered-sources').details).toEqual([
      'github is configured but no GitHub organization result was recorded in the period',
    ]);
  });

  it('names a region whose AWS Config recorder does not pass', () => {
    const results = [
      ...covered().filter((e) => e.record.collector.source !== 'aws'),
      entry('aws-config-rules-compliant', 'aws:111111111111', 'fail', '2026-10-10T09:00:00Z', [recorder('111111111111/eu-west-1', 'pass'), recorder('111111111111/us-east-1', 'fail'), recorder('222222222222/eu-west-1', 'error')]),
    ];
    const c = check(selfChecks(input({ config: config(ALL_SOURCES), evidence: index(results) })), 'uncovered-sources');
    expect(c.status).toBe('attention');
    expect(c.details).toEqual(['111111111111/us-east-1: AWS Config is not recording as required', '222222222222/eu-west-1: AWS Config is not recording as required']);
  });

  it("judges each recorder by its latest outcome in the period", () => {
    const fixed = [
      ...covered().filter((e) => e.record.collector.source !== 'aws'),
      entry('aws-config-rules-compliant', 'aws:111111111111', 'fail', '2026-10-10T09:00:00Z', [recorder('111111111111/eu-west-1', 'fail')]),
      entry('aws-config-rules-compliant', 'aws:111111111111', 'pass', '2026-10-11T09:00:00Z', [recorder('111111111111/eu-west-1', 'pass')]),
    ];
    expect(check(selfChecks(input({ config: config(ALL_SOURCES), evidence: index(fixed) })), 'uncovered-sources')).toMatchObject({ status: 'ok', details: [] });

    const broke = [
      ...covered().filter((e) => e.record.collector.source !== 'aws'),
      entry('aws-config-rules-compliant', 'aws:111111111111', 'pass', '2026-10-10T09:00:00Z', [recorder('111111111111/eu-west-1', 'pass')]),
      entry('aws-config-rules-compliant', 'aws:111111111111', 'fail', '2026-10-11T09:00:00Z', [recorder('111111111111/eu-west-1', 'fail')]),
    ];
    expect(check(selfChecks(input({ config: config(ALL_SOURCES), evidence: index(broke) })), 'uncovered-sources').details).toEqual(['111111111111/eu-west-1: AWS Config is not recording as required']);
  });

  it('reads recorder outcomes only from aws-config-rules-compliant', () => {
    const results = [...covered(), entry('aws-s3-public-access-blocked', 'aws:111111111111', 'fail', '2026-10-10T09:00:00Z', [recorder('111111111111/eu-west-1', 'fail')])];
    expect(check(selfChecks(input({ config: config(ALL_SOURCES), evidence: index(results) })), 'uncovered-sources')).toMatchObject({ status: 'ok', details: [] });
  });
});

describe('self-check: unreviewed alerts', () => {
  const opened = '2026-10-10T09:00:00Z'; // due 2026-10-11T09:00Z with the 24 h SLA
  const alerts = (issues: FindingIssue[], now = NOW) => check(selfChecks(input({ history: history(issues), now })), 'unreviewed-alerts');

  it('is unknown without an issue history', () => {
    expect(check(selfChecks(input()), 'unreviewed-alerts')).toEqual({
      id: 'unreviewed-alerts',
      title: 'Alerts not reviewed within their SLA',
      status: 'unknown',
      details: ['no issue history was available'],
    });
  });

  it('is ok with a history without issues', () => {
    expect(alerts([])).toMatchObject({ status: 'ok', details: [] });
  });

  it("asks for attention when a cycle passed its due time with no response by a person (Evident's comments do not count)", () => {
    const c = alerts([issue(7, [event('opened', opened), event('commented', '2026-10-10T10:00:00Z', BOT)])]);
    expect(c.status).toBe('attention');
    expect(c.details).toEqual(['#7 okta-mfa-enrolled on acme.okta.com, opened 2026-10-10 09:00 UTC: no comment, assignment or label by a person; due 2026-10-11 09:00 UTC']);
  });

  it('is ok when someone commented or assigned the issue by the due time', () => {
    expect(alerts([issue(7, [event('opened', opened), event('commented', '2026-10-11T08:00:00Z', 'alice')])])).toMatchObject({ status: 'ok', details: [] });
    expect(alerts([issue(7, [event('opened', opened), event('assigned', '2026-10-10T12:00:00Z', 'alice', 'bob')], { assignees: ['bob'] })])).toMatchObject({ status: 'ok', details: [] });
  });

  it('asks for attention when the first response came only after the due time', () => {
    expect(alerts([issue(7, [event('opened', opened), event('commented', '2026-10-12T09:00:00Z', 'alice')])]).details).toEqual([
      '#7 okta-mfa-enrolled on acme.okta.com, opened 2026-10-10 09:00 UTC: first response only at 2026-10-12 09:00 UTC; due 2026-10-11 09:00 UTC',
    ]);
  });

  it('judges the assignment when it happened, not who is assigned today', () => {
    // Assigned long after the due time: today's assignee does not make the alert reviewed in time.
    const late = alerts([issue(7, [event('opened', opened), event('assigned', '2026-10-20T09:00:00Z', 'alice', 'bob')], { assignees: ['bob'] })]);
    expect(late.status).toBe('attention');
    expect(late.details[0]).toContain('first response only at 2026-10-20 09:00 UTC');
  });

  it('is ok while the cycle is not yet due at `now`', () => {
    expect(alerts([issue(7, [event('opened', opened)])], new Date('2026-10-11T08:59:00Z'))).toMatchObject({ status: 'ok', details: [] });
    expect(alerts([issue(7, [event('opened', opened)])], new Date('2026-10-11T09:01:00Z')).status).toBe('attention');
  });

  it('is ok for a cycle closed before its due time without a response, but not for one closed after it', () => {
    expect(alerts([issue(7, [event('opened', opened), event('closed', '2026-10-10T20:00:00Z', BOT, 'completed')])])).toMatchObject({ status: 'ok', details: [] });
    expect(alerts([issue(8, [event('opened', opened), event('closed', '2026-10-12T20:00:00Z', BOT, 'completed')])]).details).toEqual([
      '#8 okta-mfa-enrolled on acme.okta.com, opened 2026-10-10 09:00 UTC: no comment, assignment or label by a person; due 2026-10-11 09:00 UTC',
    ]);
  });

  it('is ok for a cycle closed before its due time when the closing is written with a UTC offset', () => {
    // Closed at 2026-10-11T08:30Z (written 10:30+02:00), half an hour before the 09:00Z due time.
    expect(alerts([issue(7, [event('opened', opened), event('closed', '2026-10-11T10:30:00+02:00', BOT, 'completed')])])).toMatchObject({ status: 'ok', details: [] });
  });

  it('ignores issues without an SLA', () => {
    const { slaHours: _sla, ...withoutSla } = issue(7, [event('opened', '2020-01-01T00:00:00Z')]);
    expect(alerts([withoutSla])).toMatchObject({ status: 'ok', details: [] });
  });

  it('checks every cycle of a reopened issue', () => {
    const c = alerts([
      issue(9, [event('opened', '2026-10-01T09:00:00Z'), event('commented', '2026-10-01T10:00:00Z', 'alice'), event('closed', '2026-10-02T08:00:00Z', BOT, 'completed'), event('reopened', '2026-10-20T09:00:00Z')], {
        controlId: 'aws-sg-no-open-ingress',
        scope: 'aws:111111111111',
      }),
    ]);
    expect(c.details).toEqual(['#9 aws-sg-no-open-ingress on aws:111111111111, opened 2026-10-20 09:00 UTC: no comment, assignment or label by a person; due 2026-10-21 09:00 UTC']);
  });
});

describe('self-check: evidence gaps', () => {
  const gaps = (results: Entry<ResultRecord>[], partial: Partial<SelfCheckInput> = {}) => check(selfChecks(input({ evidence: index(results), ...partial })), 'evidence-gaps');

  it('is ok for hourly results covering the period (default schedule: every hour)', () => {
    expect(config().schedule.everyHours).toBe(1);
    expect(gaps(every('okta-mfa-enrolled', 'acme.okta.com', PERIOD.from, PERIOD.to))).toMatchObject({ status: 'ok', details: [] });
  });

  it('reports exactly one gap, naming the scope and the times, for a 5-hour hole in hourly results', () => {
    const skip = ['2026-10-15T10:00:00.000Z', '2026-10-15T11:00:00.000Z', '2026-10-15T12:00:00.000Z', '2026-10-15T13:00:00.000Z'];
    const c = gaps([...every('okta-mfa-enrolled', 'acme.okta.com', PERIOD.from, PERIOD.to, 1, skip), ...every('github-org-2fa-required', 'github:acme', PERIOD.from, PERIOD.to)]);
    expect(c.status).toBe('attention');
    expect(c.details).toEqual(['acme.okta.com: no run from 2026-10-15T09:00 to 2026-10-15T14:00 (5 h)']);
  });

  it('allows twice the interval: a 2-hour hole in hourly results is not a gap, 3 hours is', () => {
    const two = every('okta-mfa-enrolled', 'acme.okta.com', PERIOD.from, PERIOD.to, 1, ['2026-10-15T10:00:00.000Z']);
    expect(gaps(two).details).toEqual([]);
    const three = every('okta-mfa-enrolled', 'acme.okta.com', PERIOD.from, PERIOD.to, 1, ['2026-10-15T10:00:00.000Z', '2026-10-15T11:00:00.000Z']);
    expect(gaps(three).details).toEqual(['acme.okta.com: no run from 2026-10-15T09:00 to 2026-10-15T12:00 (3 h)']);
  });

  it('takes the interval from schedule.everyHours: daily results have no gap with everyHours 24, many with the hourly default', () => {
    const daily = every('okta-mfa-enrolled', 'acme.okta.com', '2026-10-01T09:00:00Z', PERIOD.to, 24);
    expect(gaps(daily, { config: config(`${OKTA}schedule: { everyHours: 24 }\n`) })).toMatchObject({ status: 'ok', details: [] });
    const hourly = gaps(daily);
    expect(hourly.status).toBe('attention');
    // One before the first run (9 h from the period start), 30 between runs, one after the last (15 h).
    expect(hourly.details).toHaveLength(32);
    expect(hourly.details[0]).toBe('acme.okta.com: no run from 2026-10-01T00:00 to 2026-10-01T09:00 (9 h)');
  });

  it('lets runIntervalHours override the schedule in compliance.yml', () => {
    const daily = every('okta-mfa-enrolled', 'acme.okta.com', '2026-10-01T09:00:00Z', PERIOD.to, 24);
    expect(gaps(daily, { runIntervalHours: 24 }).details).toEqual([]);
  });

  it('reports a daily run missed with everyHours 24 (more than 48 h without a run)', () => {
    const daily = every('okta-mfa-enrolled', 'acme.okta.com', '2026-10-01T09:00:00Z', PERIOD.to, 24, ['2026-10-10T09:00:00.000Z', '2026-10-11T09:00:00.000Z']);
    expect(gaps(daily, { config: config(`${OKTA}schedule: { everyHours: 24 }\n`) }).details).toEqual(['acme.okta.com: no run from 2026-10-09T09:00 to 2026-10-12T09:00 (72 h)']);
  });

  it('ignores github-pull-request results, which come as pull requests happen', () => {
    const prs = [entry('pr-approved', 'github:acme/api', 'pass', '2026-10-03T09:00:00Z'), entry('pr-ticket-linked', 'github:acme/api', 'fail', '2026-10-20T09:00:00Z')];
    expect(gaps(prs)).toMatchObject({ status: 'attention', details: ['no scheduled result in the period'] });
    expect(gaps([...every('okta-mfa-enrolled', 'acme.okta.com', PERIOD.from, PERIOD.to), ...prs])).toMatchObject({ status: 'ok', details: [] });
  });

  it('says there is no scheduled result when the period has none', () => {
    expect(gaps([])).toMatchObject({ status: 'attention', details: ['no scheduled result in the period'] });
  });

  it('measures the gap after the last run up to `now`, never the wall clock, and at most up to the period end', () => {
    // A period in 2024 that the wall clock has long left behind: results hourly until 10 March 00:00.
    const period = { from: '2024-03-01T00:00:00.000Z', to: '2024-04-01T00:00:00.000Z' };
    const results = every('okta-mfa-enrolled', 'acme.okta.com', period.from, '2024-03-10T01:00:00.000Z');
    const at = (now: string) => gaps(results, { period, now: new Date(now) });
    // An hour after the last run: no gap, although by the wall clock the whole rest of March is empty.
    expect(at('2024-03-10T01:00:00Z')).toMatchObject({ status: 'ok', details: [] });
    expect(at('2024-03-20T00:00:00Z').details).toEqual(['acme.okta.com: no run from 2024-03-10T00:00 to 2024-03-20T00:00 (240 h)']);
    // Long after the period: the gap ends at the period end.
    expect(at('2030-01-01T00:00:00Z').details).toEqual(['acme.okta.com: no run from 2024-03-10T00:00 to 2024-04-01T00:00 (528 h)']);
  });

  it('reports each scope separately, by the instant of results written with UTC offsets', () => {
    // 09:00+02:00 is 07:00 UTC: results every hour in UTC, written in two offsets.
    const okta = every('okta-mfa-enrolled', 'acme.okta.com', PERIOD.from, PERIOD.to).map((e, i) => {
      if (i % 2 === 0) return e;
      const local = new Date(Date.parse(e.record.effectiveAt) + 2 * HOUR).toISOString().replace('.000Z', '+02:00');
      return { ...e, record: { ...e.record, effectiveAt: local } };
    });
    const aws = every('aws-sg-no-open-ingress', 'aws:111111111111', PERIOD.from, '2026-10-31T00:00:00.000Z');
    expect(gaps([...okta, ...aws]).details).toEqual(['aws:111111111111: no run from 2026-10-30T23:00 to 2026-11-01T00:00 (25 h)']);
  });
});

describe('self-check: retention', () => {
  const LOCKED = 'evidence: { store: s3, bucket: acme-evidence, objectLock: { retainDays: 30 } }\n';
  const retention = (extra: string, results: Entry<ResultRecord>[], now = NOW) => check(selfChecks(input({ config: config(`${OKTA}${extra}`), evidence: index(results), now })), 'retention');
  const records = () => [
    entry('okta-mfa-enrolled', 'acme.okta.com', 'pass', '2026-09-01T09:00:00Z'),
    entry('okta-mfa-enrolled', 'acme.okta.com', 'pass', '2026-09-15T09:00:00Z'),
    entry('okta-mfa-enrolled', 'acme.okta.com', 'pass', '2026-10-20T09:00:00Z'),
  ];

  it('is unknown on the filesystem store and on S3 without Object Lock', () => {
    for (const extra of ['', 'evidence: { store: filesystem, path: evidence }\n', 'evidence: { store: s3, bucket: acme-evidence }\n']) {
      expect(retention(extra, records())).toEqual({
        id: 'retention',
        title: 'Evidence past its retention period',
        status: 'unknown',
        details: ['no Object Lock retention is configured: records are protected only by the archive’s own permissions'],
      });
    }
  });

  it('counts the records recorded more than retainDays before `now`', () => {
    // 30 days before 2026-11-01 is 2026-10-02: the two September records are past it.
    expect(retention(LOCKED, records())).toMatchObject({
      status: 'attention',
      details: ['2 record(s) are older than the 30-day Object Lock retention and could now be deleted'],
    });
  });

  it('is ok when every record is within retainDays of `now` (measured against `now`, not the wall clock)', () => {
    expect(retention(LOCKED, records(), new Date('2026-09-20T00:00:00Z'))).toMatchObject({ status: 'ok', details: [] });
    expect(retention(LOCKED, records(), new Date('2026-10-10T00:00:00Z')).details).toEqual(['1 record(s) are older than the 30-day Object Lock retention and could now be deleted']);
  });

  it('goes by recordedAt, not effectiveAt', () => {
    const late = entry('okta-mfa-enrolled', 'acme.okta.com', 'pass', '2026-09-01T09:00:00Z');
    late.record = { ...late.record, recordedAt: '2026-10-25T09:00:00.000Z' };
    expect(retention(LOCKED, [late])).toMatchObject({ status: 'ok', details: [] });
  });
});
