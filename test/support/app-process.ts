/**
 * app/server.ts as its own Node process, the way it runs in production: Probot's own logger
 * (LOG_FORMAT=json, every level) writing to the process's standard output, which the test reads in
 * full. Its GitHub is the loopback server, reached through github-enterprise-proxy.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { APP_ID, startAppGitHub } from './app-harness.ts';
import { startEnterpriseProxy, type EnterpriseProxy } from './github-enterprise-proxy.ts';
import type { GitHubTestServer, PullSeed } from './github-server.ts';

const SERVER = fileURLToPath(new URL('../../app/server.ts', import.meta.url));
/** Bounds a hang (a 2-core machine under load starts Node and Probot slowly), not a timing. */
const STARTUP_MS = 60_000;

export interface AppProcess {
  /** The webhook URL. */
  url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Waits (at most `ms`) until the output contains `text`; throws, showing the output's tail, when it does not. */
  waitForOutput(text: string | RegExp, ms?: number): Promise<void>;
  /** Whether the process is still running. */
  running(): boolean;
  stop(): Promise<void>;
}

export async function startAppProcess(options: { github: GitHubTestServer; appId: number; privateKeyPem: string; secret: string; env?: Record<string, string> }): Promise<AppProcess> {
  const proxy: EnterpriseProxy = await startEnterpriseProxy(options.github.url);
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [SERVER], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      APP_ID: String(options.appId),
      PRIVATE_KEY: options.privateKeyPem,
      WEBHOOK_SECRET: options.secret,
      GHE_HOST: proxy.host,
      GHE_PROTOCOL: 'http',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'trace',
      LOG_FORMAT: 'json',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));

  const waitForOutput = async (text: string | RegExp, ms = STARTUP_MS) => {
    const deadline = Date.now() + ms;
    while (typeof text === 'string' ? !output.includes(text) : !text.test(output)) {
      if (exited) throw new Error(`app/server.ts exited; its output:\n${output.slice(-4000)}`);
      if (Date.now() > deadline) throw new Error(`app/server.ts did not write ${String(text)} within ${ms} ms; its output:\n${output.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  try {
    await waitForOutput(/Evident app listening on :\d+/);
  } catch (error) {
    child.kill('SIGKILL');
    await proxy.close();
    throw error;
  }
  const port = /Evident app listening on :(\d+)/.exec(output)?.[1];

  return {
    url: `http://127.0.0.1:${port}/api/github/webhooks`,
    output: () => output,
    waitForOutput,
    running: () => !exited,
    stop: async () => {
      if (!exited) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await gone;
      }
      await proxy.close();
    },
  };
}

export interface AppProcessWorld {
  github: GitHubTestServer;
  app: AppProcess;
  /** Checks the loopback GitHub saw only valid answers, then stops the app and removes its evidence. */
  close(): Promise<void>;
}

/**
 * app/server.ts as a process against a loopback GitHub with the app installed on acme and one pull
 * request (acme/api `pull`) seeded: the set-up of the tests that read the app's real log.
 */
export async function startAppProcessWorld(options: { secret: string; pull: PullSeed }): Promise<AppProcessWorld> {
  const started = await startAppGitHub();
  started.github.seedPullRequest('acme', 'api', options.pull);
  const app = await startAppProcess({ github: started.github, appId: APP_ID, privateKeyPem: started.privateKeyPem, secret: options.secret, env: { EVIDENT_FINGERPRINT_KEY: 'hardening' } });
  return {
    github: started.github,
    app,
    close: async () => {
      try {
        started.github.assertHealthy();
      } finally {
        await app.stop();
        await started.github.close();
        await rm(started.evidence, { recursive: true, force: true });
      }
    },
  };
}
