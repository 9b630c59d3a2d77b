/**
 * Property: whatever single change is made to a sealed evidence archive — one byte or one field of a
 * record, a seal or the head; one record, seal or the head deleted; a genuine record or a well-formed
 * seal slipped in; two records' or two seals' contents swapped — `verify` says the archive is not
 * intact and names the key that was touched. fast-check generates the archive (how many seals, how
 * many records each) and the change; a failure prints the seed and path to replay it
 * (https://fast-check.dev/docs/core-blocks/runners/#assert).
 *
 * The archive is real: records written by `recordResults` into a `FilesystemStore` in a temporary
 * folder and sealed by `sealWritten`, exactly as `evident run` does; the tampering edits the files.
 */
import { chmod, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { prettyCanonicalJson } from '../../engine/evidence/canonical-json.ts';
import { FilesystemStore } from '../../engine/evidence/filesystem-store.ts';
import { buildRecord } from '../../engine/evidence/record.ts';
import { HEAD_KEY, SEAL_SKEW_MS, sealKey } from '../../engine/evidence/seal.ts';
import { sha256Hex } from '../../engine/evidence/sha256.ts';
import { verifyEvidence } from '../../engine/evidence/verify.ts';
import { writeRecord } from '../../engine/evidence/write-record.ts';
import { recordResults, sealWritten } from '../../engine/run.ts';
import { oktaEvaluation } from '../support/sample-run.ts';

const BASE = Date.parse('2026-11-02T00:00:00Z');
const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Seal i covers records written at BASE + i h (+ 1 min per batch) and is made 30 min later, well past the skew `verify` allows. */
const recordedAt = (seal: number, minute: number) => new Date(BASE + seal * HOUR + minute * MINUTE);
const sealedAt = (seal: number) => new Date(BASE + seal * HOUR + 30 * MINUTE);
// Inserted records are dated at most 10 min into a period: past the skew before the seal 30 min in.
if (30 * MINUTE - 10 * MINUTE <= SEAL_SKEW_MS) throw new Error('the seal skew grew: space the periods further apart');

const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

interface Archive {
  root: string;
  store: FilesystemStore;
  /** Record keys in the order written, each with the seal (0-based) that covers it. */
  records: { key: string; seal: number }[];
  seals: string[];
}

/** `batches[i]` Okta runs (3 records each) recorded, then sealed, per seal i. */
async function buildArchive(batches: readonly number[]): Promise<Archive> {
  const root = await mkdtemp(join(tmpdir(), 'evident-property-chain-'));
  roots.push(root);
  const store = new FilesystemStore(root);
  const archive: Archive = { root, store, records: [], seals: [] };
  for (const [seal, count] of batches.entries()) {
    const written = [];
    for (let batch = 0; batch < count; batch++) {
      const at = recordedAt(seal, batch);
      written.push(...(await recordResults(oktaEvaluation(at.toISOString()), { store, organization: 'acme', now: at })));
    }
    const outcome = await sealWritten(written, { store, organization: 'acme', now: sealedAt(seal) });
    expect(outcome.seal?.key).toBe(sealKey(seal + 1));
    archive.records.push(...written.map((r) => ({ key: r.key, seal })));
    archive.seals.push(sealKey(seal + 1));
  }
  return archive;
}

// --- the changes -------------------------------------------------------------------------------
// Indices are drawn unbounded and taken modulo what the archive holds, so shrinking stays simple.

const pick = <T>(items: readonly T[], index: number): T => items[index % items.length] as T;
const byteEdit = { offset: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) };
const recordFields = ['result.status', 'recordedAt', 'effectiveAt', 'organization', 'control.severity', 'result.outcomes', 'collector.parts'] as const;
const sealFields = ['sealedAt', 'evidentVersion', 'records.drop', 'records.sha256', 'records.key', 'previous'] as const;
const headFields = ['sequence', 'sealedAt', 'sha256', 'key'] as const;

