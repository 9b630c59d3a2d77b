import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../engine/alerts/alert-event.ts';
import { dispatchAlerts, dispatchRunSummary, type DispatchOptions } from '../../engine/alerts/dispatch.ts';
import { escapeSlackText } from '../../engine/alerts/slack.ts';
import type { ComplianceConfig } from '../../engine/config/schema.ts';
import { findingFingerprint } from '../../engine/findings.ts';
import type { Finding, Severity } from '../../engine/model.ts';
import type { TriageDecision } from '../../engine/triage/decision.ts';
import { startPagerDutyServer, type PagerDutyTestServer } from '../support/pagerduty-server.ts';
import { startSlackServer, type SlackTestServer } from '../support/slack-server.ts';

const ROUTING_KEY = 'e93facc04764012d7bfb002500d5d1a6';
const ISSUE_URL = 'https://github.com/acme/compliance/issues/7';
const EVIDENCE_KEY = 'evidence/2026/11/02/access-control-0900-3f2a9c.json';
const BOTH: ComplianceConfig['alerts'] = {
  pagerduty: { severities: ['critical'], routingKeyEnv: 'PAGERDUTY_ROUTING_KEY', region: 'us' },
  slack: { severities: ['critical', 'high'], webhookUrlEnv: 'SLACK_WEBHOOK_URL', summary: false },
};

/** Outcome messages and resources name people and their emails, as real Okta findings do. */
function finding(scope: string, severity: Severity = 'critical'): Finding {
  return {
    fingerprint: findingFingerprint('okta-mfa-enrolled', scope),
    controlId: 'okta-mfa-enrolled',
    title: 'Every user who can sign in has an active MFA factor',
    scope,
    severity,
    criteria: { soc2: ['CC6.1'], iso27001: ['A.5.17', 'A.8.5'] },
    summary: 'jane.doe@acme.com without an active MFA factor',
    source: 'okta',
    population: 42,
    failing: [
      { status: 'fail', resource: 'jane.doe@acme.com', message: 'Jane Doe (jane.doe@acme.com) has no MFA factor enrolled; 0 of 1 required' },
      { status: 'fail', resource: 'omar.haddad@acme.com', message: 'Omar Haddad (omar.haddad@acme.com) has no MFA factor enrolled; 0 of 1 required' },
    ],
    effectiveAt: '2026-11-02T09:00:00Z',
    evidence: [EVIDENCE_KEY],
  };
}

function decision(f: Finding, severity: Severity = f.severity): TriageDecision {
  const slaHours = { critical: 24, high: 72, medium: 168, low: 720 }[severity];
  return { fingerprint: f.fingerprint, inputHash: 'a'.repeat(64), severity, slaHours, decidedBy: 'rules', floor: severity, ruleReasons: ['control default'], decidedAt: '2026-11-02T09:01:00Z' };
}

function event(kind: AlertEvent['kind'], f: Finding, extra: Partial<AlertEvent> = {}): AlertEvent {
  return { kind, finding: f, decision: decision(f), issueUrl: ISSUE_URL, evidenceKey: EVIDENCE_KEY, ...extra };
}

let pagerduty: PagerDutyTestServer;
let slack: SlackTestServer;
/** Every URL the clients fetched: the test asserts each expected call happened, and no other. */
let fetched: string[] = [];
const recordingFetch: typeof fetch = (input, init) => {
  fetched.push(String(input));
  return fetch(input, init);
};

beforeAll(async () => {
  [pagerduty, slack] = await Promise.all([startPagerDutyServer(), startSlackServer()]);
});
afterAll(async () => {
  await Promise.all([pagerduty.close(), slack.close()]);
});
afterEach(() => {
  fetched = [];
});

function options(env: Record<string, string> = {}, extra: Partial<DispatchOptions> = {}): DispatchOptions {
  return {
    env: { PAGERDUTY_ROUTING_KEY: ROUTING_KEY, SLACK_WEBHOOK_URL: slack.webhookUrl, ...env },
    fetch: recordingFetch,
    now: new Date('2026-11-02T10:00:00Z'),
    baseUrls: { pagerduty: pagerduty.url },
    retry: { baseDelayMs: 5 },
    ...extra,
  };
}

