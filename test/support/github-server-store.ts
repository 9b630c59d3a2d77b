/**
 * The state behind the GitHub test server: repositories with their issues, labels and comments,
 * and the rules GitHub applies when they change (limits, implicit labels, state reasons).
 * `github-server-json.ts` renders them as GitHub's JSON. Pull requests, check runs and files live
 * on the same repository record; their rules are in `github-server-pulls.ts`,
 * `github-server-checks.ts` and `github-server-contents.ts`.
 *
 * Ids are global counters in disjoint ranges, so an id is never equal to an issue number by
 * accident: code that mixes them up fails.
 */
import type { StoredCheckRun } from './github-server-checks.ts';
import type { StoredFile } from './github-server-contents.ts';
import type { StoredPull } from './github-server-pulls.ts';
import type { RepositorySettings } from './github-server-repo-settings.ts';

export type AuthorAssociation = 'COLLABORATOR' | 'CONTRIBUTOR' | 'FIRST_TIMER' | 'FIRST_TIME_CONTRIBUTOR' | 'MANNEQUIN' | 'MEMBER' | 'NONE' | 'OWNER';
export type IssueState = 'open' | 'closed';
export type StateReason = 'completed' | 'not_planned' | 'duplicate' | 'reopened';

/** Who acts: the authenticated user of the server, or a seeded author. */
export interface Actor {
  login: string;
  id: number;
  type: 'User' | 'Bot' | 'Organization';
  authorAssociation: AuthorAssociation;
}

export interface StoredLabel {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface StoredIssue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  labelIds: number[];
  state: IssueState;
  stateReason: StateReason | null;
  locked: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  author: Actor;
  closedBy: Actor | null;
}

/**
 * What an issue's timeline shows besides its text (`github-server-timeline.ts` renders it): GitHub
 * records these as the writes happen, with who made them and when. A `commented` entry points at
 * its comment, which is rendered as it is now (an edited comment shows its new body).
 */
export interface StoredIssueEvent {
  id: number;
  issueNumber: number;
  event: 'commented' | 'labeled' | 'unlabeled' | 'assigned' | 'closed' | 'reopened';
  actor: Actor;
  createdAt: string;
  /** labeled/unlabeled: the label's name and colour at the time, as GitHub keeps them. */
  label?: { name: string; color: string };
  /** assigned: who was assigned. */
  assignee?: Actor;
  /** closed: `completed`, `not_planned` or `duplicate`. */
  stateReason?: StateReason | null;
  /** commented: the comment's id. */
  commentId?: number;
}

export interface StoredComment {
  id: number;
  issueNumber: number;
  body: string;
  author: Actor;
  createdAt: string;
  updatedAt: string;
}

/** A repository; its settings (visibility, protection, collaborators, …) are in `github-server-repo-settings.ts`. */
export interface Repository extends RepositorySettings {
  id: number;
  owner: string;
  name: string;
  issuesEnabled: boolean;
  issues: StoredIssue[];
  labels: StoredLabel[];
  comments: StoredComment[];
  /** Default `main`: what `contents` reads without a `ref`. */
  defaultBranch: string;
  createdAt: string;
  pulls: StoredPull[];
  checkRuns: StoredCheckRun[];
  files: StoredFile[];
  /** Every issue's timeline events, in the order they happened. */
  issueEvents: StoredIssueEvent[];
  /** Each issue's assignees, by issue number, in the order they were assigned. */
  assignees: Map<number, Actor[]>;
}

export function createRepository(owner: string, name: string, now: Date): Repository {
  return {
    id: nextId('repository'),
    owner,
    name,
    issuesEnabled: true,
    issues: [],
    labels: [],
    comments: [],
    defaultBranch: 'main',
    createdAt: timestamp(now),
    pulls: [],
    checkRuns: [],
    files: [],
    issueEvents: [],
    assignees: new Map(),
    // The defaults of github-server-repo-settings.ts: private, admin to the token, nothing protected.
    visibility: 'private',
    archived: false,
    fork: false,
    secretScanning: { enabled: false, pushProtection: false },
    viewerRole: 'admin',
    protections: new Map(),
    branchRules: new Map(),
    collaborators: [],
  };
}

/** A failure GitHub answers with a JSON error body; the server adds `documentation_url` and `status`. */
export class GitHubApiError extends Error {
  readonly status: number;
  readonly errors: Record<string, unknown>[] | undefined;
  /** Where GitHub points for this error when it is not the operation's own page (the 406 of a diff too large). */
  readonly documentationUrl: string | undefined;
  constructor(status: number, message: string, errors?: Record<string, unknown>[], documentationUrl?: string) {
    super(message);
    this.status = status;
    this.errors = errors;
    this.documentationUrl = documentationUrl;
  }
}

