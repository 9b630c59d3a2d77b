/**
 * The issue history reports read (issue-history.ts), read from the compliance repository on GitHub:
 * every issue labelled `evident`, open and closed, and each one's timeline
 * (https://docs.github.com/rest/issues/issues#list-repository-issues,
 * https://docs.github.com/rest/issues/timeline#list-timeline-events-for-an-issue).
 *
 * What each issue becomes is what the demo's HistoryTracker.exportHistory derives
 * (engine/issues/history-tracker.ts): the fingerprint from Evident's hidden marker; control,
 * severity and SLA from the issue's labels as they are now, the state marker when a label is
 * missing; the scope from the body's first line. Events:
 *
 * - `opened`: the issue's `created_at`, by its author;
 * - `commented`, `assigned` (detail: the assignee), `labeled` (detail: the label), `closed`
 *   (detail: the timeline event's `state_reason`, `completed` or `not_planned`; when GitHub leaves it
 *   out, the issue's own `state_reason` for its latest closing, else none) and `reopened`, from the
 *   timeline. Other timeline events (mentioned, subscribed, renamed, unlabeled, …) are not kept.
 *
 * Times are normalized to `toISOString()` form (GitHub's `…T09:00:00Z` becomes `…T09:00:00.000Z`),
 * so they compare as strings with the due times remediationCycles computes. A `severity:` label that
 * is not a severity is not used (the state marker's is, with a log line), where exportHistory would
 * let the whole history fail validation.
 *
 * `byEvident` marks what Evident itself did, so its labels and comments never count as a human's
 * first response: actors in `botLogins` (default `github-actions[bot]`, GITHUB_TOKEN's identity, and
 * `evident[bot]`), and every account that authored an issue carrying Evident's fingerprint marker
 * (only Evident writes that marker: an App installation token acts as `<app-slug>[bot]`, whatever the
 * slug, and a scheduled run may write with a service account's fine-grained token). Should that
 * token be a person's, their own comments stop counting as responses: an alert can then look
 * unreviewed when it was reviewed, never the other way round.
 *
 * Requests, one at a time as GitHub asks (https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#avoid-concurrent-requests):
 * 1 listing page per 100 issues (pull requests and issues without a fingerprint included), plus
 * 1 timeline page per finding issue (and 1 more for each further 100 timeline events). Issues
 * without a fingerprint cost no timeline request. Reads go through the client's ETag cache
 * (github-client.ts): loading again with the same client asks with If-None-Match, and an unchanged
 * page is a 304 that does not count against the rate limit.
 *
 * Never partial: an HTTP error (after the client's retries), a rate limit the client does not wait
 * out (createGitHubClient's `rateLimitRetries`; each wait lasts until GitHub's reset) or an answer
 * that is not what GitHub documents throws a GitHubIssueHistoryError naming the listing or the
 * issue; a history missing an issue's events would let a report claim SLAs it cannot know. An issue
 * labelled `evident` without Evident's fingerprint marker (someone filed it by hand) is not a
 * finding's issue: it is left out, with a log line, never matched to a finding by guess. One whose
 * state marker alone was edited away keeps its fingerprint, and its labels give control, severity
 * and SLA.
 */
import { z } from 'zod';
import { InputUnavailableError } from '../errors.ts';
import type { GitHubClient } from '../issues/github-client.ts';
import { controlOfIssueTitle, scopeOfIssue } from '../issues/issue-identity.ts';
import { readFingerprint, readState } from '../issues/issue-state.ts';
import { Severity } from '../model.ts';
import { describeZodError } from '../zod-issues.ts';
import { IssueHistory, type FindingIssue, type IssueEvent } from './issue-history.ts';

/** Logins Evident acts as by default: GitHub Actions' GITHUB_TOKEN, and a GitHub App with the slug `evident`. */
export const DEFAULT_EVIDENT_BOT_LOGINS: readonly string[] = ['github-actions[bot]', 'evident[bot]'];

