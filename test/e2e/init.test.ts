/**
 * `evident init DIR` and the template it writes: the files, the refusal to overwrite, a
 * compliance.yml that validates as written and lists every control at its defaults, workflows GitHub
 * would accept, and every `node .evident/cli/evident.ts …` command in the workflows run for real
 * against the demo's compliance.yml and evidence, as the workflow's bash step would run it.
 */
import { Validator, type Schema } from '@cfworker/json-schema';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../cli/commands/init.ts';
import { ComplianceConfig, RemediationConfig, SourcesConfig } from '../../engine/config/schema.ts';
import { catalog } from '../../engine/controls/index.ts';
import { evident, repoRoot, type CliResult } from '../support/cli.ts';

const EXPECTED_FILES = [
  '.github/actions/setup-evident/action.yml',
  '.github/CODEOWNERS',
  '.github/ISSUE_TEMPLATE/exception.yml',
  '.github/ISSUE_TEMPLATE/risk-acceptance.yml',
  '.github/workflows/evident-audit-package.yml',
  '.github/workflows/evident-dashboard.yml',
  '.github/workflows/evident-monitor.yml',
  '.github/workflows/evident-report.yml',
  '.github/workflows/evident-validate.yml',
  'compliance.schema.json',
  'compliance.yml',
  'evidence/.gitkeep',
  'README.md',
].sort((a, b) => a.localeCompare(b));

const WORKFLOWS = ['evident-audit-package', 'evident-dashboard', 'evident-monitor', 'evident-report', 'evident-validate'];
const EVIDENT = 'node .evident/cli/evident.ts';
const DEMO_AT = '2026-11-02T09:00:00Z';

type Yaml = Record<string, any>;
const templateFile = (path: string) => readFileSync(join(repoRoot, 'template', path), 'utf8');
const workflow = (name: string): Yaml => parse(templateFile(`.github/workflows/${name}.yml`));

let dir: string;
let initDir: string;
let demoDir: string;
let init: CliResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evident-init-'));
  initDir = join(dir, 'compliance');
  demoDir = join(dir, 'demo');
  init = await evident(['init', initDir]);
  const demo = await evident(['demo', '--out', demoDir, '--at', DEMO_AT], { timeoutMs: 60_000 });
  expect(demo.code, demo.stderr).toBe(0);
  // The workflows run Evident from a checkout in .evident/: here, this repository.
  await symlink(repoRoot, join(demoDir, '.evident'), 'dir');
}, 90_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1).split('\\').join('/'))
    .sort((a, b) => a.localeCompare(b));
}

