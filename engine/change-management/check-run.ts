/**
 * The check run branch protection can require: one per head commit, named by configuration, found
 * and updated rather than duplicated, with a summary table and an annotation at each secret (the
 * rule, the place and at most 4 characters: never the secret).
 * https://docs.github.com/en/rest/checks/runs
 */
import type { ComplianceConfig } from '../config/schema.ts';
import type { GitHubRequester } from '../collectors/github-pull-request.ts';
import type { ControlRun } from '../run.ts';

export type Conclusion = 'success' | 'failure' | 'neutral';

export interface CheckRunOutput {
  conclusion: Conclusion;
  title: string;
  summary: string;
  annotations: Annotation[];
}

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  title: string;
  message: string;
}

/** GitHub takes at most 50 annotations per request; more are sent in further updates. */
const ANNOTATIONS_PER_REQUEST = 50;

const LABELS: Record<string, string> = {
  'pr-approved': 'Independent approval',
  'pr-no-secrets': 'No hardcoded secrets',
  'pr-ticket-linked': 'Linked ticket',
};
const MARKS = { pass: '✅ pass', fail: '❌ fail', error: '⚠️ could not test', skipped: '➖ skipped' } as const;

export function checkRunOutput(runs: readonly ControlRun[], app: ComplianceConfig['app']): CheckRunOutput {
  const failing = runs.filter((run) => run.result.status === 'fail');
  const errors = runs.filter((run) => run.result.status === 'error');
  const skipped = runs.filter((run) => run.result.status === 'skipped');
  // An untested change is not a passing one: in enforce mode an error blocks too, with the reason.
  const conclusion: Conclusion = failing.length + errors.length === 0 ? 'success' : app.mode === 'advisory' ? 'neutral' : 'failure';
  const name = (run: ControlRun) => LABELS[run.control.id] ?? run.control.title;
  const title =
    failing.length > 0
      ? `${failing.length} of ${runs.length} change-management tests fail: ${failing.map(name).join(', ')}`
      : errors.length > 0
        ? `Could not complete: ${errors.map(name).join(', ')}`
        : skipped.length > 0
          ? // A skipped test (a draft, an exempt author, nothing that could be scanned) did not pass: say which.
            `${runs.length - skipped.length} of ${runs.length} change-management tests pass; skipped: ${skipped.map(name).join(', ')}`
          : `All ${runs.length} change-management tests pass`;
  const rows = runs.map((run) => {
    const detail = run.result.outcomes[0]?.message ?? run.result.reason ?? run.result.summary;
    return `| ${name(run)} | ${MARKS[run.result.status]} | ${detail.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')} |`;
  });
  const advisory = app.mode === 'advisory' && conclusion === 'neutral' ? '\n\nThis check is advisory (app.mode in compliance.yml): it reports, it does not block.' : '';
  const summary = ['| Test | Result | Detail |', '| --- | --- | --- |', ...rows].join('\n') + advisory;
  return { conclusion, title, summary, annotations: secretAnnotations(runs) };
}

function secretAnnotations(runs: readonly ControlRun[]): Annotation[] {
  const secrets = runs.find((run) => run.control.id === 'pr-no-secrets')?.result.outcomes[0]?.details;
  const findings = (secrets?.findings ?? []) as { rule: string; file: string; line: number; redacted: string; fingerprint: string }[];
  return findings.map((finding) => ({
    path: finding.file,
    start_line: finding.line,
    end_line: finding.line,
    annotation_level: 'failure',
    title: `Hardcoded secret: ${finding.rule}`,
    message: `A ${finding.rule} (${finding.redacted}, fingerprint ${finding.fingerprint.slice(0, 12)}) is added here. Revoke and rotate it, move it to a secret manager, and remove it from the branch; if it is not a secret, add evident:allow to the line.`,
  }));
}

/** The output for a pull request when the organization's compliance.yml is missing or invalid. */
export function configProblemOutput(reason: 'missing' | 'invalid', problems: readonly string[], app?: ComplianceConfig['app']): CheckRunOutput {
  return {
    // Missing: Evident is installed but not set up yet. Invalid: the checks cannot run as configured.
    conclusion: reason === 'missing' || app?.mode === 'advisory' ? 'neutral' : 'failure',
    title: reason === 'missing' ? 'Evident is not configured for this organization yet' : 'compliance.yml is not valid, so no test ran',
    summary: problems.map((problem) => `- ${problem}`).join('\n'),
    annotations: [],
  };
}

/**
 * The output for a pull request that could not be read at all: like a test that errored, it blocks in
 * enforce mode and says why; it never leaves an earlier pass standing.
 */
export function notTestedOutput(reason: string, app: ComplianceConfig['app']): CheckRunOutput {
  return {
    conclusion: app.mode === 'advisory' ? 'neutral' : 'failure',
    title: 'Could not complete: the pull request could not be read',
    summary: `No test ran: ${reason.replace(/\r?\n/g, ' ')}. Evident tries again on the next event of this pull request, or when the delivery is redelivered.`,
    annotations: [],
  };
}

/** Creates the check run for `name` on `headSha`, or updates the one that exists. */
export async function upsertCheckRun(
  client: GitHubRequester,
  target: { owner: string; repo: string; headSha: string; name: string },
  output: CheckRunOutput,
): Promise<{ id: number; created: boolean }> {
  const { owner, repo, headSha, name } = target;
  const existing = await client.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { owner, repo, ref: headSha, check_name: name, filter: 'latest', per_page: 1 });
  const found = (existing.data as { check_runs: { id: number }[] }).check_runs[0];
  const batches = chunks(output.annotations, ANNOTATIONS_PER_REQUEST);
  const body = (annotations: Annotation[]) => ({
    status: 'completed',
    conclusion: output.conclusion,
    completed_at: new Date().toISOString(),
    output: { title: output.title, summary: output.summary, ...(annotations.length > 0 ? { annotations } : {}) },
  });
  let id: number;
  if (found === undefined) {
    const created = await client.request('POST /repos/{owner}/{repo}/check-runs', { owner, repo, name, head_sha: headSha, ...body(batches[0] ?? []) });
    id = (created.data as { id: number }).id;
  } else {
    id = found.id;
    await client.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { owner, repo, check_run_id: id, ...body(batches[0] ?? []) });
  }
  for (const batch of batches.slice(1)) {
    await client.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { owner, repo, check_run_id: id, output: { title: output.title, summary: output.summary, annotations: batch } });
  }
  return { id, created: found === undefined };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