const validationFailed = (...errors: Record<string, unknown>[]) => new GitHubApiError(422, 'Validation Failed', errors);
export const notFound = () => new GitHubApiError(404, 'Not Found');

/** The actor GitHub Actions' GITHUB_TOKEN acts as: Evident's usual identity. */
export const GITHUB_ACTIONS_BOT: Actor = { login: 'github-actions[bot]', id: 41898282, type: 'Bot', authorAssociation: 'NONE' };

/** The labels GitHub gives a new repository (https://docs.github.com/issues/using-labels-and-milestones-to-track-work/managing-labels#about-default-labels). */
export const GITHUB_DEFAULT_LABELS: readonly { name: string; color: string; description: string }[] = [
  { name: 'bug', color: 'd73a4a', description: "Something isn't working" },
  { name: 'documentation', color: '0075ca', description: 'Improvements or additions to documentation' },
  { name: 'duplicate', color: 'cfd3d7', description: 'This issue or pull request already exists' },
  { name: 'enhancement', color: 'a2eeef', description: 'New feature or request' },
  { name: 'good first issue', color: '7057ff', description: 'Good for newcomers' },
  { name: 'help wanted', color: '008672', description: 'Extra attention is needed' },
  { name: 'invalid', color: 'e4e669', description: "This doesn't seem right" },
  { name: 'question', color: 'd876e3', description: 'Further information is requested' },
  { name: 'wontfix', color: 'ffffff', description: 'This will not be worked on' },
];

/** The colour GitHub gives a label it creates because an issue named it. */
export const IMPLICIT_LABEL_COLOR = 'ededed';

const counters = {
  repository: 700_000_000,
  issue: 2_000_000_000,
  pull: 3_000_000_000,
  review: 4_000_000_000,
  label: 5_000_000_000,
  checkRun: 6_000_000_000,
  checkSuite: 7_000_000_000,
  issueEvent: 8_000_000_000,
  comment: 9_000_000_000,
};
export const nextId = (kind: keyof typeof counters): number => ++counters[kind];

export const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** GitHub's timestamps have whole seconds: 2026-11-02T09:00:00Z. */
export const timestamp = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

// Limits GitHub enforces with a 422 (see the error bodies below); Evident's long reports meet them first.
const TITLE_MAX = 256;
const BODY_MAX = 65_536;
const LABEL_NAME_MAX = 50;
const LABEL_DESCRIPTION_MAX = 100;

function checkIssueText(title: string | undefined, body: string | null | undefined, resource = 'Issue'): void {
  if (title !== undefined && title.trim() === '') throw validationFailed({ resource, code: 'missing_field', field: 'title' });
  if (title !== undefined && title.length > TITLE_MAX) {
    throw validationFailed({ resource, code: 'custom', field: 'title', message: `title is too long (maximum is ${TITLE_MAX} characters)` });
  }
  if (typeof body === 'string' && body.length > BODY_MAX) {
    throw validationFailed({ resource, code: 'custom', field: 'body', message: `body is too long (maximum is ${BODY_MAX} characters)` });
  }
}

/**
 * A pull request seen through the issues API, as GitHub shows every pull request
 * (https://docs.github.com/rest/issues/issues#list-repository-issues): reads and writes go to the
 * pull request itself, so a comment or a label added through `/issues/{n}` lands on it.
 */
export function pullAsIssue(pull: StoredPull): StoredIssue {
  let stateReason: StateReason | null = null;
  let closedBy: Actor | null = null;
  return {
    id: pull.issueId,
    number: pull.number,
    get title() {
      return pull.title;
    },
    set title(value) {
      pull.title = value;
    },
    get body() {
      return pull.body;
    },
    set body(value) {
      pull.body = value;
    },
    get labelIds() {
      return pull.labelIds;
    },
    set labelIds(value) {
      pull.labelIds = value;
    },
    get state() {
      return pull.state;
    },
    set state(value) {
      pull.state = value;
    },
    get stateReason() {
      return stateReason;
    },
    set stateReason(value) {
      stateReason = value;
    },
    get locked() {
      return pull.locked;
    },
    set locked(value) {
      pull.locked = value;
    },
    createdAt: pull.createdAt,
    get updatedAt() {
      return pull.updatedAt;
    },
    set updatedAt(value) {
      pull.updatedAt = value;
    },
    get closedAt() {
      return pull.closedAt;
    },
    set closedAt(value) {
      pull.closedAt = value;
    },
    author: pull.user,
    get closedBy() {
      return closedBy;
    },
    set closedBy(value) {
      closedBy = value;
    },
  };
}

