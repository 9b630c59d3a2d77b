import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSnapshotRecord } from '../../engine/collectors/okta/okta-records.ts';
import type { ComplianceConfig } from '../../engine/config/schema.ts';
import { FilesystemStore } from '../../engine/evidence/filesystem-store.ts';
import { kindOfKey, RECORD_KEY, recordContentHash, recordKey } from '../../engine/evidence/record.ts';
import { sealEvidence } from '../../engine/evidence/seal.ts';
import type { EvidenceStore } from '../../engine/evidence/store.ts';
import type { WrittenRecord } from '../../engine/evidence/write-record.ts';
import { findingFingerprint } from '../../engine/findings.ts';
import { RecordingTracker } from '../../engine/issues/recording-tracker.ts';
import { RECORD_SCHEMA, type EvidenceRecord, type RemediationRecord, type Snapshot } from '../../engine/model.ts';
import { writeRemediationRecord } from '../../engine/remediate/remediation-record.ts';
import { loadEvidence, type EvidenceIndex, type Period } from '../../engine/reports/evidence-index.ts';
import { respond } from '../../engine/respond.ts';
import { evaluateAll, recordResults, sealWritten } from '../../engine/run.ts';
import { oktaSnapshot, testConfig } from '../support/sample-run.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempStore(): Promise<FilesystemStore> {
  const dir = await mkdtemp(join(tmpdir(), 'evident-evidence-index-'));
  dirs.push(dir);
  return new FilesystemStore(dir);
}

interface Run {
  results: WrittenRecord[];
  triage: WrittenRecord[];
  seal: { sequence: number; records: number } | undefined;
}

/** A scheduled run at one moment: evaluate, record, triage (rules only) and seal what was written. */
async function runAt(store: EvidenceStore, config: ComplianceConfig, at: string, fixture: 'fail.json' | 'pass.json'): Promise<Run> {
  const now = new Date(at);
  const snapshots: Snapshot[] = [oktaSnapshot(at, fixture)];
  const evaluation = evaluateAll({ config, snapshots, now });
  const results = await recordResults(evaluation, { store, organization: config.organization, now });
  const { triageRecords } = await respond(
    results.map((record) => ({ run: record.run, key: record.key })),
    { config, tracker: new RecordingTracker('acme/compliance'), now, store, noModelReason: 'no model in tests' },
  );
  const outcome = await sealWritten([...results, ...triageRecords], { store, organization: config.organization, now });
  return { results, triage: triageRecords, seal: outcome.seal };
}

function remediation(at: string, runId: string): RemediationRecord {
  return {
    schema: RECORD_SCHEMA,
    kind: 'remediation',
    area: 'access-control',
    organization: 'acme',
    evidentVersion: '0.1.0',
    recordedAt: at,
    effectiveAt: at,
    remediation: { id: 'okta-inactive-users', controlId: 'okta-inactive-users', mode: 'dry-run', runId, fingerprint: findingFingerprint('okta-inactive-users', 'acme.okta.com') },
    source: 'okta',
    scope: 'acme.okta.com',
    snapshotCollectedAt: at,
    phase: 'plan',
    plan: { afterDays: 120, maxUsers: 10, maxPercent: 50, population: 4, candidates: [], excluded: [] },
  };
}