const pdRequestsFor = (key: string) => pagerduty.requests.filter((r) => (r.body as { dedup_key?: string }).dedup_key === key);
const pdOnly: ComplianceConfig['alerts'] = { pagerduty: BOTH.pagerduty };
const slackOnly: ComplianceConfig['alerts'] = { slack: BOTH.slack };

/** A port nothing listens on: a sink that is down. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe('PagerDuty Events API v2 against a loopback server', () => {
  it('opens one incident per fingerprint however often the finding keeps failing, and resolves it on pass', async () => {
    const f = finding('acme.okta.com');
    const opened = await dispatchAlerts([event('opened', f)], pdOnly, options());
    expect(opened).toMatchObject([{ sink: 'pagerduty', status: 'sent', attempts: 1 }]);
    // The next runs: the issue is updated, the severity stays critical; nothing is sent again.
    for (let run = 0; run < 3; run++) {
      const changed = await dispatchAlerts([event('changed', f, { previousSeverity: 'critical' })], pdOnly, options());
      expect(changed).toMatchObject([{ status: 'skipped', attempts: 0 }]);
    }
    // A trigger repeated (a rerun of the same hour) lands on the same alert through its dedup_key.
    await dispatchAlerts([event('opened', f)], pdOnly, options());
    expect(pagerduty.incidents.filter((i) => i.dedupKey === f.fingerprint)).toEqual([
      { dedupKey: f.fingerprint, status: 'triggered', triggers: 2, summary: '[critical] okta-mfa-enrolled failed on acme.okta.com: 2 of 42 resources failing', severity: 'critical' },
    ]);
    const trigger = pdRequestsFor(f.fingerprint)[0]?.body;
    expect(trigger).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: f.fingerprint,
      payload: {
        summary: '[critical] okta-mfa-enrolled failed on acme.okta.com: 2 of 42 resources failing',
        source: 'acme.okta.com',
        severity: 'critical',
        timestamp: '2026-11-02T09:00:00Z',
        component: 'okta-mfa-enrolled',
        group: 'okta',
        class: 'SOC 2 CC6.1, ISO 27001 A.5.17, ISO 27001 A.8.5',
        custom_details: {
          fingerprint: f.fingerprint,
          control: 'Every user who can sign in has an active MFA factor',
          severity: 'critical',
          sla_hours: 24,
          due: '2026-11-03T09:00:00.000Z',
          criteria: { soc2: ['CC6.1'], iso27001: ['A.5.17', 'A.8.5'] },
          failing: 2,
          population: 42,
          issue_url: ISSUE_URL,
          evidence_key: EVIDENCE_KEY,
          triaged_by: 'rules',
        },
      },
      links: [{ href: ISSUE_URL, text: 'GitHub issue: what failed and the remediation checklist' }],
      client_url: ISSUE_URL,
      client: 'Evident',
    });

    const resolved = await dispatchAlerts([event('resolved', f)], pdOnly, options());
    expect(resolved).toMatchObject([{ status: 'sent', reason: `PagerDuty accepted the resolve for dedup_key ${f.fingerprint}` }]);
    expect(pagerduty.incidents.filter((i) => i.dedupKey === f.fingerprint).map((i) => i.status)).toEqual(['resolved']);
    expect(pdRequestsFor(f.fingerprint).map((r) => [(r.body as { event_action: string }).event_action, r.answered])).toEqual([
      ['trigger', 202],
      ['trigger', 202],
      ['resolve', 202],
    ]);
    expect(fetched).toEqual(Array(3).fill(`${pagerduty.url}/v2/enqueue`));
  });

  it('sends to the service region the account is in: events.pagerduty.com by default, events.eu.pagerduty.com for eu', async () => {
    // The region's real host is the URL Evident builds; this fetch carries the request to the loopback server.
    const seen: string[] = [];
    const toLoopback: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetch(String(input).replace(/^https:\/\/events(\.eu)?\.pagerduty\.com/, pagerduty.url), init);
    };
    const f = finding('region.okta.com');
    const { baseUrls: _loopback, ...direct } = options({}, { fetch: toLoopback });
    for (const region of ['us', 'eu'] as const) {
      const results = await dispatchAlerts([event('opened', f)], { pagerduty: { ...BOTH.pagerduty!, region } }, direct);
      expect(results).toMatchObject([{ sink: 'pagerduty', status: 'sent' }]);
    }
    expect(seen).toEqual(['https://events.pagerduty.com/v2/enqueue', 'https://events.eu.pagerduty.com/v2/enqueue']);
  });

  it('pages a change only when the severity newly crosses into the paged severities', async () => {
    const f = finding('eu.okta.com', 'high');
    const raised = { ...event('changed', f, { previousSeverity: 'high' }), decision: decision(f, 'critical') };
    expect(await dispatchAlerts([event('opened', f), raised], pdOnly, options())).toMatchObject([
      { status: 'skipped', reason: 'severity high is not among the alerting severities (critical)' },
      { status: 'sent' },
    ]);
    expect(pagerduty.incidents.filter((i) => i.dedupKey === f.fingerprint)).toMatchObject([{ status: 'triggered', triggers: 1, summary: expect.stringContaining('raised to critical') }]);
  });

  it('does not page a high finding by default', async () => {
    const f = finding('us.okta.com', 'high');
    expect(await dispatchAlerts([event('opened', f)], pdOnly, options())).toMatchObject([{ sink: 'pagerduty', status: 'skipped', attempts: 0 }]);
    expect(pdRequestsFor(f.fingerprint)).toEqual([]);
    expect(fetched).toEqual([]);
  });

  it('waits as long as a 429 asks, then sends once more', async () => {
    const f = finding('rate.okta.com');
    pagerduty.answerNext({ status: 429, headers: { 'retry-after': '1' }, body: { status: 'throttle event', message: 'Requests for this service are arriving too quickly.' } });
    const started = performance.now();
    const results = await dispatchAlerts([event('opened', f)], pdOnly, options());
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(results).toMatchObject([{ status: 'sent', attempts: 2 }]);
    expect(pagerduty.requests.slice(-2).map((r) => r.answered)).toEqual([429, 202]);
    expect(pagerduty.incidents.filter((i) => i.dedupKey === f.fingerprint)).toHaveLength(1);
  });

  it('gives up after three attempts on 5xx, and does not wait for a retry-after longer than allowed', async () => {
    const f = finding('down.okta.com');
    const before = pagerduty.requests.length;
    pagerduty.answerNext({ status: 503 }, { status: 502 }, { status: 500 });
    expect(await dispatchAlerts([event('opened', f)], pdOnly, options())).toMatchObject([{ status: 'failed', attempts: 3, reason: expect.stringMatching(/^PagerDuty answered 500/) }]);
    expect(pagerduty.requests.length - before).toBe(3);

    pagerduty.answerNext({ status: 429, headers: { 'retry-after': '3600' } });
    expect(await dispatchAlerts([event('opened', f)], pdOnly, options())).toMatchObject([{ status: 'failed', attempts: 1, reason: expect.stringContaining('asked to wait 3600 s') }]);
  });

  it('reports a 400 without retrying it', async () => {
    const f = finding('bad-key.okta.com');
    const before = pagerduty.requests.length;
    const results = await dispatchAlerts([event('opened', f)], pdOnly, options({ PAGERDUTY_ROUTING_KEY: 'too-short' }));
    expect(results).toMatchObject([{ status: 'failed', attempts: 1 }]);
    expect(results[0]?.reason).toContain("Length of 'routing_key' is incorrect");
    expect(results[0]?.reason).not.toContain('too-short');
    expect(pagerduty.requests.slice(before).map((r) => r.answered)).toEqual([400]);
  });
});

describe('Slack incoming webhook against a loopback server', () => {
  it('announces a new critical finding and its resolution, with the issue link and escaped text', async () => {
    const f = finding('github:acme/R&D <core>');
    const before = slack.messages.length;
    expect(await dispatchAlerts([event('opened', f)], slackOnly, options())).toMatchObject([{ sink: 'slack', status: 'sent', attempts: 1 }]);
    expect(await dispatchAlerts([event('resolved', f)], slackOnly, options())).toMatchObject([{ sink: 'slack', status: 'sent' }]);
    const [announced, resolved] = slack.messages.slice(before);
    expect(announced?.blocks?.[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'New critical finding: okta-mfa-enrolled' } });
    const section = announced?.blocks?.[1];
    expect(section?.text?.text).toBe(
      '*Every user who can sign in has an active MFA factor* fails on `github:acme/R&amp;D &lt;core&gt;`: 2 of 42 resources failing. <https://github.com/acme/compliance/issues/7|Open the issue>',
    );
    expect(section?.fields?.map((field) => field.text)).toEqual([
      '*Control*\n`okta-mfa-enrolled`',
      '*Scope*\n`github:acme/R&amp;D &lt;core&gt;`',
      '*Severity*\ncritical',
      '*SLA due*\n<!date^1793696400^{date_short_pretty} {time}|2026-11-03 09:00 UTC> (24 h)',
    ]);
    expect(announced?.text).toBe('New critical finding: okta-mfa-enrolled on github:acme/R&amp;D &lt;core&gt;, 2 of 42 resources failing');
    expect(resolved?.blocks?.[0]?.text?.text).toBe('Resolved: okta-mfa-enrolled');
    expect(resolved?.blocks?.[1]?.text?.text).toContain('<https://github.com/acme/compliance/issues/7|Open the issue>');
    expect(slack.requests.slice(-2).map((r) => [r.contentType, r.answered, r.answer])).toEqual([
      ['application/json', 200, 'ok'],
      ['application/json', 200, 'ok'],
    ]);
    expect(fetched).toEqual([slack.webhookUrl, slack.webhookUrl]);
  });

  it('escapes exactly &, < and >', () => {
    expect(escapeSlackText('R&D <a> "q" \'s\'')).toBe('R&amp;D &lt;a&gt; "q" \'s\'');
  });

  it('does not announce a medium finding, nor the resolution of one', async () => {
    const f = finding('medium.okta.com', 'medium');
    expect(await dispatchAlerts([event('opened', f), event('resolved', f)], slackOnly, options())).toMatchObject([
      { status: 'skipped', attempts: 0 },
      { status: 'skipped', attempts: 0, reason: 'resolution of a medium finding, which was not announced' },
    ]);
    expect(fetched).toEqual([]);
  });

  it('honours retry-after on 429, and reports a removed webhook without retrying or repeating its URL', async () => {
    const f = finding('slack-rate.okta.com');
    slack.answerNext({ status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } });
    const started = performance.now();
    expect(await dispatchAlerts([event('opened', f)], slackOnly, options())).toMatchObject([{ status: 'sent', attempts: 2 }]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);

    const removed = `${slack.webhookUrl.replace(slack.secretPath, '')}/services/T0EVIDENT/B0GONE/0ldS3cr3t`;
    const results = await dispatchAlerts([event('opened', f)], slackOnly, options({ SLACK_WEBHOOK_URL: removed }));
    expect(results).toMatchObject([{ status: 'failed', attempts: 1, reason: 'Slack answered 404 no_service: the webhook was removed or disabled; create a new one and update the secret' }]);
  });

  it('sends an optional run summary with counts only', async () => {
    const before = slack.messages.length;
    const summary = { organization: 'acme', counts: { pass: 17, fail: 2, error: 1 }, newFindings: 1, closedFindings: 3 };
    expect(await dispatchRunSummary(summary, BOTH, options())).toMatchObject([{ sink: 'slack', status: 'sent' }]);
    const message = slack.messages[before];
    expect(message?.text).toBe('Evident run for acme: 17 passed, 2 failed, 1 errored; 1 new and 3 closed findings');
    expect(message?.blocks?.[1]?.fields?.map((field) => field.text)).toEqual([
      '*Passed*\n17',
      '*Failed*\n2',
      '*Errored*\n1 (not compliant: a source could not be read)',
      '*New findings*\n1',
      '*Closed findings*\n3',
    ]);
  });
});

describe('dispatchAlerts', () => {
  it('skips a configured sink whose secret is not set, once, and sends nothing for it', async () => {
    const f = finding('noenv.okta.com');
    const results = await dispatchAlerts([event('opened', f), event('opened', finding('noenv2.okta.com'))], BOTH, options({ PAGERDUTY_ROUTING_KEY: '', SLACK_WEBHOOK_URL: '' }));
    expect(results).toEqual([
      { sink: 'pagerduty', status: 'skipped', reason: expect.stringMatching(/^PAGERDUTY_ROUTING_KEY is not set/), attempts: 0 },
      { sink: 'slack', status: 'skipped', reason: expect.stringMatching(/^SLACK_WEBHOOK_URL is not set/), attempts: 0 },
    ]);
    expect(fetched).toEqual([]);
  });

  it('sends nothing for a sink that is not configured', async () => {
    expect(await dispatchAlerts([event('opened', finding('none.okta.com'))], {}, options())).toEqual([]);
    expect(fetched).toEqual([]);
  });

  it('keeps sending to one sink when the other is down', async () => {
    const f = finding('partial.okta.com');
    const slackBefore = slack.messages.length;
    const pdDown = await dispatchAlerts([event('opened', f)], BOTH, options({}, { baseUrls: { pagerduty: await closedPortUrl() } }));
    expect(pdDown).toMatchObject([
      { sink: 'pagerduty', status: 'failed', attempts: 3, reason: expect.stringContaining('could not reach PagerDuty') },
      { sink: 'slack', status: 'sent' },
    ]);
    expect(slack.messages.length).toBe(slackBefore + 1);

    const deadSlack = `${await closedPortUrl()}${slack.secretPath}`;
    const slackDown = await dispatchAlerts([event('opened', f)], BOTH, options({ SLACK_WEBHOOK_URL: deadSlack }));
    expect(slackDown).toMatchObject([
      { sink: 'pagerduty', status: 'sent' },
      { sink: 'slack', status: 'failed', attempts: 3, reason: expect.stringContaining('could not reach Slack') },
    ]);
    expect(pagerduty.incidents.filter((i) => i.dedupKey === f.fingerprint)).toMatchObject([{ triggers: 1 }]);
    // The webhook URL is a secret: no result repeats it, reachable or not.
    for (const result of [...pdDown, ...slackDown]) expect(result.reason).not.toContain(slack.secretPath);
  });

  it('refuses a webhook URL that is not https, without repeating it', async () => {
    const results = await dispatchAlerts([event('opened', finding('http.okta.com'))], slackOnly, options({ SLACK_WEBHOOK_URL: 'http://hooks.example.com/services/T1/B1/notOverHttp' }));
    expect(results).toMatchObject([{ status: 'failed', attempts: 0 }]);
    expect(results[0]?.reason).not.toContain('notOverHttp');
    expect(fetched).toEqual([]);
  });

  it('sends no email, personal name or outcome message in any payload', async () => {
    const pdBefore = pagerduty.requests.length;
    const slackBefore = slack.requests.length;
    const f = finding('privacy.okta.com');
    const results = await dispatchAlerts([event('opened', f), event('reopened', f), event('resolved', f)], BOTH, options());
    expect(results.map((r) => [r.sink, r.status])).toEqual([
      ['pagerduty', 'sent'],
      ['pagerduty', 'sent'],
      ['pagerduty', 'sent'],
      ['slack', 'sent'],
      ['slack', 'sent'],
      ['slack', 'sent'],
    ]);
    const payloads = [...pagerduty.requests.slice(pdBefore).map((r) => r.raw), ...slack.requests.slice(slackBefore).map((r) => r.raw)];
    expect(payloads).toHaveLength(6);
    for (const payload of payloads) {
      expect(payload).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
      expect(payload).not.toMatch(/jane|doe|omar|haddad/i);
      expect(payload).not.toContain('no MFA factor enrolled');
      expect(payload).not.toContain(f.summary);
    }
  });
});
