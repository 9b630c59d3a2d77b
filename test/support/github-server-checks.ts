/**
 * Check runs in the GitHub test server (https://docs.github.com/rest/checks/runs): create, update,
 * get, list for a ref, list annotations, with the rules GitHub applies beyond the request schema:
 *
 * - only a GitHub App creates check runs (an installation token, or GitHub Actions' GITHUB_TOKEN),
 *   and only the app that created one updates it;
 * - a `conclusion` completes the run; `completed` needs a conclusion; only GitHub sets `stale`;
 * - at most 50 annotations a request (the schema's `maxItems`), accumulated across updates,
 *   columns only on a single line; output title/summary/text replace the previous ones.
 */
import { GITHUB_ACTIONS_APP, renderApp, type AppIdentity } from './github-server-app.ts';
import { created, input, pageOf, paginate, type Route, type RouteContext } from './github-server-handler.ts';
import type { Urls } from './github-server-json.ts';
import { renderPullMinimal } from './github-server-pull-json.ts';
import { GitHubApiError, nextId, notFound, timestamp, type Repository } from './github-server-store.ts';

export type CheckStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
export type CheckConclusion = 'action_required' | 'cancelled' | 'failure' | 'neutral' | 'success' | 'skipped' | 'stale' | 'timed_out';

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

export interface StoredCheckRun {
  id: number;
  name: string;
  headSha: string;
  externalId: string | null;
  detailsUrl: string | null;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  startedAt: string | null;
  completedAt: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: CheckAnnotation[];
  app: AppIdentity;
  checkSuiteId: number;
}

/** A check run as the API renders it, with every annotation it has accumulated. */
export interface GitHubCheckRun {
  id: number;
  node_id: string;
  name: string;
  head_sha: string;
  url: string;
  html_url: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  started_at: string | null;
  completed_at: string | null;
  external_id: string | null;
  details_url: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotations_count: number; annotations_url: string };
  check_suite: { id: number };
  app: { id: number; slug: string; name: string; [key: string]: unknown };
  pull_requests: Record<string, unknown>[];
  annotations: CheckAnnotation[];
}

interface CheckRunInput {
  name?: string;
  head_sha?: string;
  details_url?: string;
  external_id?: string;
  status?: CheckStatus;
  started_at?: string;
  conclusion?: CheckConclusion;
  completed_at?: string;
  output?: { title?: string; summary: string; text?: string; annotations?: CheckAnnotation[] };
}

const invalid = (field: string, code = 'invalid', message?: string) =>
  new GitHubApiError(422, 'Validation Failed', [{ resource: 'CheckRun', field, code, ...(message === undefined ? {} : { message }) }]);

const at = (value: string) => timestamp(new Date(value));

