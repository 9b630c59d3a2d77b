import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the `evident` command from source, as `npm run --silent evident -- …` does, with a time limit. */
export function evident(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${repoRoot}cli/evident.ts`, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...withoutCredentials(process.env), ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 15_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    if (options.input !== undefined) child.stdin?.end(options.input);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Tests never reach real services: credentials in the developer's or CI's environment are dropped. */
function withoutCredentials(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = { ...env };
  for (const name of ['GITHUB_TOKEN', 'GH_TOKEN', 'OPENAI_API_KEY', 'PAGERDUTY_ROUTING_KEY', 'SLACK_WEBHOOK_URL', 'OKTA_TOKEN', 'EVIDENT_SEAL_KEY', 'EVIDENT_FINGERPRINT_KEY']) delete clean[name];
  return clean;
}
