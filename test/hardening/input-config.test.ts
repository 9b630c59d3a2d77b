/**
 * Issue #8, case 9: a broken or hostile compliance.yml (typos, wrong types, unknown controls, alias
 * bombs, huge or deeply nested files, duplicate keys, YAML tags, binary or non-UTF-8 bytes, an empty
 * file, a list) gets a clear error naming file:line:column and the dotted path, and nothing runs with
 * silent defaults: `evident run` exits 2 and writes no evidence and no issue, `evident validate` lists
 * the problems (exit 1, DESIGN.md's contract), and the App reading compliance.yml from the compliance
 * repository refuses it the same way. The limits are in engine/config/yaml-guards.ts.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFrom } from '../../engine/change-management/compliance-config.ts';
import { formatProblem, parseConfig, readConfigFile, type ConfigParse } from '../../engine/config/load-config.ts';
import { MAX_CONFIG_BYTES } from '../../engine/config/yaml-guards.ts';
import { evident } from '../support/cli.ts';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.ts';
import { oktaSnapshot } from '../support/sample-run.ts';

const HEAD = 'version: 1\norganization: acme\n';

/** The problems as `evident validate` prints them for a file named compliance.yml. */
function shown(parsed: ConfigParse): string[] {
  return parsed.ok ? [] : parsed.problems.map((problem) => formatProblem('compliance.yml', problem));
}

/** Ten levels of nine aliases each: 9^10 ≈ 3.5 billion strings once expanded, in 600 bytes. */
function aliasBomb(): string {
  const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < 10; i++) {
    const name = String.fromCharCode(97 + i);
    const previous = `*${String.fromCharCode(96 + i)}`;
    lines.push(`${name}: &${name} [${Array<string>(9).fill(previous).join(', ')}]`);
  }
  return `${HEAD}${lines.join('\n')}\n`;
}

/**
 * Bad configs every entry point must refuse; `expect` is the first line `evident validate` prints.
 * Each is a runnable config (`tail`: evidence, sources) with one fault, so a run that went ahead
 * would write evidence; the fault comes first, so its line is the same whatever the tail.
 */
function badConfigs(tail: string): { name: string; text: string | Buffer; expect: string }[] {
  const huge = `${HEAD}${tail}# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`;
  return [
    {
      name: 'misspelled key',
      text: `${HEAD}controls:\n  okta-inactive-users: { maxInactiveDay: 30 }\n${tail}`,
      expect: 'compliance.yml:4:26  controls.okta-inactive-users.maxInactiveDay: unknown key; did you mean "maxInactiveDays"?',
    },
    { name: 'alias bomb', text: `${aliasBomb()}${tail}`, expect: 'compliance.yml:12:8  j[0]: aliases expand compliance.yml by' },
    { name: 'custom tag on a valid value', text: `version: 1\norganization: !evil acme\n${tail}`, expect: 'compliance.yml:2:15  organization: the tag !evil is not allowed' },
    {
      name: 'binary bytes',
      text: Buffer.concat([Buffer.from('version: 1\norganization: '), Buffer.from([0xff, 0xfe, 0x00, 0x01]), Buffer.from(`\n${tail}`)]),
      expect: 'compliance.yml:2:15  is not valid UTF-8 text',
    },
    { name: 'empty file', text: '', expect: 'compliance.yml:1:1  is empty' },
    { name: 'a list', text: '- version: 1\n- organization: acme\n', expect: 'compliance.yml:1:1  is a list; compliance.yml must be a mapping of settings' },
    {
      name: 'over 1 MiB',
      text: huge,
      expect: `compliance.yml  is ${Buffer.byteLength(huge).toLocaleString('en-US')} bytes, over the 1,048,576-byte (1 MiB) limit`,
    },
    { name: 'deep nesting', text: `${HEAD}controls: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n${tail}`, expect: 'compliance.yml:3:43  is nested more than 32 levels deep' },
  ];
}