export interface GitHubIssueHistoryOptions {
  /** The history's `exportedAt`. */
  now: Date;
  /**
   * The logins Evident's token acts as (an App installation token: `<app-slug>[bot]`). Replaces
   * DEFAULT_EVIDENT_BOT_LOGINS; the authors of Evident's issues are added either way.
   */
  botLogins?: readonly string[] | undefined;
  /** Where issues left out are reported. */
  log?: { warn(message: string): void } | undefined;
}

/** The history could not be read whole; the message names the listing or the issue that failed. */
export class GitHubIssueHistoryError extends InputUnavailableError {
  override name = 'GitHubIssueHistoryError';
}

const PER_PAGE = 100;
/** GitHub's account for deleted users; an event whose actor is gone is theirs. */
const GHOST = 'ghost';

const isoDateTime = z.iso.datetime({ offset: true });
const Account = z.looseObject({ login: z.string().min(1) });

/** The fields of a listed issue this reads (https://docs.github.com/rest/issues/issues#list-repository-issues). */
const ListedIssue = z.looseObject({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullish(),
  state: z.enum(['open', 'closed']),
  state_reason: z.string().nullish(),
  html_url: z.string().min(1),
  created_at: isoDateTime,
  user: Account.nullable(),
  labels: z.array(z.union([z.string(), z.looseObject({ name: z.string().optional() })])),
  assignees: z.array(Account).nullish(),
  pull_request: z.unknown().optional(),
});
type ListedIssue = z.infer<typeof ListedIssue>;

/** Any timeline entry: an object; the kinds kept are read with the schemas below. */
const TimelineEntry = z.looseObject({ event: z.string().optional() });
const Acted = z.looseObject({ created_at: isoDateTime, actor: Account.nullable() });
/** timeline-comment-event: `user` wrote it; `actor` is the same account. */
const Commented = z.looseObject({ created_at: isoDateTime, user: Account.nullable().optional(), actor: Account.nullable().optional() });
const Assigned = Acted.extend({ assignee: Account.nullable() });
const Labeled = Acted.extend({ label: z.looseObject({ name: z.string() }) });
const Closed = Acted.extend({ state_reason: z.string().nullish() });