describe('evident init DIR', () => {
  it('writes the template and compliance.schema.json, and prints the next steps', async () => {
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(await listFiles(initDir)).toEqual(EXPECTED_FILES);
    for (const file of EXPECTED_FILES.filter((f) => f !== 'compliance.schema.json')) {
      expect(await readFile(join(initDir, file), 'utf8'), file).toBe(templateFile(file));
    }
    expect(await readFile(join(initDir, 'compliance.schema.json'), 'utf8')).toBe(readFileSync(join(repoRoot, 'compliance.schema.json'), 'utf8'));
    expect(init.stdout).toContain('13 files');
    expect(init.stdout).toContain('Next steps');
    expect(init.stdout).toMatch(/validate --config .*compliance\.yml/);
    expect(init.stdout).toContain('Evident monitor');
  });

  it('refuses to overwrite existing files without --force, naming them, and overwrites with it', async () => {
    const target = join(dir, 'existing');
    await mkdir(join(target, '.github', 'workflows'), { recursive: true });
    await writeFile(join(target, 'compliance.yml'), 'version: 1\norganization: mine\n');
    await writeFile(join(target, '.github', 'workflows', 'evident-monitor.yml'), 'name: mine\n');
    await writeFile(join(target, 'notes.txt'), 'kept\n');

    const refused = await evident(['init', target]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('.github/workflows/evident-monitor.yml, compliance.yml; nothing was written');
    expect(refused.stderr).toContain('--force');
    expect(await listFiles(target)).toEqual(['.github/workflows/evident-monitor.yml', 'compliance.yml', 'notes.txt']);
    expect(await readFile(join(target, 'compliance.yml'), 'utf8')).toBe('version: 1\norganization: mine\n');

    const forced = await evident(['init', target, '--force']);
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('2 overwritten: .github/workflows/evident-monitor.yml, compliance.yml');
    expect(await readFile(join(target, 'compliance.yml'), 'utf8')).toBe(templateFile('compliance.yml'));
    expect(await readFile(join(target, 'notes.txt'), 'utf8')).toBe('kept\n');
  });

  it('needs exactly one folder', async () => {
    const none = await evident(['init']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('pass one folder');
    const file = join(dir, 'a-file');
    await writeFile(file, '');
    const notFolder = await evident(['init', file]);
    expect(notFolder.code).toBe(2);
    expect(notFolder.stderr).toContain('is not a folder');
  });

  it('finds the template from the sources and from the compiled package (dist/)', async () => {
    expect(packageRoot('file:///x/evident/cli/commands/init.ts').href).toBe('file:///x/evident/');
    expect(packageRoot('file:///x/node_modules/evident/dist/cli/commands/init.js').href).toBe('file:///x/node_modules/evident/');
    expect(fileURLToPath(packageRoot())).toBe(repoRoot);

    // The installed package's layout: dist/cli/commands/init.js beside template/ and compliance.schema.json.
    const pkg = join(dir, 'package');
    await build({
      entryPoints: [join(repoRoot, 'cli', 'commands', 'init.ts')],
      outfile: join(pkg, 'dist', 'cli', 'commands', 'init.js'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      packages: 'external',
      logLevel: 'silent',
    });
    await cp(join(repoRoot, 'template'), join(pkg, 'template'), { recursive: true });
    await cp(join(repoRoot, 'compliance.schema.json'), join(pkg, 'compliance.schema.json'));
    const out = join(dir, 'from-dist');
    const script = `import { initCommand } from ${JSON.stringify(join(pkg, 'dist', 'cli', 'commands', 'init.js'))}; process.exitCode = await initCommand([${JSON.stringify(out)}]);`;
    const result = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('evident validate --config');
    expect(await listFiles(out)).toEqual(EXPECTED_FILES);
  });
});

describe('the template compliance.yml', () => {
  const text = templateFile('compliance.yml');
  const raw = parse(text) as Yaml;

  it('passes `evident validate` as written', async () => {
    const result = await evident(['validate', '--config', join(initDir, 'compliance.yml')]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('compliance.yml is valid: organization acme; sources: github, okta, aws; 13 controls enabled; evidence in folder evidence');
    expect(result.code).toBe(0);
  });

  it('points editors at the schema beside it, which accepts it', () => {
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./compliance.schema.json');
    const schema = JSON.parse(readFileSync(join(repoRoot, 'compliance.schema.json'), 'utf8')) as Schema;
    const validation = new Validator(schema, '2020-12', false).validate(raw);
    expect(validation.errors.map((e) => `${e.instanceLocation}: ${e.error}`)).toEqual([]);
  });

  it('has every section, every source and every control with each parameter at its default', () => {
    expect(Object.keys(raw)).toEqual(['version', 'organization', 'evidence', 'sources', 'controls', 'triage', 'alerts', 'remediation', 'secrets', 'app', 'schedule']);
    expect(Object.keys(ComplianceConfig.shape).filter((k) => k !== '$schema').sort()).toEqual(Object.keys(raw).sort());
    expect(Object.keys(raw.sources)).toEqual(['github', 'okta', 'aws']);
    expect(Object.keys(raw.controls)).toEqual(catalog.map((c) => c.id));
    for (const control of catalog) {
      const { enabled, severity, ...params } = raw.controls[control.id] as Yaml;
      expect(enabled, control.id).toBe(true);
      expect(severity, `${control.id}: the default severity is shown as a comment`).toBeUndefined();
      expect(params, control.id).toEqual(control.params.parse({}));
      expect(text, control.id).toContain(`# severity: ${control.severity}\n`);
    }
    const defaults: Yaml = ComplianceConfig.parse({ version: 1, organization: 'acme' });
    for (const section of ['evidence', 'triage', 'alerts', 'secrets', 'app', 'schedule']) expect(raw[section], section).toEqual(defaults[section]);
    expect(raw.remediation).toEqual(RemediationConfig.parse({ 'okta-inactive-users': {} }));
    const sources = SourcesConfig.parse({ github: { org: 'acme' }, okta: { orgUrl: 'https://acme.okta.com' }, aws: { regions: ['us-east-1'] } });
    expect(raw.sources).toEqual(sources);
  });
});

describe('the template workflows', () => {
  it.each(WORKFLOWS)('%s parses, with the keys GitHub requires and explicit permissions', (name) => {
    const wf = workflow(name);
    expect(wf.name, name).toEqual(expect.any(String));
    expect(wf.on, name).toBeDefined();
    expect(wf.permissions, `${name}: least privilege is explicit`).toEqual(expect.any(Object));
    expect(Object.keys(wf.jobs ?? {}).length, name).toBeGreaterThan(0);
    for (const [id, job] of Object.entries<Yaml>(wf.jobs)) {
      expect(job['runs-on'], `${name}.jobs.${id}.runs-on`).toEqual(expect.any(String));
      expect(job.steps, `${name}.jobs.${id}.steps`).toEqual(expect.any(Array));
      expect(job.steps.length, `${name}.jobs.${id}.steps`).toBeGreaterThan(0);
      for (const step of job.steps as Yaml[]) expect(Boolean(step.uses) !== Boolean(step.run), `${name}.jobs.${id}: a step has uses or run`).toBe(true);
      // The local composite action exists only once this repository is checked out.
      const uses = (job.steps as Yaml[]).map((s) => s.uses as string | undefined);
      const setup = uses.indexOf('./.github/actions/setup-evident');
      if (setup >= 0) expect(uses.slice(0, setup), `${name}.jobs.${id}`).toContain('actions/checkout@v4');
    }
  });

  it('the monitor runs hourly and by hand, through the Action, with OIDC', () => {
    const wf = workflow('evident-monitor');
    expect(wf.on.schedule).toEqual([{ cron: '7 * * * *' }]);
    expect(wf.on).toHaveProperty('workflow_dispatch');
    expect(wf.permissions).toEqual({ contents: 'write', issues: 'write', 'id-token': 'write' });
    const steps = wf.jobs.monitor.steps as Yaml[];
    expect(steps.find((s) => s.uses === './.evident/action')?.with).toEqual({ config: 'compliance.yml' });
    expect(steps.find((s) => s.uses === './.github/actions/setup-evident')?.with['aws-role-to-assume']).toBe('${{ vars.EVIDENT_AWS_ROLE_ARN }}');
  });

  it('the report runs on the 1st, the package on request with from, to and controls, validate on compliance.yml, the dashboard daily to Pages', () => {
    expect(workflow('evident-report').on.schedule).toEqual([{ cron: '30 6 1 * *' }]);
    expect(Object.keys(workflow('evident-audit-package').on.workflow_dispatch.inputs)).toEqual(['from', 'to', 'controls', 'zip']);
    expect(workflow('evident-validate').on.pull_request.paths).toContain('compliance.yml');
    const dashboard = workflow('evident-dashboard');
    expect(dashboard.on.schedule).toEqual([{ cron: '23 6 * * *' }]);
    const used = Object.values<Yaml>(dashboard.jobs).flatMap((job) => (job.steps as Yaml[]).map((s) => s.uses as string | undefined));
    expect(used).toEqual(expect.arrayContaining(['actions/upload-pages-artifact@v3', 'actions/deploy-pages@v4']));
  });

  it('the report, package and dashboard read the issue history from this repository’s issues unless EVIDENT_ISSUE_HISTORY names a file', () => {
    for (const [name, jobId] of [['evident-report', 'report'], ['evident-audit-package', 'package'], ['evident-dashboard', 'build']] as const) {
      const wf = workflow(name);
      const job = wf.jobs[jobId] as Yaml;
      expect(job.env.HISTORY, name).toBe("${{ vars.EVIDENT_ISSUE_HISTORY || 'github' }}");
      expect(['read', 'write'], `${name} may read issues`).toContain((job.permissions ?? wf.permissions).issues);
      const steps = (job.steps as Yaml[]).filter((step) => typeof step.run === 'string' && /evident\.ts (report|package|dashboard) /.test(step.run));
      expect(steps.length, name).toBeGreaterThan(0);
      for (const step of steps) {
        expect(step.run, `${name} "${step.name}"`).toContain('--history "$HISTORY"');
        expect(step.env?.GITHUB_TOKEN, `${name} "${step.name}"`).toBe('${{ github.token }}');
      }
      // The token is handed only to the steps that read issues, not to the set-up's npm ci.
      expect(job.env.GITHUB_TOKEN, name).toBeUndefined();
    }
  });

  it('the setup action checks out Evident at a pinned ref into .evident/ and installs it with Node 24', () => {
    const action = parse(templateFile('.github/actions/setup-evident/action.yml')) as Yaml;
    expect(action.runs.using).toBe('composite');
    expect(action.inputs.repository.default).toBe('<owner>/evident');
    expect(action.inputs.ref.default).toMatch(/^v\d+\.\d+\.\d+$/);
    const steps = action.runs.steps as Yaml[];
    for (const step of steps.filter((s) => s.run !== undefined)) expect(step.shell, step.name).toBe('bash');
    expect(steps.find((s) => s.uses === 'actions/checkout@v4')?.with).toMatchObject({ repository: '${{ inputs.repository }}', ref: '${{ inputs.ref }}', path: '.evident' });
    expect(steps.find((s) => s.uses === 'actions/setup-node@v4')?.with['node-version']).toBe(24);
    expect(steps.some((s) => typeof s.run === 'string' && s.run.startsWith('npm ci --prefix .evident'))).toBe(true);
  });

  it('the issue forms ask for the finding, control, justification, compensating controls, owner, review date and approver', () => {
    for (const form of ['risk-acceptance', 'exception']) {
      const parsed = parse(templateFile(`.github/ISSUE_TEMPLATE/${form}.yml`)) as Yaml;
      expect(parsed.name, form).toEqual(expect.any(String));
      expect(parsed.description, form).toEqual(expect.any(String));
      const ids = (parsed.body as Yaml[]).map((field) => field.id).filter(Boolean);
      expect(ids, form).toEqual(expect.arrayContaining(['finding', 'control', 'justification', 'compensating-controls', 'owner', 'review-date', 'approver']));
      const control = (parsed.body as Yaml[]).find((field) => field.id === 'control');
      expect((control?.attributes.options as string[]).map((o) => o.split(' ')[0]), form).toEqual(catalog.map((c) => c.id));
    }
  });
});

// ── Every Evident command in the workflows, run for real ────────────────────────────────────────

/** Test values for the GitHub expressions the commands' steps use; an expression not listed fails the test. */
const CONTEXT: Record<string, string> = {
  // The demo keeps its issue history in a file; a repository that exported its history sets this
  // variable (the default, `github`, reads the issues: test/e2e/report-github-history.test.ts).
  'vars.EVIDENT_ISSUE_HISTORY': 'issues/history.json',
  'inputs.from': '2026-11-01',
  'inputs.to': '2026-11-30',
  'inputs.controls': 'okta-mfa-enrolled,aws-sg-no-open-ingress',
  'inputs.zip': 'true',
  'steps.month.outputs.month': '2026-11',
  'steps.links.outputs.evidence-url': 'https://github.com/acme/compliance/blob/0123456789abcdef0123456789abcdef01234567/evidence/',
  'github.token': '',
  'github.server_url': 'https://github.com',
  'github.repository': 'acme/compliance',
  'github.run_id': '1234567890',
};

/** Evaluates `${{ a || 'literal' }}` as GitHub does for the forms the workflows use; repository variables not in CONTEXT are unset. */
function expand(value: string, where: string): string {
  return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
    for (const operand of expression.split('||').map((o) => o.trim())) {
      const literal = /^'(.*)'$/.exec(operand);
      const resolved = literal !== null ? literal[1] : operand.startsWith('vars.') || operand.startsWith('secrets.') ? (CONTEXT[operand] ?? '') : CONTEXT[operand];
      if (resolved === undefined) throw new Error(`${where}: no test value for \${{ ${operand} }}; add it to CONTEXT`);
      if (resolved !== '') return resolved;
    }
    return '';
  });
}

interface WorkflowCommand {
  title: string;
  workflow: string;
  subcommand: string;
  run: string;
  env: Record<string, string>;
}

function workflowCommands(): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  for (const name of WORKFLOWS) {
    const wf = workflow(name);
    for (const [jobId, job] of Object.entries<Yaml>(wf.jobs)) {
      for (const step of job.steps as Yaml[]) {
        if (typeof step.run !== 'string' || !step.run.includes(EVIDENT)) continue;
        const where = `${name}.jobs.${jobId} "${step.name}"`;
        const lines = (step.run as string).split('\n').filter((line) => line.trim().startsWith(EVIDENT));
        // One Evident command per step, so the step's exit status is the command's.
        if (lines.length !== 1) throw new Error(`${where}: ${lines.length} Evident commands in one step; keep one per step`);
        const subcommand = (lines[0] ?? '').trim().slice(EVIDENT.length).trim().split(/\s/)[0] ?? '';
        const env: Record<string, string> = {};
        for (const scope of [wf.env, job.env, step.env]) {
          for (const [key, value] of Object.entries<unknown>(scope ?? {})) env[key] = expand(String(value), `${where} env.${key}`);
        }
        commands.push({ title: `evident ${subcommand} (${name}: ${step.name})`, workflow: name, subcommand, run: expand(step.run, where), env });
      }
    }
  }
  return commands;
}

const COMMANDS = workflowCommands();

function run(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs a step's script as GitHub runs a `shell: bash` step (bash --noprofile --norc -eo pipefail) in
 * the repository's root, and records the arguments `node` gets after the shell's expansions.
 */
async function runStep(command: WorkflowCommand, cwd: string): Promise<{ result: CliResult; argv: string[] }> {
  const runnerTemp = await mkdtemp(join(dir, 'runner-'));
  const argvFile = join(runnerTemp, 'argv');
  const record = `node() { printf '%s\\0' "$@" > ${JSON.stringify(argvFile)}; command node "$@"; }\n`;
  const env = {
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/compliance',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_RUN_ID: '1234567890',
    GITHUB_OUTPUT: join(runnerTemp, 'output'),
    GITHUB_STEP_SUMMARY: join(runnerTemp, 'summary'),
    RUNNER_TEMP: runnerTemp,
    ...command.env,
  };
  const result = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', record + command.run], { cwd, env });
  const argv = (await readFile(argvFile, 'utf8').catch(() => '')).split('\0').slice(0, -1);
  return { result, argv };
}

describe('the workflows’ Evident commands, against the demo’s compliance.yml and evidence', () => {
  it('covers every command the workflows run', () => {
    expect(COMMANDS.map((c) => `${c.workflow} ${c.subcommand}`).sort()).toEqual([
      'evident-audit-package package',
      'evident-audit-package verify',
      'evident-dashboard dashboard',
      'evident-report report',
      'evident-report report',
      'evident-report report',
      'evident-validate validate',
    ]);
  });

  it.each(COMMANDS)('$title', async (command) => {
    const { result, argv } = await runStep(command, demoDir);
    const output = `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
    expect(result.stderr, `evident ${command.subcommand} is not registered in cli/main.ts yet`).not.toContain(`unknown command "${command.subcommand}"`);
    expect(result.code, output).toBe(0);

    expect(argv.slice(0, 2)).toEqual(['.evident/cli/evident.ts', command.subcommand]);
    const option = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
    for (const [i, arg] of argv.entries()) {
      expect(arg, `argument ${i}`).not.toContain('${{');
      if (arg.startsWith('--') && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) expect(argv[i + 1], `value of ${arg}`).not.toBe('');
    }
    if (option('--evidence') !== undefined) expect(option('--evidence')).toBe('evidence');
    if (option('--config') !== undefined) expect(option('--config')).toBe('compliance.yml');
    const out = option('--out');
    // The demo, like a compliance repository, keeps the findings' issue history beside compliance.yml.
    if (['report', 'package', 'dashboard'].includes(command.subcommand)) expect(option('--history')).toBe('issues/history.json');
    switch (command.subcommand) {
      case 'validate':
        expect(result.stdout).toContain('compliance.yml is valid');
        break;
      case 'verify':
        expect(result.stdout).toContain('Evidence intact');
        expect(await readFile(join(demoDir, 'audit-package', 'verify.txt'), 'utf8')).toContain('Evidence intact');
        break;
      case 'report':
        expect(option('--month')).toBe('2026-11');
        expect(out).toMatch(/^reports\/evident-report-2026-11\.(html|pdf|md)$/);
        expect((await stat(join(demoDir, out!))).size, out).toBeGreaterThan(0);
        break;
      case 'package':
        expect([option('--from'), option('--to'), option('--controls')]).toEqual(['2026-11-01', '2026-11-30', 'okta-mfa-enrolled,aws-sg-no-open-ingress']);
        expect(argv).toContain('--zip');
        expect(out).toBe('audit-package/evident-audit-2026-11-01-to-2026-11-30');
        expect((await readdir(join(demoDir, 'audit-package'))).length).toBeGreaterThan(1);
        break;
      case 'dashboard':
        expect(out).toBe('site');
        expect(option('--evidence-url')).toBe(CONTEXT['steps.links.outputs.evidence-url']);
        expect((await stat(join(demoDir, 'site', 'index.html'))).isFile()).toBe(true);
        break;
      default:
        throw new Error(`no expectations for evident ${command.subcommand}`);
    }
  }, 120_000);

  it('evident validate (evident-validate) fails the check on a broken compliance.yml, annotating each problem on its line with its path', async () => {
    const command = COMMANDS.find((c) => c.workflow === 'evident-validate');
    const repo = join(dir, 'broken-pr');
    await mkdir(repo, { recursive: true });
    await symlink(repoRoot, join(repo, '.evident'), 'dir');
    await writeFile(join(repo, 'compliance.yml'), 'version: 1\norganization: acme\nevidence: { store: dropbox }\ncontrols:\n  okta-inactive-users: { maxInactiveDays: ninety }\n');
    const { result } = await runStep(command!, repo);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('compliance.yml:3:13  evidence.store: expected "filesystem" or "s3", got the string "dropbox"\n');
    expect(result.stdout).toContain('::error file=compliance.yml,line=3,col=13,title=compliance.yml::evidence.store: expected "filesystem" or "s3"');
    expect(result.stdout).toMatch(/^::error file=compliance\.yml,line=5,col=\d+,title=compliance\.yml::controls\.okta-inactive-users\.maxInactiveDays: expected a number/m);
  }, 60_000);
});
