/** Evaluation cost of the identity controls on a large Okta org: pure CPU, no I/O. */
import { catalog } from '../engine/controls/index.ts';
import { sampleOktaSnapshots } from '../engine/demo/sample-organization/okta.ts';
import { evaluateControl } from '../engine/evaluate-control.ts';
import type { Snapshot } from '../engine/model.ts';
import type { OktaData } from '../engine/snapshots/okta.ts';

const USERS = 10_000;

/** The sample org's users repeated until the org has USERS of them, with distinct ids. */
function largeOktaSnapshot(at: Date): Snapshot {
  const base = sampleOktaSnapshots(at)[0]!;
  const template = (base.data as OktaData).users;
  const users = Array.from({ length: USERS }, (_, i) => {
    const user = template[i % template.length]!;
    return { ...user, id: `${user.id}-${i}`, login: `${i}.${user.login}` };
  });
  const parts = Object.fromEntries(Object.keys(base.parts).map((name) => [name, { complete: true, count: USERS }]));
  return { ...base, parts, data: { ...(base.data as OktaData), users } };
}

export async function benchEvaluate(): Promise<Record<string, unknown>> {
  const snapshot = largeOktaSnapshot(new Date('2026-11-02T09:00:00Z'));
  const controls = catalog.filter((control) => control.source.id === 'okta');
  const rounds = 5;
  const started = performance.now();
  let outcomes = 0;
  for (let round = 0; round < rounds; round++) {
    for (const control of controls) outcomes += evaluateControl(control, snapshot).outcomes.length;
  }
  const ms = (performance.now() - started) / rounds;
  return {
    bench: 'evaluate-okta',
    users: USERS,
    controls: controls.length,
    outcomesPerRound: outcomes / rounds,
    msPerRound: Number(ms.toFixed(1)),
    usersPerSecond: Math.round((USERS * controls.length) / (ms / 1000)),
  };
}
