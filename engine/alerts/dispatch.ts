/**
 * Sends issue sync's alert events to every configured sink. The sinks are independent: one that is
 * misconfigured, down or rate-limited never keeps the other from sending (STYLE.md 14), and
 * nothing here throws: every outcome is an AlertResult the run can report.
 */
import type { ComplianceConfig } from '../config/schema.ts';
import type { AlertEvent, AlertResult, AlertSink } from './alert-event.ts';
import { PAGERDUTY_EVENTS_BASE_URLS, sendPagerDutyAlerts } from './pagerduty.ts';
import type { RetryPolicy } from './post-json.ts';
import { type RunSummary, sendRunSummary, sendSlackAlerts } from './slack.ts';

export interface DispatchOptions {
  env: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  now: Date;
  /** Where PagerDuty is reached; tests point it at a loopback server. Slack's URL is its secret. */
  baseUrls?: { pagerduty?: string };
  retry?: Partial<RetryPolicy>;
}

export async function dispatchAlerts(events: readonly AlertEvent[], config: ComplianceConfig['alerts'], options: DispatchOptions): Promise<AlertResult[]> {
  const sends: Promise<AlertResult[]>[] = [];
  const { pagerduty, slack } = config;
  const eventsFor = (sink: AlertSink) => events.filter((event) => event.sinks === undefined || event.sinks.includes(sink));
  if (pagerduty !== undefined) {
    const routingKey = options.env[pagerduty.routingKeyEnv];
    sends.push(
      routingKey
        ? isolate('pagerduty', () =>
            sendPagerDutyAlerts(eventsFor('pagerduty'), { routingKey, severities: pagerduty.severities, fetch: options.fetch, baseUrl: options.baseUrls?.pagerduty ?? PAGERDUTY_EVENTS_BASE_URLS[pagerduty.region], retry: options.retry }),
          )
        : Promise.resolve([notSet('pagerduty', pagerduty.routingKeyEnv)]),
    );
  }
  if (slack !== undefined) {
    const webhookUrl = options.env[slack.webhookUrlEnv];
    sends.push(
      webhookUrl
        ? isolate('slack', () => sendSlackAlerts(eventsFor('slack'), { webhookUrl, severities: slack.severities, fetch: options.fetch, retry: options.retry, now: options.now }))
        : Promise.resolve([notSet('slack', slack.webhookUrlEnv)]),
    );
  }
  return (await Promise.all(sends)).flat();
}

/** The optional end-of-run message, to Slack when it is configured; no result when it is not. */
export async function dispatchRunSummary(summary: RunSummary, config: ComplianceConfig['alerts'], options: DispatchOptions): Promise<AlertResult[]> {
  const slack = config.slack;
  if (slack === undefined) return [];
  const webhookUrl = options.env[slack.webhookUrlEnv];
  if (!webhookUrl) return [notSet('slack', slack.webhookUrlEnv)];
  return isolate('slack', async () => [await sendRunSummary(summary, { webhookUrl, fetch: options.fetch, retry: options.retry, now: options.now })]);
}

function notSet(sink: AlertSink, envName: string): AlertResult {
  const what = sink === 'pagerduty' ? 'the routing key of a PagerDuty Events API v2 integration' : 'the Slack incoming webhook URL';
  return { sink, status: 'skipped', reason: `${envName} is not set; set it to ${what} to send ${sink} alerts`, attempts: 0 };
}

/** The sinks do not throw; should one ever do, the other still sends. */
async function isolate(sink: AlertSink, send: () => Promise<AlertResult[]>): Promise<AlertResult[]> {
  try {
    return await send();
  } catch (error) {
    return [{ sink, status: 'failed', reason: `${sink} alerts failed unexpectedly: ${error instanceof Error ? error.name : 'error'}; this is a bug in Evident`, attempts: 0 }];
  }
}
