/**
 * The GitHub App in this process behind the webhook endpoint it runs in production
 * (app/webhook-receiver.ts), with a loopback GitHub (github-server.ts) holding an installation, the
 * organization's compliance repository and an evidence folder. Probot's write throttling is off (it
 * spaces writes a second apart for github.com, not for a loopback server).
 * test/support/app-process.ts runs app/server.ts itself as a process instead.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Probot, ProbotOctokit } from 'probot';
import { evidentApp } from '../../app/index.ts';
import { createWebhookReceiver, type WebhookReceiverOptions } from '../../app/webhook-receiver.ts';
import type { AppDependencies } from '../../engine/change-management/handlers.ts';
import { startGitHubServer, type GitHubTestServer } from './github-server.ts';

export const APP_ID = 4242;

export interface AppHarness {
  github: GitHubTestServer;
  /** The webhook URL. */
  url: string;
  secret: string;
  installation: number;
  /** What the app logged through its dependencies' log (warnings, checks), one line each. */
  logs: string[];
  /** The evidence records written so far, as paths relative to the evidence folder. */
  evidenceFiles(): Promise<string[]>;
  /** The parsed evidence records written so far. */
  evidenceRecords(): Promise<Record<string, any>[]>;
  close(): Promise<void>;
}

/** A GitHub App key pair and a loopback GitHub that accepts the app's JWTs, with one installation on `owner`. */
export async function startAppGitHub(owner = 'acme', installation = 77): Promise<{ github: GitHubTestServer; privateKeyPem: string; evidence: string }> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const github = await startGitHubServer({ app: { id: APP_ID, privateKeyPem } });
  github.seedInstallation({ id: installation, account: owner, repositories: [`${owner}/api`, `${owner}/compliance`] });
  const evidence = await mkdtemp(join(tmpdir(), 'evident-app-hardening-'));
  github.seedFile(
    owner,
    'compliance',
    'compliance.yml',
    `version: 1\norganization: ${owner}\nevidence: { store: filesystem, path: ${JSON.stringify(evidence)} }\nsources:\n  github: { org: ${owner}, complianceRepo: compliance }\ncontrols:\n  pr-ticket-linked: { jiraProjects: [SEC] }\n`,
  );
  return { github, privateKeyPem, evidence };
}

export async function evidenceFilesIn(evidence: string): Promise<string[]> {
  return (await readdir(evidence, { recursive: true })).filter((f) => /^\d{4}\/.*\.json$/.test(f)).sort();
}

export interface AppHarnessOptions {
  dependencies?: Partial<AppDependencies>;
  /** The endpoint's answer timeout and retries (app/webhook-receiver.ts). */
  receiver?: Pick<WebhookReceiverOptions, 'timeoutMs' | 'retryDelaysMs' | 'maxPendingRetries'>;
  /** false: octokit does not retry failed requests, so one injected 5xx fails a delivery's work at once. */
  octokitRetries?: boolean;
}

export async function startAppHarness(options: AppHarnessOptions = {}): Promise<AppHarness> {
  const secret = 'hardening-webhook-secret-long-enough';
  const installation = 77;
  const { github, privateKeyPem, evidence } = await startAppGitHub('acme', installation);
  const logs: string[] = [];
  process.env.WEBHOOK_SECRET = secret;
  const probot = new Probot({
    appId: APP_ID,
    privateKey: privateKeyPem,
    secret,
    baseUrl: github.url,
    logLevel: 'fatal',
    Octokit: ProbotOctokit.defaults((o: Record<string, any>) => ({
      ...o,
      throttle: { ...o.throttle, enabled: false },
      ...(options.octokitRetries === false ? { retry: { ...o.retry, enabled: false } } : {}),
    })),
  });
  await probot.load(
    evidentApp({
      dependencies: {
        env: { EVIDENT_FINGERPRINT_KEY: 'hardening' },
        log: { info: (m) => logs.push(`info: ${m}`), warn: (m) => logs.push(`warn: ${m}`) },
        ...options.dependencies,
      },
    }),
  );
  // The endpoint's own lines (refusals, failures, retries) land in `logs` too, as `endpoint <level>: …`.
  const endpointLog = probot.log as unknown as Record<'info' | 'warn' | 'error', (message: string) => void>;
  for (const level of ['info', 'warn', 'error'] as const) endpointLog[level] = (message: string) => void logs.push(`endpoint ${level}: ${message}`);
  const receiver = createWebhookReceiver({ probot, secret, ...options.receiver });
  const server: Server = createServer((request, response) => void receiver(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const files = () => evidenceFilesIn(evidence);
  return {
    github,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`,
    secret,
    installation,
    logs,
    evidenceFiles: files,
    evidenceRecords: async () => Promise.all((await files()).map(async (f) => JSON.parse(await readFile(join(evidence, f), 'utf8')) as Record<string, any>)),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await github.close();
      await rm(evidence, { recursive: true, force: true });
    },
  };
}
