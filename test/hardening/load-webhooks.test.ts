/**
 * The GitHub App under a burst of webhooks (bounded: 50 deliveries a second for 3 seconds), with
 * redeliveries of the same delivery id, some sent at the very moment of their original: every
 * delivery is acknowledged 2xx, and the side effects are exactly one per distinct event — one check
 * run per open pull request's head, one evidence record per control and one issue per merged pull
 * request — however many times and however concurrently GitHub delivers it. Behaviour only: the
 * timings are in bench/load-webhooks.ts. The plan is in test/support/webhook-load-plan.ts, the app in webhook-load.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDeliveries, sendPlan, type Acknowledgement } from '../support/webhook-load-plan.ts';
import { expectedSideEffects, settledSideEffects, startAppUnderLoad, type AppUnderLoad, type SideEffects } from '../support/webhook-load.ts';

const plan = planDeliveries({ rate: 50, seconds: 3 });
let app: AppUnderLoad;
let answers: Acknowledgement[];
let effects: SideEffects;

beforeAll(async () => {
  app = await startAppUnderLoad(plan);
  answers = await sendPlan(app.url, plan);
  // Work answered 202 (past GitHub's 10 s) goes on after the answer: wait for it to settle.
  ({ effects } = await settledSideEffects(app, plan, 60_000));
}, 120_000);

afterAll(async () => {
  await app.github.call('assertHealthy');
  await app.close();
});

describe('the GitHub App under 50 deliveries a second, with redeliveries', () => {
  it('[load] sends the mix it claims: opened, synchronize, merged, and redeliveries, some concurrent with their original', () => {
    const kinds = plan.deliveries.reduce<Record<string, number>>((counts, d) => ({ ...counts, [d.kind]: (counts[d.kind] ?? 0) + 1 }), {});
    expect(kinds).toEqual({ opened: 45, synchronize: 30, merged: 30, redelivery: 45 });
    const concurrent = plan.deliveries.filter((d) => d.kind === 'redelivery' && plan.deliveries.some((o) => o !== d && o.id === d.id && o.at === d.at));
    expect(concurrent.length).toBe(15);
    expect(new Set(plan.deliveries.map((d) => d.id)).size).toBe(plan.deliveries.length - 45);
  });

  it('[load] acknowledges every delivery with a 2xx', () => {
    expect(answers).toHaveLength(plan.deliveries.length);
    const refused = answers.filter((a) => a.status < 200 || a.status > 299).map((a) => ({ id: a.delivery.id, status: a.status, error: a.error }));
    expect(refused).toEqual([]);
  });

  it('[load] leaves exactly one check run per open pull request head, none duplicated by redeliveries', () => {
    expect(effects.uncheckedPullRequests).toEqual([]);
    expect(effects.duplicateCheckRuns).toBe(0);
    expect(effects.checkRuns).toBe(expectedSideEffects(plan).checkRuns);
  });

  it('[load] records each merged pull request once: one record per control, one triage decision, one issue', () => {
    const expected = expectedSideEffects(plan);
    expect(effects.unrecordedPullRequests).toEqual([]);
    expect(effects.duplicateRecords).toBe(0);
    expect({ resultRecords: effects.resultRecords, triageRecords: effects.triageRecords }).toEqual({ resultRecords: expected.resultRecords, triageRecords: expected.triageRecords });
    expect(effects.duplicateIssues).toBe(0);
    expect(effects.issues).toBe(expected.issues);
  });
});
