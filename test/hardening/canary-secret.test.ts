/**
 * Issue #8, case 8: a planted secret never leaves Evident whole.
 *
 * Two canaries, fresh for every run (a GitHub classic PAT with a valid CRC-32 checksum, and an AWS
 * secret access key with `/` and `+` so its escaped and encoded forms differ from it), are planted
 * where an organization really leaks them:
 * - (a) in the added lines of two pull requests, delivered as signed webhooks to the real Probot
 *   app: #7 opened (check run; then a synchronize whose check-run write GitHub refuses, so an error
 *   is logged), #8 merged (evidence, issues, AI triage, PagerDuty and Slack alerts); and in both
 *   titles, which pr-ticket-linked quotes and the webhook payloads carry;
 * - (b) in an Okta admin's profile (the base attribute `title` and a custom attribute);
 * - (c) in an S3 bucket's tags and supplementary configuration, a security group's description,
 *   and a custom Config rule's annotation (which aws-config-rules-compliant quotes), in AWS Config.
 * Then the scheduled run (`evident run`, issue sync, AI triage, Slack), `verify`, `report` (md,
 * html, pdf, with its AI narrative), `package --zip`, `dashboard` and `scan`, all from the CLI.
 *
 * Everything Evident sent, printed, logged or wrote is then searched for the canaries in every
 * form test/support/find-canary.ts knows. And so the test cannot pass by seeing nothing, it checks
 * that each canary was served by its source and reached Evident: the scanner found both secrets,
 * shown as at most 4 characters and an HMAC fingerprint; the canary admin and bucket were tested.
 *
 * Only the pull request's diff is secret-scanned as code; text a control quotes (the title, the
 * annotation) is redacted of detected secrets when the result is made (engine/evaluate-control.ts).
 * The Okta attributes and the AWS tags show that Evident copies no source field it does not need
 * (DESIGN.md: evidence is the collector's parameters, counts and results; the Okta snapshot keeps
 * the fields its controls read).
 */
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import PDFDocument from 'pdfkit';
import { pino } from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidentApp } from '../../app/index.ts';
import { createWebhookReceiver } from '../../app/webhook-receiver.ts';
import { redactSecretsDeep, redactSecretsInText } from '../../engine/secrets/redact-text.ts';
import { startAwsConfigServer, awsTestCredentials, type AwsConfigTestServer } from '../support/aws-config-server.ts';
import { generateWorld } from '../support/aws-config-world.ts';
import { awsSecretAccessKey, githubPat } from '../support/canary-secrets.ts';
import { evident, type CliResult } from '../support/cli.ts';
import { findCanaries, findCanariesInTree, type Canary, type CanaryHit } from '../support/find-canary.ts';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.ts';
import { seedOrg } from '../support/okta-seed.ts';
import { startOktaServer, type OktaTestServer } from '../support/okta-server.ts';
import { startOpenAIServer, type OpenAITestServer } from '../support/openai-server.ts';
import { startPagerDutyServer, type PagerDutyTestServer } from '../support/pagerduty-server.ts';
import { startSlackServer, type SlackTestServer } from '../support/slack-server.ts';
import { deliver, examplePayload } from '../support/webhook-delivery.ts';

const WEBHOOK_SECRET = 'canary-webhook-secret-long-enough-to-pass';
const APP_ID = 4343;
const INSTALLATION = 91;
const CLI_TOKEN = 'canary-cli-token';
const FINGERPRINT_KEY = 'canary-fingerprint-key';
const ACCOUNT = '123456789012';
const OPEN_HEAD = 'c0ffee00000000000000000000000000000000c7';
const MERGED_HEAD = 'c0ffee00000000000000000000000000000000c8';
const pat = githubPat();
const awsKey = awsSecretAccessKey();
const canaries: Canary[] = [
  { label: 'github-pat', value: pat },
  { label: 'aws-secret-access-key', value: awsKey },
];
/** The keyed fingerprint Evident must record: HMAC-SHA256 under the organization's key, 32 hex (engine/secrets/fingerprint.ts). */
const fingerprintOf = (secret: string) => createHmac('sha256', FINGERPRINT_KEY).update(secret, 'utf8').digest('hex').slice(0, 32);