const edit = fc.oneof(
  fc.record({ kind: fc.constant('record-byte' as const), which: fc.nat(), ...byteEdit }),
  fc.record({ kind: fc.constant('record-field' as const), which: fc.nat(), field: fc.constantFrom(...recordFields) }),
  fc.record({ kind: fc.constant('seal-byte' as const), which: fc.nat(), ...byteEdit }),
  fc.record({ kind: fc.constant('seal-field' as const), which: fc.nat(), field: fc.constantFrom(...sealFields), entry: fc.nat() }),
  fc.record({ kind: fc.constant('head-byte' as const), ...byteEdit }),
  fc.record({ kind: fc.constant('head-field' as const), field: fc.constantFrom(...headFields), to: fc.nat() }),
);
const deletion = fc.oneof(
  fc.record({ kind: fc.constant('delete-record' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('delete-seal' as const), which: fc.nat() }),
  fc.constant({ kind: 'delete-head' as const }),
);
const insertion = fc.oneof(
  fc.record({ kind: fc.constant('insert-record' as const), seal: fc.nat(), minute: fc.integer({ min: 2, max: 10 }), control: fc.nat() }),
  fc.record({ kind: fc.constant('insert-seal' as const), withRecord: fc.boolean() }),
);
const reordering = fc.oneof(
  fc.record({ kind: fc.constant('swap-records' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('swap-seals' as const), a: fc.nat(), b: fc.nat() }),
);
type Change = (typeof edit | typeof deletion | typeof insertion | typeof reordering) extends fc.Arbitrary<infer T> ? T : never;

/** One to three seals of one or two batches of three records: 3 to 18 records. */
const shape = fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 1, maxLength: 3 });

const read = async (archive: Archive, key: string) => readFile(join(archive.root, key));
/** Overwrites a file; an "edit" that leaves the bytes as they were is a bug in this test, not a pass. */
const write = async (archive: Archive, key: string, bytes: Uint8Array | string) => {
  const path = join(archive.root, key);
  if (Buffer.from(bytes).equals(await readFile(path))) throw new Error(`the change left ${key} as it was`);
  await chmod(path, 0o644).catch(() => undefined);
  await writeFile(path, bytes);
};
const json = async (archive: Archive, key: string) => JSON.parse((await read(archive, key)).toString('utf8')) as Record<string, any>;
const flipByte = async (archive: Archive, key: string, offset: number, xor: number) => {
  const bytes = await read(archive, key);
  const at = offset % bytes.length;
  bytes[at] = (bytes[at] as number) ^ xor;
  await write(archive, key, bytes);
};
/** Distinct indices a ≠ b, or undefined when there are not two things to swap. */
const twoOf = <T>(items: readonly T[], a: number, b: number): [T, T] | undefined => {
  if (items.length < 2) return undefined;
  const first = a % items.length;
  const second = (first + 1 + (b % (items.length - 1))) % items.length;
  return [items[first] as T, items[second] as T];
};

