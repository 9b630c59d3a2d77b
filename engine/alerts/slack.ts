/**
 * Announces findings in a Slack channel through an incoming webhook
 * (https://api.slack.com/messaging/webhooks), as Block Kit messages
 * (https://api.slack.com/reference/block-kit/blocks).
 *
 * The webhook URL is the only credential a webhook has: it is never logged, never put in a
 * result's reason, and only https URLs are accepted (http only on loopback, for tests).
 */
import type { Severity } from '../model.ts';
import {
  type AlertEvent,
  type AlertResult,
  criteriaLine,
  failingCount,
  httpUrl,
  slaDueAt,
  startsAlert,
  whyNoAlert,
  withoutEmails,
} from './alert-event.ts';
import { postJson, type RetryPolicy } from './post-json.ts';

export interface SlackOptions {
  webhookUrl: string;
  /** Severities announced; default critical and high. */
  severities?: readonly Severity[];
  fetch?: typeof fetch;
  retry?: Partial<RetryPolicy>;
  now: Date;
}

type TextObject = { type: 'plain_text' | 'mrkdwn'; text: string };
export type SlackBlock =
  | { type: 'header'; text: TextObject }
  | { type: 'section'; text?: TextObject; fields?: TextObject[] }
  | { type: 'context'; elements: TextObject[] };
export interface SlackMessage {
  /** The notification and screen-reader text; Slack shows blocks in the channel. */
  text: string;
  blocks: SlackBlock[];
}

export interface RunSummary {
  organization: string;
  /** Controls by status in this run. */
  counts: { pass: number; fail: number; error: number; skipped?: number };
  newFindings: number;
  closedFindings: number;
  /** The workflow run, when there is one to link. */
  runUrl?: string;
}

/** https://api.slack.com/reference/surfaces/formatting#escaping: only these three, nothing more. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A header holds 150 characters; cut before escaping so no entity is cut in half. */
function plain(text: string): TextObject {
  let cut = text;
  while (escapeSlackText(cut).length > 150) cut = `${cut.slice(0, Math.min(cut.length - 2, 148))}…`;
  return { type: 'plain_text', text: escapeSlackText(cut) };
}
const mrkdwn = (text: string): TextObject => ({ type: 'mrkdwn', text });
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
/** Inline code stops mrkdwn inside a scope; a backtick in it would end the code span early. */
const code = (text: string) => `\`${escapeSlackText(text).replace(/`/g, "'")}\``;
const link = (url: string | undefined, label: string) => (url === undefined ? undefined : `<${escapeSlackText(url).replace(/\|/g, '%7C')}|${escapeSlackText(label)}>`);
/** Shown in each reader's time zone (https://api.slack.com/reference/surfaces/formatting#date-formatting). */
const slackDate = (iso: string) => `<!date^${Math.floor(Date.parse(iso) / 1000)}^{date_short_pretty} {time}|${iso.slice(0, 16).replace('T', ' ')} UTC>`;

/** The message for an alert event, or why there is none. */
export function slackMessageFor(event: AlertEvent, severities: readonly Severity[], now: Date): SlackMessage | { skip: string } {
  const { finding, decision } = event;
  // Block Kit caps a section at 3000 characters and a field at 2000; scopes and titles are short, keep them so.
  const scope = clip(withoutEmails(finding.scope), 200);
  const issue = link(httpUrl(event.issueUrl), 'Open the issue');
  if (event.kind === 'resolved') {
    // Only findings this sink announced: a resolution nobody heard the start of is noise.
    if (!severities.includes(decision.severity)) return { skip: `resolution of a ${decision.severity} finding, which was not announced` };
    return {
      text: escapeSlackText(`Resolved: ${finding.controlId} passes on ${scope}`),
      blocks: [
        { type: 'header', text: plain(`Resolved: ${finding.controlId}`) },
        {
          type: 'section',
          text: mrkdwn(`*${escapeSlackText(clip(withoutEmails(finding.title), 200))}* passes again on ${code(scope)}.${issue === undefined ? '' : ` ${issue}`}`),
          fields: [mrkdwn(`*Control*\n${code(finding.controlId)}`), mrkdwn(`*Severity*\n${decision.severity}`)],
        },
        { type: 'context', elements: [mrkdwn(`Resolved ${slackDate(now.toISOString())}; the issue was closed with the passing evidence.`)] },
      ],
    };
  }
  if (!startsAlert(event, severities)) return { skip: whyNoAlert(event, severities) };
  const lead = event.kind === 'opened' ? `New ${decision.severity} finding` : event.kind === 'reopened' ? `Reopened ${decision.severity} finding` : `Raised to ${decision.severity}`;
  const criteria = criteriaLine(finding);
  return {
    text: escapeSlackText(`${lead}: ${finding.controlId} on ${scope}, ${failingCount(finding)}`),
    blocks: [
      { type: 'header', text: plain(`${lead}: ${finding.controlId}`) },
      {
        type: 'section',
        text: mrkdwn(`*${escapeSlackText(clip(withoutEmails(finding.title), 200))}* fails on ${code(scope)}: ${failingCount(finding)}.${issue === undefined ? '' : ` ${issue}`}`),
        fields: [
          mrkdwn(`*Control*\n${code(finding.controlId)}`),
          mrkdwn(`*Scope*\n${code(scope)}`),
          mrkdwn(`*Severity*\n${decision.severity}${decision.decidedBy === 'ai' ? ' (raised by AI triage)' : ''}`),
          mrkdwn(`*SLA due*\n${slackDate(slaDueAt(event))} (${decision.slaHours} h)`),
        ],
      },
      ...(criteria === '' ? [] : [{ type: 'context' as const, elements: [mrkdwn(escapeSlackText(criteria))] }]),
    ],
  };
}

