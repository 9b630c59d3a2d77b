/**
 * The Evident GitHub App: Probot wiring of pull-request events to engine/change-management.
 * Run it with `node app/server.ts` (or dist/app/server.js), or app/lambda.ts on AWS Lambda: both
 * check each delivery with app/verify-delivery.ts before Probot sees it.
 */
import type { ApplicationFunction, Context, Probot } from 'probot';
import type { z } from 'zod';
import { ConfigCache } from '../engine/change-management/compliance-config.ts';
import { checkPullRequest, recordMergedPullRequest, reviewPullRequest, type AppDependencies, type PullRequestEvent } from '../engine/change-management/handlers.ts';
import { SerialQueue } from '../engine/change-management/serial-queue.ts';
import type { GitHubRequester } from '../engine/collectors/github-pull-request.ts';
import { IssueListingCache } from '../engine/issues/issue-listing-cache.ts';
import { appEnvironment, assertWebhookSecret } from '../engine/change-management/app-environment.ts';
import { guarded } from './delivery-failure.ts';
import { payloadProblem, PullRequestPayload, PushPayload, ReviewPayload } from './payloads.ts';

export interface EvidentAppOptions {
  /** Overrides for tests: the clock, the evidence archive, alert endpoints. */
  dependencies?: Partial<AppDependencies>;
}

export function evidentApp(options: EvidentAppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    assertWebhookSecret(process.env.WEBHOOK_SECRET);
    const env = appEnvironment(process.env);
    const deps: AppDependencies = {
      configs: new ConfigCache(env.EVIDENT_COMPLIANCE_REPO ?? 'compliance'),
      env,
      now: () => new Date(),
      log: { info: (m) => app.log.info(m), warn: (m) => app.log.warn(m) },
      queue: new SerialQueue(),
      issueListings: new IssueListingCache(),
      ...options.dependencies,
    };
    const client = (context: Context) => context.octokit as unknown as GitHubRequester;
    const installation = (context: Context) => (context.payload as { installation?: { id?: unknown } }).installation?.id;

    /**
     * A handler that reads only the fields `schema` checks: a delivery without them is ignored with a
     * warning naming the field (never its value), and whatever the handler throws reaches Probot
     * without the payload (delivery-failure.ts).
     */
    function on<S extends z.ZodType>(events: Parameters<Probot['on']>[0], schema: S, handler: (context: Context, payload: z.infer<S>) => Promise<unknown>) {
      app.on(events, async (context: Context) => {
        const action = (context.payload as { action?: unknown }).action;
        const what = `${context.name}${typeof action === 'string' ? `.${action}` : ''} delivery ${context.id}`;
        const parsed = schema.safeParse(context.payload);
        if (!parsed.success) {
          deps.log.warn(`${what} ignored: ${payloadProblem(parsed.error)}`);
          return;
        }
        await guarded(what, async () => {
          await handler(context, parsed.data);
        });
      });
    }

    /** The pull request a delivery names; the payload's head SHA only to mark its check if the API cannot be read. */
    const pullRequest = (context: Context, payload: z.infer<typeof PullRequestPayload> | z.infer<typeof ReviewPayload>): PullRequestEvent => {
      const head = (context.payload as { pull_request?: { head?: { sha?: unknown } } }).pull_request?.head?.sha;
      return {
        installationId: payload.installation.id,
        owner: payload.repository.owner.login,
        repo: payload.repository.name,
        number: payload.pull_request.number,
        ...(typeof head === 'string' && /^[0-9a-f]{40}$/.test(head) ? { payloadHeadSha: head } : {}),
      };
    };

    on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.edited', 'pull_request.ready_for_review'], PullRequestPayload, (context, payload) =>
      checkPullRequest(client(context), pullRequest(context, payload), deps),
    );

    // Whether it merged, and when, is read from the API; a close the payload says was no merge is not one.
    on('pull_request.closed', PullRequestPayload, async (context, payload) => {
      if (payload.pull_request.merged === false) return;
      await recordMergedPullRequest(client(context), pullRequest(context, payload), deps);
    });

    on(['pull_request_review.submitted', 'pull_request_review.dismissed'], ReviewPayload, (context, payload) =>
      reviewPullRequest(
        client(context),
        pullRequest(context, payload),
        { action: payload.action, approved: payload.review.state.toLowerCase() === 'approved', submittedAt: payload.review.submitted_at },
        deps,
      ),
    );

    // A new installation or new repositories read the configuration afresh.
    app.on(['installation', 'installation_repositories'], async (context) => {
      const id = installation(context);
      if (typeof id === 'number') deps.configs.invalidate(id);
      app.log.info(`installation ${String(id)}: ${String(context.payload.action)}`);
    });

    // A push to the compliance repository may change compliance.yml: read it again next time.
    on('push', PushPayload, async (_context, payload) => {
      if (payload.repository.name === deps.configs.repository && payload.installation !== undefined) deps.configs.invalidate(payload.installation.id);
    });
  };
}

export default evidentApp();