/** Applies the change and returns the keys `verify` must name (undefined: not applicable to this archive). */
async function apply(archive: Archive, change: Change): Promise<string[] | undefined> {
  const records = archive.records.map((r) => r.key);
  const latest = archive.seals.at(-1) as string;
  switch (change.kind) {
    case 'record-byte': {
      const key = pick(records, change.which);
      await flipByte(archive, key, change.offset, change.xor);
      return [key];
    }
    case 'record-field': {
      const key = pick(records, change.which);
      const record = await json(archive, key);
      const edits: Record<(typeof recordFields)[number], () => void> = {
        'result.status': () => (record.result.status = record.result.status === 'pass' ? 'fail' : 'pass'),
        recordedAt: () => (record.recordedAt = new Date(Date.parse(record.recordedAt) + 1000).toISOString()),
        effectiveAt: () => (record.effectiveAt = new Date(Date.parse(record.effectiveAt) - 1000).toISOString()),
        organization: () => (record.organization = 'acme-inc'),
        'control.severity': () => (record.control.severity = record.control.severity === 'low' ? 'critical' : 'low'),
        'result.outcomes': () =>
          (record.result.outcomes = record.result.outcomes.length > 0 ? record.result.outcomes.slice(1) : [{ resource: 'forged', status: 'pass', message: 'forged' }]),
        'collector.parts': () => (record.collector.parts.users.complete = !record.collector.parts.users.complete),
      };
      edits[change.field]();
      await write(archive, key, prettyCanonicalJson(record));
      return [key];
    }
    case 'seal-byte': {
      const key = pick(archive.seals, change.which);
      await flipByte(archive, key, change.offset, change.xor);
      return [key];
    }
    case 'seal-field': {
      const key = pick(archive.seals, change.which);
      const seal = await json(archive, key);
      const entry = change.entry % seal.records.length;
      const edits: Record<(typeof sealFields)[number], () => void> = {
        sealedAt: () => (seal.sealedAt = new Date(Date.parse(seal.sealedAt) + 1000).toISOString()),
        evidentVersion: () => (seal.evidentVersion = `${seal.evidentVersion}-patched`),
        'records.drop': () => seal.records.splice(entry, 1),
        'records.sha256': () => (seal.records[entry].sha256 = sha256Hex(`forged ${entry}`)),
        'records.key': () => (seal.records[entry].key = seal.records[entry].key.replace(/-[0-9a-f]{64}\.json$/, `-${sha256Hex('elsewhere')}.json`)),
        previous: () => (seal.previous = seal.previous === null ? { key: sealKey(1), sequence: 1, sha256: sha256Hex('none') } : { ...seal.previous, sha256: sha256Hex('forged') }),
      };
      edits[change.field]();
      await write(archive, key, prettyCanonicalJson(seal));
      return [key];
    }
    case 'head-byte':
      await flipByte(archive, HEAD_KEY, change.offset, change.xor);
      return [HEAD_KEY];
    case 'head-field': {
      const head = await json(archive, HEAD_KEY);
      const other = (change.to % (archive.seals.length + 1)) + 1; // 1 … seals + 1, never the current one below
      const edits: Record<(typeof headFields)[number], () => void> = {
        sequence: () => (head.sequence = other === head.sequence ? head.sequence + 1 : other),
        sealedAt: () => (head.sealedAt = new Date(Date.parse(head.sealedAt) - 1000).toISOString()),
        sha256: () => (head.sha256 = sha256Hex(`head ${change.to}`)),
        key: () => (head.key = sealKey(other === head.sequence ? head.sequence + 1 : other)),
      };
      edits[change.field]();
      await write(archive, HEAD_KEY, prettyCanonicalJson(head));
      return [HEAD_KEY];
    }
    case 'delete-record': {
      const key = pick(records, change.which);
      await unlink(join(archive.root, key));
      return [key];
    }
    case 'delete-seal': {
      const key = pick(archive.seals, change.which);
      await unlink(join(archive.root, key));
      return [key];
    }
    case 'delete-head':
      await unlink(join(archive.root, HEAD_KEY));
      return [HEAD_KEY];
    case 'insert-record': {
      // A genuine record (valid, filed under its own content address) dated among sealed ones.
      const seal = change.seal % archive.seals.length;
      const at = recordedAt(seal, change.minute);
      const run = pick(oktaEvaluation(at.toISOString()).runs, change.control);
      const { key } = await writeRecord(archive.store, buildRecord(run.control, run.snapshot, run.result, { organization: 'acme', recordedAt: at }));
      return [key];
    }
    case 'insert-seal': {
      // A well-formed seal that chains onto the latest one, without the head knowing of it.
      const sequence = archive.seals.length + 1;
      const at = recordedAt(sequence - 1, 0);
      const listed = [];
      if (change.withRecord) {
        const run = pick(oktaEvaluation(at.toISOString()).runs, 0);
        listed.push(await writeRecord(archive.store, buildRecord(run.control, run.snapshot, run.result, { organization: 'acme', recordedAt: at })));
      }
      const previous = await json(archive, latest);
      const forged = {
        ...previous,
        sequence,
        sealedAt: sealedAt(sequence - 1).toISOString(),
        previous: { key: latest, sequence: sequence - 1, sha256: sha256Hex(await read(archive, latest)) },
        records: listed.map(({ key, sha256 }) => ({ key, sha256 })),
      };
      await archive.store.putOnce(sealKey(sequence), new TextEncoder().encode(prettyCanonicalJson(forged)));
      return [sealKey(sequence)];
    }
    case 'swap-records':
    case 'swap-seals': {
      const pair = twoOf(change.kind === 'swap-records' ? records : archive.seals, change.a, change.b);
      if (pair === undefined) return undefined;
      const [a, b] = pair;
      const [bytesA, bytesB] = [await read(archive, a), await read(archive, b)];
      await write(archive, a, bytesB);
      await write(archive, b, bytesA);
      return [a, b];
    }
  }
}

