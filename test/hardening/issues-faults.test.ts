/**
 * Case 12 of issue #8: the GitHub issues API failing during `evident run`.
 *
 * The CLI process with the real octokit client (plugin-retry retries a 5xx three times and never a
 * 403: https://github.com/octokit/plugin-retry.js#options) against the loopback GitHub API, whose
 * `failNext` answers 5xx or 403 as GitHub does. Whatever fails, the result's evidence is recorded
 * and sealed, the run is `error` (exit 2) and names each finding left without its issue, and the
 * next run with a healthy API opens each issue exactly once.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilesystemStore } from '../../engine/evidence/filesystem-store.ts';
import { readRecord } from '../../engine/evidence/record.ts';
import { evident } from '../support/cli.ts';
import { startGitHubServer, type Fault, type GitHubTestServer } from '../support/github-server.ts';

let server: GitHubTestServer;
let dir: string;
/** Each CLI run spawns Node; the machine may be busy with other suites. */
const CLI = { timeoutMs: 60_000 };
/** The demo organization's Okta controls: all three fail, each a finding of its own. */
const FAILING = ['okta-mfa-enrolled', 'okta-admin-mfa', 'okta-inactive-users'];

beforeAll(async () => {
  server = await startGitHubServer({ token: 'e2e-token' });
  dir = await mkdtemp(join(tmpdir(), 'evident-issues-faults-'));
  expect((await evident(['demo', '--out', join(dir, 'demo'), '--at', '2026-11-02T09:00:00Z'], CLI)).code).toBe(0);
}, 90_000);
afterAll(async () => {
  server.assertHealthy();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A compliance repository of its own and an archive of its own, and `evident run` on them. */
async function scenario(repo: string) {
  server.seed('acme', repo, { defaultLabels: true });
  const archive = join(dir, repo);
  const config = join(dir, `${repo}.yml`);
  await writeFile(
    config,
    `version: 1\norganization: acme\nevidence: { store: filesystem, path: ${archive} }\nsources:\n  github: { org: acme, complianceRepo: ${repo}, apiUrl: "${server.url}" }\n  okta: { orgUrl: "https://acme.okta.com" }\n`,
  );
  const issuePosts = () => server.requests.filter((r) => r.method === 'POST' && r.path === `/repos/acme/${repo}/issues`);
  return {
    run: () =>
      evident(['run', '--config', config, '--snapshot', join(dir, 'demo', 'snapshots'), '--only', 'okta'], {
        env: { GITHUB_TOKEN: 'e2e-token', EVIDENT_GITHUB_WRITE_SPACING_MS: '1', EVIDENT_GITHUB_RETRY_BASE_MS: '5' },
        ...CLI,
      }),
    /** Issue titles by control id, one entry per issue. */
    issues: () => server.issues('acme', repo).map((issue) => FAILING.find((id) => issue.title.includes(` ${id}:`)) ?? issue.title),
    issuePosts,
    /** Controls whose failing result is recorded in the archive. */
    recordedFailures: async () => {
      const store = new FilesystemStore(archive);
      const controls: string[] = [];
      for await (const object of store.list()) {
        const read = readRecord(object.key, (await store.get(object.key))!);
        if ('record' in read && read.record.kind === 'control-result' && read.record.result.status === 'fail') controls.push(read.record.control.id);
      }
      return controls.sort();
    },
    verify: () => evident(['verify', '--evidence', archive], CLI),
    fail: (fault: Omit<Fault, 'path'> & { path: string }) => server.failNext({ ...fault, path: new RegExp(`^/repos/acme/${repo}${fault.path}$`) }),
  };
}

/** The next run with the API healthy: every finding has exactly one issue, and one more run writes nothing. */
async function healsOnce(s: Awaited<ReturnType<typeof scenario>>) {
  const healed = await s.run();
  expect(healed.stderr).not.toMatch(/not synced|could not|GitHub answered/);
  expect(healed.code).toBe(1);
  expect(s.issues().sort()).toEqual([...FAILING].sort());
  const before = server.requests.length;
  const steady = await s.run();
  expect(steady.code).toBe(1);
  expect(steady.stdout).toContain('0 write(s)');
  expect(server.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  expect(s.issues().sort()).toEqual([...FAILING].sort());
}

describe('[case 12] the GitHub issues API failing during a run', { timeout: 120_000 }, () => {
  it('[case 12] a 5xx on opening an issue, retried by octokit then given up: exit 2 naming the finding, its evidence kept and sealed, the next healthy run opens it once', async () => {
    const s = await scenario('c5xx');
    s.fail({ method: 'POST', path: '/issues', status: 502, times: 4 });
    const first = await s.run();
    expect(server.pendingFaults()).toBe(0);
    // The first finding's POST: one try and three retries, all 502; the two others opened.
    expect(s.issuePosts()).toHaveLength(4 + 2);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('okta-mfa-enrolled on acme.okta.com: GitHub answered 502');
    expect(s.issues().sort()).toEqual(['okta-admin-mfa', 'okta-inactive-users']);
    expect(await s.recordedFailures()).toEqual([...FAILING].sort());
    expect(first.stdout).toMatch(/Seal: #1 covers \d+ record\(s\)/);
    expect((await s.verify()).code).toBe(0);

    await healsOnce(s);
    expect(s.issuePosts()).toHaveLength(4 + 2 + 1);
  });

  it('[case 12] a 5xx that clears within the retries: the issue is opened once and the run completes (exit 1)', async () => {
    const s = await scenario('c5xx-retried');
    s.fail({ method: 'POST', path: '/issues', status: 503, times: 2 });
    const first = await s.run();
    expect(server.pendingFaults()).toBe(0);
    expect(first.stderr).not.toMatch(/not synced|GitHub answered/);
    expect(first.code).toBe(1);
    expect(s.issues().sort()).toEqual([...FAILING].sort());
    expect(s.issuePosts()).toHaveLength(2 + 3);
  });

  it('[case 12] a 403 on listing the issues: exit 2 naming the 403 and every finding left unsynced, the evidence kept; the next healthy run opens each issue once', async () => {
    const s = await scenario('c403-list');
    s.fail({ method: 'GET', path: '/issues', status: 403 });
    const first = await s.run();
    expect(server.pendingFaults()).toBe(0);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('the token may not read or write issues in acme/c403-list (403)');
    for (const id of FAILING) expect(first.stderr).toContain(`${id} on acme.okta.com: the token may not read or write issues`);
    expect(s.issues()).toEqual([]);
    expect(await s.recordedFailures()).toEqual([...FAILING].sort());
    expect((await s.verify()).code).toBe(0);

    await healsOnce(s);
  });

  it('[case 12] a 403 on opening an issue (a token that reads but may not write): exit 2, nothing opened, the evidence kept; the next healthy run opens each issue once', async () => {
    const s = await scenario('c403-create');
    s.fail({ method: 'POST', path: '/issues', status: 403 });
    const first = await s.run();
    expect(server.pendingFaults()).toBe(0);
    expect(first.code).toBe(2);
    // A 403 is not retried: one POST, then the other findings are named, not tried.
    expect(s.issuePosts()).toHaveLength(1);
    for (const id of FAILING) expect(first.stderr).toContain(`${id} on acme.okta.com: the token may not read or write issues in acme/c403-create (403)`);
    expect(await s.recordedFailures()).toEqual([...FAILING].sort());

    await healsOnce(s);
  });

  it('[case 12] a 5xx on listing the issues past the retries: exit 2 naming it (not a crash), the evidence kept; the next healthy run opens each issue once', async () => {
    const s = await scenario('c5xx-list');
    s.fail({ method: 'GET', path: '/issues', status: 500, times: 4 });
    const first = await s.run();
    expect(server.pendingFaults()).toBe(0);
    expect(first.code).toBe(2);
    expect(first.stderr).not.toContain('this is a bug');
    expect(first.stderr).toContain('could not list the issues of acme/c5xx-list (500)');
    for (const id of FAILING) expect(first.stderr).toContain(`${id} on acme.okta.com: could not list the issues`);
    expect(s.issues()).toEqual([]);
    expect(await s.recordedFailures()).toEqual([...FAILING].sort());

    await healsOnce(s);
  });
});
