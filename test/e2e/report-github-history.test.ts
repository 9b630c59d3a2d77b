/**
 * `--history github` end to end: `evident run` opens issues in a loopback GitHub (answers checked
 * against GitHub's OpenAPI), a person answers one, and `evident report`, `package` and `dashboard`
 * read the history back from the issues API through the CLI process.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evident } from '../support/cli.ts';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.ts';

const TOKEN = 'e2e-token';
const PERSON_TOKEN = 'rosa-token';
let server: GitHubTestServer;
let dir: string;
let config: string;
let archive: string;
// The demo's snapshots were taken at 2026-11-02T09:00Z; the results carry that time.
const month = '2026-11';
const day = '2026-11-02';
let clock = new Date('2026-11-02T09:05:00Z');
const env = { GITHUB_TOKEN: TOKEN, EVIDENT_GITHUB_WRITE_SPACING_MS: '1' };

beforeAll(async () => {
  server = await startGitHubServer({ token: TOKEN, users: { [PERSON_TOKEN]: 'rosa.mendes' }, now: () => clock });
  server.seed('acme', 'compliance', { defaultLabels: true });
  dir = await mkdtemp(join(tmpdir(), 'evident-history-github-'));
  expect((await evident(['demo', '--out', join(dir, 'demo'), '--at', '2026-11-02T09:00:00Z'], { timeoutMs: 90_000 })).code).toBe(0);
  config = join(dir, 'compliance.yml');
  archive = join(dir, 'archive');
  await writeFile(
    config,
    `version: 1\norganization: acme\nevidence: { store: filesystem, path: archive }\nsources:\n  github: { org: acme, complianceRepo: compliance, apiUrl: "${server.url}" }\n  okta: { orgUrl: "https://acme.okta.com" }\n`,
  );
  const run = await evident(['run', '--config', config, '--snapshot', join(dir, 'demo', 'snapshots'), '--only', 'okta'], { env });
  expect(run.code).toBe(1);
  // A person answers the critical finding: a comment and an assignment, through the API.
  const admin = server.issues('acme', 'compliance').find((i) => i.title.includes('okta-admin-mfa'))!;
  clock = new Date('2026-11-02T10:00:00Z');
  const answer = await fetch(`${server.url}/repos/acme/compliance/issues/${admin.number}/comments`, {
    method: 'POST',
    headers: { authorization: `token ${PERSON_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ body: 'On it: the admin enrols a security key today.' }),
  });
  expect(answer.status).toBe(201);
}, 150_000);
afterAll(async () => {
  server.assertHealthy();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const timelineReads = (from: number) => server.requests.slice(from).filter((r) => r.operation === 'GET /repos/{owner}/{repo}/issues/{issue_number}/timeline');

describe('--history github', () => {
  it('gives the monthly report the remediation timeline of the compliance repository’s issues', async () => {
    const before = server.requests.length;
    const report = await evident(['report', '--month', month, '--evidence', archive, '--config', config, '--history', 'github'], { env, timeoutMs: 30_000 });
    expect(report.stderr).toContain('issue history: github:acme/compliance (3 issue(s))');
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('the issue history of acme/compliance');
    expect(report.stdout).toMatch(/- SLA: 0 met, \d+ missed, \d+ open and not yet due/);
    expect(report.stdout).toContain('2026-11-02 09:05');
    // Reads only: one listing page and one timeline per finding issue.
    const requests = server.requests.slice(before);
    expect(requests.every((r) => r.method === 'GET')).toBe(true);
    expect(timelineReads(before)).toHaveLength(3);
  });

  it('puts the person’s first response in the package’s alert history', async () => {
    const out = join(dir, 'package');
    const result = await evident(['package', '--from', day, '--to', day, '--evidence', archive, '--config', config, '--history', 'github', '--out', out], { env, timeoutMs: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const csv = await readFile(join(out, 'alert-history.csv'), 'utf8');
    const [header, ...rows] = csv.trim().split('\n');
    expect(header).toContain('first_response');
    expect(rows).toHaveLength(3);
    const admin = rows.find((row) => row.includes('okta-admin-mfa'))!;
    const responded = header!.split(',').indexOf('first_response');
    expect(admin.split(',')[responded]).toBe('2026-11-02T10:00:00.000Z');
    for (const other of rows.filter((row) => row !== admin)) expect(other.split(',')[responded]).toBe('');
  });

  it('shows the open findings on the dashboard', async () => {
    const out = join(dir, 'site');
    const result = await evident(['dashboard', '--evidence', archive, '--config', config, '--history', 'github', '--out', out], { env, timeoutMs: 30_000 });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('issue history: github:acme/compliance (3 issue(s))');
    const index = await readFile(join(out, 'index.html'), 'utf8');
    for (const control of ['okta-admin-mfa', 'okta-mfa-enrolled', 'okta-inactive-users']) expect(index).toContain(control);
  });

  it('stops with a clear message, and writes nothing, when the issues cannot be read', async () => {
    const out = join(dir, 'refused.md');
    // A token without issues: read gets 403 "Resource not accessible by integration", not retried.
    server.failNext({ method: 'GET', path: /\/issues$/, status: 403, times: 1 });
    const result = await evident(['report', '--month', month, '--evidence', archive, '--config', config, '--history', 'github', '--out', out], { env, timeoutMs: 30_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^evident report: .*acme\/compliance/m);
    expect(result.stderr).not.toContain('bug in Evident');
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });

  it('names what is missing without GITHUB_TOKEN or without sources.github', async () => {
    const noToken = await evident(['report', '--month', month, '--evidence', archive, '--config', config, '--history', 'github'], { env: { GITHUB_TOKEN: '' } });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('--history github needs GITHUB_TOKEN with read access to the issues of acme/compliance');
    const bare = join(dir, 'bare.yml');
    await writeFile(bare, 'version: 1\norganization: acme\nevidence: { store: filesystem, path: archive }\nsources:\n  okta: { orgUrl: "https://acme.okta.com" }\n');
    const noRepository = await evident(['report', '--month', month, '--evidence', archive, '--config', bare, '--history', 'github'], { env });
    expect(noRepository.code).toBe(2);
    expect(noRepository.stderr).toContain('pass --config with a compliance.yml that has sources.github');
  });
});