describe('[case 9] compliance.yml: every problem names its place and the fix', () => {
  it('[case 9] a misspelled setting names file:line:column, the dotted path and the likely key', () => {
    expect(shown(parseConfig(`${HEAD}controls:\n  okta-inactive-users:\n    max_inactive_days: 30\n`))).toEqual([
      'compliance.yml:5:5  controls.okta-inactive-users.max_inactive_days: unknown key; did you mean "maxInactiveDays"?',
    ]);
  });

  it('[case 9] a value of the wrong type names its path and what was expected, YAML 1.1 booleans included', () => {
    expect(shown(parseConfig(`${HEAD}controls:\n  okta-inactive-users: { maxInactiveDays: "ninety" }\n  okta-mfa-enrolled: { enabled: no }\n`))).toEqual([
      'compliance.yml:4:26  controls.okta-inactive-users.maxInactiveDays: expected a number, got the string "ninety"',
      'compliance.yml:5:24  controls.okta-mfa-enrolled.enabled: expected true or false, got the string "no"',
    ]);
  });

  it('[case 9] .nan and .inf are named as such, not shown as null', () => {
    expect(shown(parseConfig(`${HEAD}controls:\n  okta-inactive-users: { maxInactiveDays: .nan }\n`))).toEqual([
      'compliance.yml:4:26  controls.okta-inactive-users.maxInactiveDays: expected a number, got .nan (not a finite number)',
    ]);
  });

  it('[case 9] an unknown control id is refused with the ids that exist', () => {
    const [line] = shown(parseConfig(`${HEAD}controls:\n  okta-mfa: { enabled: false }\n`));
    expect(line).toMatch(/^compliance\.yml:4:3 {2}controls\.okta-mfa: unknown key; allowed keys: pr-approved, .*okta-mfa-enrolled, /);
  });

  it('[case 9] an alias bomb ("billion laughs") is refused before it is expanded, at the alias that explodes', () => {
    expect(shown(parseConfig(aliasBomb()))).toEqual([
      'compliance.yml:12:8  j[0]: aliases expand compliance.yml by 4,412,961,486 values (the limit is 10,000), which is how an alias bomb ("billion laughs") works; ' +
        'the alias *i here alone stands for 435,848,050; write the values out, or use fewer aliases',
    ]);
  });

  it('[case 9] many aliases of one long list are refused too, though the parser would count them as few', () => {
    const list = `[${Array.from({ length: 2000 }, (_, i) => `u${i}@acme.com`).join(', ')}]`;
    const uses = Array.from({ length: 20 }, (_, i) => `x${i}: *users`).join('\n');
    const [line] = shown(parseConfig(`${HEAD}users: &users ${list}\n${uses}\n`));
    expect(line).toMatch(/^compliance\.yml:4:5 {2}x0: aliases expand compliance\.yml by 40,020 values \(the limit is 10,000\)/);
  });

  it('[case 9] an alias inside the value it names, or naming no anchor, is refused', () => {
    expect(shown(parseConfig(`${HEAD}controls:\n  pr-approved: &a { exemptAuthors: [*a] }\n`))).toEqual([
      'compliance.yml:4:37  controls.pr-approved.exemptAuthors[0]: the alias *a is inside the value it names (a circular reference), which a configuration cannot be; write the value out',
    ]);
    expect(shown(parseConfig(`${HEAD}controls: *nope\n`))).toEqual([
      'compliance.yml:3:11  controls: the alias *nope names no anchor &nope written before it; define the anchor first, or write the value out',
    ]);
  });

  it('[case 9] anchors used as intended (one shared list) still work', () => {
    const parsed = parseConfig(`${HEAD}controls:\n  okta-inactive-users: { exemptUsers: &admins [a@acme.com, b@acme.com] }\n  okta-mfa-enrolled: { exemptUsers: *admins }\n`);
    expect(parsed.ok && parsed.config.controls['okta-mfa-enrolled']).toMatchObject({ exemptUsers: ['a@acme.com', 'b@acme.com'] });
  });

  it('[case 9] a file over 1 MiB is refused before it is parsed, whatever it holds', async () => {
    const huge = `${HEAD}# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`;
    expect(shown(parseConfig(huge))).toEqual([
      'compliance.yml  is 1,048,609 bytes, over the 1,048,576-byte (1 MiB) limit for compliance.yml, so it was not read: check that --config names your compliance.yml; a complete one is a few kilobytes',
    ]);
    // From disk, refused on its size alone: the file is zero bytes, which would read as control characters.
    const dir = await mkdtemp(join(tmpdir(), 'evident-case9-'));
    try {
      const file = join(dir, 'compliance.yml');
      await writeFile(file, '');
      await truncate(file, MAX_CONFIG_BYTES + 1);
      const parsed = await readConfigFile(file);
      expect(parsed.ok ? [] : parsed.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^is 1,048,577 bytes, over the 1,048,576-byte \(1 MiB\) limit/)]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('[case 9] deep nesting by brackets, dashes, indentation or aliases is refused at 32 levels, with its place', () => {
    const tooDeep = 'is nested more than 32 levels deep; compliance.yml needs at most a handful, so this is a mistake or an attack: flatten it';
    // 500,000 brackets: the parser would otherwise spend seconds overflowing its stack.
    expect(shown(parseConfig(`${HEAD}controls: ${'['.repeat(500_000)}${']'.repeat(500_000)}\n`))).toEqual([`compliance.yml:3:43  ${tooDeep}`]);
    expect(shown(parseConfig(`${HEAD}controls:\n  ${'- '.repeat(40)}x\n`))).toEqual([`compliance.yml:4:67  ${tooDeep}`]);
    const indented = Array.from({ length: 40 }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n');
    expect(shown(parseConfig(`${HEAD}x:\n${indented} 1\n`))).toEqual([`compliance.yml:34:32  x${'.a'.repeat(30)}: ${tooDeep}`]);
    const nested = (n: number, inner: string) => `${'['.repeat(n)}${inner}${']'.repeat(n)}`;
    expect(shown(parseConfig(`${HEAD}a: &a ${nested(20, 'x')}\nb: ${nested(16, '*a')}\n`))).toEqual([`compliance.yml:4:20  b${'[0]'.repeat(16)}: ${tooDeep} once its aliases are expanded`]);
  });

  it('[case 9] a key given twice is refused, also when written differently (1 and "1")', () => {
    expect(shown(parseConfig(`${HEAD}organization: other\n`))).toEqual(['compliance.yml:3:1  organization: repeats the key "organization", and only one can count; keep one']);
    expect(shown(parseConfig(`${HEAD}controls:\n  aws-config-rules-compliant: { rules: { 1: [CC6.6], "1": [CC6.1] } }\n`))).toEqual([
      'compliance.yml:4:54  controls.aws-config-rules-compliant.rules.1: repeats the key "1", and only one can count; keep one',
    ]);
    expect(shown(parseConfig(`${HEAD}? [a, b]\n: 1\n`))).toEqual(['compliance.yml:3:3  has a key that is a list, a mapping or an alias; keys in compliance.yml are plain names']);
  });

  it('[case 9] YAML tags beyond plain data (!!js/function, !!binary, !!set, !!timestamp, custom) are refused; !!str is fine', () => {
    const refused = (tag: string) => `the tag ${tag} is not allowed: compliance.yml holds plain data (text, numbers, true/false, lists and mappings); remove the tag`;
    expect(shown(parseConfig(`${HEAD}controls:\n  pr-approved: !!js/function "function () { return true }"\n`))).toEqual([
      `compliance.yml:4:16  controls.pr-approved: ${refused('!!js/function')}`,
    ]);
    expect(shown(parseConfig('version: 1\norganization: !<tag:example.com,2026:org> acme\n'))).toEqual([`compliance.yml:2:15  organization: ${refused('tag:example.com,2026:org')}`]);
    expect(shown(parseConfig('version: 1\norganization: !!binary YWNtZQ==\n'))).toEqual([`compliance.yml:2:15  organization: ${refused('!!binary')}`]);
    expect(shown(parseConfig(`${HEAD}sources: { aws: { regions: !!set { us-east-1 } } }\n`))).toEqual([`compliance.yml:3:28  sources.aws.regions: ${refused('!!set')}`]);
    expect(shown(parseConfig('version: 1\norganization: !!timestamp 2026-01-01\n'))).toEqual([`compliance.yml:2:15  organization: ${refused('!!timestamp')}`]);
    const plain = parseConfig('version: !!int 1\norganization: !!str 1234\n');
    expect(plain.ok && plain.config.organization).toBe('1234');
  });

  it('[case 9] binary, non-UTF-8 and UTF-16 files are refused with the place of the first bad character', async () => {
    expect(shown(parseConfig('version: 1\norganization: ac\u0000me\n'))).toEqual([
      'compliance.yml:2:17  contains the control character U+0000, which YAML does not allow: is this a binary file? compliance.yml must be plain UTF-8 text',
    ]);
    // What Buffer#toString makes of bad bytes (the App decodes GitHub's base64 this way).
    expect(shown(parseConfig('version: 1\norganization: ac\uFFFDme\n'))).toEqual([
      'compliance.yml:2:17  is not valid UTF-8 text: it contains U+FFFD, the replacement character a decoder writes for bytes it could not read; save compliance.yml as UTF-8',
    ]);
    const dir = await mkdtemp(join(tmpdir(), 'evident-case9-'));
    try {
      const latin1 = join(dir, 'latin1.yml');
      await writeFile(latin1, Buffer.concat([Buffer.from(HEAD), Buffer.from('controls:\n  okta-inactive-users: { exemptUsers: [j'), Buffer.from([0xfc]), Buffer.from('rgen@acme.com] }\n')]));
      expect(shown(await readConfigFile(latin1))).toEqual([
        'compliance.yml:4:41  is not valid UTF-8 text (is it a binary file, or saved in another encoding?); save compliance.yml as UTF-8',
      ]);
      const utf16 = join(dir, 'utf16.yml');
      await writeFile(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEAD, 'utf16le')]));
      expect(shown(await readConfigFile(utf16))).toEqual(['compliance.yml:1:1  is UTF-16 text (it starts with a UTF-16 byte order mark); save compliance.yml as UTF-8']);
      // A UTF-8 byte order mark is fine.
      await writeFile(join(dir, 'bom.yml'), `\uFEFF${HEAD}`);
      expect((await readConfigFile(join(dir, 'bom.yml'))).ok).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('[case 9] an empty or comment-only file is refused, not run on defaults', () => {
    const empty = 'compliance.yml:1:1  is empty: compliance.yml needs at least `version: 1` and `organization: <your organization>` (`evident init DIR` writes a complete one)';
    expect(shown(parseConfig(''))).toEqual([empty]);
    expect(shown(parseConfig('# nothing configured yet\n---\n'))).toEqual([empty]);
    expect(shown(parseConfig('~\n'))).toEqual([empty]);
  });

  it('[case 9] a list or a single value instead of a mapping is refused', () => {
    expect(shown(parseConfig('- version: 1\n- organization: acme\n'))).toEqual([
      'compliance.yml:1:1  is a list; compliance.yml must be a mapping of settings, starting with `version: 1` and `organization: <your organization>`',
    ]);
    expect(shown(parseConfig('\nacme\n'))).toEqual([
      'compliance.yml:2:1  is a single value; compliance.yml must be a mapping of settings, starting with `version: 1` and `organization: <your organization>`',
    ]);
  });

  // The parser's own duplicate-key check and a per-problem key search were quadratic: minutes for this file.
  it('[case 9] 60,000 unknown or repeated keys in one mapping are refused with the first 50 problems, in one pass', () => {
    const unknown = shown(parseConfig(`${HEAD}controls:\n${Array.from({ length: 60_000 }, (_, i) => `  k${i}: 1`).join('\n')}\n`));
    expect(unknown).toHaveLength(51);
    expect(unknown[0]).toMatch(/^compliance\.yml:4:3 {2}controls\.k0: unknown key; allowed keys: pr-approved, /);
    expect(unknown[50]).toBe('compliance.yml  … and 59950 more problems not shown; fix these first');
    const repeated = shown(parseConfig(`${HEAD}x:\n${Array.from({ length: 60_000 }, (_, i) => `  k${i % 100}: 1`).join('\n')}\n`));
    expect(repeated[0]).toBe('compliance.yml:104:3  x.k0: repeats the key "k0", and only one can count; keep one');
    expect(repeated[50]).toBe('compliance.yml  … and 59850 more problems not shown; fix these first');
  }, 60_000);

  it('[case 9] a wholly wrong document lists 50 problems and says how many more, instead of flooding the log', () => {
    const regions = Array.from({ length: 500 }, (_, i) => i).join(', ');
    const lines = shown(parseConfig(`${HEAD}sources: { aws: { regions: [${regions}] } }\n`));
    expect(lines).toHaveLength(51);
    expect(lines[0]).toBe('compliance.yml:3:29  sources.aws.regions[0]: expected a string, got the number 0');
    expect(lines[50]).toBe('compliance.yml  … and 450 more problems not shown; fix these first');
  });
});

describe('[case 9] the evident command refuses a bad compliance.yml and runs nothing', () => {
  let dir: string;
  let server: GitHubTestServer;
  let bad: ReturnType<typeof badConfigs>;
  /** What makes a config runnable here: evidence beside it, Okta from the snapshot, issues on the loopback GitHub. */
  const tail = () =>
    `evidence: { store: filesystem, path: archive }\nsources:\n  okta: { orgUrl: "https://acme.okta.com" }\n  github: { org: acme, complianceRepo: compliance, apiUrl: "${server.url}" }\n`;
  const snapshots = () => join(dir, 'snapshots');
  const configFor = (name: string) => join(dir, `${name.replace(/\W+/g, '-')}.yml`);
  /** Everything a run could have written: evidence is kept beside the config (`path: archive`). */
  const written = async () => (await readdir(dir)).filter((name) => !name.endsWith('.yml') && name !== 'snapshots');

  beforeAll(async () => {
    server = await startGitHubServer({ token: 'case9-token' });
    server.seed('acme', 'compliance', { defaultLabels: true });
    dir = await mkdtemp(join(tmpdir(), 'evident-case9-cli-'));
    await mkdir(snapshots());
    // A failing Okta snapshot: a run that went ahead would write evidence and open issues.
    await writeFile(join(snapshots(), 'okta.json'), JSON.stringify([oktaSnapshot('2026-11-02T09:00:00Z')]));
    bad = badConfigs(tail());
    for (const config of bad) await writeFile(configFor(config.name), config.text);
  });
  afterAll(async () => {
    server.assertHealthy();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const runWith = (config: string) =>
    evident(['run', '--config', config, '--snapshot', snapshots(), '--only', 'okta'], {
      env: { GITHUB_TOKEN: 'case9-token', EVIDENT_GITHUB_WRITE_SPACING_MS: '1' },
      timeoutMs: 30_000,
    });

  it('[case 9] evident validate lists each bad config\'s problems as file:line:column and exits 1, without a stack trace', async () => {
    for (const config of bad) {
      const file = configFor(config.name);
      const result = await evident(['validate', '--config', file]);
      expect({ name: config.name, code: result.code, stderr: result.stderr }).toEqual({ name: config.name, code: 1, stderr: '' });
      expect(result.stdout.split('\n')[0]).toContain(config.expect.replace('compliance.yml', file));
    }
  }, 120_000);

  it('[case 9] evident run --config exits 2 on each bad config and writes no evidence, no issue, nothing', async () => {
    for (const config of bad) {
      const file = configFor(config.name);
      // Pointed at the loopback GitHub, so an issue sync that went ahead would show up in its request log.
      const result = await runWith(file);
      expect({ name: config.name, code: result.code, stdout: result.stdout }).toEqual({ name: config.name, code: 2, stdout: '' });
      expect(result.stderr).toContain(`evident run: ${file} is not valid:\n  - ${config.expect.replace('compliance.yml', file)}`);
      expect(result.stderr).not.toContain('this is a bug');
    }
    expect(await written()).toEqual([]);
    expect(server.requests).toEqual([]);
  }, 120_000);

  it('[case 9] --config naming a device or a directory is refused without reading it (exit 2)', async () => {
    for (const command of ['run', 'validate']) {
      const device = await evident([command, '--config', '/dev/zero', ...(command === 'run' ? ['--snapshot', snapshots()] : [])]);
      expect(device.code).toBe(2);
      expect(device.stderr).toBe(`evident ${command}: /dev/zero is not a file (it is a device, pipe or socket): pass --config with the path of your compliance.yml.\n`);
      const folder = await evident([command, '--config', snapshots()]);
      expect(folder.code).toBe(2);
      expect(folder.stderr).toBe(`evident ${command}: ${snapshots()} is not a file (it is a directory): pass --config with the path of your compliance.yml.\n`);
    }
    expect(await written()).toEqual([]);
  }, 60_000);

  it('[case 9] the same run with a valid config does write evidence and issues (so the checks above can see a write)', async () => {
    const valid = join(dir, 'valid.yml');
    await writeFile(valid, `${HEAD}${tail()}`);
    const result = await runWith(valid);
    expect(result.code).toBe(1);
    expect(existsSync(join(dir, 'archive'))).toBe(true);
    expect(server.requests.some((r) => r.method === 'POST')).toBe(true);
  }, 60_000);
});

describe('[case 9] the App refuses a bad compliance.yml from the compliance repository', () => {
  let server: GitHubTestServer;
  beforeAll(async () => {
    server = await startGitHubServer({ token: 'case9-app' });
  });
  afterAll(async () => {
    server.assertHealthy();
    await server.close();
  });

  it('[case 9] loadConfigFrom gives the same located problems for each bad config, and never a config', async () => {
    const client = new Octokit({ baseUrl: server.url, auth: 'case9-app' });
    // GitHub stores bytes, the test server text: the binary case is the App's U+FFFD view of it, below. Over 1 MB the
    // contents API sends no content (https://docs.github.com/rest/repos/contents#size-limits): also below.
    for (const config of badConfigs('').filter((b) => typeof b.text === 'string' && !b.name.startsWith('over'))) {
      server.seedFile('acme', 'compliance', 'compliance.yml', config.text as string);
      const loaded = await loadConfigFrom(client, 'acme', 'compliance');
      expect(loaded.ok, config.name).toBe(false);
      expect(loaded.ok ? [] : loaded.problems[0]).toContain(config.expect.replace('compliance.yml', 'acme/compliance/compliance.yml'));
    }
    // Over 1 MB GitHub sends the file without content: still refused, never read as defaults.
    server.seedFile('acme', 'compliance', 'compliance.yml', `${HEAD}# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`);
    const large = await loadConfigFrom(client, 'acme', 'compliance');
    expect(large.ok).toBe(false);
    expect(large.ok ? [] : large.problems[0]).toMatch(/^acme\/compliance\/compliance\.yml is [\d,]+ bytes, over the 1 MiB limit for compliance\.yml, so it was not read/);
    server.seedFile('acme', 'compliance', 'compliance.yml', 'version: 1\norganization: ac\uFFFDme\n');
    const mangled = await loadConfigFrom(client, 'acme', 'compliance');
    expect(mangled.ok ? [] : mangled.problems).toEqual([
      'acme/compliance/compliance.yml:2:17  is not valid UTF-8 text: it contains U+FFFD, the replacement character a decoder writes for bytes it could not read; save compliance.yml as UTF-8',
    ]);
  });
});
