/**
 * The Action as GitHub Actions runs it: its entry in a process of its own, inputs as INPUT_*
 * variables, the job summary and outputs as files; collecting live from a loopback Okta, AWS
 * Config and GitHub with the real SDK clients, recording, syncing issues and sealing.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsConfigServer, awsTestCredentials, type AwsConfigTestServer } from '../support/aws-config-server.ts';
import { generateWorld } from '../support/aws-config-world.ts';
import { evident, repoRoot } from '../support/cli.ts';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.ts';
import { seedOrg } from '../support/okta-seed.ts';
import { startOktaServer, type OktaTestServer } from '../support/okta-server.ts';

const ACCOUNT = '123456789012';
let okta: OktaTestServer;
let aws: AwsConfigTestServer;
let github: GitHubTestServer;
let dir: string;

beforeAll(async () => {
  const now = new Date('2026-11-02T09:00:00Z');
  okta = await startOktaServer({ org: seedOrg({ users: 60, now }), now });
  aws = await startAwsConfigServer(generateWorld({ accounts: [ACCOUNT], regions: ['us-east-1', 'eu-west-1'], bucketsPerRegion: 4, securityGroupsPerRegion: 5, rulesPerRegion: 4, withoutRecorder: [`${ACCOUNT}/eu-west-1`] }));
  github = await startGitHubServer({ token: 'action-token' });
  github.seedOrganization('acme', { twoFactorRequirementEnabled: true, members: ['ana', 'ben'] });
  github.seed('acme', 'api', {});
  github.seedRepositorySettings('acme', 'api', { secretScanning: { enabled: true, pushProtection: true } });
  github.seed('acme', 'compliance', {});
  dir = await mkdtemp(join(tmpdir(), 'evident-action-'));
  await writeFile(
    join(dir, 'compliance.yml'),
    [
      'version: 1',
      'organization: acme',
      'evidence: { store: filesystem, path: evidence }',
      'sources:',
      `  github: { org: acme, complianceRepo: compliance, apiUrl: "${github.url}" }`,
      `  okta: { orgUrl: "${okta.url}" }`,
      `  aws: { regions: [us-east-1, eu-west-1], accountIds: ["${ACCOUNT}"] }`,
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  github.assertHealthy();
  await Promise.all([okta.close(), aws.close(), github.close()]);
  await rm(dir, { recursive: true, force: true });
});

/** Runs action/src/index.ts the way the runner runs dist/index.js: inputs and files in the environment. */
async function runAction(inputs: Record<string, string>): Promise<{ code: number | null; stdout: string; summary: string; outputs: Record<string, string> }> {
  const summaryFile = join(dir, `summary-${Date.now()}.md`);
  const outputFile = join(dir, `output-${Date.now()}.txt`);
  await writeFile(summaryFile, '');
  await writeFile(outputFile, '');
  const credentials = awsTestCredentials(ACCOUNT);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    GITHUB_TOKEN: 'action-token',
    EVIDENT_GITHUB_WRITE_SPACING_MS: '1',
    OKTA_TOKEN: okta.token,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_ACCOUNT_ID: ACCOUNT,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_CONFIG_SERVICE: aws.endpoint,
    ...Object.fromEntries(Object.entries({ command: 'run', config: 'compliance.yml', only: '', 'dry-run': 'false', seal: 'true', 'fail-on': 'error', snapshot: '', ...inputs }).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  const child = spawn(process.execPath, [join(repoRoot, 'action/src/index.ts')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const outputs: Record<string, string> = {};
  for (const match of (await readFile(outputFile, 'utf8')).matchAll(/^(\w+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1]!] = match[3]!;
  return { code, stdout, summary: await readFile(summaryFile, 'utf8'), outputs };
}

describe('the Evident Action', () => {
  it('collects from Okta, AWS Config and GitHub, records, opens issues, seals, and writes the job summary and outputs', async () => {
    const result = await runAction({});
    expect(result.stdout).not.toContain('::error::');
    expect(result.code).toBe(0);
    expect(result.summary).toContain('<h2>Evident: acme</h2>');
    expect(result.summary).toContain('<td>aws-config-rules-compliant</td><td>aws:123456789012</td><td>fail</td>');
    expect(result.summary).toMatch(/<td>okta-mfa-enrolled<\/td><td>127\.0\.0\.1:\d+<\/td><td>(pass|fail)<\/td>/);
    expect(Number(result.outputs.errored)).toBe(0);
    expect(Number(result.outputs.passed) + Number(result.outputs.failed)).toBeGreaterThanOrEqual(10);
    expect(result.outputs.evidence).toBe(join(dir, 'evidence'));
    const issues = github.issues('acme', 'compliance');
    expect(issues.some((issue) => issue.title.includes('aws-config-rules-compliant'))).toBe(true);
    expect(result.summary).toContain('<a href="https://github.com/acme/compliance/issues/');
    expect(result.summary).toMatch(/sealed #1/);
  });

  it('reads only what changed in Okta on the next run, from the snapshot it kept in the evidence', async () => {
    const before = okta.requests.length;
    const result = await runAction({ only: 'okta' });
    expect(result.code).toBe(0);
    const calls = okta.requests.slice(before);
    expect(calls.length).toBeLessThanOrEqual(5);
    expect(calls.every((call) => call.path === '/api/v1/logs')).toBe(true);
  });

  it('fails the job when a source could not be read, with an annotation naming it', async () => {
    aws.inject({ error: 'AccessDeniedException', region: 'eu-west-1' });
    const result = await runAction({ only: 'aws' });
    aws.clearFaults();
    expect(result.code).toBe(1);
    // Workflow commands escape the colon in a property value (%3A).
    expect(result.stdout).toMatch(/::error title=aws-s3-public-access-blocked could not be tested on aws%3A123456789012::.*AccessDeniedException in eu-west-1/);
    expect(Number(result.outputs.errored)).toBeGreaterThan(0);
  });

  it('fails the job naming each problem when the issues could not be synced, and keeps the evidence', async () => {
    // A token that may not read the compliance repository's issues.
    github.failNext({ method: 'GET', path: /\/repos\/acme\/compliance\/issues$/, status: 403, times: 1 });
    const result = await runAction({ only: 'aws' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('::error::The run could not complete; run it again once the cause is fixed:');
    expect(result.stdout).toMatch(/::error::.*403/);
    expect(result.summary).toContain('<td>aws-config-rules-compliant</td><td>aws:123456789012</td><td>fail</td>');
    expect(Number(result.outputs.failed)).toBeGreaterThan(0);
  });

  it('seals what shards recorded without sealing, as the last job of a matrix', async () => {
    const shard = await runAction({ only: 'okta', seal: 'false' });
    expect(shard.summary).toContain('nothing new sealed');
    const sealed = await runAction({ command: 'seal' });
    expect(sealed.code).toBe(0);
    expect(sealed.summary).toMatch(/Sealed #\d+: [1-9]\d* record\(s\)/);
    expect(sealed.outputs.evidence).toBe(join(dir, 'evidence'));
  });

  it('is the same job as `evident run --config …` from the command line', async () => {
    const credentials = awsTestCredentials(ACCOUNT);
    const cli = await evident(['run', '--config', join(dir, 'compliance.yml'), '--only', 'aws', '--dry-run'], {
      cwd: dir,
      env: { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_ACCOUNT_ID: ACCOUNT, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_CONFIG_SERVICE: aws.endpoint },
    });
    expect(cli.stdout).toMatch(/^aws-config-rules-compliant +aws:123456789012 +FAIL /m);
    expect(cli.stdout).toMatch(/Collected: 1 snapshot\(s\) in \d+ API call\(s\)\./);
    expect(cli.stdout).toContain('Dry run: no evidence written, no issue changed, no alert sent.');
    expect(cli.code).toBe(1);
  });

  it('rejects an invalid input with a clear message', async () => {
    const result = await runAction({ 'fail-on': 'sometimes' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('::error::invalid input: fail-on: Invalid option: expected one of "error"|"fail"|"never"');
  });
});
