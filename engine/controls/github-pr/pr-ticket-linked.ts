/**
 * Every change traces back to a request: the pull request names a ticket (Jira, Linear or a GitHub
 * issue) in its title, description or branch name, or links an issue it closes. Auditors sample merged
 * changes and ask for the authorization behind each (SOC 2 CC8.1: "authorizes ... changes"; ISO 27001
 * A.8.32 change management). The parsing, including the look-alike checks, is in ticket-references.ts.
 * Closing references: https://docs.github.com/en/issues/tracking-your-work-with-issues/using-issues/linking-a-pull-request-to-an-issue
 */
import { z } from 'zod';
import type { Outcome } from '../../model.ts';
import { githubPullRequestSource, pullRequestResource, sameLogin } from '../../snapshots/github-pull-request.ts';
import { defineControl } from '../define-control.ts';
import { display, findTicketReferences, type IgnoredReference, type LookalikeReference, type TicketLocation, type TicketReference } from './ticket-references.ts';

const WHERE: Readonly<Record<TicketLocation, string>> = {
  title: 'the title',
  body: 'the description',
  branch: 'the branch name',
  'closing-issue': 'a closing reference',
};

export const control = defineControl({
  id: 'pr-ticket-linked',
  title: 'Every pull request references a ticket',
  source: githubPullRequestSource,
  needs: ['pullRequest'],
  area: 'change-management',
  severity: 'medium',
  risk:
    'A change without a ticket cannot be traced to the request, risk assessment or approval that authorized it; ' +
    'auditors sampling changes will list each one as an exception.',
  remediation: [
    'Add the ticket key (for example ENG-123) or the issue link to the pull request title or description.',
    'Name branches after their ticket (eng-123-short-description), so the reference is there from the first push.',
    'Type ticket keys in plain ASCII: keys pasted with invisible or look-alike characters are not counted.',
    'For trivial changes that need no ticket, agree on an exemption label (exemptLabels) and apply it knowingly: it is kept as evidence.',
  ],
  summary: { noun: ['pull request', 'pull requests'], failing: 'without a ticket reference' },
  params: z.strictObject({
    /**
     * Jira project keys (and Linear team keys, which share the shape) that count, such as `[SEC, ENG]`.
     * Empty: any key shaped like a project key counts, except names of standards such as UTF-8 or SHA-256.
     */
    jiraProjects: z.array(z.string().regex(/^[A-Z][A-Z0-9]{1,9}$/, 'a Jira project key: 2 to 10 uppercase letters or digits, a letter first')).default([]),
    /** Count GitHub issues: closing references, `#12`, `acme/api#12` and issue URLs in the description. */
    allowGithubIssues: z.boolean().default(true),
    /** Authors whose pull requests need no ticket (`dependabot[bot]`); recorded as skipped with the reason. */
    exemptAuthors: z.array(z.string()).default([]),
    /** Labels that exempt a pull request, such as `no-ticket`. */
    exemptLabels: z.array(z.string()).default([]),
  }),
  evaluate(pr, params) {
    const resource = pullRequestResource(pr);
    const base = { title: pr.title, branch: pr.headRefName, labels: pr.labels, author: pr.author.login, state: pr.state };
    const skipped = (message: string, extra: Record<string, unknown> = {}): Outcome[] => [
      { status: 'skipped', resource, message, details: { ...base, ...extra } },
    ];
    if (pr.state === 'closed') return skipped(`${resource} was closed without being merged, so no change needs a ticket.`);
    // The exemption is not hidden: the label stays on the pull request and is recorded in the evidence
    // with this outcome, so an auditor sees which changes were exempted and by which label.
    const label = pr.labels.find((l) => params.exemptLabels.some((e) => e.toLowerCase() === l.toLowerCase()));
    if (label !== undefined) {
      return skipped(`${resource} carries the label ${label}, which exempts it from the ticket requirement (exemptLabels); the label is kept as evidence.`, {
        exemptLabel: label,
      });
    }
    if (params.exemptAuthors.some((login) => sameLogin(login, pr.author.login))) {
      return skipped(`${resource} by ${pr.author.login} is exempt from the ticket requirement by configuration (exemptAuthors).`);
    }

    const scan = findTicketReferences(
      { repository: pr.repository, number: pr.number, title: pr.title, body: pr.body, headRefName: pr.headRefName, closingIssues: pr.closingIssues },
      params,
    );
    const details = {
      ...base,
      references: scan.references,
      lookalikes: scan.lookalikes,
      ignored: scan.ignored,
      jiraProjects: params.jiraProjects,
      allowGithubIssues: params.allowGithubIssues,
    };
    const lookalikeNote = scan.lookalikes.length > 0 ? `; ${describeLookalikes(scan.lookalikes)}` : '';

    if (scan.references.length > 0) {
      const anyProject =
        params.jiraProjects.length === 0 && scan.references.some((r) => r.kind !== 'github-issue')
          ? ' (any project key accepted: set jiraProjects to restrict)'
          : '';
      return [
        { status: 'pass', resource, message: `${resource} references ${describeReferences(scan.references)}${anyProject}${lookalikeNote}.`, details },
      ];
    }
    const ignoredNote = scan.ignored.length > 0 ? `; not counted: ${describeIgnored(scan.ignored)}` : '';
    const searched = params.allowGithubIssues ? 'title, description, branch name or closing references' : 'title, description or branch name';
    return [
      {
        status: 'fail',
        resource,
        message: `${resource} references no ticket in its ${searched} (branch ${display(pr.headRefName)})${ignoredNote}${lookalikeNote}.`,
        details,
      },
    ];
  },
});

function describeReferences(references: readonly TicketReference[]): string {
  return references.map((r) => `${r.kind === 'linear' ? `Linear ${r.id}` : r.id} in ${WHERE[r.where]}`).join(', ');
}

function describeIgnored(ignored: readonly IgnoredReference[]): string {
  return ignored.map((i) => `${i.id} in ${WHERE[i.where]} (${i.reason})`).join(', ');
}

function describeLookalikes(lookalikes: readonly LookalikeReference[]): string {
  const each = lookalikes.map((l) => `"${l.text}" in ${WHERE[l.where]} reads as ${l.id} but has ${l.reasons.join('; ')}`);
  return `ignored ${lookalikes.length === 1 ? 'a look-alike reference' : `${lookalikes.length} look-alike references`}: ${each.join(', ')}`;
}
