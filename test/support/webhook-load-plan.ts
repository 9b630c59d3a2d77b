/**
 * A stream of webhook deliveries for load tests of the GitHub App: which deliveries, when, and the
 * sender. Signed pull_request events from @octokit/webhooks-examples, sent open-loop at a fixed rate
 * (each on its own schedule, never waiting for earlier answers, as GitHub's Hookshot sends them), in
 * a fixed mix: per ten deliveries, three `opened` (a new pull request each), two `synchronize` (of a
 * pull request opened earlier), two `closed` with `merged: true` (a new merged pull request each) and
 * three redeliveries, which GitHub sends with the same X-GitHub-Delivery
 * (https://docs.github.com/en/webhooks/testing-and-troubleshooting-webhooks/redelivering-webhooks):
 * one at the very moment its original is sent, one of an `opened` a few deliveries back, one of a
 * merge about three seconds back.
 */
import { Worker } from 'node:worker_threads';
import { deliver, examplePayload } from './webhook-delivery.ts';

export const LOAD_INSTALLATION = 9;
export const LOAD_SECRET = 'load-webhook-secret-that-is-long-enough';

export type DeliveryKind = 'opened' | 'synchronize' | 'merged' | 'redelivery';
type OriginalKind = Exclude<DeliveryKind, 'redelivery'>;

export interface PlannedDelivery {
  /** Milliseconds after the start when it is sent. */
  at: number;
  kind: DeliveryKind;
  /** X-GitHub-Delivery: a redelivery repeats its original's. */
  id: string;
  pullRequest: number;
  /** The original's kind, for a redelivery. */
  of?: OriginalKind;
}

export interface LoadPlan {
  deliveries: PlannedDelivery[];
  /** Pull requests to seed: open ones (checked) and merged ones (recorded). */
  open: number[];
  merged: number[];
}

export const loadHeadSha = (n: number) => `c0ffee${String(n).padStart(34, '0')}`;

/** `rate` deliveries a second for `seconds`, in the mix above. Deterministic: the same options give the same plan. */
export function planDeliveries(options: { rate: number; seconds: number }): LoadPlan {
  const total = Math.max(10, Math.round(options.rate * options.seconds));
  const interval = 1000 / options.rate;
  const deliveries: PlannedDelivery[] = [];
  const open: number[] = [];
  const merged: number[] = [];
  let next = 1;
  const original = (kind: OriginalKind, at: number, pullRequest: number): PlannedDelivery => ({ at, kind, id: `${kind}-${pullRequest}-${deliveries.length}`, pullRequest });
  const again = (of: PlannedDelivery, at: number): PlannedDelivery => ({ at, kind: 'redelivery', id: of.id, pullRequest: of.pullRequest, of: of.kind as OriginalKind });
  for (let cycle = 0; deliveries.length < total; cycle++) {
    const at = (slot: number) => Math.round((cycle * 10 + slot) * interval);
    const cycleStart = deliveries.length;
    const slots: PlannedDelivery[] = [];
    for (let slot = 0; slot < 3; slot++) {
      open.push(next);
      slots.push(original('opened', at(slot), next++));
    }
    // A pull request opened a cycle earlier gets pushed to (in the first cycle, this cycle's own).
    const earlierOpened = (i: number) => deliveries[cycleStart - 10 + i]?.pullRequest ?? (slots[i] as PlannedDelivery).pullRequest;
    slots.push(original('synchronize', at(3), earlierOpened(0)), original('synchronize', at(4), earlierOpened(1)));
    for (let slot = 5; slot < 7; slot++) {
      merged.push(next);
      slots.push(original('merged', at(slot), next++));
    }
    // A merge about three seconds back (in the first seconds, this cycle's own).
    const mergeSecondsAgo = deliveries[cycleStart - 10 * Math.max(1, Math.round((3 * options.rate) / 10)) + 5] ?? (slots[5] as PlannedDelivery);
    slots.push(
      // At the very moment of the original: both in flight together.
      again(slots[6] as PlannedDelivery, (slots[6] as PlannedDelivery).at),
      again(slots[0] as PlannedDelivery, at(8)),
      again(mergeSecondsAgo, at(9)),
    );
    deliveries.push(...slots);
  }
  deliveries.length = total;
  deliveries.sort((a, b) => a.at - b.at);
  const sent = new Set(deliveries.map((d) => d.pullRequest));
  return { deliveries, open: open.filter((n) => sent.has(n)), merged: merged.filter((n) => sent.has(n)) };
}

/** The payload GitHub would send for a planned delivery (a redelivery: its original's). */
export function payloadFor(delivery: PlannedDelivery): Record<string, any> {
  const kind = delivery.kind === 'redelivery' ? delivery.of : delivery.kind;
  const action = kind === 'merged' ? 'closed' : (kind as 'opened' | 'synchronize');
  const payload = examplePayload('pull_request', action) as Record<string, any>;
  payload.installation = { id: LOAD_INSTALLATION, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uOQ==' };
  Object.assign(payload.repository, { name: 'api', full_name: 'acme/api' });
  payload.repository.owner.login = 'acme';
  payload.number = delivery.pullRequest;
  payload.pull_request.number = delivery.pullRequest;
  payload.pull_request.head.sha = loadHeadSha(delivery.pullRequest);
  payload.pull_request.merged = kind === 'merged';
  payload.pull_request.merged_at = kind === 'merged' ? '2026-11-02T10:00:00Z' : null;
  return payload;
}

export interface Acknowledgement {
  delivery: PlannedDelivery;
  /** The HTTP status, or 0 when the request itself failed. */
  status: number;
  latencyMs: number;
  /** How late it was sent against its schedule (the sender's own lag). */
  lagMs: number;
  error?: string;
}

/** Sends every planned delivery at its time, without waiting for answers; resolves when all are answered. */
export async function sendPlan(url: string, plan: LoadPlan): Promise<Acknowledgement[]> {
  const start = performance.now();
  const answers: Promise<Acknowledgement>[] = [];
  const send = async (delivery: PlannedDelivery): Promise<Acknowledgement> => {
    const sentAt = performance.now();
    const lagMs = sentAt - start - delivery.at;
    try {
      const { status } = await deliver(url, { event: 'pull_request', payload: payloadFor(delivery), secret: LOAD_SECRET, id: delivery.id });
      return { delivery, status, latencyMs: performance.now() - sentAt, lagMs };
    } catch (error) {
      return { delivery, status: 0, latencyMs: performance.now() - sentAt, lagMs, error: String((error as Error).cause ?? error) };
    }
  };
  for (const delivery of plan.deliveries) {
    const wait = delivery.at - (performance.now() - start);
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    answers.push(send(delivery));
  }
  return Promise.all(answers);
}

/**
 * `sendPlan` on a thread of its own, so the sender keeps its schedule and times the answers with its
 * own clock however busy the app's event loop is (GitHub's sender is not on the app's machine either).
 */
export function sendPlanInWorker(url: string, plan: LoadPlan): Promise<Acknowledgement[]> {
  const worker = new Worker(new URL('./webhook-load-sender-worker.ts', import.meta.url), { workerData: { url, plan } });
  return new Promise((resolve, reject) => {
    worker.once('message', (answers: Acknowledgement[]) => {
      resolve(answers);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the sender thread exited (${code}) before answering`)));
  });
}
