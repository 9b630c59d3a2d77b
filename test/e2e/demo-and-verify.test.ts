import { chmod, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evident } from '../support/cli.ts';

let out: string;
let demo: Awaited<ReturnType<typeof evident>>;
const evidenceFiles = async () => (await readdir(join(out, 'evidence'), { recursive: true })).filter((f) => /^\d{4}\/.+\.json$/.test(f)).sort();

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'evident-demo-'));
  demo = await evident(['demo', '--out', out, '--at', '2026-11-02T09:00:00Z']);
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('evident demo', () => {
  it('exits 0 and prints every control with its status', () => {
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    for (const id of ['pr-approved', 'pr-no-secrets', 'pr-ticket-linked', 'github-org-2fa-required', 'github-default-branch-protected', 'okta-mfa-enrolled', 'okta-admin-mfa', 'okta-inactive-users', 'aws-config-rules-compliant', 'aws-s3-public-access-blocked', 'aws-sg-no-open-ingress']) {
      expect(demo.stdout).toMatch(new RegExp(`^${id} .+ FAIL `, 'm'));
    }
    expect(demo.stdout).toContain('Evidence intact');
  });

  it('writes a record per result and per triage decision, one seal, and a triaged would-be issue per failure', async () => {
    const results = Number(/(\d+) results:/.exec(demo.stdout)?.[1]);
    const failures = Number(/(\d+) fail,/.exec(demo.stdout)?.[1]);
    expect(await evidenceFiles()).toHaveLength(results + failures);
    expect(await readdir(join(out, 'evidence', 'seals'))).toEqual(['00000001.json', 'head.json']);
    const issues = (await readdir(join(out, 'issues'))).filter((f) => f !== 'operations.md');
    expect(issues).toHaveLength(failures);
    expect(demo.stdout).toMatch(/- \[critical, 24h\] CC6\.1 okta-admin-mfa: /);
    const okta = issues.find((f) => f.startsWith('okta-admin-mfa-'));
    const body = await readFile(join(out, 'issues', okta!), 'utf8');
    expect(body).toContain('<!-- evident:fingerprint=');
    expect(body).toContain('Labels: `evident`, `severity:critical`, `sla:24h`, `control:okta-admin-mfa`');
    expect(body).toContain('`triage:rules`');
    expect(body).toContain('no model decided: the demo runs offline');
    expect(body).toContain('- [ ] ');
  });

  it('writes nothing new when run again for the same moment', async () => {
    const again = await evident(['demo', '--out', out, '--at', '2026-11-02T09:00:00Z']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Evidence: 0 new record\(s\), \d+ already present/);
    expect(again.stdout).toContain('Seal: nothing new to seal.');
  });

  it('leaves evidence that verify accepts', async () => {
    const verify = await evident(['verify', '--evidence', join(out, 'evidence')]);
    expect(verify.stdout).toContain('Evidence intact');
    expect(verify.code).toBe(0);
  });

  it('verify exits 1 and names the file after one record is edited', async () => {
    const files = await evidenceFiles();
    const contents = await Promise.all(files.map((f) => readFile(join(out, 'evidence', f), 'utf8')));
    const file = files[contents.findIndex((text) => text.includes('"status": "fail"'))];
    const path = join(out, 'evidence', file!);
    const original = await readFile(path, 'utf8');
    await chmod(path, 0o644);
    await writeFile(path, original.replace('"status": "fail"', '"status": "pass"'));
    const verify = await evident(['verify', '--evidence', join(out, 'evidence')]);
    await writeFile(path, original);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(`ALTERED     ${file}`);
    expect(verify.stdout).toContain('Evidence NOT intact');
  });

  it('verify exits 1 and names the file after one record is deleted', async () => {
    const files = await evidenceFiles();
    const file = files[files.length - 1]!;
    const path = join(out, 'evidence', file);
    const original = await readFile(path);
    await unlink(path);
    const verify = await evident(['verify', '--evidence', join(out, 'evidence')]);
    await writeFile(path, original);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(`MISSING     ${file}: is listed in seal #1`);
  });

  it('verify exits 1 after the seal is deleted', async () => {
    const path = join(out, 'evidence', 'seals', '00000001.json');
    const original = await readFile(path);
    await unlink(path);
    const verify = await evident(['verify', '--evidence', join(out, 'evidence')]);
    await writeFile(path, original);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('MISSING     seals/00000001.json');
  });
});