const OCTOBER: Period = { from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' };
const keysOf = (entries: readonly { key: string }[]) => entries.map((e) => e.key).sort();
const instants = (entries: readonly { record: { effectiveAt: string } }[]) => entries.map((e) => Date.parse(e.record.effectiveAt));

/**
 * The moments of the main archive. Two are written with a +02:00 offset, so their strings and
 * their instants fall on different days or sort differently:
 *   2026-10-01T01:00:00+02:00 is 2026-09-30T23:00Z (September, though the string says October);
 *   2026-10-15T10:30:00+02:00 is 2026-10-15T08:30Z (before 09:00Z, though it sorts after as a string);
 *   2026-11-01T01:00:00+02:00 is 2026-10-31T23:00Z (October, though the string says November).
 */
const MOMENTS = [
  { at: '2026-09-30T09:00:00Z', fixture: 'fail.json', inOctober: false },
  { at: '2026-10-01T01:00:00+02:00', fixture: 'fail.json', inOctober: false },
  { at: '2026-10-01T00:00:00.000Z', fixture: 'pass.json', inOctober: true },
  { at: '2026-10-15T09:00:00Z', fixture: 'fail.json', inOctober: true },
  { at: '2026-10-15T10:30:00+02:00', fixture: 'pass.json', inOctober: true },
  { at: '2026-11-01T01:00:00+02:00', fixture: 'fail.json', inOctober: true },
  { at: '2026-11-01T00:00:00.000Z', fixture: 'fail.json', inOctober: false },
] as const;

describe('loadEvidence on an archive written by the engine', () => {
  let store: FilesystemStore;
  const runs = new Map<string, Run>();
  const seals: { sequence: number; records: number }[] = [];
  let snapshotKey: string;
  let remediationKeys: { september: string; october: string };
  let october: EvidenceIndex;
  let everything: EvidenceIndex;

  beforeAll(async () => {
    store = await tempStore();
    const config = testConfig();
    for (const moment of MOMENTS) {
      const run = await runAt(store, config, moment.at, moment.fixture);
      runs.set(moment.at, run);
      if (run.seal !== undefined) seals.push({ sequence: run.seal.sequence, records: run.seal.records });
    }
    snapshotKey = (await writeSnapshotRecord(store, oktaSnapshot('2026-10-20T09:00:00Z', 'pass.json'), 'acme')).key;
    remediationKeys = {
      september: (await writeRemediationRecord(store, remediation('2026-09-20T09:00:00.000Z', '0000000000000001'))).key,
      october: (await writeRemediationRecord(store, remediation('2026-10-12T09:00:00.000Z', '0000000000000002'))).key,
    };
    const last = await sealEvidence(store, { now: new Date('2026-11-01T02:00:00Z') });
    if (last.seal !== undefined) seals.push({ sequence: last.seal.sequence, records: last.seal.records });
    // Mutable state beside the records: never read as evidence.
    await store.putPointer('state/okta/acme.okta.com.json', new TextEncoder().encode('{"latest": "2026/10/20/access-control-snapshot-0900-…"}'));

    october = await loadEvidence(store, OCTOBER);
    everything = await loadEvidence(store);
  });

  const written = (select: (moment: (typeof MOMENTS)[number]) => boolean, part: 'results' | 'triage') =>
    MOMENTS.filter(select).flatMap((m) => runs.get(m.at)?.[part].map((r) => r.key) ?? []).sort();

  it('wrote what the tests below rely on: three results per run, a triage decision per failing run, a seal per run', () => {
    for (const moment of MOMENTS) {
      const run = runs.get(moment.at);
      expect(run?.results).toHaveLength(3);
      expect(run?.triage).toHaveLength(moment.fixture === 'fail.json' ? 1 : 0);
    }
    expect(seals.map((s) => s.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('splits results, triage decisions, remediation records and seals into their lists', () => {
    expect(keysOf(everything.results)).toEqual(written(() => true, 'results'));
    expect(keysOf(everything.triage)).toEqual(written(() => true, 'triage'));
    expect(keysOf(everything.remediation)).toEqual([remediationKeys.september, remediationKeys.october].sort());
    expect(everything.results.every((e) => e.record.kind === 'control-result')).toBe(true);
    expect(everything.triage.every((e) => e.record.kind === 'triage-decision')).toBe(true);
    expect(everything.remediation.every((e) => e.record.kind === 'remediation')).toBe(true);
    expect(everything.seals).toEqual(seals.map((s) => ({ ...s, sealedAt: expect.any(String) })));
    expect(everything.problems).toEqual([]);
    expect(everything.location).toBe(store.location);
  });

  it('passes over snapshot records and state/ objects', () => {
    const all = [...everything.results, ...everything.triage, ...everything.remediation].map((e) => e.key);
    expect(all).not.toContain(snapshotKey);
    expect(all.some((key) => key.startsWith('state/'))).toBe(false);
    expect(everything.problems).toEqual([]);
  });

  it('keeps only the records effective in the period: `from` inclusive, `to` exclusive, compared as instants', () => {
    expect(keysOf(october.results)).toEqual(written((m) => m.inOctober, 'results'));
    const effective = october.results.map((e) => e.record.effectiveAt);
    // Exactly at `from`: in. Exactly at `to`: out.
    expect(effective).toContain('2026-10-01T00:00:00.000Z');
    expect(effective).not.toContain('2026-11-01T00:00:00.000Z');
    // By instant, not by the date in the string.
    expect(effective).toContain('2026-11-01T01:00:00+02:00');
    expect(effective).not.toContain('2026-10-01T01:00:00+02:00');
    expect(october.results).toHaveLength(12);
  });

  it('filters triage decisions and remediation records by the same period, but keeps every seal', () => {
    // Triage decisions are effective when decided (in UTC): the failing runs of 15 October and of 2026-10-31T23:00Z.
    expect(october.triage.map((e) => e.record.effectiveAt)).toEqual(['2026-10-15T09:00:00.000Z', '2026-10-31T23:00:00.000Z']);
    expect(keysOf(october.triage)).toEqual(written((m) => m.inOctober, 'triage'));
    expect(october.remediation.map((e) => e.key)).toEqual([remediationKeys.october]);
    expect(october.seals).toEqual(everything.seals);
  });

  it('reads a date-only period like the same days as date-times', async () => {
    const byDate = await loadEvidence(store, { from: '2026-10-01', to: '2026-11-01' });
    expect(keysOf(byDate.results)).toEqual(keysOf(october.results));
    expect(keysOf(byDate.triage)).toEqual(keysOf(october.triage));
  });

  it('applies a period with only `from` or only `to`', async () => {
    const from = await loadEvidence(store, { from: '2026-10-15T08:30:00Z' });
    expect([...new Set(from.results.map((e) => e.record.effectiveAt))]).toEqual(['2026-10-15T10:30:00+02:00', '2026-10-15T09:00:00Z', '2026-11-01T01:00:00+02:00', '2026-11-01T00:00:00.000Z']);
    const to = await loadEvidence(store, { to: '2026-10-01T00:00:00Z' });
    expect([...new Set(to.results.map((e) => e.record.effectiveAt))]).toEqual(['2026-09-30T09:00:00Z', '2026-10-01T01:00:00+02:00']);
  });

  it('keeps a period that starts and ends within a day to the exact moments', async () => {
    const morning = await loadEvidence(store, { from: '2026-10-15T08:00:00Z', to: '2026-10-15T09:00:00Z' });
    expect([...new Set(morning.results.map((e) => e.record.effectiveAt))]).toEqual(['2026-10-15T10:30:00+02:00']);
  });

  it('sorts results by instant, even where the strings sort the other way', () => {
    const times = instants(everything.results);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect([...new Set(everything.results.map((e) => e.record.effectiveAt))]).toEqual([
      '2026-09-30T09:00:00Z',
      '2026-10-01T01:00:00+02:00',
      '2026-10-01T00:00:00.000Z',
      '2026-10-15T10:30:00+02:00',
      '2026-10-15T09:00:00Z',
      '2026-11-01T01:00:00+02:00',
      '2026-11-01T00:00:00.000Z',
    ]);
    // Sorted as strings, both offset records would come after their UTC neighbours: the instants decided.
    expect(['2026-10-15T10:30:00+02:00', '2026-10-15T09:00:00Z'].sort()).toEqual(['2026-10-15T09:00:00Z', '2026-10-15T10:30:00+02:00']);
    expect(['2026-11-01T01:00:00+02:00', '2026-11-01T00:00:00.000Z'].sort()).toEqual(['2026-11-01T00:00:00.000Z', '2026-11-01T01:00:00+02:00']);
    expect(instants(everything.triage)).toEqual([...instants(everything.triage)].sort((a, b) => a - b));
  });

  it('names the kind of every record key the engine wrote, as kindOfKey reads it', async () => {
    const kinds = new Map<string, EvidenceRecord['kind']>();
    for await (const object of store.list()) {
      if (!RECORD_KEY.test(object.key)) continue;
      const bytes = await store.get(object.key);
      kinds.set(object.key, (JSON.parse(new TextDecoder().decode(bytes)) as EvidenceRecord).kind);
    }
    expect(new Set(kinds.values())).toEqual(new Set(['control-result', 'triage-decision', 'snapshot', 'remediation']));
    for (const [key, kind] of kinds) expect(kindOfKey(key), key).toBe(kind);
  });
});

describe('loadEvidence on a damaged archive', () => {
  let store: FilesystemStore;
  let run: Run;
  let index: EvidenceIndex;
  const hex = (c: string) => c.repeat(64);
  const GARBAGE = `2026/10/20/access-control-0900-${hex('a')}.json`;
  const NOT_A_RECORD = `2026/10/21/access-control-0900-${hex('c')}.json`;
  const WRONG_HASH = `2026/10/10/access-control-0900-${hex('b')}.json`;
  const SNAPSHOT_GARBAGE = `2026/10/20/access-control-snapshot-0900-${hex('d')}.json`;
  const OUT_OF_PERIOD_GARBAGE = `2026/12/01/access-control-0900-${hex('e')}.json`;
  const BAD_SEAL = 'seals/00000099.json';
  const text = (s: string) => new TextEncoder().encode(s);

  beforeAll(async () => {
    store = await tempStore();
    run = await runAt(store, testConfig(), '2026-10-10T09:00:00Z', 'fail.json');
    const realKey = run.results[0]?.key ?? '';
    await store.putOnce(GARBAGE, text('{"schema": "https://evident.dev/schemas/evidence-record/v1", "kind": '));
    await store.putOnce(NOT_A_RECORD, text('{"hello": "world"}'));
    await store.putOnce(WRONG_HASH, (await store.get(realKey)) ?? new Uint8Array());
    await store.putOnce(SNAPSHOT_GARBAGE, text('not json'));
    await store.putOnce(OUT_OF_PERIOD_GARBAGE, text('not json'));
    await store.putOnce(BAD_SEAL, text('{"schema": "not a seal"}'));
    await store.putPointer('state/okta/acme.okta.com.json', text('not json'));
    await store.putPointer(`state/2026/10/20/access-control-0900-${hex('f')}.json`, text('not json'));
    await store.putOnce('README.md', text('# evidence'));
    index = await loadEvidence(store, OCTOBER);
  });

  it('reports a file that is not a valid record under its key, with the reason, and does not count it', () => {
    const problems = new Map(index.problems.map((p) => [p.key, p.problem]));
    expect(problems.get(GARBAGE)).toMatch(/^is not valid JSON \(/);
    expect(problems.get(NOT_A_RECORD)).toMatch(/^is not a valid evidence record \(/);
    expect(problems.get(WRONG_HASH)).toMatch(/^content does not match its key: the content hashes to [0-9a-f]{12}…, the key says bbbbbbbbbbbb…$/);
    expect(problems.get(BAD_SEAL)).toBe('is not a valid seal');
    expect(keysOf(index.results)).toEqual(run.results.map((r) => r.key).sort());
    expect(keysOf(index.triage)).toEqual(run.triage.map((r) => r.key).sort());
    expect(index.seals).toEqual([{ sequence: 1, sealedAt: '2026-10-10T09:00:00.000Z', records: 4 }]);
  });

  it('lists exactly those problems: snapshots, state/ objects, other files and records outside the period are not read', () => {
    expect(keysOf(index.problems)).toEqual([GARBAGE, WRONG_HASH, NOT_A_RECORD, BAD_SEAL].sort());
  });

  it('reports a record outside the period once the period includes it', async () => {
    const all = await loadEvidence(store);
    expect(keysOf(all.problems)).toEqual([GARBAGE, WRONG_HASH, NOT_A_RECORD, OUT_OF_PERIOD_GARBAGE, BAD_SEAL].sort());
    expect(all.problems.find((p) => p.key === SNAPSHOT_GARBAGE)).toBeUndefined();
  });

  it('reports a record that is listed but cannot be read', async () => {
    const missing = run.results[1]?.key ?? '';
    const inner: EvidenceStore = store;
    const flaky: EvidenceStore = {
      location: inner.location,
      stats: inner.stats,
      writeTimesTrusted: inner.writeTimesTrusted,
      putOnce: (key, bytes, options) => inner.putOnce(key, bytes, options),
      putPointer: (key, bytes, options) => inner.putPointer(key, bytes, options),
      get: async (key) => (key === missing ? undefined : inner.get(key)),
      list: (prefix) => inner.list(prefix),
    };
    const read = await loadEvidence(flaky, OCTOBER);
    expect(read.problems).toContainEqual({ key: missing, problem: 'listed but could not be read' });
    expect(read.results.map((e) => e.key)).not.toContain(missing);
    expect(read.results).toHaveLength(2);
  });
});

describe('loadEvidence with a period ending within a day', () => {
  let store: FilesystemStore;

  beforeAll(async () => {
    store = await tempStore();
    for (const at of ['2026-10-20T12:00:00.000Z', '2026-10-20T23:59:59.998Z', '2026-10-20T23:59:59.999Z']) await runAt(store, testConfig(), at, 'pass.json');
  });

  it('keeps the results before `to` and leaves out those after it, whatever their time of day', async () => {
    const morning = await loadEvidence(store, { from: '2026-10-20T00:00:00Z', to: '2026-10-20T18:00:00Z' });
    expect([...new Set(morning.results.map((e) => e.record.effectiveAt))]).toEqual(['2026-10-20T12:00:00.000Z']);
  });

  it('keeps the results from `from` on, up to the last millisecond of the day', async () => {
    const evening = await loadEvidence(store, { from: '2026-10-20T18:00:00Z', to: '2026-10-21T00:00:00Z' });
    expect([...new Set(evening.results.map((e) => e.record.effectiveAt))]).toEqual(['2026-10-20T23:59:59.998Z', '2026-10-20T23:59:59.999Z']);
  });
});

describe('recordKey and kindOfKey', () => {
  const HASH = recordContentHash({ any: 'content' });

  it('files a result under its UTC day, area and time, with no kind in the key', () => {
    for (const kind of [undefined, 'control-result'] as const) {
      const key = recordKey({ effectiveAt: '2026-11-02T09:05:00Z', area: 'access-control', ...(kind === undefined ? {} : { kind }) }, HASH);
      expect(key).toBe(`2026/11/02/access-control-0905-${HASH}.json`);
      expect(kindOfKey(key)).toBe('control-result');
      expect(RECORD_KEY.test(key)).toBe(true);
    }
  });

  it('reads a result of every area, hyphenated names included, as a result', () => {
    for (const area of ['access-control', 'change-management', 'data-protection', 'infrastructure-security'] as const) {
      expect(kindOfKey(recordKey({ effectiveAt: '2026-11-02T09:05:00Z', area }, HASH))).toBe('control-result');
    }
  });

  it.each([
    ['triage-decision', 'triage'],
    ['snapshot', 'snapshot'],
    ['remediation', 'remediation'],
  ] as const)('round-trips a %s key through recordKey and kindOfKey', (kind, word) => {
    for (const area of ['access-control', 'change-management'] as const) {
      const key = recordKey({ effectiveAt: '2026-11-02T09:05:00Z', area, kind }, HASH);
      expect(key).toBe(`2026/11/02/${area}-${word}-0905-${HASH}.json`);
      expect(RECORD_KEY.test(key)).toBe(true);
      expect(kindOfKey(key)).toBe(kind);
    }
  });

  it('files a time with a UTC offset under its UTC day and time', () => {
    expect(recordKey({ effectiveAt: '2026-11-02T01:30:00+02:00', area: 'access-control', kind: 'triage-decision' }, HASH)).toBe(`2026/11/01/access-control-triage-2330-${HASH}.json`);
  });
});
