/**
 * `evident run` end to end with issue sync: the CLI process, the real octokit client, and a
 * stateful GitHub issues API on 127.0.0.1 (responses checked against GitHub's OpenAPI).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readState } from '../../engine/issues/issue-state.ts';
import { evident } from '../support/cli.ts';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.ts';

let server: GitHubTestServer;
let dir: string;

beforeAll(async () => {
  server = await startGitHubServer({ token: 'e2e-token' });
  server.seed('acme', 'compliance', { defaultLabels: true });
  dir = await mkdtemp(join(tmpdir(), 'evident-sync-'));
  expect((await evident(['demo', '--out', join(dir, 'demo'), '--at', '2026-11-02T09:00:00Z'])).code).toBe(0);
  await writeFile(
    join(dir, 'compliance.yml'),
    `version: 1\norganization: acme\nevidence: { store: filesystem, path: archive }\nsources:\n  github: { org: acme, complianceRepo: compliance, apiUrl: "${server.url}" }\n  okta: { orgUrl: "https://acme.okta.com" }\n`,
  );
});
afterAll(async () => {
  server.assertHealthy();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const run = () => evident(['run', '--config', join(dir, 'compliance.yml'), '--snapshot', join(dir, 'demo', 'snapshots'), '--only', 'okta'], { env: { GITHUB_TOKEN: 'e2e-token', EVIDENT_GITHUB_WRITE_SPACING_MS: '1' } });

describe('evident run with GITHUB_TOKEN', () => {
  it('opens one triaged issue per failing control, records the triage decisions and seals them', async () => {
    const result = await run();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const issues = server.issues('acme', 'compliance');
    expect(issues.map((i) => i.title).sort()).toEqual([
      'CC6.1 okta-admin-mfa: 1 of 4 administrators without the required MFA factor (acme.okta.com)',
      'CC6.1 okta-mfa-enrolled: 6 of 26 users who can sign in without an active MFA factor (acme.okta.com)',
      'CC6.2 okta-inactive-users: 5 of 26 active accounts without a sign-in within the allowed period (acme.okta.com)',
    ]);
    const admin = issues.find((i) => i.title.includes('okta-admin-mfa'))!;
    expect(admin.labels.map((l) => l.name)).toEqual(expect.arrayContaining(['severity:critical', 'sla:24h', 'triage:rules']));
    expect(readState(admin.body)?.triage?.fallbackReason).toBe('AI triage is not configured (triage.openai in compliance.yml)');
    expect(result.stdout).toContain('Triage: 3 new decision(s) recorded.');
    expect(result.stdout).toMatch(/Seal: #1 covers 6 record\(s\)/);
    const verify = await evident(['verify', '--evidence', join(dir, 'archive')]);
    expect(verify.stdout).toContain('6 records, 6 sealed');
  });

  it('changes nothing on GitHub when run again with the same results', async () => {
    const before = server.requests.length;
    const result = await run();
    expect(result.code).toBe(1);
    expect(server.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(result.stdout).toContain('Issues in acme/compliance: 0 write(s)');
    expect(result.stdout).toContain('Seal: nothing new to seal.');
  });

  it('closes the issue when its control passes', async () => {
    const snapshots = JSON.parse(await readFile(join(dir, 'demo', 'snapshots', 'okta.json'), 'utf8'));
    for (const user of snapshots[0].data.users) if (user.adminRoles.length > 0) user.factors = [{ id: `f-${user.id}`, type: 'webauthn', provider: 'FIDO', status: 'ACTIVE' }];
    await writeFile(join(dir, 'demo', 'snapshots', 'okta.json'), JSON.stringify(snapshots));
    const result = await run();
    expect(result.stdout).toContain('close #');
    const admin = server.issues('acme', 'compliance').find((i) => i.title.includes('okta-admin-mfa'))!;
    expect([admin.state, admin.state_reason]).toEqual(['closed', 'completed']);
  });
});
