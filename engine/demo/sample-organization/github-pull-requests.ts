/**
 * The sample organization's recent pull requests: ten across acme/api, acme/web and acme/infra, with
 * the failures a real organization has: a change merged without review, one approved only by its
 * author, an approval made stale by a later push, an AWS key in an added line, a change with no ticket
 * and one whose ticket key is spelled with a Cyrillic letter. The rest pass.
 *
 * Deterministic: every time is an offset from `collectedAt` and every SHA is derived from a fixed seed.
 */
import type { Snapshot } from '../../model.ts';
import type { PullRequestCommit, PullRequestData, PullRequestReview, SecretScan } from '../../snapshots/github-pull-request.ts';

const HOUR_MS = 60 * 60 * 1000;

/** A fixed-looking 40-character hex SHA from a seed (a linear congruential generator: no randomness). */
function sha(seed: number): string {
  let state = (seed * 2654435761) >>> 0;
  let out = '';
  while (out.length < 40) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out += state.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}

const person = (login: string) => ({ login, isBot: false });

interface Spec {
  repository: 'acme/api' | 'acme/web' | 'acme/infra';
  number: number;
  title: string;
  body?: string;
  author: string;
  branch: string;
  /** Hours before collection: when opened, and when merged (undefined: still open). */
  openedHoursAgo: number;
  mergedHoursAgo?: number;
  /** Commits, oldest first: [author logins, hours before collection when pushed]. */
  commits: [authors: string[], pushedHoursAgo: number][];
  /** Reviews: [reviewer, state, hours ago, index of the reviewed commit]. */
  reviews?: [reviewer: string, state: PullRequestReview['state'], hoursAgo: number, commit: number][];
  labels?: string[];
  closingIssues?: PullRequestData['closingIssues'];
  secretScan?: Partial<SecretScan>;
}

const SPECS: readonly Spec[] = [
  {
    repository: 'acme/api',
    number: 412,
    title: 'ENG-412 Paginate the invoices endpoint',
    body: 'Cursor pagination for GET /invoices; the old offset parameter keeps working until v3.',
    author: 'ana.lima',
    branch: 'eng-412-paginate-invoices',
    openedHoursAgo: 96,
    mergedHoursAgo: 70,
    commits: [[['ana.lima'], 96], [['ana.lima'], 80]],
    reviews: [['ben.okafor', 'COMMENTED', 90, 0], ['ben.okafor', 'APPROVED', 75, 1]],
  },
  {
    repository: 'acme/api',
    number: 415,
    title: 'ENG-431 Hotfix: retry webhook deliveries on 502',
    author: 'dev.patel',
    branch: 'hotfix/webhook-retries',
    openedHoursAgo: 52,
    mergedHoursAgo: 51,
    commits: [[['dev.patel'], 52]],
  },
  {
    repository: 'acme/api',
    number: 417,
    title: 'Raise the session timeout for the admin console',
    body: 'Requested in SEC-88.',
    author: 'carla.rossi',
    branch: 'sec-88-admin-session-timeout',
    openedHoursAgo: 40,
    mergedHoursAgo: 30,
    commits: [[['carla.rossi'], 40]],
    reviews: [['carla.rossi', 'APPROVED', 31, 0]],
  },
  {
    repository: 'acme/api',
    number: 420,
    title: 'ENG-440 Export billing data to the warehouse',
    body: 'Nightly export of invoices to S3 for the finance team.',
    author: 'emma.schmidt',
    branch: 'eng-440-billing-export',
    openedHoursAgo: 20,
    commits: [[['emma.schmidt'], 20], [['emma.schmidt'], 6]],
    reviews: [['hugo.martin', 'APPROVED', 4, 1]],
    secretScan: {
      filesScanned: 5,
      findings: [
        { rule: 'aws-access-key-id', file: 'src/billing/export.ts', line: 18, column: 24, fingerprint: 'c4a1f09e7b3d52e8a6f1c0d9', redacted: 'AKIA…', allowed: false },
      ],
    },
  },
  {
    repository: 'acme/web',
    number: 1203,
    title: 'Redesign the checkout summary',
    body: 'https://linear.app/acme/issue/WEB-318/redesign-the-checkout-summary',
    author: 'grace.kim',
    branch: 'grace/web-318-checkout-summary',
    openedHoursAgo: 120,
    mergedHoursAgo: 98,
    commits: [[['grace.kim'], 120], [['grace.kim'], 100]],
    // Approved on the first commit; the second push came two hours later and nobody looked again.
    reviews: [['ines.garcia', 'APPROVED', 102, 0]],
    secretScan: { filesScanned: 6, skipped: [{ file: 'public/checkout-hero.webp', reason: 'binary', bytes: 184_220 }] },
  },
  {
    repository: 'acme/web',
    number: 1207,
    title: 'Tidy up the footer links',
    body: 'Moves the legal links into one column.',
    author: 'jon.berg',
    branch: 'footer-links',
    openedHoursAgo: 60,
    mergedHoursAgo: 44,
    commits: [[['jon.berg'], 60]],
    reviews: [['grace.kim', 'APPROVED', 45, 0]],
  },
  {
    repository: 'acme/web',
    number: 1209,
    // "ЕNG-450" starts with a Cyrillic Е (U+0415): it reads as a ticket key but is none.
    title: '\u0415NG-450 Lazy-load product images',
    author: 'kai.nakamura',
    branch: 'lazy-load-images',
    openedHoursAgo: 30,
    mergedHoursAgo: 22,
    commits: [[['kai.nakamura'], 30]],
    reviews: [['lena.novak', 'APPROVED', 24, 0]],
  },
  {
    repository: 'acme/web',
    number: 1211,
    title: 'Fix the focus order of the sign-in form',
    body: 'Keyboard users skipped the password field.',
    author: 'lena.novak',
    branch: 'sign-in-focus-order',
    openedHoursAgo: 18,
    mergedHoursAgo: 12,
    commits: [[['lena.novak', 'mo.haddad'], 18]],
    reviews: [['nina.petrov', 'APPROVED', 14, 0]],
    closingIssues: [{ repository: 'acme/web', number: 1188, state: 'closed' }],
  },
  {
    repository: 'acme/infra',
    number: 88,
    title: 'OPS-77 Tighten the RDS security group',
    body: 'Only the app subnets may reach Postgres.',
    author: 'omar.farouk',
    branch: 'ops-77-rds-sg',
    openedHoursAgo: 50,
    mergedHoursAgo: 26,
    commits: [[['omar.farouk'], 50], [['omar.farouk'], 30]],
    reviews: [['paula.silva', 'CHANGES_REQUESTED', 40, 0], ['paula.silva', 'APPROVED', 28, 1], ['quinn.obrien', 'APPROVED', 27, 1]],
    secretScan: {
      filesScanned: 3,
      findings: [
        // A documented dummy value in a test, marked `evident:allow` on its line.
        { rule: 'generic-api-key', file: 'modules/rds/test/fixtures.tf', line: 7, column: 15, fingerprint: '1e9b7c2a4d6f8e0b3a5c7d9f', redacted: 'test…', allowed: true },
      ],
    },
  },
  {
    repository: 'acme/infra',
    number: 91,
    title: 'OPS-81 Enable S3 Object Lock on the evidence bucket',
    author: 'rosa.mendes',
    branch: 'ops-81-object-lock',
    openedHoursAgo: 10,
    commits: [[['rosa.mendes'], 10], [['rosa.mendes'], 5]],
    reviews: [['sam.cohen', 'APPROVED', 3, 1]],
  },
];