const PATCHES = {
  'src/billing.ts': `@@ -1,2 +1,3 @@\n import { Client } from './client';\n-const key = process.env.KEY;\n+const region = 'eu-west-1';\n+const token = "${pat}";`,
  'deploy/aws.env': `@@ -0,0 +1,2 @@\n+AWS_REGION=eu-west-1\n+aws_secret_access_key=${awsKey}`,
};
const CANARY_USER = '00ucanaryadmin000001';
/**
 * Tokens pasted into titles: pr-ticket-linked quotes the title, so it would reach evidence and
 * prompts; and the webhook payload carries it, so a failed delivery must not log the payload.
 */
const OPEN_TITLE = `SEC-21 deploy credentials for billing, token ${pat}`;
const mergedTitle = `SEC-22 billing deploy with CI token ${pat}`;
const CANARY_BUCKET = `acme-canary-exports-${ACCOUNT}`;

let github: GitHubTestServer;
let okta: OktaTestServer;
let aws: AwsConfigTestServer;
let openai: OpenAITestServer;
let pagerduty: PagerDutyTestServer;
let slack: SlackTestServer;
let receiver: Server;
let dir: string;
let evidence: string;
let out: string;
/** Every line the Probot app logged, at trace level and above, as pino writes them. */
const appLog: string[] = [];
const cli: Record<string, CliResult> = {};
const deliveries: Record<string, number> = {};