/** Issues and pull requests share numbers; the issues API answers for both. */
export function findIssue(repo: Repository, number: string | number): StoredIssue {
  const issue = repo.issues.find((i) => String(i.number) === String(number));
  if (issue !== undefined) return issue;
  const pull = repo.pulls.find((p) => String(p.number) === String(number));
  if (pull === undefined) throw notFound();
  return pullAsIssue(pull);
}

export function findLabel(repo: Repository, name: string): StoredLabel | undefined {
  return repo.labels.find((l) => sameName(l.name, name));
}

function normaliseColor(color: string | undefined, fallback: string): string {
  if (color === undefined) return fallback;
  const hex = color.replace(/^#/, '');
  if (!/^[0-9a-fA-F]{6}$/.test(hex)) throw validationFailed({ resource: 'Label', code: 'invalid', field: 'color' });
  return hex;
}

export interface LabelInput {
  name: string;
  color?: string;
  description?: string | null;
  default?: boolean;
}

export function addLabel(repo: Repository, input: LabelInput): StoredLabel {
  const name = input.name.trim();
  if (name === '') throw validationFailed({ resource: 'Label', code: 'missing_field', field: 'name' });
  if (name.length > LABEL_NAME_MAX) throw validationFailed({ resource: 'Label', code: 'invalid', field: 'name' });
  if (findLabel(repo, name) !== undefined) throw validationFailed({ resource: 'Label', code: 'already_exists', field: 'name' });
  if ((input.description ?? '').length > LABEL_DESCRIPTION_MAX) throw validationFailed({ resource: 'Label', code: 'invalid', field: 'description' });
  const label: StoredLabel = {
    id: nextId('label'),
    name,
    color: normaliseColor(input.color, IMPLICIT_LABEL_COLOR),
    description: input.description ?? null,
    default: input.default ?? false,
  };
  repo.labels.push(label);
  return label;
}

/** PATCH /labels/{name}: rename, recolour, redescribe. Issues keep the label: they refer to its id. */
export function editLabel(repo: Repository, label: StoredLabel, input: { new_name?: string; color?: string; description?: string }): void {
  if (input.new_name !== undefined && input.new_name.trim() !== '') {
    const other = findLabel(repo, input.new_name.trim());
    if (other !== undefined && other !== label) throw validationFailed({ resource: 'Label', code: 'already_exists', field: 'name' });
  }
  if ((input.description ?? '').length > LABEL_DESCRIPTION_MAX) throw validationFailed({ resource: 'Label', code: 'invalid', field: 'description' });
  label.color = normaliseColor(input.color, label.color);
  if (input.new_name !== undefined && input.new_name.trim() !== '') label.name = input.new_name.trim();
  if (input.description !== undefined) label.description = input.description;
}

type LabelReference = string | { name?: string | undefined; id?: number | undefined };

/** GitHub creates a label an issue names but the repository lacks, in the default colour. */
function labelIdsFor(repo: Repository, references: LabelReference[]): number[] {
  const ids: number[] = [];
  for (const reference of references) {
    const byId = typeof reference === 'object' && reference.name === undefined && reference.id !== undefined;
    const label = byId
      ? repo.labels.find((l) => l.id === reference.id)
      : (() => {
          const name = (typeof reference === 'string' ? reference : (reference.name ?? '')).trim();
          return name === '' ? undefined : (findLabel(repo, name) ?? addLabel(repo, { name }));
        })();
    if (byId && label === undefined) throw validationFailed({ resource: 'Label', code: 'invalid', field: 'labels' });
    if (label !== undefined && !ids.includes(label.id)) ids.push(label.id);
  }
  return ids;
}

/** The next number for an issue or pull request: they share one sequence on GitHub. */
export const nextNumber = (repo: Repository): number => [...repo.issues, ...repo.pulls].reduce((max, item) => Math.max(max, item.number), 0) + 1;

/** A login as an actor: `[bot]` logins are bots; the id is derived from the login, so it is the same in every test. */
export function actorFor(who: string | Actor, authorAssociation: AuthorAssociation = 'CONTRIBUTOR'): Actor {
  if (typeof who !== 'string') return who;
  let hash = 2166136261;
  for (const char of who.toLowerCase()) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return { login: who, id: 1_000_000 + (hash % 90_000_000), type: who.endsWith('[bot]') ? 'Bot' : 'User', authorAssociation };
}

export interface IssueInput {
  title: string;
  body?: string | null;
  labels?: LabelReference[];
}

export function addIssue(repo: Repository, input: IssueInput, author: Actor, now: string): StoredIssue {
  checkIssueText(input.title, input.body);
  const issue: StoredIssue = {
    id: nextId('issue'),
    // Issues and pull requests share numbers on GitHub.
    number: nextNumber(repo),
    title: input.title,
    body: input.body ?? null,
    labelIds: labelIdsFor(repo, input.labels ?? []),
    state: 'open',
    stateReason: null,
    locked: false,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    author,
    closedBy: null,
  };
  repo.issues.push(issue);
  // GitHub's timeline shows a `labeled` event, by the author, for each label an issue is created with.
  recordLabelChanges(repo, issue, [], author, now);
  return issue;
}

/** Adds one event to the repository's timeline record. */
export function recordIssueEvent(repo: Repository, issue: { number: number }, event: Omit<StoredIssueEvent, 'id' | 'issueNumber'>): StoredIssueEvent {
  const stored: StoredIssueEvent = { id: nextId('issueEvent'), issueNumber: issue.number, ...event };
  repo.issueEvents.push(stored);
  return stored;
}

/** `labeled` for each label the issue gained since `before`, `unlabeled` for each it lost. */
function recordLabelChanges(repo: Repository, issue: StoredIssue, before: readonly number[], actor: Actor, now: string): void {
  const named = (id: number) => {
    const label = repo.labels.find((l) => l.id === id);
    return label === undefined ? undefined : { name: label.name, color: label.color };
  };
  for (const id of before.filter((id) => !issue.labelIds.includes(id))) {
    const label = named(id);
    if (label !== undefined) recordIssueEvent(repo, issue, { event: 'unlabeled', actor, createdAt: now, label });
  }
  for (const id of issue.labelIds.filter((id) => !before.includes(id))) {
    const label = named(id);
    if (label !== undefined) recordIssueEvent(repo, issue, { event: 'labeled', actor, createdAt: now, label });
  }
}

export interface IssuePatch {
  title?: string | null;
  body?: string | null;
  labels?: LabelReference[];
  state?: IssueState;
  state_reason?: StateReason | null;
}

/**
 * PATCH /issues/{n}. `state_reason` is "ignored unless `state` is changed"
 * (https://docs.github.com/rest/issues/issues#update-an-issue): closing defaults it to `completed`,
 * reopening sets `reopened`. Closing "as reopened" or reopening "as completed" is refused.
 */
export function patchIssue(repo: Repository, issue: StoredIssue, patch: IssuePatch, actor: Actor, now: string): void {
  checkIssueText(patch.title ?? undefined, patch.body);
  const before = JSON.stringify(issue);
  const labelsBefore = [...issue.labelIds];
  if (typeof patch.title === 'string') issue.title = patch.title;
  if (patch.body !== undefined) issue.body = patch.body;
  if (patch.labels !== undefined) issue.labelIds = labelIdsFor(repo, patch.labels);
  if (patch.state !== undefined && patch.state !== issue.state) {
    const reason = patch.state_reason ?? (patch.state === 'closed' ? 'completed' : 'reopened');
    if ((patch.state === 'closed') === (reason === 'reopened')) {
      throw validationFailed({ resource: 'Issue', code: 'invalid', field: 'state_reason', value: reason });
    }
    issue.state = patch.state;
    issue.stateReason = reason;
    issue.closedAt = patch.state === 'closed' ? now : null;
    if (patch.state === 'closed') issue.closedBy = actor;
    recordIssueEvent(repo, issue, { event: patch.state === 'closed' ? 'closed' : 'reopened', actor, createdAt: now, ...(patch.state === 'closed' ? { stateReason: reason } : {}) });
  }
  recordLabelChanges(repo, issue, labelsBefore, actor, now);
  if (JSON.stringify(issue) !== before) issue.updatedAt = now;
}

export function addComment(repo: Repository, issue: StoredIssue, body: string, author: Actor, now: string): StoredComment {
  if (body.trim() === '') throw validationFailed({ resource: 'IssueComment', code: 'missing_field', field: 'body' });
  checkIssueText(undefined, body, 'IssueComment');
  const comment: StoredComment = { id: nextId('comment'), issueNumber: issue.number, body, author, createdAt: now, updatedAt: now };
  repo.comments.push(comment);
  recordIssueEvent(repo, issue, { event: 'commented', actor: author, createdAt: now, commentId: comment.id });
  // A comment bumps the issue's updated_at, which `since` and sort=updated see.
  issue.updatedAt = now;
  return comment;
}

export interface IssueFilter {
  state: 'open' | 'closed' | 'all';
  labels: string[];
  creator: string | undefined;
  since: string | undefined;
  sort: 'created' | 'updated' | 'comments';
  direction: 'asc' | 'desc';
}

export function listIssues(repo: Repository, filter: IssueFilter): StoredIssue[] {
  const commentCount = (issue: StoredIssue) => repo.comments.filter((c) => c.issueNumber === issue.number).length;
  const wanted = filter.labels.map((name) => findLabel(repo, name)?.id);
  // GitHub lists pull requests among issues; they carry a `pull_request` key.
  const matches = [...repo.issues, ...repo.pulls.map(pullAsIssue)].filter(
    (issue) =>
      (filter.state === 'all' || issue.state === filter.state) &&
      // Every named label must be on the issue; a label that does not exist matches nothing.
      wanted.every((id) => id !== undefined && issue.labelIds.includes(id)) &&
      (filter.creator === undefined || sameName(issue.author.login, filter.creator)) &&
      (filter.since === undefined || Date.parse(issue.updatedAt) >= Date.parse(filter.since)),
  );
  const key = (issue: StoredIssue) =>
    filter.sort === 'comments' ? commentCount(issue) : Date.parse(filter.sort === 'updated' ? issue.updatedAt : issue.createdAt);
  const sign = filter.direction === 'asc' ? 1 : -1;
  // Timestamps have whole seconds; the number breaks ties in the same direction.
  return matches.sort((a, b) => sign * (key(a) - key(b) || a.number - b.number));
}

export interface IssueSeed {
  title: string;
  body?: string | null;
  labels?: string[];
  state?: IssueState;
  /** Default `completed` for a closed issue. */
  state_reason?: StateReason;
  created_at?: string | Date;
  updated_at?: string | Date;
  closed_at?: string | Date;
  locked?: boolean;
  /** Default: the server's actor. */
  author?: Actor;
  comments?: (string | { body: string; created_at?: string | Date; author?: Actor })[];
}

export interface RepositorySeed {
  /** Add GitHub's nine default labels (bug, documentation, …) first. */
  defaultLabels?: boolean;
  labels?: LabelInput[];
  issues?: IssueSeed[];
  issuesEnabled?: boolean;
}

/** Preloads a repository through the same rules the API applies; timestamps default to `now`. */
export function seedRepository(repo: Repository, seed: RepositorySeed, actor: Actor, now: Date): StoredIssue[] {
  const at = (value: string | Date) => timestamp(new Date(value));
  if (seed.issuesEnabled !== undefined) repo.issuesEnabled = seed.issuesEnabled;
  for (const label of seed.defaultLabels ? GITHUB_DEFAULT_LABELS : []) addLabel(repo, { ...label, default: true });
  for (const label of seed.labels ?? []) addLabel(repo, label);
  return (seed.issues ?? []).map((s) => {
    const createdAt = at(s.created_at ?? now);
    const issue = addIssue(repo, { title: s.title, body: s.body ?? null, labels: s.labels ?? [] }, s.author ?? actor, createdAt);
    for (const comment of s.comments ?? []) {
      const c = typeof comment === 'string' ? { body: comment } : comment;
      addComment(repo, issue, c.body, c.author ?? actor, at(c.created_at ?? createdAt));
    }
    const closed = s.state === 'closed';
    issue.locked = s.locked ?? false;
    issue.state = closed ? 'closed' : 'open';
    issue.stateReason = closed ? (s.state_reason ?? 'completed') : (s.state_reason ?? null);
    issue.closedAt = closed ? at(s.closed_at ?? s.updated_at ?? createdAt) : null;
    issue.closedBy = closed ? (s.author ?? actor) : null;
    if (closed) recordIssueEvent(repo, issue, { event: 'closed', actor: issue.closedBy ?? actor, createdAt: issue.closedAt ?? createdAt, stateReason: issue.stateReason });
    issue.updatedAt = at(s.updated_at ?? s.closed_at ?? issue.updatedAt);
    return issue;
  });
}
