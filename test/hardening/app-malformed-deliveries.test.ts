/**
 * Issue #8, case 4: a signed delivery the app cannot use (fields missing or of the wrong type, an
 * action or event it does not handle, a pull request it cannot read) is ignored or answered as an
 * error; the server keeps answering, later deliveries still work, the body is not logged, and an
 * error never shows as a pass. Driven against app/server.ts as a process, its real log on stdout.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullRequestPayload, reviewPayload } from '../support/app-payloads.ts';
import { startAppProcessWorld, type AppProcess, type AppProcessWorld } from '../support/app-process.ts';
import type { GitHubTestServer } from '../support/github-server.ts';
import { deliver, examplePayload } from '../support/webhook-delivery.ts';

const SECRET = 'hardening-malformed-secret-long-enough';
const HEAD = 'c0ffee0000000000000000000000000000000401';
const CANARY = `canary-${randomUUID()}`;
const target = { installation: 77, owner: 'acme', repo: 'api', number: 7 };

let github: GitHubTestServer;
let app: AppProcess;

const opened = (): Record<string, any> => ({ ...pullRequestPayload(target, 'opened', { headSha: HEAD }), canary: CANARY });
const send = (event: string, payload: unknown, id = randomUUID()) => deliver(app.url, { event, payload, secret: SECRET, id });
const checks = () => github.checkRuns('acme', 'api').filter((run) => run.head_sha === HEAD);

let world: AppProcessWorld | undefined;

beforeAll(async () => {
  world = await startAppProcessWorld({
    secret: SECRET,
    pull: {
      number: 7,
      title: 'SEC-7 move billing to eu-west-1',
      user: 'ana',
      head: { ref: 'sec-7', sha: HEAD },
      created_at: '2026-11-02T08:00:00Z',
      commits: [{ sha: HEAD, authors: ['ana'], committed_date: '2026-11-02T08:30:00Z' }],
      reviews: [{ user: 'ben', state: 'APPROVED', commit_id: HEAD, submitted_at: '2026-11-02T09:00:00Z' }],
      files: [{ filename: 'src/region.ts', status: 'modified', additions: 1, deletions: 1, patch: "@@ -1,1 +1,1 @@\n-export const region = 'us-east-1';\n+export const region = 'eu-west-1';" }],
    },
  });
  ({ github, app } = world);
}, 120_000);

afterAll(async () => {
  await world?.close();
}, 60_000);

// Generous bounds for a loaded 2-core machine: these are limits on a hang, not timings.
describe('deliveries the app cannot use', { timeout: 120_000 }, () => {
  it.each([
    ['pull_request', 'no pull_request', () => ({ ...opened(), pull_request: undefined }), 'pull_request: '],
    ['pull_request', 'a number that is a string', () => ({ ...opened(), pull_request: { ...opened().pull_request, number: '7' } }), 'pull_request.number: '],
    ['pull_request', 'no installation', () => ({ ...opened(), installation: undefined }), 'installation: '],
    ['pull_request', 'no repository owner', () => ({ ...opened(), repository: { ...opened().repository, owner: undefined } }), 'repository.owner: '],
    ['pull_request', 'a repository name GitHub would not give', () => ({ ...opened(), repository: { ...opened().repository, name: '../../orgs/acme' } }), 'repository.name: expected a repository name'],
    [
      'pull_request_review',
      'no review',
      () => ({ ...reviewPayload(target, { state: 'approved', submittedAt: '2026-11-02T12:00:00Z', commitId: HEAD, headSha: HEAD, prMergedAt: null }), review: undefined, canary: CANARY }),
      'review: ',
    ],
    ['push', 'no repository', () => ({ ...examplePayload('push'), repository: undefined, canary: CANARY }), 'repository: '],
  ])('[case 4] a %s delivery with %s is ignored with a warning naming the field: 200, no GitHub call, no crash, the body not logged', async (event, _what, payload, field) => {
    const before = github.requests.length;
    const result = await send(event, payload(), `malformed-${randomUUID()}`);
    expect(result.status).toBe(200);
    await app.waitForOutput(`delivery ${result.id} ignored: ${field}`);
    expect(github.requests.length).toBe(before);
    expect(app.output()).not.toContain(CANARY);
  });

  it('[case 4] actions and events the app does not handle are ignored: 200, no GitHub call', async () => {
    const before = github.requests.length;
    const unknownAction = { ...opened(), action: 'teleported' };
    const noAction = { ...opened(), action: undefined };
    const unhandledReview = { ...reviewPayload(target, { state: 'approved', submittedAt: '2026-11-02T12:00:00Z', commitId: HEAD, headSha: HEAD, prMergedAt: null }), action: 'edited' };
    const results = [
      await send('pull_request', unknownAction),
      await send('pull_request', noAction),
      await send('pull_request_review', unhandledReview),
      await send('made_up_event', { action: 'created', canary: CANARY, installation: { id: 77 } }),
    ];
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(github.requests.length).toBe(before);
    expect(checks()).toEqual([]);
  });

  it('[case 4] a delivery whose pull request cannot be read answers 500, is logged by id without its body, and leaves no pass on the head', async () => {
    expect((await send('pull_request', opened())).status).toBe(200);
    await app.waitForOutput('checked acme/api#7');
    expect(checks().map((run) => run.conclusion)).toEqual(['success']);

    // GitHub refuses the read (a 403 is not retried): the earlier pass on this head must not stand.
    github.failNext({ method: 'POST', path: /^\/graphql$/, status: 403 });
    const failed = await send('pull_request', { ...pullRequestPayload(target, 'synchronize', { headSha: HEAD }), canary: CANARY });
    expect(failed.status).toBe(500);
    await app.waitForOutput(`delivery ${failed.id} answered 500`);
    expect(checks()).toHaveLength(1);
    expect(checks()[0]).toMatchObject({ conclusion: 'failure', output: { title: 'Could not complete: the pull request could not be read' } });
    expect(app.output()).not.toContain(CANARY);
  });

  it('[case 4] after all of that the same server still answers, and a valid delivery gives its check again', async () => {
    const result = await send('pull_request', pullRequestPayload(target, 'reopened', { headSha: HEAD }));
    expect(result.status).toBe(200);
    expect(checks()).toHaveLength(1);
    expect(checks()[0]).toMatchObject({ conclusion: 'success', output: { title: 'All 3 change-management tests pass' } });
    expect(app.running()).toBe(true);
    expect(app.output()).not.toContain(CANARY);
  });
});