export function renderCheckRun(repo: Repository, run: StoredCheckRun, urls: Urls): Omit<GitHubCheckRun, 'annotations'> {
  const api = `${urls.api}/repos/${repo.owner}/${repo.name}/check-runs/${run.id}`;
  return {
    id: run.id,
    name: run.name,
    node_id: Buffer.from(`08:CheckRun${run.id}`).toString('base64'),
    head_sha: run.headSha,
    external_id: run.externalId,
    url: api,
    html_url: `${urls.html}/${repo.owner}/${repo.name}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: { ...run.output, annotations_count: run.annotations.length, annotations_url: `${api}/annotations` },
    check_suite: { id: run.checkSuiteId },
    app: renderApp(run.app, urls) as GitHubCheckRun['app'],
    pull_requests: repo.pulls.filter((p) => p.state === 'open' && p.head.sha === run.headSha).map((p) => renderPullMinimal(repo, p, urls)),
  };
}

function renderAnnotation(repo: Repository, run: StoredCheckRun, a: CheckAnnotation, urls: Urls): Record<string, unknown> {
  return {
    path: a.path,
    blob_href: `${urls.html}/${repo.owner}/${repo.name}/blob/${run.headSha}/${a.path}`,
    start_line: a.start_line,
    end_line: a.end_line,
    start_column: a.start_column ?? null,
    end_column: a.end_column ?? null,
    annotation_level: a.annotation_level,
    title: a.title ?? null,
    message: a.message,
    raw_details: a.raw_details ?? null,
  };
}

function checkAnnotations(annotations: CheckAnnotation[]): void {
  for (const a of annotations) {
    if (a.start_line > a.end_line) throw invalid('annotations', 'invalid', 'start_line must be less than or equal to end_line');
    const columns = a.start_column !== undefined || a.end_column !== undefined;
    if (columns && a.start_line !== a.end_line) throw invalid('annotations', 'invalid', 'start_column and end_column may only be used when start_line and end_line are the same');
  }
}

/** Applies a create or update body: the rules the schema cannot say. */
function apply(run: StoredCheckRun, body: CheckRunInput, app: AppIdentity, now: string): void {
  if (body.conclusion === 'stale') throw invalid('conclusion');
  if (body.status !== undefined && ['waiting', 'requested', 'pending'].includes(body.status) && app.id !== GITHUB_ACTIONS_APP.id) throw invalid('status');
  if (body.output?.annotations !== undefined) checkAnnotations(body.output.annotations);
  if (body.name !== undefined) run.name = body.name;
  if (body.external_id !== undefined) run.externalId = body.external_id;
  if (body.details_url !== undefined) run.detailsUrl = body.details_url;
  if (body.started_at !== undefined) run.startedAt = at(body.started_at);
  if (body.conclusion !== undefined) {
    // "Providing conclusion will automatically set the status parameter to completed."
    run.status = 'completed';
    run.conclusion = body.conclusion;
    run.completedAt = body.completed_at === undefined ? now : at(body.completed_at);
  } else if (body.status === 'completed' || (body.completed_at !== undefined && run.conclusion === null)) {
    throw invalid('conclusion', 'missing_field');
  } else if (body.status !== undefined) {
    // Back to queued or in progress: no longer concluded.
    run.status = body.status;
    run.conclusion = null;
    run.completedAt = null;
  }
  if (body.output !== undefined) {
    run.output = { title: body.output.title ?? run.output.title, summary: body.output.summary, text: body.output.text ?? run.output.text };
    run.annotations.push(...(body.output.annotations ?? []));
  }
}

/** Only apps create check runs (https://docs.github.com/rest/checks/runs#create-a-check-run). */
function appOf(context: RouteContext): AppIdentity {
  if (context.app === undefined) throw new GitHubApiError(403, 'You must authenticate via a GitHub App.');
  return context.app;
}

function findRun(context: RouteContext): StoredCheckRun {
  const run = context.repo.checkRuns.find((r) => String(r.id) === context.params.check_run_id);
  if (run === undefined) throw notFound();
  return run;
}

/** A ref as a commit: a branch that is a pull request's head or base, or a SHA as it is. */
function commitOf(repo: Repository, ref: string): string {
  const branch = ref.replace(/^refs\/heads\//, '');
  return repo.pulls.find((p) => p.head.ref === branch)?.head.sha ?? repo.pulls.find((p) => p.base.ref === branch)?.base.sha ?? ref;
}

export const CHECK_ROUTES: Route[] = [
  {
    method: 'POST',
    rest: '/check-runs',
    issueEndpoint: false,
    permission: ['checks', 'write'],
    handle: (c) => {
      const app = appOf(c);
      const body = input<CheckRunInput & { name: string; head_sha: string }>(c.body);
      if (!/^[0-9a-f]{40}$/i.test(body.head_sha)) throw invalid('head_sha');
      const suite = c.repo.checkRuns.find((r) => r.headSha === body.head_sha && r.app.id === app.id)?.checkSuiteId ?? nextId('checkSuite');
      const run: StoredCheckRun = {
        id: nextId('checkRun'),
        name: body.name,
        headSha: body.head_sha.toLowerCase(),
        externalId: null,
        detailsUrl: app.externalUrl,
        status: 'queued',
        conclusion: null,
        startedAt: c.now,
        completedAt: null,
        output: { title: null, summary: null, text: null },
        annotations: [],
        app,
        checkSuiteId: suite,
      };
      apply(run, body, app, c.now);
      c.repo.checkRuns.push(run);
      return created(renderCheckRun(c.repo, run, c.urls));
    },
  },
  {
    method: 'PATCH',
    rest: '/check-runs/{check_run_id}',
    issueEndpoint: false,
    permission: ['checks', 'write'],
    handle: (c) => {
      const app = appOf(c);
      const run = findRun(c);
      if (run.app.id !== app.id) throw new GitHubApiError(403, 'Resource not accessible by integration');
      apply(run, input<CheckRunInput>(c.body), app, c.now);
      return { status: 200, body: renderCheckRun(c.repo, run, c.urls) };
    },
  },
  {
    method: 'GET',
    rest: '/check-runs/{check_run_id}',
    issueEndpoint: false,
    permission: ['checks', 'read'],
    handle: (c) => ({ status: 200, body: renderCheckRun(c.repo, findRun(c), c.urls) }),
  },
  {
    method: 'GET',
    rest: '/check-runs/{check_run_id}/annotations',
    issueEndpoint: false,
    permission: ['checks', 'read'],
    handle: (c) => {
      const run = findRun(c);
      return paginate(run.annotations.map((a) => renderAnnotation(c.repo, run, a, c.urls)), c);
    },
  },
  {
    method: 'GET',
    rest: '/commits/{ref}/check-runs',
    issueEndpoint: false,
    permission: ['checks', 'read'],
    handle: (c) => {
      const sha = commitOf(c.repo, c.params.ref ?? '');
      const name = c.query.get('check_name');
      const status = c.query.get('status');
      const appId = c.query.get('app_id');
      let runs = c.repo.checkRuns
        .filter((r) => r.headSha === sha && (name === null || r.name === name) && (status === null || r.status === status) && (appId === null || String(r.app.id) === appId))
        .sort((a, b) => b.id - a.id);
      // `filter=latest` (the default) keeps the newest run of each name and app.
      if (c.query.get('filter') !== 'all') runs = runs.filter((r, i) => runs.findIndex((o) => o.name === r.name && o.app.id === r.app.id) === i);
      const page = pageOf(runs, c);
      return { status: 200, body: { total_count: runs.length, check_runs: page.items.map((r) => renderCheckRun(c.repo, r, c.urls)) }, headers: page.headers };
    },
  },
];
