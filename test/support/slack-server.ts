/**
 * A Slack incoming webhook on 127.0.0.1 for the alert tests (https://api.slack.com/messaging/webhooks).
 *
 * It answers as Slack does: 200 `ok` for a message it accepts; 404 `no_service` on any other path
 * (a removed webhook); 400 `invalid_payload` for a body that is not JSON, `no_text` for a message
 * with neither text nor blocks, `invalid_blocks` for blocks outside Block Kit's limits
 * (https://api.slack.com/reference/block-kit/blocks: 50 blocks, header plain_text ≤ 150,
 * section text ≤ 3000, ≤ 10 fields of ≤ 2000, context 1–10 elements). Errors are plain-text codes.
 * Tests can script the next answers (429 with retry-after, 500) before any validation.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackRequest {
  path: string;
  contentType: string | undefined;
  raw: string;
  answered: number;
  answer: string;
}

export interface SlackScriptedAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface SlackTestServer {
  /** The webhook URL, secret path included: what SLACK_WEBHOOK_URL holds. */
  webhookUrl: string;
  /** The secret part of the URL, to check it never shows up anywhere. */
  secretPath: string;
  /** Messages accepted (answered `ok`), parsed. */
  messages: { text?: string; blocks?: Block[] }[];
  requests: SlackRequest[];
  answerNext(...answers: SlackScriptedAnswer[]): void;
  close(): Promise<void>;
}

type TextObject = { type?: unknown; text?: unknown };
type Block = { type?: unknown; text?: TextObject; fields?: TextObject[]; elements?: TextObject[] };

const textOk = (t: TextObject | undefined, max: number, types = ['plain_text', 'mrkdwn']) =>
  t !== undefined && types.includes(String(t.type)) && typeof t.text === 'string' && t.text.length > 0 && t.text.length <= max;

/** The error code Slack would give these blocks, or undefined when they are valid. */
export function blocksError(blocks: unknown): string | undefined {
  if (!Array.isArray(blocks) || blocks.length === 0 || blocks.length > 50) return 'invalid_blocks';
  for (const block of blocks as Block[]) {
    const ok =
      block.type === 'header'
        ? textOk(block.text, 150, ['plain_text'])
        : block.type === 'section'
          ? (block.text !== undefined || block.fields !== undefined) &&
            (block.text === undefined || textOk(block.text, 3000)) &&
            (block.fields === undefined || (block.fields.length <= 10 && block.fields.every((f) => textOk(f, 2000))))
          : block.type === 'context'
            ? Array.isArray(block.elements) && block.elements.length >= 1 && block.elements.length <= 10 && block.elements.every((e) => textOk(e, 3000))
            : block.type === 'divider';
    if (!ok) return 'invalid_blocks';
  }
  return undefined;
}

export async function startSlackServer(): Promise<SlackTestServer> {
  const secretPath = '/services/T0EVIDENT/B0ALERTS/s3cr3tW3bh00kT0k3n';
  const messages: SlackTestServer['messages'] = [];
  const requests: SlackRequest[] = [];
  const scripted: SlackScriptedAnswer[] = [];
  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const answer = (status: number, text: string, headers: Record<string, string> = {}) => {
      requests.push({ path: req.url ?? '', contentType: req.headers['content-type'], raw, answered: status, answer: text });
      res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(text);
    };
    if (req.method !== 'POST' || req.url !== secretPath) return answer(404, 'no_service');
    const next = scripted.shift();
    if (next !== undefined) return answer(next.status, next.body, next.headers);
    let message: { text?: unknown; blocks?: unknown };
    try {
      message = JSON.parse(raw) as typeof message;
    } catch {
      return answer(400, 'invalid_payload');
    }
    if (typeof message !== 'object' || message === null) return answer(400, 'invalid_payload');
    if (message.text === undefined && message.blocks === undefined) return answer(400, 'no_text');
    if (message.blocks !== undefined && blocksError(message.blocks) !== undefined) return answer(400, 'invalid_blocks');
    messages.push(message as SlackTestServer['messages'][number]);
    answer(200, 'ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    webhookUrl: `http://127.0.0.1:${port}${secretPath}`,
    secretPath,
    messages,
    requests,
    answerNext: (...answers) => void scripted.push(...answers),
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps connections alive; close would wait for them.
        server.closeAllConnections();
      }),
  };
}
