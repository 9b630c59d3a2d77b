/**
 * The GitHub App under a stream of webhook deliveries (webhook-load-plan.ts), for
 * bench/load-webhooks.ts and test/hardening/load-webhooks.test.ts: the app wired as app/server.ts
 * wires it (Probot with evidentApp, behind app/webhook-receiver.ts) on 127.0.0.1, the loopback GitHub
 * of the tests (in this thread, or on its own with `githubThread`), and evidence in a temporary folder.
 *
 * What each distinct event must leave behind: an open pull request, one check run on its head; a
 * merged one (seeded without an approval, with a ticket and no secret), one evidence record per
 * pull-request control, one triage record for the failing approval test, and one issue.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Probot, ProbotOctokit } from 'probot';
import { evidentApp } from '../../app/index.ts';
import { createWebhookReceiver } from '../../app/webhook-receiver.ts';
import type { AppDependencies } from '../../engine/change-management/handlers.ts';
import { catalog } from '../../engine/controls/index.ts';
import { kindOfKey, RECORD_KEY } from '../../engine/evidence/record.ts';
import { startGitHubServer, type GitHubCheckRun, type GitHubIssue } from './github-server.ts';
import { callGitHub, startGitHubServerInWorker, type GitHubCall } from './github-server-worker.ts';
import { LOAD_INSTALLATION, LOAD_SECRET, loadHeadSha, type LoadPlan } from './webhook-load-plan.ts';

const CHECK_NAME = 'Evident / change management';
/** The pull-request controls: each merged pull request gets one result record per control. */
export const PULL_REQUEST_CONTROLS = catalog.filter((control) => control.source.id === 'github-pull-request').map((control) => control.id);

