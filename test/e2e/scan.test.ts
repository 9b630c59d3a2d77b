import { Validator } from '@cfworker/json-schema';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample } from '../../engine/secrets/rules/sample.ts';
import { evident, repoRoot } from '../support/cli.ts';

const keyId = sample('AKIA', 'Z6QRCU2LPKWA7FNY');
const removedKeyId = sample('AKIA', 'QW4RT5YU6IO7PAS2');
const secretKey = sample('q8Xv2mT9LkR4pW7nZ3bC6yH1sD5fG0jK', 'aE4uI2oP');
const allowedKeyId = sample('ASIA', 'Y3TKBNQ5VR7WXHMD');
const env = { EVIDENT_FINGERPRINT_KEY: 'test-fingerprint-key' };

const diff = [
  'diff --git a/src/config.ts b/src/config.ts',
  'index 3b18e51..a9c0f2d 100644',
  '--- a/src/config.ts',
  '+++ b/src/config.ts',
  '@@ -10,4 +10,5 @@ export const config = {',
  '   region: "eu-west-1",',
  `-  accessKeyId: "${removedKeyId}",`,
  `+  accessKeyId: "${keyId}",`,
  `+  aws_secret_access_key: "${secretKey}",`,
  '   retries: 3,',
  '   debug: false,',
  'diff --git a/test/fixture.ts b/test/fixture.ts',
  'new file mode 100644',
  '--- /dev/null',
  '+++ b/test/fixture.ts',
  '@@ -0,0 +1,2 @@',
  '+// fixtures for the signer',
  `+export const fake = "${allowedKeyId}"; // evident:allow fixture, not a credential`,
  'diff --git a/logo.png b/logo.png',
  'new file mode 100644',
  'Binary files /dev/null and b/logo.png differ',
  '',
].join('\n');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evident-scan-'));
  await writeFile(join(dir, 'change.diff'), diff);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const neverFull = (output: string) => {
  for (const secret of [keyId, secretKey, allowedKeyId, removedKeyId]) expect(output).not.toContain(secret.slice(0, 8));
};

describe('evident scan --diff', () => {
  it('prints the JSON contract for added lines only, at new-file line numbers, and exits 1', async () => {
    const result = await evident(['scan', '--diff', join(dir, 'change.diff'), '--format', 'json'], { env });
    expect(result.code).toBe(1);
    const findings = JSON.parse(result.stdout);
    expect(findings).toEqual([
      { rule: 'aws-access-key-id', file: 'src/config.ts', line: 11, column: 17, fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/), redacted: 'AKIA…' },
      { rule: 'aws-secret-access-key', file: 'src/config.ts', line: 12, column: 27, fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/), redacted: 'q8Xv…' },
    ]);
    expect(result.stderr).toContain('1 file(s) not scanned');
    neverFull(result.stdout + result.stderr);
  });

  it('gives the same fingerprints on every run with the same key', async () => {
    const a = JSON.parse((await evident(['scan', '--diff', join(dir, 'change.diff'), '--format', 'json'], { env })).stdout);
    const b = JSON.parse((await evident(['scan', '--diff', join(dir, 'change.diff'), '--format', 'json'], { env })).stdout);
    expect(a.map((f: { fingerprint: string }) => f.fingerprint)).toEqual(b.map((f: { fingerprint: string }) => f.fingerprint));
  });

  it('reads the diff from standard input and prints text with the allowed finding and the skipped file', async () => {
    const result = await evident(['scan', '--diff', '-'], { env, input: diff });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('src/config.ts:11:17  aws-access-key-id  AKIA…');
    expect(result.stdout).toContain('test/fixture.ts:2:22  aws-access-key-id  ASIA…');
    expect(result.stdout).toContain('(allowed: evident:allow)');
    expect(result.stdout).toContain('logo.png  not scanned: binary');
    expect(result.stdout).toContain('2 secret(s) found in 2 file(s); 1 allowed inline; 1 file(s) not scanned.');
    neverFull(result.stdout + result.stderr);
  });

  it('writes SARIF 2.1.0 that validates against the schema, with suppressions and notifications', async () => {
    const result = await evident(['scan', '--diff', join(dir, 'change.diff'), '--format', 'sarif'], { env });
    expect(result.code).toBe(1);
    const sarif = JSON.parse(result.stdout);
    const schema = JSON.parse(await readFile(join(repoRoot, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const validation = new Validator(schema, '4', false).validate(sarif);
    expect(validation.errors.slice(0, 3)).toEqual([]);
    expect(validation.valid).toBe(true);
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('Evident');
    expect(run.results.map((r: any) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine, r.suppressions?.[0].kind])).toEqual([
      ['aws-access-key-id', 'src/config.ts', 11, undefined],
      ['aws-secret-access-key', 'src/config.ts', 12, undefined],
      ['aws-access-key-id', 'test/fixture.ts', 2, 'inSource'],
    ]);
    for (const result_ of run.results) expect(run.tool.driver.rules[result_.ruleIndex].id).toBe(result_.ruleId);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toBe('logo.png was not scanned: binary');
    neverFull(result.stdout);
  });

  it('exits 0 when the added lines hold no secret', async () => {
    const clean = diff.split('\n').filter((line) => !line.startsWith('+  ') && !line.startsWith('+export')).join('\n');
    const result = await evident(['scan', '--diff', '-', '--format', 'json'], { env, input: clean });
    expect(result.stdout.trim()).toBe('[]');
    expect(result.code).toBe(0);
  });
});

describe('evident scan PATH', () => {
  it('scans a folder without node_modules, skips binary and oversized files as not scanned, and exits 1 on a finding', async () => {
    const tree = join(dir, 'tree');
    await mkdir(join(tree, 'src'), { recursive: true });
    await mkdir(join(tree, 'node_modules', 'dep'), { recursive: true });
    await writeFile(join(tree, 'src', 'a.py'), `import os\nKEY_ID = "${keyId}"\n`);
    await writeFile(join(tree, 'node_modules', 'dep', 'index.js'), `const k = "${keyId}";\n`);
    await writeFile(join(tree, 'image.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    await writeFile(join(tree, 'dump.sql'), 'x'.repeat(1024 * 1024 + 1));
    const result = await evident(['scan', '.'], { cwd: tree, env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('src/a.py:2:11  aws-access-key-id  AKIA…');
    expect(result.stdout).toContain('image.bin  not scanned: binary (6 bytes)');
    expect(result.stdout).toContain('dump.sql  not scanned: too-large (1048577 bytes)');
    expect(result.stdout).not.toContain('node_modules/dep');
    expect(result.stdout).toContain('1 secret(s) found in 1 file(s); 2 file(s) not scanned.');
    const named = await evident(['scan', 'node_modules/dep/index.js', 'src/a.py', '--format', 'json'], { cwd: tree, env });
    expect(JSON.parse(named.stdout).map((f: { file: string }) => f.file)).toEqual(['node_modules/dep/index.js', 'src/a.py']);
    neverFull(result.stdout + result.stderr);
  });

  it('rejects an unknown format with exit 2', async () => {
    const result = await evident(['scan', '--format', 'xml', '.'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--format xml is not one of text, json, sarif');
  });
});