function pullRequestPayload(action: 'opened' | 'synchronize' | 'closed', number: number, title: string, head: string, mergedAt: string | null) {
  const payload = examplePayload('pull_request', action) as Record<string, any>;
  payload.installation = { id: INSTALLATION, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uOTE=' };
  Object.assign(payload.repository, { name: 'api', full_name: 'acme/api' });
  payload.repository.owner.login = 'acme';
  payload.number = number;
  Object.assign(payload.pull_request, { number, title, merged: mergedAt !== null, merged_at: mergedAt });
  payload.pull_request.head.sha = head;
  return payload;
}

/** A structured triage for prompts that ask for one, a plain narrative for the report's. */
function modelAnswer(body: { response_format?: unknown }) {
  if (body.response_format !== undefined) {
    return { content: { severity: 'critical', remediation_steps: ['Rotate what resource-1 exposes.', 'Have user-1 enroll a FIDO2 key.'], sla_hours: 24, needs_manual_approval: true, rationale: 'The facts given show an exposure.' } };
  }
  return { raw: 'Most controls passed this month; the failures listed need attention within their SLAs.' };
}

function compliance(): string {
  return [
    'version: 1',
    'organization: acme',
    `evidence: { store: filesystem, path: ${JSON.stringify(evidence)} }`,
    'sources:',
    `  github: { org: acme, complianceRepo: compliance, apiUrl: "${github.url}" }`,
    `  okta: { orgUrl: "${okta.url}" }`,
    `  aws: { regions: [us-east-1], accountIds: ["${ACCOUNT}"] }`,
    'controls:',
    '  pr-ticket-linked: { jiraProjects: [SEC] }',
    `triage: { openai: { model: gpt-4o, baseURL: "${openai.baseURL}" } }`,
    'alerts:',
    '  pagerduty: { severities: [critical, high] }',
    '  slack: { severities: [critical, high, medium, low], summary: true }',
    '',
  ].join('\n');
}

async function startApp(privateKeyPem: string): Promise<string> {
  process.env.WEBHOOK_SECRET = WEBHOOK_SECRET;
  const probot = new Probot({
    appId: APP_ID,
    privateKey: privateKeyPem,
    secret: WEBHOOK_SECRET,
    baseUrl: github.url,
    // Every level, so a value logged only at debug or trace is caught too.
    log: pino({ level: 'trace' }, { write: (line: string) => void appLog.push(line) }),
    // Writes spaced a second apart are for GitHub, not for a loopback server.
    Octokit: ProbotOctokit.defaults((options: Record<string, any>) => ({ ...options, throttle: { ...options.throttle, enabled: false } })),
  });
  const env = { EVIDENT_FINGERPRINT_KEY: FINGERPRINT_KEY, OPENAI_API_KEY: 'sk-canary-test', PAGERDUTY_ROUTING_KEY: 'R0UT1NGK3Y0000000000000000000001', SLACK_WEBHOOK_URL: slack.webhookUrl };
  // Wired as app/server.ts wires it in production: the app's own receiver in front of Probot.
  await probot.load(evidentApp({ dependencies: { env, alertBaseUrls: { pagerduty: pagerduty.url } } }));
  const receive = createWebhookReceiver({ probot, secret: WEBHOOK_SECRET, path: '/api/github/webhooks' });
  receiver = createServer((request, response) => void receive(request, response, () => response.writeHead(404).end()));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/github/webhooks`;
}

function seedOkta(now: Date) {
  const org = seedOrg({ users: 12, now });
  const created = new Date(now.getTime() - 400 * 86_400_000).toISOString();
  // An administrator without MFA who has not signed in for months: failing in three controls, so
  // the user is in findings, issues, prompts and reports, with a token pasted into the profile.
  org.addUser(
    {
      id: CANARY_USER,
      status: 'ACTIVE',
      created,
      activated: created,
      statusChanged: created,
      lastLogin: new Date(now.getTime() - 200 * 86_400_000).toISOString(),
      profile: { login: 'dana.ops@acme.example', email: 'dana.ops@acme.example', firstName: 'Dana', lastName: 'Ops', title: pat, deployCredential: `aws_secret_access_key=${awsKey}` },
    },
    { log: false },
  );
  org.grantRole(CANARY_USER, 'SUPER_ADMIN', created, { log: false });
  return org;
}

function seedAws() {
  const world = generateWorld({ accounts: [ACCOUNT], regions: ['us-east-1'], bucketsPerRegion: 3, securityGroupsPerRegion: 3, rulesPerRegion: 3 });
  const off = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };
  // No account-level block, so the canary bucket fails on its own settings and is named in the finding.
  for (const item of world.items.filter((i) => i.resourceType === 'AWS::S3::AccountPublicAccessBlock')) item.configuration = { ...off };
  const bucket = world.items.find((i) => i.resourceType === 'AWS::S3::Bucket')!;
  const tags = { 'data-classification': 'confidential', 'ci-token': pat, 'backup-credential': awsKey };
  Object.assign(bucket, {
    resourceId: CANARY_BUCKET,
    resourceName: CANARY_BUCKET,
    arn: `arn:aws:s3:::${CANARY_BUCKET}`,
    configuration: { ...bucket.configuration, name: CANARY_BUCKET },
    tags: Object.entries(tags).map(([key, value]) => ({ key, value, tag: `${key}=${value}` })),
  });
  bucket.supplementaryConfiguration = {
    ...bucket.supplementaryConfiguration,
    PublicAccessBlockConfiguration: { ...off },
    BucketPolicy: { policyText: null },
    // Config also records a bucket's tags here (https://github.com/awslabs/aws-config-resource-schema, AWS::S3::Bucket).
    BucketTaggingConfiguration: { tagSets: [{ tags }] },
  };
  const group = world.items.find((i) => i.resourceType === 'AWS::EC2::SecurityGroup')!;
  group.configuration = { ...group.configuration, description: `temporary access for the deploy bot, key ${awsKey}` };
  // A custom Config rule's annotation is free text its author writes; this one quotes a token.
  Object.assign(world.rules[0]!, {
    compliance: 'NON_COMPLIANT',
    nonCompliantResources: [{ type: 'AWS::EC2::SecurityGroup', id: group.resourceId, annotation: `SSH open to the world; deploy bot token ${pat}` }],
  });
  return world;
}

/** Runs a CLI command and keeps its output for the search. */
async function run(name: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  const result = await evident(args, { cwd: dir, env, timeoutMs: 120_000, ...(input === undefined ? {} : { input }) });
  cli[name] = result;
  return result;
}

beforeAll(async () => {
  const now = new Date();
  // The merge lies in the month of the run, so the monthly report covers both.
  const mergedAt = new Date(Math.max(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1), now.getTime() - 10 * 60_000));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  [github, okta, aws, openai, pagerduty, slack] = await Promise.all([
    startGitHubServer({ token: CLI_TOKEN, app: { id: APP_ID, privateKeyPem } }),
    startOktaServer({ org: seedOkta(now), now }),
    startAwsConfigServer(seedAws()),
    startOpenAIServer({ otherwise: modelAnswer }),
    startPagerDutyServer(),
    startSlackServer(),
  ]);
  dir = await mkdtemp(join(tmpdir(), 'evident-canary-'));
  evidence = join(dir, 'evidence');
  out = join(dir, 'out');
  await mkdir(out);

  github.seedInstallation({ id: INSTALLATION, account: 'acme', repositories: ['acme/api', 'acme/compliance'] });
  github.seedOrganization('acme', { twoFactorRequirementEnabled: true, members: ['ana', 'ben'] });
  github.seedRepositorySettings('acme', 'api', { secretScanning: { enabled: true, pushProtection: true } });
  github.seedFile('acme', 'compliance', 'compliance.yml', compliance());
  await writeFile(join(dir, 'compliance.yml'), compliance());
  const files = Object.entries(PATCHES).map(([filename, patch]) => ({ filename, status: filename.endsWith('.env') ? 'added' : 'modified', additions: 2, deletions: filename.endsWith('.env') ? 0 : 1, patch }) as const);
  const created = new Date(mergedAt.getTime() - 3_600_000).toISOString();
  github.seedPullRequest('acme', 'api', {
    number: 7,
    title: OPEN_TITLE,
    user: 'ana',
    head: { ref: 'sec-21-deploy', sha: OPEN_HEAD },
    created_at: created,
    commits: [{ sha: OPEN_HEAD, authors: ['ana'], committed_date: created }],
    files,
  });
  github.seedPullRequest('acme', 'api', {
    number: 8,
    title: mergedTitle,
    user: 'ana',
    head: { ref: 'sec-22-deploy', sha: MERGED_HEAD },
    state: 'closed',
    created_at: created,
    merged_at: mergedAt.toISOString(),
    merged_by: 'ana',
    merge_commit_sha: 'aaaaaaa0000000000000000000000000000000c8',
    commits: [{ sha: MERGED_HEAD, authors: ['ana'], committed_date: created }],
    files,
  });

  // (a) The app: a check run, a check-run write GitHub refuses (an error in the log), a merge.
  const url = await startApp(privateKeyPem);
  const send = async (name: string, payload: unknown) => (deliveries[name] = (await deliver(url, { event: 'pull_request', payload, secret: WEBHOOK_SECRET })).status);
  await send('opened', pullRequestPayload('opened', 7, OPEN_TITLE, OPEN_HEAD, null));
  github.failNext({ method: 'PATCH', path: /\/check-runs\/\d+$/, status: 403 });
  await send('synchronize refused', pullRequestPayload('synchronize', 7, OPEN_TITLE, OPEN_HEAD, null));
  await send('merged', pullRequestPayload('closed', 8, mergedTitle, MERGED_HEAD, mergedAt.toISOString()));

  // (b), (c) and the rest: the scheduled run, then everything that reads its evidence.
  const credentials = awsTestCredentials(ACCOUNT);
  const env = {
    GITHUB_TOKEN: CLI_TOKEN,
    EVIDENT_GITHUB_WRITE_SPACING_MS: '1',
    EVIDENT_FINGERPRINT_KEY: FINGERPRINT_KEY,
    OKTA_TOKEN: okta.token,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_ACCOUNT_ID: ACCOUNT,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_CONFIG_SERVICE: aws.endpoint,
    OPENAI_API_KEY: 'sk-canary-test',
    SLACK_WEBHOOK_URL: slack.webhookUrl,
    // PAGERDUTY_ROUTING_KEY stays unset: `evident run` can only reach events.pagerduty.com.
  };
  const config = join(dir, 'compliance.yml');
  const month = now.toISOString().slice(0, 7);
  const day = (at: Date) => at.toISOString().slice(0, 10);
  const reading = ['--evidence', evidence, '--config', config, '--history', 'github'];
  await run('run', ['run', '--config', config], env);
  await run('verify', ['verify', '--evidence', evidence], env);
  for (const format of ['md', 'html', 'pdf']) await run(`report ${format}`, ['report', '--month', month, ...reading, '--format', format, '--out', join(out, `report.${format}`)], env);
  await run('package', ['package', '--from', day(mergedAt), '--to', day(now), ...reading, '--zip', '--out', join(out, 'package')], env);
  await run('dashboard', ['dashboard', ...reading, '--out', join(out, 'dashboard')], env);
  const diff = await (await fetch(`${github.url}/repos/acme/api/pulls/8`, { headers: { authorization: `token ${CLI_TOKEN}`, accept: 'application/vnd.github.diff' } })).text();
  await writeFile(join(dir, 'pr-8.diff'), diff);
  for (const format of ['text', 'json', 'sarif']) await run(`scan ${format}`, ['scan', '--diff', '-', '--format', format], env, diff);
}, 300_000);

afterAll(async () => {
  github?.assertHealthy();
  await new Promise((resolve) => (receiver === undefined ? resolve(undefined) : receiver.close(resolve)));
  await Promise.all([github?.close(), okta?.close(), aws?.close(), openai?.close(), pagerduty?.close(), slack?.close()]);
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Every JSON evidence record, parsed, by key. */
async function evidenceRecords(): Promise<Map<string, Record<string, any>>> {
  const records = new Map<string, Record<string, any>>();
  for (const file of await readdir(evidence, { recursive: true })) {
    if (/^\d{4}\/.*\.json$/.test(file)) records.set(file, JSON.parse(await readFile(join(evidence, file), 'utf8')));
  }
  return records;
}

const prNoSecretsRecord = async () =>
  [...(await evidenceRecords()).values()].find((r) => r.kind === 'control-result' && r.control.id === 'pr-no-secrets' && r.result.scope === 'github:acme/api#8');

/** Hits in labelled texts, for one expectation over many places. */
const hitsIn = (texts: Record<string, unknown>) => Object.entries(texts).flatMap(([where, value]): CanaryHit[] => findCanaries(typeof value === 'string' ? value : JSON.stringify(value), where, canaries));

describe('[case 8] the canary search and the redaction it relies on', () => {
  it('[case 8] the search finds a canary in every form it claims: escaped, encoded, reflowed, cut to 12 characters, in a zip and in a PDF', async () => {
    const key = awsKey;
    const planted: Record<string, string> = {
      raw: `x ${key} y`,
      json: JSON.stringify({ v: key }).replaceAll('/', '\\/'),
      url: `https://example.test/?k=${encodeURIComponent(key).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())}`,
      base64: [0, 1, 2].map((pad) => Buffer.from(`${'p'.repeat(pad)}${key}!`).toString('base64')).join(' '),
      hex: Buffer.from(key).toString('hex'),
      html: `<td>${key.slice(0, 9)}<wbr>${key.slice(9, 20).replaceAll('/', '&#x2F;')}&shy;${key.slice(20)}</td>`,
      markdown: `\\${key.slice(0, 20)}\n${key.slice(20)}`,
      fragment: `shown as ${key.slice(5, 17)}…`,
    };
    for (const [form, text] of Object.entries(planted)) expect(findCanaries(text, form, canaries).length, form).toBeGreaterThan(0);
    expect(findCanaries(`shown as ${key.slice(0, 4)}… and ${pat.slice(0, 4)}…`, 'redacted', canaries)).toEqual([]);

    const folder = await mkdtemp(join(tmpdir(), 'evident-canary-search-'));
    try {
      const pdf = new PDFDocument({ compress: true });
      const chunks: Buffer[] = [];
      pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
      const done = new Promise((resolve) => pdf.on('end', resolve));
      pdf.text(`token ${pat}`);
      pdf.end();
      await done;
      await writeFile(join(folder, 'report.pdf'), Buffer.concat(chunks));
      await writeFile(join(folder, 'package.zip'), zipSync({ 'records/r.json': strToU8(JSON.stringify({ key })) }));
      const scan = await findCanariesInTree(folder, canaries);
      expect(new Set(scan.hits.map((h) => `${h.where.split(' ')[0]} ${h.canary}`))).toEqual(new Set(['report.pdf github-pat', 'package.zip!records/r.json aws-secret-access-key']));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('[case 8] a detected secret in text a control quotes is cut to what Evident shows of a secret; other text is left as it is', () => {
    const text = `deploy with ${pat}; aws_secret_access_key=${awsKey} (ticket SEC-22, bucket acme-exports)`;
    expect(redactSecretsInText(text)).toBe(`deploy with ${pat.slice(0, 4)}…; aws_secret_access_key=${awsKey.slice(0, 4)}… (ticket SEC-22, bucket acme-exports)`);
    const details = { title: `CI token ${pat}`, labels: ['ok', pat], count: 2, nested: { annotation: pat } };
    expect(redactSecretsDeep(details)).toEqual({ title: 'CI token ghp_…', labels: ['ok', 'ghp_…'], count: 2, nested: { annotation: 'ghp_…' } });
    expect(redactSecretsInText('SEC-22 rotate the AKIA key id (AKIAIOSFODNN7EXAMPLE)')).toBe('SEC-22 rotate the AKIA key id (AKIAIOSFODNN7EXAMPLE)');
  });
});