export async function loadGitHubIssueHistory(
  client: GitHubClient,
  repository: { owner: string; repo: string },
  options: GitHubIssueHistoryOptions,
): Promise<IssueHistory> {
  const location = `${repository.owner}/${repository.repo}`;
  function fail(what: string, error?: unknown): never {
    throw new GitHubIssueHistoryError(`could not read the issue history of ${location} from GitHub: ${what}${error === undefined ? '' : `: ${describeFailure(error)}`}`, {
      cause: error,
    });
  }

  // 1. Every issue labelled `evident`, open and closed.
  const listed: ListedIssue[] = [];
  try {
    let page = 0;
    for await (const data of pages(client, 'GET /repos/{owner}/{repo}/issues', { ...repository, labels: 'evident', state: 'all', per_page: PER_PAGE })) {
      page += 1;
      for (const [index, item] of data.entries()) {
        const parsed = ListedIssue.safeParse(item);
        if (!parsed.success) {
          const number = (item as { number?: unknown } | null)?.number;
          fail(`listing the issues labelled evident: ${typeof number === 'number' ? `issue #${number}` : `entry ${index + 1}`} of page ${page} is not an issue as GitHub documents it (${describeZodError(parsed.error)})`);
        }
        listed.push(parsed.data);
      }
    }
  } catch (error) {
    if (error instanceof GitHubIssueHistoryError) throw error;
    fail('listing the issues labelled evident failed', error);
  }

  // 2. Evident's issues: those with its fingerprint marker. The accounts that wrote them are Evident.
  const findings: { issue: ListedIssue; fingerprint: string }[] = [];
  for (const issue of listed.sort((a, b) => a.number - b.number)) {
    if (issue.pull_request !== undefined) continue;
    const fingerprint = readFingerprint(issue.body);
    if (fingerprint === undefined) {
      options.log?.warn(`issue #${issue.number} in ${location} (${issue.html_url}) is labelled evident but has no Evident fingerprint marker; left out of the issue history`);
      continue;
    }
    findings.push({ issue, fingerprint });
  }
  const evident = new Set((options.botLogins ?? DEFAULT_EVIDENT_BOT_LOGINS).map((login) => login.toLowerCase()));
  for (const { issue } of findings) if (issue.user != null) evident.add(issue.user.login.toLowerCase());
  const byEvident = (actor: string) => evident.has(actor.toLowerCase());

  // 3. Each one's timeline, one issue after the other.
  const issues: FindingIssue[] = [];
  for (const { issue, fingerprint } of findings) {
    const name = `issue #${issue.number} (${issue.html_url})`;
    const timeline: z.infer<typeof TimelineEntry>[] = [];
    try {
      let page = 0;
      for await (const data of pages(client, 'GET /repos/{owner}/{repo}/issues/{issue_number}/timeline', { ...repository, issue_number: issue.number, per_page: PER_PAGE })) {
        page += 1;
        for (const [index, item] of data.entries()) {
          const parsed = TimelineEntry.safeParse(item);
          if (!parsed.success) fail(`the timeline of ${name}: entry ${index + 1} of page ${page} is not a timeline event`);
          timeline.push(parsed.data);
        }
      }
    } catch (error) {
      if (error instanceof GitHubIssueHistoryError) throw error;
      fail(`reading the timeline of ${name} failed`, error);
    }
    const events = eventsOf(issue, timeline, byEvident, (problem) => fail(`the timeline of ${name}: ${problem}`));
    issues.push(findingIssue(issue, fingerprint, events, (message) => options.log?.warn(`${name} in ${location}: ${message}`)));
  }

  const history = IssueHistory.safeParse({ schema: 'https://evident.dev/schemas/issue-history/v1', repository: location, exportedAt: options.now.toISOString(), issues });
  if (!history.success) fail(`the history read is not a valid issue history (${describeZodError(history.error)})`);
  return history.data;
}

/**
 * The pages of a list, following GitHub's `Link: <…>; rel="next"`. Unlike octokit's paginate, an
 * answer that is not a list is an error (paginate turns an empty body, and a 409, into an empty page).
 */
async function* pages(client: GitHubClient, route: string, parameters: Record<string, unknown>): AsyncGenerator<unknown[]> {
  let response = await client.request(route, parameters);
  const seen = new Set<string>();
  for (let page = 1; ; page += 1) {
    if (!Array.isArray(response.data)) {
      const got = response.data === undefined || response.data === null || response.data === '' ? 'an empty answer' : `a${typeof response.data === 'object' ? 'n object' : ` ${typeof response.data}`}`;
      throw new Error(`page ${page} is not a list but ${got}`);
    }
    yield response.data as unknown[];
    const next = /<([^<>]+)>;\s*rel="next"/.exec(String(response.headers.link ?? ''))?.[1];
    if (next === undefined) return;
    if (seen.has(next)) throw new Error(`page ${page} links back to ${next}: the pagination loops`);
    seen.add(next);
    response = await client.request({ method: 'GET', url: next });
  }
}

/** The opening, then the timeline's kept events, each normalized to ISO time with milliseconds so they compare as strings. */
function eventsOf(issue: ListedIssue, timeline: readonly z.infer<typeof TimelineEntry>[], byEvident: (actor: string) => boolean, fail: (problem: string) => never): IssueEvent[] {
  const event = (kind: IssueEvent['kind'], at: string, actor: { login: string } | null | undefined, detail?: string | null): IssueEvent => {
    const login = actor?.login ?? GHOST;
    return { kind, at: new Date(at).toISOString(), actor: login, byEvident: byEvident(login), ...(detail == null ? {} : { detail }) };
  };
  const events: IssueEvent[] = [event('opened', issue.created_at, issue.user)];
  const lastClosed = timeline.findLastIndex((entry) => entry.event === 'closed');
  for (const [index, entry] of timeline.entries()) {
    const read = <S extends z.ZodType>(schema: S): z.infer<S> => {
      const parsed = schema.safeParse(entry);
      if (!parsed.success) fail(`its \`${entry.event}\` event (entry ${index + 1}) is not as GitHub documents it (${describeZodError(parsed.error)})`);
      return parsed.data;
    };
    switch (entry.event) {
      case 'commented': {
        const comment = read(Commented);
        events.push(event('commented', comment.created_at, comment.user ?? comment.actor));
        break;
      }
      case 'assigned': {
        const assigned = read(Assigned);
        events.push(event('assigned', assigned.created_at, assigned.actor, assigned.assignee?.login ?? GHOST));
        break;
      }
      case 'labeled': {
        const labeled = read(Labeled);
        events.push(event('labeled', labeled.created_at, labeled.actor, labeled.label.name));
        break;
      }
      case 'closed': {
        // Older GitHub Enterprise Server versions leave `state_reason` off the timeline; the issue's
        // own state_reason then belongs to its latest closing, and earlier ones stay without a reason.
        const closed = read(Closed);
        const reason = closed.state_reason ?? (index === lastClosed && issue.state === 'closed' ? issue.state_reason : undefined);
        events.push(event('closed', closed.created_at, closed.actor, reason));
        break;
      }
      case 'reopened': {
        const reopened = read(Acted);
        events.push(event('reopened', reopened.created_at, reopened.actor));
        break;
      }
      default:
      // mentioned, subscribed, unlabeled, renamed, cross-referenced, …: not part of a remediation timeline.
    }
  }
  return events;
}

/**
 * The issue as reports read it, derived as HistoryTracker.exportHistory does. A severity label
 * that is not a severity (someone's `severity:urgent`) is not used: the state marker's is.
 */
function findingIssue(issue: ListedIssue, fingerprint: string, events: IssueEvent[], warn: (message: string) => void): FindingIssue {
  const body = issue.body ?? '';
  const labels = issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).filter(Boolean);
  const state = readState(body);
  const label = (prefix: string) => labels.find((name) => name.startsWith(prefix))?.slice(prefix.length);
  const severityLabel = label('severity:');
  const labelled = Severity.safeParse(severityLabel);
  if (severityLabel !== undefined && !labelled.success) warn(`label severity:${severityLabel} is not a severity; ${state === undefined ? 'no severity is recorded' : `using ${state.severity} from Evident's state marker`}`);
  const severity = labelled.success ? labelled.data : state?.severity;
  const sla = Number.parseInt(label('sla:') ?? '', 10);
  const slaHours = Number.isInteger(sla) && sla > 0 ? sla : state?.triage?.slaHours;
  return {
    fingerprint,
    controlId: label('control:') ?? controlOfIssueTitle(issue.title) ?? '',
    scope: scopeOfIssue(body, issue.title),
    number: issue.number,
    url: issue.html_url,
    title: issue.title,
    state: issue.state,
    ...(severity === undefined ? {} : { severity }),
    ...(slaHours === undefined ? {} : { slaHours }),
    assignees: (issue.assignees ?? []).map((assignee) => assignee.login),
    events,
  };
}

/** An octokit error as one line: the status, GitHub's message, and whether the rate limit is spent. */
function describeFailure(error: unknown): string {
  const status = (error as { status?: unknown }).status;
  const headers = (error as { response?: { headers?: Record<string, unknown> } }).response?.headers ?? {};
  const message = error instanceof Error ? error.message : String(error);
  const reset = Number(headers['x-ratelimit-reset']);
  const limited =
    String(headers['x-ratelimit-remaining']) === '0'
      ? ` (the rate limit is spent${Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : ''})`
      : headers['retry-after'] !== undefined
        ? ` (secondary rate limit: retry after ${String(headers['retry-after'])} s)`
        : '';
  return `${typeof status === 'number' && status > 0 ? `HTTP ${status} ` : ''}${message}${limited}`;
}
