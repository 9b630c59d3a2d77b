/**
 * The GitHub App under sustained webhook load: 50 signed deliveries a second for 60 s (opened,
 * synchronize, merged, and redeliveries of the same delivery id, some at the moment of their
 * original; the mix is in test/support/webhook-load-plan.ts), sent open-loop to the app as
 * app/server.ts runs it. The app has this thread to itself; the sender and the loopback GitHub of the
 * tests run on two more threads of the same process (so on a 2-core machine they still compete for
 * CPU, and the figures are pessimistic). Reports every acknowledgement by status, the acknowledgement
 * latency (p50/p95/p99, and per 10 s window to show whether it grows), and the side effects against
 * what the distinct events call for, duplicates included.
 *
 *   node bench/load-webhooks.ts                                   # 50/s for 60 s
 *   LOAD_WEBHOOKS_RATE=20 LOAD_WEBHOOKS_SECONDS=5 node bench/load-webhooks.ts
 *   LOAD_WEBHOOKS_THROTTLE=github node bench/load-webhooks.ts     # with octokit's write spacing, as in production
 *   LOAD_WEBHOOKS_SETTLE_MS=600000 …                              # wait longer for the backlog (default 300 s)
 *
 * GitHub waits 10 s for an answer (https://docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks#respond-within-10-seconds);
 * the app answers 202 at 9 s and finishes the work after, so the side effects are counted once the
 * work has settled (`settledAfterMs`).
 */
import { planDeliveries, sendPlanInWorker, type Acknowledgement } from '../test/support/webhook-load-plan.ts';
import { expectedSideEffects, settledSideEffects, startAppUnderLoad } from '../test/support/webhook-load.ts';

export interface LoadOptions {
  rate?: number;
  seconds?: number;
  /** Keep Probot's octokit throttling (production); off by default to measure the app itself. */
  throttle?: boolean;
  /** How long to wait for work still running after the last answer. */
  settleMs?: number;
}

const ms = (value: number) => Math.round(value * 10) / 10;
/** The value at quantile q of sorted values (nearest rank). */
const quantile = (sorted: readonly number[], q: number) => ms(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0);
const summary = (values: number[]) => {
  const sorted = values.toSorted((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99), max: quantile(sorted, 1) };
};

export async function benchLoadWebhooks(options: LoadOptions = {}): Promise<Record<string, unknown>> {
  const rate = options.rate ?? Number(process.env.LOAD_WEBHOOKS_RATE ?? 50);
  const seconds = options.seconds ?? Number(process.env.LOAD_WEBHOOKS_SECONDS ?? 60);
  const throttle = options.throttle ?? process.env.LOAD_WEBHOOKS_THROTTLE === 'github';
  const plan = planDeliveries({ rate, seconds });
  // The app alone in this thread: the sender and the loopback GitHub run on threads of their own.
  const app = await startAppUnderLoad(plan, { throttle, githubThread: true });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  try {
    const started = performance.now();
    const answers: Acknowledgement[] = await sendPlanInWorker(app.url, plan);
    const answeredMs = performance.now() - started;
    const { effects, waitedMs } = await settledSideEffects(app, plan, options.settleMs ?? Number(process.env.LOAD_WEBHOOKS_SETTLE_MS ?? 300_000));
    const expected = expectedSideEffects(plan);

    const byStatus: Record<string, number> = {};
    for (const answer of answers) byStatus[String(answer.status)] = (byStatus[String(answer.status)] ?? 0) + 1;
    const windows = [];
    for (let from = 0; from < seconds * 1000; from += 10_000) {
      const sent = answers.filter((a) => a.delivery.at >= from && a.delivery.at < from + 10_000);
      if (sent.length > 0) windows.push({ fromS: from / 1000, deliveries: sent.length, ...summary(sent.map((a) => a.latencyMs)) });
    }
    const kinds = [...new Set(plan.deliveries.map((d) => d.kind))];
    return {
      bench: 'app-webhook-load',
      rate,
      seconds,
      throttle: throttle ? 'octokit default (writes 1 s apart)' : 'off',
      deliveries: plan.deliveries.length,
      mix: Object.fromEntries(kinds.map((kind) => [kind, plan.deliveries.filter((d) => d.kind === kind).length])),
      acknowledged: { total: answers.length, byStatus, notAcknowledged2xx: answers.filter((a) => a.status < 200 || a.status > 299).length },
      latencyMs: summary(answers.map((a) => a.latencyMs)),
      latencyByKindMs: Object.fromEntries(kinds.map((kind) => [kind, summary(answers.filter((a) => a.delivery.kind === kind).map((a) => a.latencyMs))])),
      latencyPer10sMs: windows,
      // How late the sender itself was: above a few ms, the machine could not keep the rate.
      senderLagMs: summary(answers.map((a) => a.lagMs)),
      allAnsweredAfterMs: Math.round(answeredMs),
      settledAfterMs: waitedMs,
      sideEffects: {
        checkRuns: { expected: expected.checkRuns, actual: effects.checkRuns, duplicates: effects.duplicateCheckRuns, missing: effects.uncheckedPullRequests.length },
        issues: { expected: expected.issues, actual: effects.issues, duplicates: effects.duplicateIssues },
        evidenceRecords: {
          results: { expected: expected.resultRecords, actual: effects.resultRecords },
          triage: { expected: expected.triageRecords, actual: effects.triageRecords },
          duplicates: effects.duplicateRecords,
          duplicated: effects.duplicatedRecords.slice(0, 5).map((d) => d.what),
          recordedAgainWithAnotherStatus: effects.rerecorded.length,
          pullRequestsMissingRecords: effects.unrecordedPullRequests.length,
        },
      },
      githubRequests: await app.github.call<number>('requestCount'),
      githubRequestsByOperation: await app.github.call<Record<string, number>>('requestsByOperation'),
      githubErrors: await app.github.call<Record<string, number>>('failedRequests'),
      peakRssMb: Math.round(peakRss / 1_048_576),
    };
  } finally {
    clearInterval(sampler);
    await app.close();
  }
}

if (import.meta.main) {
  process.stdout.write(`${JSON.stringify(await benchLoadWebhooks())}\n`);
  // Probot's clients keep timers of their own (rate-limit bookkeeping); the benchmark is done.
  process.exit(0);
}