describe('[case 8] a canary secret planted in a diff, an Okta profile and AWS tags never leaves Evident whole', () => {
  it('[case 8] the canaries were served by their sources and seen by Evident: each secret is found, shown as at most 4 characters and a keyed fingerprint', async () => {
    // The sources held them: the diff GitHub serves, the Okta user, the AWS configuration item.
    const diff = await readFile(join(dir, 'pr-8.diff'), 'utf8');
    expect(findCanaries(diff, 'diff', canaries).filter((h) => h.form === 'raw').map((h) => h.canary)).toEqual(['github-pat', 'aws-secret-access-key']);
    const user = (await (await fetch(`${okta.url}/api/v1/users/${CANARY_USER}`, { headers: { authorization: `SSWS ${okta.token}` } })).json()) as { profile: Record<string, string> };
    expect(user.profile.title).toBe(pat);
    expect(aws.world.items.find((i) => i.resourceId === CANARY_BUCKET)?.tags.map((t) => t.value)).toContain(awsKey);

    // The app ran: a check run on #7, a failed write on the synchronize, the merge of #8 recorded.
    expect({ ...deliveries, 'synchronize refused': deliveries['synchronize refused']! >= 400 }).toEqual({ opened: 200, 'synchronize refused': true, merged: 200 });
    expect(github.pendingFaults()).toBe(0);
    const [check] = github.checkRuns('acme', 'api');
    expect(check).toMatchObject({ head_sha: OPEN_HEAD, conclusion: 'failure' });
    expect(check?.annotations.map((a) => [a.path, a.start_line])).toEqual([['src/billing.ts', 3], ['deploy/aws.env', 2]]);
    for (const [annotation, secret] of [[check?.annotations[0], pat], [check?.annotations[1], awsKey]] as const) {
      expect(annotation?.message).toContain(`(${secret.slice(0, 4)}…, fingerprint ${fingerprintOf(secret).slice(0, 12)})`);
    }

    // Evidence keeps the rule, the place, at most 4 characters and the fingerprint under the organization's key.
    const record = await prNoSecretsRecord();
    expect(record?.result.status).toBe('fail');
    const findings = record?.result.outcomes[0].details.findings as { rule: string; redacted: string; fingerprint: string }[];
    expect(findings.map((f) => [f.rule, f.fingerprint])).toEqual([
      ['github-pat-classic', fingerprintOf(pat)],
      ['aws-secret-access-key', fingerprintOf(awsKey)],
    ]);
    for (const finding of findings) expect(finding.redacted).toMatch(/^[^…]{0,4}…$/u);
    expect(github.issues('acme', 'compliance').map((i) => i.title)).toEqual(expect.arrayContaining([expect.stringContaining('pr-no-secrets: acme/api#8')]));
    expect(pagerduty.incidents.map((i) => i.summary)).toEqual(expect.arrayContaining([expect.stringContaining('pr-no-secrets failed on github:acme/api#8')]));

    // The scheduled run tested the canary admin and the canary bucket, and read the bucket's tags.
    expect(cli.run?.code, cli.run?.stderr).toBe(1);
    const results = [...(await evidenceRecords()).values()].filter((r) => r.kind === 'control-result');
    const outcome = (control: string, resource: string) => results.find((r) => r.control.id === control)?.result.outcomes.find((o: { resource: string }) => o.resource === resource);
    expect(outcome('okta-admin-mfa', CANARY_USER)?.status).toBe('fail');
    expect(outcome('aws-s3-public-access-blocked', CANARY_BUCKET)).toMatchObject({ status: 'fail', details: { sensitiveTag: { key: 'data-classification', value: 'confidential' } } });
    // Text a control quotes from its source keeps the secret's first 4 characters only: the title, a rule's annotation.
    const ticket = results.find((r) => r.control.id === 'pr-ticket-linked' && r.result.scope === 'github:acme/api#8');
    expect(ticket?.result.outcomes[0].details.title).toBe(`SEC-22 billing deploy with CI token ${pat.slice(0, 4)}…`);
    const annotations = JSON.stringify(outcome('aws-config-rules-compliant', `config-rule:${ACCOUNT}/us-east-1/${aws.world.rules[0]!.name}`)?.details);
    expect(annotations).toContain(`deploy bot token ${pat.slice(0, 4)}…`);
    // Prompts went out for all three sources, and the scanner of `evident scan` found both secrets.
    const prompted = openai.requests.map((r) => r.body.messages.at(-1)?.content ?? '');
    for (const control of ['pr-no-secrets', 'okta-admin-mfa', 'aws-s3-public-access-blocked']) expect(prompted.some((p) => p.includes(`"id": "${control}"`)), control).toBe(true);
    const json = JSON.parse(cli['scan json']?.stdout ?? '[]') as { rule: string; fingerprint: string }[];
    expect(json.map((f) => [f.rule, f.fingerprint])).toEqual([
      ['github-pat-classic', fingerprintOf(pat)],
      ['aws-secret-access-key', fingerprintOf(awsKey)],
    ]);
  });

  it('[case 8] no request Evident sent holds a canary in any form: GitHub check runs, annotations, issues, comments and labels, OpenAI prompts, PagerDuty, Slack, Okta, AWS', () => {
    const sent = {
      ...Object.fromEntries(github.requests.map((r, i) => [`github request ${i} ${r.method} ${r.path}`, { query: r.query, body: r.body }])),
      'github check runs': github.checkRuns('acme', 'api'),
      'github issues': github.issues('acme', 'compliance'),
      'github comments': github.comments('acme', 'compliance'),
      'github labels': github.labels('acme', 'compliance'),
      ...Object.fromEntries(openai.requests.map((r, i) => [`openai prompt ${i}`, r.body])),
      ...Object.fromEntries(pagerduty.requests.map((r, i) => [`pagerduty event ${i}`, r.raw])),
      ...Object.fromEntries(slack.requests.map((r, i) => [`slack message ${i}`, r.raw])),
      'okta requests': okta.requests,
      'aws config requests': aws.requests,
    };
    // Not vacuous: every kind of write and message happened.
    const writes = new Set(github.requests.filter((r) => r.method !== 'GET').map((r) => r.operation));
    expect([...writes]).toEqual(expect.arrayContaining(['POST /repos/{owner}/{repo}/check-runs', 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', 'POST /repos/{owner}/{repo}/issues']));
    expect(openai.requests.filter((r) => r.body.response_format !== undefined).length).toBeGreaterThanOrEqual(3);
    expect(openai.requests.filter((r) => r.body.response_format === undefined)).toHaveLength(3);
    expect(pagerduty.requests.length).toBeGreaterThan(0);
    expect(slack.messages.length).toBeGreaterThan(1);
    expect(hitsIn(sent)).toEqual([]);
  });

  it('[case 8] no log holds a canary: the app’s Probot log at trace level, the refused check-run write’s error included, and every CLI command’s stdout and stderr', () => {
    const levels = appLog.map((line) => (JSON.parse(line) as { level: number }).level);
    expect(levels.some((level) => level <= 20), 'trace and debug lines were captured').toBe(true);
    const errors = appLog.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    expect(errors.length, 'the refused check-run write was logged as an error').toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(/403/);
    expect(Object.keys(cli)).toEqual(['run', 'verify', 'report md', 'report html', 'report pdf', 'package', 'dashboard', 'scan text', 'scan json', 'scan sarif']);
    expect(cli.verify?.code).toBe(0);
    for (const [name, result] of Object.entries(cli)) expect([name, result.code]).toEqual([name, name.startsWith('scan') ? 1 : name === 'run' ? 1 : 0]);
    const printed = Object.fromEntries(Object.entries(cli).flatMap(([name, result]) => [[`${name} stdout`, result.stdout], [`${name} stderr`, result.stderr]]));
    expect(hitsIn({ ...printed, ...Object.fromEntries(appLog.map((line, i) => [`app log line ${i}`, line])) })).toEqual([]);
  });

  it('[case 8] no file holds a canary: the evidence archive, the monthly report in md, html and pdf, the audit package and its zip, the dashboard', async () => {
    const archive = await findCanariesInTree(evidence, canaries);
    const outputs = await findCanariesInTree(out, canaries);
    // Not vacuous: the record kinds, every report format, the zip's entries and the dashboard were read.
    expect(archive.searched.some((f) => /-snapshot-\d{4}-/.test(f)) && archive.searched.some((f) => /-triage-\d{4}-/.test(f))).toBe(true);
    expect(outputs.searched).toEqual(expect.arrayContaining(['report.md', 'report.html', 'report.pdf', join('dashboard', 'index.html')]));
    expect(outputs.searched.filter((f) => f.includes('.zip!')).length).toBeGreaterThan(10);
    expect([...archive.hits, ...outputs.hits]).toEqual([]);
  });

  it('[case 8] evidence keeps only the Okta and AWS fields its controls read: no profile attribute, tag or supplementary configuration', async () => {
    const records = [...(await evidenceRecords()).values()];
    const oktaSnapshots = records.filter((r) => r.kind === 'snapshot' && r.source === 'okta');
    expect(oktaSnapshots.length).toBeGreaterThan(0);
    const users = oktaSnapshots.flatMap((r) => r.snapshot.data.users as Record<string, unknown>[]);
    expect(users.map((u) => u.id)).toContain(CANARY_USER);
    const kept = new Set(users.flatMap((u) => Object.keys(u)));
    expect([...kept].sort()).toEqual(['activated', 'adminRoles', 'created', 'email', 'factors', 'groups', 'id', 'lastLogin', 'login', 'status', 'statusChanged']);
    // AWS results keep the collector's counts and each outcome's facts; the one tag a control reads shows as the fact it is.
    const awsResults = records.filter((r) => r.kind === 'control-result' && r.collector.source === 'aws');
    expect(awsResults.length).toBeGreaterThan(0);
    const text = JSON.stringify(awsResults);
    for (const field of ['"tags"', '"supplementaryConfiguration"', 'BucketTaggingConfiguration', 'ci-token', 'backup-credential', '"description"']) expect(text, field).not.toContain(field);
  });
});
