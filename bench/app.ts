/**
 * The GitHub App's cost: GitHub requests and GraphQL points to read a merged pull request of 1, 50,
 * 300 and 1,000 files, and how fast the app acknowledges 50 deliveries at once, all against the
 * loopback GitHub of the tests.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Probot, ProbotOctokit } from 'probot';
import { evidentApp } from '../app/index.ts';
import { createWebhookReceiver } from '../app/webhook-receiver.ts';
import { collectPullRequest } from '../engine/collectors/github-pull-request.ts';
import { createGitHubClient } from '../engine/issues/github-client.ts';
import { fingerprinter } from '../engine/secrets/fingerprint.ts';
import { createScanner } from '../engine/secrets/scanner.ts';
import { startGitHubServer } from '../test/support/github-server.ts';
import { deliver, examplePayload } from '../test/support/webhook-delivery.ts';

const sha = (n: number) => `c0ffee${String(n).padStart(34, '0')}`;
const files = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ filename: `src/f${i}.ts`, status: 'modified' as const, additions: 2, deletions: 1, patch: `@@ -1,1 +1,2 @@\n-export const a${i} = 1;\n+export const a${i} = 2;\n+export const b${i} = 3;` }));

async function requestsPerMergedPullRequest(): Promise<Record<string, unknown>> {
  const server = await startGitHubServer({ token: 't' });
  try {
    server.seed('acme', 'api', {});
    const client = createGitHubClient({ auth: 't', baseUrl: server.url, writeSpacingMs: 0 });
    const scanner = createScanner({ fingerprint: fingerprinter('bench') });
    const perSize: Record<string, { requests: number; graphqlPoints: number; ms: number }> = {};
    for (const [index, size] of [1, 50, 300, 1000].entries()) {
      const number = index + 1;
      server.seedPullRequest('acme', 'api', { number, title: `SEC-${number} change`, user: 'ana', head: { ref: `b${number}`, sha: sha(number) }, state: 'closed', merged_at: '2026-11-02T10:00:00Z', merged_by: 'ana', files: files(size) });
      const started = performance.now();
      const { stats } = await collectPullRequest(client, { owner: 'acme', repo: 'api', number }, { scanner, now: new Date('2026-11-02T10:00:00Z') });
      perSize[`${size} files`] = { ...stats, ms: Number((performance.now() - started).toFixed(1)) };
    }
    return { bench: 'app-requests-per-merged-pr', target: '≤ 3 requests up to 300 files', ...perSize };
  } finally {
    await server.close();
  }
}

async function acknowledgementLatency(): Promise<Record<string, unknown>> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const server = await startGitHubServer({ app: { id: 1, privateKeyPem: pem } });
  const secret = 'bench-webhook-secret-long-enough';
  process.env.WEBHOOK_SECRET = secret;
  server.seedInstallation({ id: 9, account: 'acme', repositories: ['acme/api', 'acme/compliance'] });
  server.seedFile('acme', 'compliance', 'compliance.yml', 'version: 1\norganization: acme\n');
  const deliveries = 50;
  for (let n = 1; n <= deliveries; n++) server.seedPullRequest('acme', 'api', { number: n, title: `SEC-${n} change`, user: 'ana', head: { ref: `b${n}`, sha: sha(n) }, files: files(3) });
  const probot = new Probot({
    appId: 1,
    privateKey: pem,
    secret,
    baseUrl: server.url,
    logLevel: 'fatal',
    Octokit: ProbotOctokit.defaults((options: Record<string, any>) => ({ ...options, throttle: { ...options.throttle, enabled: false } })),
  });
  // Wired as app/server.ts wires it: the app loaded into Probot, behind app/webhook-receiver.ts.
  await probot.load(evidentApp({ dependencies: { env: { EVIDENT_FINGERPRINT_KEY: 'bench' } } }));
  const webhooks = createWebhookReceiver({ probot, secret, path: '/hooks' });
  const receiver = createServer((request, response) => void webhooks(request, response, () => response.writeHead(404).end()));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  try {
    const payloads = Array.from({ length: deliveries }, (_, i) => {
      const payload = examplePayload('pull_request', 'opened') as Record<string, any>;
      payload.installation = { id: 9, node_id: 'x' };
      Object.assign(payload.repository, { name: 'api', full_name: 'acme/api' });
      payload.repository.owner.login = 'acme';
      payload.number = i + 1;
      payload.pull_request.number = i + 1;
      payload.pull_request.head.sha = sha(i + 1);
      return payload;
    });
    const latencies = await Promise.all(
      payloads.map(async (payload) => {
        const started = performance.now();
        const result = await deliver(url, { event: 'pull_request', payload, secret });
        if (result.status !== 200) throw new Error(`delivery answered ${result.status}`);
        return performance.now() - started;
      }),
    );
    latencies.sort((a, b) => a - b);
    const at = (q: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(1));
    return { bench: 'app-webhook-acknowledgement', deliveries, concurrent: deliveries, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1), githubTimeoutMs: 10_000, checkRuns: server.checkRuns('acme', 'api').length };
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
    await server.close();
  }
}

export async function benchApp(): Promise<Record<string, unknown>[]> {
  return [await requestsPerMergedPullRequest(), await acknowledgementLatency()];
}
