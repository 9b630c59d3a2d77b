/**
 * The few payload fields the app reads, checked before any handler uses them. A delivery only says
 * which pull request to look at: its state (head, merged or not, reviews) is read from the API when
 * the handler runs, because deliveries arrive late, twice or out of order and their payloads go stale.
 * A delivery without these fields is ignored with a warning that names the field, never the value.
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request_review
 */
import { z } from 'zod';

/**
 * GitHub's rules for account and repository names; a value outside them did not come from GitHub.
 * They go into API paths, where `..` would climb out of `/repos/{owner}/{repo}`.
 */
const login = z.string().regex(/^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/, 'expected an account name');
const name = z.string().regex(/^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/, 'expected a repository name');

const repository = z.object({ name, owner: z.object({ login }) });
const installation = z.object({ id: z.number().int().positive() });

export const PullRequestPayload = z.object({
  installation,
  repository,
  pull_request: z.object({
    number: z.number().int().positive(),
    /** Read only to skip a close that was not a merge; the merge itself is confirmed from the API. */
    merged: z.boolean().nullish(),
  }),
});

export const ReviewPayload = z.object({
  action: z.string(),
  installation,
  repository,
  pull_request: z.object({ number: z.number().int().positive() }),
  review: z.object({
    state: z.string(),
    submitted_at: z.iso.datetime({ offset: true }).nullable(),
  }),
});

export const PushPayload = z.object({ installation: installation.optional(), repository: z.object({ name }) });

/** The first problem of a payload, as `pull_request.number: Invalid input…` (zod's messages hold no input values). */
export function payloadProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue === undefined ? 'invalid payload' : `${issue.path.join('.') || '(payload)'}: ${issue.message}`;
}