export async function sendSlackAlerts(events: readonly AlertEvent[], options: SlackOptions): Promise<AlertResult[]> {
  const severities = options.severities ?? ['critical', 'high'];
  const unusable = checkWebhookUrl(options.webhookUrl);
  const results: AlertResult[] = [];
  for (const event of events) {
    const message = slackMessageFor(event, severities, options.now);
    if ('skip' in message) {
      results.push({ sink: 'slack', event, status: 'skipped', reason: message.skip, attempts: 0 });
    } else if (unusable !== undefined) {
      results.push({ sink: 'slack', event, status: 'failed', reason: unusable, attempts: 0 });
    } else {
      results.push({ sink: 'slack', event, ...(await post(message, options)) });
    }
  }
  return results;
}

/** An optional message at the end of a run: counts only. */
export async function sendRunSummary(summary: RunSummary, options: SlackOptions): Promise<AlertResult> {
  const unusable = checkWebhookUrl(options.webhookUrl);
  if (unusable !== undefined) return { sink: 'slack', status: 'failed', reason: unusable, attempts: 0 };
  const { pass, fail, error } = summary.counts;
  const run = link(httpUrl(summary.runUrl), 'Open the run');
  const line = `${pass} passed, ${fail} failed, ${error} errored; ${summary.newFindings} new and ${summary.closedFindings} closed findings`;
  const message: SlackMessage = {
    text: escapeSlackText(`Evident run for ${summary.organization}: ${line}`),
    blocks: [
      { type: 'header', text: plain(`Evident run: ${summary.organization}`) },
      {
        type: 'section',
        fields: [
          mrkdwn(`*Passed*\n${pass}`),
          mrkdwn(`*Failed*\n${fail}`),
          mrkdwn(`*Errored*\n${error}${error > 0 ? ' (not compliant: a source could not be read)' : ''}`),
          mrkdwn(`*New findings*\n${summary.newFindings}`),
          mrkdwn(`*Closed findings*\n${summary.closedFindings}`),
        ],
      },
      { type: 'context', elements: [mrkdwn(`Run finished ${slackDate(options.now.toISOString())}${run === undefined ? '' : `. ${run}`}`)] },
    ],
  };
  return { sink: 'slack', ...(await post(message, options)) };
}

async function post(message: SlackMessage, options: SlackOptions): Promise<Pick<AlertResult, 'status' | 'reason' | 'attempts'>> {
  const answer = await postJson(options.webhookUrl, message, { fetch: options.fetch, retry: options.retry, secret: options.webhookUrl });
  const { status, attempts } = answer;
  if (status === undefined) return { status: 'failed', reason: `could not reach Slack (${answer.error})`, attempts };
  if (status === 200) return { status: 'sent', reason: 'Slack accepted the message', attempts };
  // Slack answers errors as a bare code in plain text: invalid_payload, no_service, channel_is_archived…
  const codeText = /^[a-z_]{1,64}$/.test(answer.body.trim()) ? ` ${answer.body.trim()}` : '';
  const hint = HINTS[answer.body.trim()] ?? (status === 429 || status >= 500 ? `gave up after ${attempts} attempts${answer.error ? ` (${answer.error})` : ''}` : 'check the webhook');
  return { status: 'failed', reason: `Slack answered ${status}${codeText}: ${hint}`, attempts };
}

/** https://api.slack.com/messaging/webhooks#handling_errors */
const HINTS: Record<string, string> = {
  invalid_payload: 'the message was malformed; this is a bug in Evident, please report it',
  invalid_blocks: 'the message blocks were refused; this is a bug in Evident, please report it',
  no_service: 'the webhook was removed or disabled; create a new one and update the secret',
  no_team: 'the workspace of the webhook no longer exists; create a new webhook',
  team_disabled: 'the workspace of the webhook is disabled; create a new webhook',
  channel_not_found: 'the channel of the webhook was deleted; create a new webhook',
  channel_is_archived: 'the channel of the webhook is archived; unarchive it or create a new webhook',
  action_prohibited: 'a workspace admin restricted posting to the channel',
  posting_to_general_channel_denied: 'only admins may post to the channel; choose another channel',
  invalid_token: 'the webhook is no longer valid; create a new one and update the secret',
};

/** Says what is wrong without repeating the URL. */
function checkWebhookUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'the Slack webhook URL is not a URL; set it to the https://hooks.slack.com/services/… address Slack gave';
  }
  const loopback = parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost' || parsed.hostname === '[::1]';
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback)) return undefined;
  return 'the Slack webhook URL is not an https URL; a webhook URL is a secret and is sent only over https';
}
