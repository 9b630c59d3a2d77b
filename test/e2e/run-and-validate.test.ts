import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evident, repoRoot } from '../support/cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evident-run-'));
  const demo = await evident(['demo', '--out', join(dir, 'demo'), '--at', '2026-11-02T09:00:00Z']);
  expect(demo.code).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const config = (extra = '') =>
  `version: 1\norganization: acme\nevidence: { store: filesystem, path: archive }\nsources:\n  okta: { orgUrl: "https://acme.okta.com" }\n  aws: { regions: [us-east-1, eu-west-1] }\n  github: { org: acme }\n${extra}`;

describe('evident run', () => {
  it('evaluates snapshots, records and seals, and exits 1 when a control failed', async () => {
    await writeFile(join(dir, 'compliance.yml'), config());
    const run = await evident(['run', '--config', join(dir, 'compliance.yml'), '--snapshot', join(dir, 'demo', 'snapshots')], { env: { GITHUB_TOKEN: '' } });
    expect(run.stderr).toBe('Warning: issues were not synced: set GITHUB_TOKEN and sources.github in compliance.yml; the findings are in the evidence archive\n');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^okta-admin-mfa +acme\.okta\.com +FAIL /m);
    expect(run.stdout).toMatch(/Evidence: \d+ new record\(s\), 0 already present, in .*archive/);
    expect(run.stdout).toMatch(/Seal: #1 covers \d+ record\(s\)/);
    const verify = await evident(['verify', '--evidence', join(dir, 'archive')]);
    expect(verify.code).toBe(0);

    const retry = await evident(['run', '--config', join(dir, 'compliance.yml'), '--snapshot', join(dir, 'demo', 'snapshots')]);
    expect(retry.stdout).toMatch(/Evidence: 0 new record\(s\), \d+ already present/);
    expect(retry.stdout).toContain('Seal: nothing new to seal.');
  });

  it('--no-seal leaves the records unsealed for `evident seal`, which seals them', async () => {
    await writeFile(join(dir, 'shard.yml'), config().replace('path: archive', 'path: shard-archive'));
    const shard = await evident(['run', '--config', join(dir, 'shard.yml'), '--snapshot', join(dir, 'demo', 'snapshots'), '--only', 'okta', '--no-seal']);
    expect(shard.stdout).toContain('Seal: left to the job that seals (--no-seal).');
    const pending = await evident(['verify', '--evidence', join(dir, 'shard-archive')]);
    expect(pending.stdout).toContain('0 sealed in 0 seal(s), 3 awaiting the next seal');
    const sealed = await evident(['seal', '--evidence', join(dir, 'shard-archive')]);
    expect(sealed.code).toBe(0);
    expect(sealed.stdout).toContain('Sealed #1: 3 record(s)');
    expect((await evident(['verify', '--evidence', join(dir, 'shard-archive')])).stdout).toContain('3 records, 3 sealed in 1 seal(s)');
  });

  it('--only runs the named sources and lists the others as not run', async () => {
    await writeFile(join(dir, 'only.yml'), config().replace('path: archive', 'path: only-archive'));
    const run = await evident(['run', '--config', join(dir, 'only.yml'), '--snapshot', join(dir, 'demo', 'snapshots'), '--only', 'okta', '--dry-run']);
    expect(run.stdout).toMatch(/^okta-mfa-enrolled +acme\.okta\.com +FAIL/m);
    expect(run.stdout).toMatch(/^aws-sg-no-open-ingress +NOT RUN +source aws not selected by --only/m);
    expect(run.code).toBe(1);
  });

  it('--dry-run writes no evidence and prints the would-be issues', async () => {
    await writeFile(join(dir, 'dry.yml'), config().replace('path: archive', 'path: dry-archive'));
    const run = await evident(['run', '--config', join(dir, 'dry.yml'), '--snapshot', join(dir, 'demo', 'snapshots'), '--dry-run']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Dry run: no evidence written, no issue changed, no alert sent.');
    expect(run.stdout).toContain('## Open acme/compliance#1: ');
    expect(run.stdout).toContain('<!-- evident:fingerprint=');
    expect(existsSync(join(dir, 'dry-archive'))).toBe(false);
  });

  it('exits 2 when a source could not be read in full, even if everything read passes', async () => {
    const snapshots = JSON.parse(await readFile(join(dir, 'demo', 'snapshots', 'okta.json'), 'utf8'));
    snapshots[0].parts.factors = { complete: false, count: 3, error: '429 Too Many Requests after 3 retries' };
    await rm(join(dir, 'partial'), { recursive: true, force: true });
    await mkdir(join(dir, 'partial'));
    await writeFile(join(dir, 'partial', 'okta.json'), JSON.stringify(snapshots));
    await writeFile(join(dir, 'partial.yml'), config().replace('path: archive', 'path: partial-archive'));
    const run = await evident(['run', '--config', join(dir, 'partial.yml'), '--snapshot', join(dir, 'partial'), '--only', 'okta']);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^okta-mfa-enrolled +acme\.okta\.com +ERROR +Could not test all users who can sign in: factors read only in part/m);
  });

  it('exits 2 for a source configured but never collected', async () => {
    await writeFile(join(dir, 'none.yml'), config().replace('path: archive', 'path: none-archive'));
    await mkdir(join(dir, 'github-only'), { recursive: true });
    await writeFile(join(dir, 'github-only', 'github-org.json'), await readFile(join(dir, 'demo', 'snapshots', 'github-org.json')));
    const run = await evident(['run', '--config', join(dir, 'none.yml'), '--snapshot', join(dir, 'github-only')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^okta-mfa-enrolled +acme\.okta\.com +ERROR +Could not test: no Okta snapshot was collected/m);
  });

  it('explains a bad config and exits 2 without running anything', async () => {
    await writeFile(join(dir, 'bad.yml'), config('controls:\n  okta-inactive-users: { maxInactiveDay: 30 }\n'));
    const run = await evident(['run', '--config', join(dir, 'bad.yml'), '--snapshot', join(dir, 'demo', 'snapshots')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('controls.okta-inactive-users.maxInactiveDay: unknown key; did you mean "maxInactiveDays"?');
  });
});

describe('evident validate', () => {
  it('accepts a valid file', async () => {
    await writeFile(join(dir, 'valid.yml'), config());
    const result = await evident(['validate', '--config', join(dir, 'valid.yml')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('is valid: organization acme; sources: github, okta, aws; 13 controls enabled');
  });

  it('rejects a misspelled key and a wrong type with path-qualified messages and line numbers', async () => {
    const file = join(dir, 'invalid.yml');
    await writeFile(file, config('controls:\n  okta-inactive-users: { maxInactiveDays: ninety }\n  pr-approved: { minAprovals: 2 }\n'));
    const result = await evident(['validate', '--config', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${file}:9:26  controls.okta-inactive-users.maxInactiveDays: expected a number, got the string "ninety"`);
    expect(result.stdout).toContain(`${file}:10:18  controls.pr-approved.minAprovals: unknown key; did you mean "minApprovals"?`);
    expect(result.stdout).toContain('2 problem(s)');
  });

  it('says how to fix a missing file', async () => {
    const result = await evident(['validate', '--config', join(dir, 'nope.yml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pass --config with the path of your compliance.yml');
  });
});

describe('evident', () => {
  it('rejects an unknown command with the usage and exit 2', async () => {
    const result = await evident(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
    expect(result.stderr).toContain('Usage: evident <command>');
  });

  it('rejects an unknown option with exit 2', async () => {
    const result = await evident(['verify', '--evidnce', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--evidnce'");
  });

  it('prints the version of package.json', async () => {
    const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8'));
    expect((await evident(['--version'])).stdout.trim()).toBe(pkg.version);
  });
});