/** Builds the archive, checks it is intact, applies the change, and checks `verify` names every touched key. */
async function caught(batches: readonly number[], change: Change): Promise<void> {
  const archive = await buildArchive(batches);
  const before = await verifyEvidence(archive.store);
  expect(before.problems).toEqual([]);
  const touched = await apply(archive, change);
  fc.pre(touched !== undefined);
  const report = await verifyEvidence(archive.store);
  expect(report.intact, `not caught: ${JSON.stringify(change)}`).toBe(false);
  const named = new Set(report.problems.map((p) => p.key));
  for (const key of touched ?? []) expect(named, `${key} not named for ${JSON.stringify(change)}; problems: ${JSON.stringify(report.problems)}`).toContain(key);
  await rm(archive.root, { recursive: true, force: true });
}

// Each property builds up to 18 records and 3 seals in a folder per run: 60 runs take a few seconds
// (PROPERTY_RUNS=1000 for a longer search). The timeout is for a machine busy with other tests.
const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 60) };
const TIMEOUT = { timeout: 120_000 };

describe('the evidence chain, by property', () => {
  it('[property] an archive of 3–18 records in 1–3 seals, untouched, verifies intact', TIMEOUT, async () => {
    await fc.assert(
      fc.asyncProperty(shape, async (batches) => {
        const archive = await buildArchive(batches);
        const report = await verifyEvidence(archive.store);
        expect(report).toMatchObject({ intact: true, records: archive.records.length, sealedRecords: archive.records.length, seals: archive.seals.length, pending: [] });
        await rm(archive.root, { recursive: true, force: true });
      }),
      { numRuns: 20 },
    );
  });

  it('[property] any single edit (a byte or a field of a record, a seal or the head) is caught and its key named', TIMEOUT, async () => {
    await fc.assert(fc.asyncProperty(shape, edit, caught), {
      ...RUNS,
      // Always tried: the edits of the head that verify once blamed on a seal nobody touched.
      examples: [
        [[1], { kind: 'head-field', field: 'sequence', to: 0 }],
        [[1, 2], { kind: 'head-field', field: 'sequence', to: 0 }],
        [[1, 1], { kind: 'head-field', field: 'sha256', to: 3 }],
        [[2, 1], { kind: 'seal-field', which: 1, field: 'sealedAt', entry: 0 }],
      ],
    });
  });

  it('[property] any single deletion (a record, a seal, the head) is caught and its key named', TIMEOUT, async () => {
    await fc.assert(fc.asyncProperty(shape, deletion, caught), RUNS);
  });

  it('[property] any single insertion (a genuine record among sealed ones, a chained seal the head does not know) is caught and its key named', TIMEOUT, async () => {
    await fc.assert(fc.asyncProperty(shape, insertion, caught), RUNS);
  });

  it('[property] any swap of two records’ or two seals’ contents is caught and both keys named', TIMEOUT, async () => {
    await fc.assert(fc.asyncProperty(shape.filter((b) => b.length >= 2), reordering, caught), RUNS);
  });
});
