/**
 * An OpenAI-compatible Chat Completions endpoint on 127.0.0.1 for the triage integration tests:
 * the real `openai` client talks to it through `baseURL`.
 *
 * `POST /v1/chat/completions` answers from a queue scripted per test, in the response shape of
 * https://platform.openai.com/docs/api-reference/chat/object (id, object, created, model,
 * choices[{ index, message: { role, content, refusal }, finish_reason, logprobs }], usage), and
 * errors in the API's `{ error: { message, type, param, code } }` shape. Every request is recorded,
 * body parsed, so tests can assert what was sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedAnswer =
  /** A structured output: `content` is serialized as the message content. */
  | { content: unknown }
  /** Message content as is, e.g. malformed JSON; null: a message with neither content nor refusal. */
  | { raw: string | null; finishReason?: 'stop' | 'length' | 'content_filter' }
  /** A 200 whose body is sent as is (a proxy's HTML page, a completion without choices). */
  | { httpBody: string; contentType?: string }
  | { refusal: string }
  | { status: number; message?: string; headers?: Record<string, string> }
  /** Waits before answering (a timeout test); stops waiting when the client goes away. */
  | { delayMs: number; then: ScriptedAnswer };

export interface RecordedChatRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: ChatRequestBody;
}

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
  [key: string]: unknown;
}

export interface OpenAITestServer {
  /** The `baseURL` for the client: `http://127.0.0.1:PORT/v1`. */
  baseURL: string;
  requests: RecordedChatRequest[];
  /** Queues answers, answered in order, one per request. */
  script(...answers: ScriptedAnswer[]): void;
  /** Answers scripted but not requested. */
  pending(): number;
  close(): Promise<void>;
}

export interface OpenAIServerOptions {
  /**
   * Answers a request when nothing is scripted for it, from what it asks (a structured output or
   * plain text): for a flow that makes as many calls as it finds reasons to. Without it, an
   * unscripted request is answered 500.
   */
  otherwise?: (body: ChatRequestBody) => ScriptedAnswer;
}

export async function startOpenAIServer(options: OpenAIServerOptions = {}): Promise<OpenAITestServer> {
  const queue: ScriptedAnswer[] = [];
  const requests: RecordedChatRequest[] = [];
  let completions = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => sendError(res, 500, `openai-server: ${(error as Error).message}`));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      sendError(res, 404, `openai-server: no route for ${req.method} ${req.url}`, 'invalid_request_error');
      return;
    }
    const body = JSON.parse(text) as ChatRequestBody;
    requests.push({ method: req.method, path: req.url, headers: { ...req.headers }, body });
    const answer = queue.shift() ?? options.otherwise?.(body);
    if (answer === undefined) {
      // x-should-retry false: an unscripted request fails the test at once, with no retry behind it.
      sendError(res, 500, 'openai-server: no answer scripted for this request', 'server_error', { 'x-should-retry': 'false' });
      return;
    }
    await answerWith(answer, body, req, res);
  }

  async function answerWith(answer: ScriptedAnswer, body: ChatRequestBody, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if ('delayMs' in answer) {
      const gone = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), answer.delayMs);
        res.once('close', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      if (!gone) await answerWith(answer.then, body, req, res);
      return;
    }
    if ('status' in answer) {
      sendError(res, answer.status, answer.message ?? 'The server had an error while processing your request.', 'server_error', answer.headers);
      return;
    }
    if ('httpBody' in answer) {
      res.writeHead(200, { 'content-type': answer.contentType ?? 'application/json', 'x-request-id': `req_test_${Date.now()}` });
      res.end(answer.httpBody);
      return;
    }
    completions += 1;
    const refusal = 'refusal' in answer ? answer.refusal : null;
    const content = 'content' in answer ? JSON.stringify(answer.content) : 'raw' in answer ? answer.raw : null;
    const finishReason = 'raw' in answer ? (answer.finishReason ?? 'stop') : 'stop';
    const promptTokens = Math.ceil(JSON.stringify(body.messages).length / 4);
    const completionTokens = Math.ceil((content ?? refusal ?? '').length / 4);
    sendJson(res, 200, {
      id: `chatcmpl-test${completions}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content, refusal, annotations: [] }, finish_reason: finishReason, logprobs: null }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      service_tier: 'default',
      system_fingerprint: 'fp_evident_test',
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...answers) => void queue.push(...answers),
    pending: () => queue.length,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_test_${Date.now()}`, ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, message: string, type = 'server_error', headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  sendJson(res, status, { error: { message, type, param: null, code: null } }, headers);
}
