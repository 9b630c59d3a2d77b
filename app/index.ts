/**
 * The Evident GitHub App: Probot wiring of pull-request events to engine/change-management.
 * `probot run ./dist/app/index.js`, `node app/server.ts`, or app/lambda.ts on AWS Lambda.
 */
import type { ApplicationFunction, Context, Probot } from 'probot';
import { ConfigCache } from '../engine/change-management/compliance-config.ts';
import { checkPullRequest, recordMergedPullRequest, recordPostMergeReview, type AppDependencies } from '../engine/change-management/handlers.ts';
import type { GitHubRequester } from '../engine/collectors/github-pull-request.ts';
import { appEnvironment, assertWebhookSecret } from '../engine/change-management/app-environment.ts';

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
      ...options.dependencies,
    };
    const client = (context: Context) => context.octokit as unknown as GitHubRequester;
    const installation = (context: Context) => (context.payload as { installation?: { id: number } }).installation?.id ?? 0;

    app.on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.edited', 'pull_request.ready_for_review'], async (context) => {
      const { pull_request: pr, repository } = context.payload;
      await checkPullRequest(client(context), { installationId: installation(context), owner: repository.owner.login, repo: repository.name, number: pr.number, headSha: pr.head.sha }, deps);
    });

    app.on('pull_request.closed', async (context) => {
      const { pull_request: pr, repository } = context.payload;
      if (!pr.merged || pr.merged_at === null) return;
      await recordMergedPullRequest(client(context), { installationId: installation(context), owner: repository.owner.login, repo: repository.name, number: pr.number, headSha: pr.head.sha, mergedAt: pr.merged_at }, deps);
    });

    app.on(['pull_request_review.submitted', 'pull_request_review.dismissed'], async (context) => {
      const { pull_request: pr, repository, review } = context.payload;
      const event = { installationId: installation(context), owner: repository.owner.login, repo: repository.name, number: pr.number, headSha: pr.head.sha };
      const merged = (pr as { merged_at?: string | null }).merged_at != null;
      if (!merged) {
        await checkPullRequest(client(context), event, deps);
      } else if (context.payload.action === 'submitted' && review.state.toLowerCase() === 'approved' && review.submitted_at !== null) {
        await recordPostMergeReview(client(context), { ...event, submittedAt: review.submitted_at }, deps);
      }
    });

    // A new installation or new repositories read the configuration afresh.
    app.on(['installation', 'installation_repositories'], async (context) => {
      deps.configs.invalidate(installation(context));
      app.log.info(`installation ${installation(context)}: ${context.payload.action}`);
    });

    // A push to the compliance repository may change compliance.yml: read it again next time.
    app.on('push', async (context) => {
      if (context.payload.repository.name === deps.configs.repository) deps.configs.invalidate(installation(context));
    });
  };
}

export default evidentApp();