/** The loopback GitHub wherever it runs: its URL, and its methods called by name. */
export interface LoopbackGitHub {
  url: string;
  call<T>(method: GitHubCall[0], ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

export interface AppUnderLoad {
  url: string;
  github: LoopbackGitHub;
  evidence: string;
  close(): Promise<void>;
}

export interface AppUnderLoadOptions {
  /** Keep Probot's octokit throttling as in production (writes a second apart, three for those that notify people); off by default, as in the tests. */
  throttle?: boolean;
  /** Run the loopback GitHub on a thread of its own (benchmarks), not in the app's event loop. */
  githubThread?: boolean;
  /** Overrides of the app's dependencies (AppDependencies), e.g. to try it without its per-PR queue. */
  dependencies?: Partial<AppDependencies>;
  /** Probot's log level (its log goes to standard output). Default: fatal, i.e. quiet. */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info';
}

/** The seeding calls for the plan's pull requests and the compliance repository. */
function seeds(plan: LoadPlan, evidence: string): GitHubCall[] {
  const files = (n: number) => [{ filename: `src/f${n}.ts`, status: 'modified', additions: 2, deletions: 1, patch: `@@ -1,1 +1,2 @@\n-export const a${n} = 1;\n+export const a${n} = 2;\n+export const b${n} = 3;` }];
  const base = (n: number) => ({ number: n, title: `SEC-${n} change`, user: 'ana', created_at: '2026-11-02T08:00:00Z', files: files(n) });
  return [
    ['seedInstallation', [{ id: LOAD_INSTALLATION, account: 'acme', repositories: ['acme/api', 'acme/compliance'] }]],
    [
      'seedFile',
      [
        'acme',
        'compliance',
        'compliance.yml',
        `version: 1\norganization: acme\nevidence: { store: filesystem, path: ${JSON.stringify(evidence)} }\nsources:\n  github: { org: acme, complianceRepo: compliance }\ncontrols:\n  pr-ticket-linked: { jiraProjects: [SEC] }\n`,
      ],
    ],
    ...plan.open.map((n): GitHubCall => ['seedPullRequest', ['acme', 'api', { ...base(n), head: { ref: `b${n}`, sha: loadHeadSha(n) } }]]),
    ...plan.merged.map(
      (n): GitHubCall => [
        'seedPullRequest',
        [
          'acme',
          'api',
          {
            ...base(n),
            head: { ref: `m${n}`, sha: loadHeadSha(n) },
            state: 'closed',
            merged_at: '2026-11-02T10:00:00Z',
            merged_by: 'ana',
            commits: [{ sha: loadHeadSha(n), authors: ['ana'], committed_date: '2026-11-02T08:30:00Z' }],
          },
        ],
      ],
    ),
  ];
}

/** Starts the loopback GitHub with the plan's pull requests and the app in front of it. */
export async function startAppUnderLoad(plan: LoadPlan, options: AppUnderLoadOptions = {}): Promise<AppUnderLoad> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const evidence = await mkdtemp(join(tmpdir(), 'evident-load-'));
  // A budget no load here reaches: this measures the app, not GitHub's hourly limit.
  const serverOptions = { app: { id: 1, privateKeyPem: pem }, rateLimit: 10_000_000 };
  let github: LoopbackGitHub;
  if (options.githubThread === true) github = await startGitHubServerInWorker(serverOptions, seeds(plan, evidence));
  else {
    const server = await startGitHubServer(serverOptions);
    const run = (method: GitHubCall[0], args: unknown[]) => callGitHub(server, method, args);
    for (const [method, args] of seeds(plan, evidence)) run(method, args);
    github = { url: server.url, call: async (method, ...args) => (await run(method, args)) as never, close: () => server.close() };
  }

  process.env.WEBHOOK_SECRET = LOAD_SECRET;
  const probot = new Probot({
    appId: 1,
    privateKey: pem,
    secret: LOAD_SECRET,
    baseUrl: github.url,
    logLevel: options.logLevel ?? 'fatal',
    ...(options.throttle === true ? {} : { Octokit: ProbotOctokit.defaults((o: Record<string, any>) => ({ ...o, throttle: { ...o.throttle, enabled: false } })) }),
  });
  await probot.load(evidentApp({ dependencies: { env: { EVIDENT_FINGERPRINT_KEY: 'load' }, ...options.dependencies } }));
  const receiver = createWebhookReceiver({ probot, secret: LOAD_SECRET, path: '/api/github/webhooks' });
  const server: Server = createServer((request, response) => void receiver(request, response, () => response.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`,
    github,
    evidence,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await github.close();
      await rm(evidence, { recursive: true, force: true });
    },
  };
}

export interface SideEffects {
  checkRuns: number;
  /** Check runs beyond the first on the same head SHA. */
  duplicateCheckRuns: number;
  /** Open pull requests without a check run on their head. */
  uncheckedPullRequests: number[];
  issues: number;
  duplicateIssues: number;
  resultRecords: number;
  triageRecords: number;
  /** Records beyond the first for the same pull request, control and kind. */
  duplicateRecords: number;
  /** Those pull requests, controls, kinds and statuses, with the keys of their records. */
  duplicatedRecords: { what: string; keys: string[] }[];
  /** Results recorded again with another status (e.g. `error` when GitHub could not be read, then `pass`). */
  rerecorded: string[];
  /** Merged pull requests missing a result of some control, or the triage of the failing one. */
  unrecordedPullRequests: number[];
}

/** What the plan's distinct events must leave behind, exactly. */
export function expectedSideEffects(plan: LoadPlan): Pick<SideEffects, 'checkRuns' | 'issues' | 'resultRecords' | 'triageRecords'> {
  return { checkRuns: plan.open.length, issues: plan.merged.length, resultRecords: plan.merged.length * PULL_REQUEST_CONTROLS.length, triageRecords: plan.merged.length };
}

/** Counts what the app left in GitHub and in the evidence folder. */
export async function sideEffects(app: AppUnderLoad, plan: LoadPlan): Promise<SideEffects> {
  const runs = (await app.github.call<GitHubCheckRun[]>('checkRuns', 'acme', 'api')).filter((run) => run.name === CHECK_NAME);
  const shas = new Set(runs.map((run) => run.head_sha));
  const issues = await app.github.call<GitHubIssue[]>('issues', 'acme', 'compliance');
  const titles = new Set(issues.map((issue) => issue.title));
  const keys = (await readdir(app.evidence, { recursive: true })).map((f) => f.split('\\').join('/')).filter((key) => RECORD_KEY.test(key));
  const seen = new Map<string, number>();
  const keysOf = new Map<string, string[]>();
  const statuses = new Map<string, Set<string>>();
  for (const key of keys) {
    const record = JSON.parse(await readFile(join(app.evidence, key), 'utf8')) as { control: { id: string }; collector?: { scope: string }; finding?: { scope: string }; result?: { status: string } };
    const what = `${record.collector?.scope ?? record.finding?.scope ?? '?'} ${record.control.id} ${kindOfKey(key)}`;
    seen.set(what, (seen.get(what) ?? 0) + 1);
    // A result recorded again with another status (an `error` when GitHub could not be read, then the
    // real one) is a second observation, not a duplicate: the status is part of what is compared.
    const id = `${what} ${record.result?.status ?? ''}`;
    statuses.set(what, (statuses.get(what) ?? new Set()).add(record.result?.status ?? ''));
    keysOf.set(id, [...(keysOf.get(id) ?? []), key]);
  }
  const recorded = (n: number, control: string, kind: string) => seen.has(`github:acme/api#${n} ${control} ${kind}`);
  return {
    checkRuns: runs.length,
    duplicateCheckRuns: runs.length - shas.size,
    uncheckedPullRequests: plan.open.filter((n) => !shas.has(loadHeadSha(n))),
    issues: issues.length,
    duplicateIssues: issues.length - titles.size,
    resultRecords: keys.filter((key) => kindOfKey(key) === 'control-result').length,
    triageRecords: keys.filter((key) => kindOfKey(key) === 'triage-decision').length,
    duplicateRecords: [...keysOf.values()].reduce((sum, k) => sum + k.length - 1, 0),
    duplicatedRecords: [...keysOf].filter(([, k]) => k.length > 1).map(([what, k]) => ({ what, keys: k })),
    rerecorded: [...statuses].filter(([, set]) => set.size > 1).map(([what]) => what),
    unrecordedPullRequests: plan.merged.filter((n) => !PULL_REQUEST_CONTROLS.every((c) => recorded(n, c, 'control-result')) || !recorded(n, 'pr-approved', 'triage-decision')),
  };
}

/**
 * Waits until the side effects stop changing (work answered 202 goes on after its answer), at most
 * `maxMs`; returns them with how long the wait took.
 */
export async function settledSideEffects(app: AppUnderLoad, plan: LoadPlan, maxMs: number): Promise<{ effects: SideEffects; waitedMs: number }> {
  const started = performance.now();
  const expected = expectedSideEffects(plan);
  const requestCount = () => app.github.call<number>('requestCount');
  let effects = await sideEffects(app, plan);
  let requests = await requestCount();
  let quietSince = performance.now();
  while (performance.now() - started < maxMs) {
    const complete = effects.checkRuns >= expected.checkRuns && effects.issues >= expected.issues && effects.resultRecords >= expected.resultRecords && effects.triageRecords >= expected.triageRecords;
    // Settled when GitHub has heard nothing new for a second (ten while something expected is missing).
    const now = await requestCount();
    if (now !== requests) [requests, quietSince] = [now, performance.now()];
    else if (performance.now() - quietSince > (complete ? 1000 : 10_000)) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
    effects = await sideEffects(app, plan);
  }
  return { effects, waitedMs: Math.round(performance.now() - started) };
}
