/**
 * Issue #8, case 1: a webhook delivery that GitHub did not sign with the app's secret, over the exact
 * bytes received, runs nothing and is not logged. Driven against app/server.ts as a process (its
 * real Probot logger at every level, on standard output) and the loopback GitHub.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullRequestPayload } from '../support/app-payloads.ts';
import { startAppProcessWorld, type AppProcess, type AppProcessWorld } from '../support/app-process.ts';
import type { GitHubTestServer } from '../support/github-server.ts';
import { deliverRaw } from '../support/webhook-raw-delivery.ts';
import { deliver, signWebhook } from '../support/webhook-delivery.ts';

const SECRET = 'hardening-signature-secret-long-enough';
const HEAD = 'c0ffee0000000000000000000000000000000101';
/** Planted in every body sent: it must never appear in the app's output. */
const CANARY = `canary-${randomUUID()}`;
const target = { installation: 77, owner: 'acme', repo: 'api', number: 7 };

let github: GitHubTestServer;
let app: AppProcess;

/** A real pull_request.opened delivery with the canary in its title, body and an extra field. */
function canaryPayload(): Record<string, any> {
  const payload = pullRequestPayload(target, 'opened', { headSha: HEAD });
  payload.pull_request.title = `SEC-1 ${CANARY}`;
  payload.pull_request.body = `token ${CANARY}`;
  payload.canary = CANARY;
  return payload;
}

/** Waits for the app to log its refusal of `id`, then checks that nothing ran and the body was not logged. */
async function expectRefusedUnlogged(id: string, before: number): Promise<void> {
  await app.waitForOutput(`delivery ${id} refused`);
  expect(github.requests.length).toBe(before);
  expect(github.checkRuns('acme', 'api')).toEqual([]);
  expect(app.output()).not.toContain(CANARY);
}

let world: AppProcessWorld | undefined;

beforeAll(async () => {
  world = await startAppProcessWorld({
    secret: SECRET,
    pull: {
      number: 7,
      title: 'SEC-1 rotate the billing credentials',
      user: 'ana',
      head: { ref: 'sec-1', sha: HEAD },
      files: [{ filename: 'src/billing.ts', status: 'modified', additions: 1, deletions: 0, patch: "@@ -1,1 +1,2 @@\n import x from 'y';\n+export const region = 'eu-west-1';" }],
    },
  });
  ({ github, app } = world);
}, 120_000);

afterAll(async () => {
  await world?.close();
}, 60_000);

// Generous bounds for a loaded 2-core machine: these are limits on a hang, not timings.
describe('webhook signatures (app/server.ts)', { timeout: 120_000 }, () => {
  it('[case 1] a delivery without X-Hub-Signature-256 (none, or only the SHA-1 one) is refused with 400: no handler runs, the body is not logged', async () => {
    const payload = canaryPayload();
    const before = github.requests.length;
    const unsigned = await deliver(app.url, { event: 'pull_request', payload, id: 'unsigned-1' });
    expect(unsigned.status).toBe(400);
    await expectRefusedUnlogged('unsigned-1', before);

    // GitHub still sends the legacy SHA-1 signature; the app does not accept it alone.
    const body = JSON.stringify(payload);
    const { createHmac } = await import('node:crypto');
    const sha1 = `sha1=${createHmac('sha1', SECRET).update(body).digest('hex')}`;
    const legacy = await deliverRaw(app.url, { event: 'pull_request', body, id: 'sha1-only-1', headers: { 'x-hub-signature': sha1 } });
    expect(legacy.status).toBe(400);
    await expectRefusedUnlogged('sha1-only-1', before);
  });

  it.each([
    ['signed with another secret', (body: string) => signWebhook(body, 'not-the-app-secret')],
    ['a forged hex digest', () => `sha256=${'0'.repeat(64)}`],
    ['a truncated digest', (body: string) => signWebhook(body, SECRET).slice(0, 40)],
    ['another algorithm named', (body: string) => signWebhook(body, SECRET).replace('sha256=', 'sha512=')],
    ['the right digest of an empty body', () => signWebhook('', SECRET)],
  ])('[case 1] a delivery with a wrong signature (%s) is refused with 400: no handler runs, the body is not logged', async (_name, sign) => {
    const body = JSON.stringify(canaryPayload());
    const before = github.requests.length;
    const id = `forged-${randomUUID()}`;
    const result = await deliverRaw(app.url, { event: 'pull_request', body, id, signature: sign(body) });
    expect(result.status).toBe(400);
    expect(result.body).not.toContain(CANARY);
    await expectRefusedUnlogged(id, before);
  });

  it('[case 1] the same JSON re-serialized (other spacing, other key order) under the signature of the original bytes is refused: the HMAC is over the raw bytes', async () => {
    const payload = canaryPayload();
    const original = JSON.stringify(payload);
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(payload).reverse()));
    const before = github.requests.length;
    for (const [n, body] of [JSON.stringify(payload, null, 2), reordered, `${original}\n`, ` ${original}`].entries()) {
      expect(JSON.parse(body)).toEqual(payload);
      const id = `reserialized-${n}`;
      const result = await deliverRaw(app.url, { event: 'pull_request', body, id, signature: { over: original, secret: SECRET } });
      expect(result.status).toBe(400);
      await expectRefusedUnlogged(id, before);
    }
  });

  it('[case 1] a correctly signed body that is not JSON (or not UTF-8, or not an object) is refused with 400, without quoting it in the log', async () => {
    const before = github.requests.length;
    const bodies: (string | Uint8Array)[] = [
      `{"action":"opened","canary":"${CANARY}",`,
      Buffer.concat([Buffer.from(`{"canary":"${CANARY}","x":"`), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
      `["${CANARY}"]`,
    ];
    for (const [n, body] of bodies.entries()) {
      const id = `not-json-${n}`;
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      const signature = `sha256=${(await import('node:crypto')).createHmac('sha256', SECRET).update(bytes).digest('hex')}`;
      const result = await deliverRaw(app.url, { event: 'pull_request', body: bytes, id, signature });
      expect(result.status).toBe(400);
      expect(result.body).not.toContain(CANARY);
      await expectRefusedUnlogged(id, before);
    }
  });

  it('[case 1] the same delivery correctly signed is accepted and reaches GitHub, and its body is not logged either', async () => {
    const before = github.requests.length;
    const result = await deliver(app.url, { event: 'pull_request', payload: canaryPayload(), secret: SECRET, id: 'signed-1' });
    expect(result.status).toBe(200);
    await app.waitForOutput('checked acme/api#7');
    expect(github.requests.length).toBeGreaterThan(before);
    expect(github.checkRuns('acme', 'api')).toHaveLength(1);
    expect(app.output()).toContain('signed-1');
    expect(app.output()).not.toContain(CANARY);
    expect(app.running()).toBe(true);
  });
});
