/** Evidence archive cost: records written, sealed and verified in a local folder, with the store's own counts. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalog } from '../engine/controls/index.ts';
import { sampleOktaSnapshots } from '../engine/demo/sample-organization/okta.ts';
import { evaluateControl } from '../engine/evaluate-control.ts';
import { FilesystemStore } from '../engine/evidence/filesystem-store.ts';
import { verifyEvidence } from '../engine/evidence/verify.ts';
import { recordEvaluation, type Evaluation } from '../engine/run.ts';

const HOURS = 48;

export async function benchEvidence(): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'evident-bench-'));
  try {
    const store = new FilesystemStore(dir);
    const controls = catalog.filter((control) => control.source.id === 'okta');
    const start = Date.parse('2026-11-01T00:00:00Z');
    let records = 0;
    const writeStarted = performance.now();
    // One scheduled run an hour: three Okta results, recorded and sealed each time.
    for (let hour = 0; hour < HOURS; hour++) {
      const at = new Date(start + hour * 3_600_000);
      const snapshot = sampleOktaSnapshots(at)[0]!;
      const evaluation: Evaluation = { runs: controls.map((control) => ({ control, snapshot, result: evaluateControl(control, snapshot) })), notRun: [] };
      const run = await recordEvaluation(evaluation, { store, organization: 'bench', now: at });
      records += run.records.length;
    }
    const writeMs = performance.now() - writeStarted;
    const written = { ...store.stats };
    const verifyStarted = performance.now();
    const report = await verifyEvidence(store);
    const verifyMs = performance.now() - verifyStarted;
    return {
      bench: 'evidence-filesystem',
      runs: HOURS,
      records,
      seals: report.seals,
      intact: report.intact,
      msPerRun: Number((writeMs / HOURS).toFixed(2)),
      requestsPerRun: Number((written.requests / HOURS).toFixed(1)),
      bytesWrittenPerRun: Math.round(written.bytesWritten / HOURS),
      verifyMs: Number(verifyMs.toFixed(1)),
      verifyBytesRead: store.stats.bytesRead - written.bytesRead,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