function pullRequest(spec: Spec, index: number, collectedAt: Date): PullRequestData {
  const ago = (hours: number) => new Date(collectedAt.getTime() - hours * HOUR_MS).toISOString();
  const commits: PullRequestCommit[] = spec.commits.map(([authors, pushedHoursAgo], n) => ({
    sha: sha(index * 100 + n + 1),
    authors,
    committedDate: ago(pushedHoursAgo + 0.25),
    pushedAt: ago(pushedHoursAgo),
  }));
  const head = commits[commits.length - 1];
  if (head === undefined) throw new Error(`sample ${spec.repository}#${spec.number} has no commits`);
  const merged = spec.mergedHoursAgo !== undefined;
  return {
    repository: spec.repository,
    number: spec.number,
    title: spec.title,
    body: spec.body ?? '',
    author: person(spec.author),
    headRefName: spec.branch,
    baseRefName: 'main',
    headSha: head.sha,
    state: merged ? 'merged' : 'open',
    draft: false,
    labels: spec.labels ?? [],
    createdAt: ago(spec.openedHoursAgo),
    mergedAt: merged ? ago(spec.mergedHoursAgo ?? 0) : null,
    mergedBy: merged ? person(spec.author) : null,
    mergeCommitSha: merged ? sha(index * 100 + 99) : null,
    closingIssues: spec.closingIssues ?? [],
    commits,
    lastPushAt: head.pushedAt,
    reviews: (spec.reviews ?? []).map(([reviewer, state, hoursAgo, commit], n) => ({
      id: `PRR_${spec.number}_${n + 1}`,
      author: person(reviewer),
      state,
      submittedAt: ago(hoursAgo),
      commitSha: commits[commit]?.sha ?? null,
    })),
    secretScan: { findings: [], filesScanned: 2, skipped: [], ...spec.secretScan },
  };
}

export function samplePullRequestSnapshots(collectedAt: Date): Snapshot[] {
  return SPECS.map((spec, index) => samplePullRequestSnapshot(pullRequest(spec, index, collectedAt), collectedAt));
}

/** A pull request's snapshot as the GitHub App collects it: every part read in full. */
export function samplePullRequestSnapshot(data: PullRequestData, collectedAt: Date): Snapshot {
  return {
    source: 'github-pull-request',
    scope: `github:${data.repository}#${data.number}`,
    collectedAt: collectedAt.toISOString(),
    collector: { name: 'sample', parameters: { repository: data.repository, number: data.number } },
    parts: {
      pullRequest: { complete: true, count: 1 },
      reviews: { complete: true, count: data.reviews.length },
      commits: { complete: true, count: data.commits.length },
      diff: { complete: true, count: data.secretScan.filesScanned + data.secretScan.skipped.length },
    },
    data,
  };
}
