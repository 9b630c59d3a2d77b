import { generateKeyPairSync } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FilesystemStore } from '../../engine/evidence/filesystem-store.ts';
import { buildRecord, recordContentHash, recordKey, serializeRecord } from '../../engine/evidence/record.ts';
import { writeRecord } from '../../engine/evidence/write-record.ts';
import { HEAD_KEY, sealEvidence, sealKey } from '../../engine/evidence/seal.ts';
import { signerFromKey, verifierFromKey } from '../../engine/evidence/signing.ts';
import { verifyEvidence, type ProblemKind } from '../../engine/evidence/verify.ts';
import type { ResultRecord } from '../../engine/model.ts';
import { recordEvaluation } from '../../engine/run.ts';
import { oktaEvaluation } from '../support/sample-run.ts';

let dir: string;
let store: FilesystemStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evident-evidence-'));
  store = new FilesystemStore(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const record = (at: string, now = at) => recordEvaluation(oktaEvaluation(at), { store, organization: 'acme', now: new Date(now) });
const problems = async (options: Parameters<typeof verifyEvidence>[1] = {}) =>
  (await verifyEvidence(store, options)).problems.map((p) => ({ kind: p.kind, key: p.key }));
const tamper = async (key: string, edit: (text: string) => string) => {
  const file = join(dir, key);
  await chmod(file, 0o644);
  await writeFile(file, edit(await readFile(file, 'utf8')));
};

describe('evidence records', () => {
  it('are content-addressed under YYYY/MM/DD/<area>-HHMM-<sha256>.json and written read-only', async () => {
    const run = await record('2026-11-02T09:00:00Z');
    expect(run.records).toHaveLength(3);
    for (const written of run.records) {
      expect(written.key).toMatch(/^2026\/11\/02\/access-control-0900-[0-9a-f]{64}\.json$/);
      const stored = JSON.parse(await readFile(join(dir, written.key), 'utf8')) as ResultRecord;
      expect(recordKey(stored, recordContentHash(stored))).toBe(written.key);
      expect(stored.recordedAt).toBe('2026-11-02T09:00:00.000Z');
      expect(stored.collector.parts.users).toEqual({ complete: true, count: 4 });
      expect((await stat(join(dir, written.key))).mode & 0o777).toBe(0o444);
    }
  });

  it('are written once: the same results recorded again later create nothing and leave the first bytes', async () => {
    const first = await record('2026-11-02T09:00:00Z', '2026-11-02T09:00:05Z');
    const before = await Promise.all(first.records.map((r) => readFile(join(dir, r.key), 'utf8')));
    const again = await record('2026-11-02T09:00:00Z', '2026-11-02T10:30:00Z');
    expect(again.records.map((r) => r.key)).toEqual(first.records.map((r) => r.key));
    expect(again.records.every((r) => !r.created)).toBe(true);
    expect(again.seal.seal).toBeUndefined();
    expect(await Promise.all(first.records.map((r) => readFile(join(dir, r.key), 'utf8')))).toEqual(before);
  });
});

describe('seals', () => {
  it('chain each seal to the previous one and cover only records written since', async () => {
    const first = await record('2026-11-02T09:00:00Z');
    const second = await record('2026-11-02T10:00:00Z');
    expect(first.seal.seal).toEqual({ key: sealKey(1), sequence: 1, records: 3 });
    expect(second.seal.seal).toEqual({ key: sealKey(2), sequence: 2, records: 3 });
    const seal2 = JSON.parse(await readFile(join(dir, sealKey(2)), 'utf8'));
    expect(seal2.previous).toMatchObject({ key: sealKey(1), sequence: 1 });
    expect(seal2.records.map((r: { key: string }) => r.key)).toEqual(second.records.map((r) => r.key).sort());
    const report = await verifyEvidence(store);
    expect(report).toMatchObject({ intact: true, records: 6, sealedRecords: 6, seals: 2, pending: [] });
  });

  it('pick up records another writer added since the last seal', async () => {
    await record('2026-11-02T09:00:00Z');
    const other = await recordEvaluation(oktaEvaluation('2026-11-02T09:30:00Z'), { store, organization: 'acme', now: new Date('2026-11-02T09:30:00Z') });
    expect(other.seal.seal?.records).toBe(3);
    expect((await verifyEvidence(store)).intact).toBe(true);
  });

  it('are signed with Ed25519 when a key is given, and verify checks the signature', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signer = signerFromKey(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const verifier = verifierFromKey(publicKey.export({ type: 'spki', format: 'pem' }).toString());
    await recordEvaluation(oktaEvaluation('2026-11-02T09:00:00Z'), { store, organization: 'acme', now: new Date('2026-11-02T09:00:00Z'), signer });
    expect((await verifyEvidence(store, { verifier })).intact).toBe(true);

    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(await problems({ verifier: verifierFromKey(other) })).toEqual([{ kind: 'signature', key: sealKey(1) }]);

    const seal = JSON.parse(await readFile(join(dir, sealKey(1)), 'utf8'));
    seal.records.pop();
    await chmod(join(dir, sealKey(1)), 0o644);
    await writeFile(join(dir, sealKey(1)), JSON.stringify(seal));
    expect((await problems({ verifier })).map((p) => p.kind)).toContain('signature');
  });

  it('are written once per sequence number: of two sealers racing, one seals and the other stops', async () => {
    const evaluation = oktaEvaluation('2026-11-02T09:00:00Z');
    const { records } = await recordEvaluation(evaluation, { store, organization: 'acme', now: new Date('2026-11-02T09:00:00Z') });
    await unlink(join(dir, HEAD_KEY));
    await unlink(join(dir, sealKey(1)));
    const now = new Date('2026-11-02T09:05:00Z');
    const outcomes = await Promise.allSettled([sealEvidence(store, { now }), sealEvidence(store, { now })]);
    const sealed = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(sealed).toHaveLength(1);
    expect(refused.map((o) => String(o.reason))).toEqual([expect.stringContaining('written by another process')]);
    expect(await verifyEvidence(store)).toMatchObject({ intact: true, seals: 1, sealedRecords: records.length });
  });

  it('refuse to extend a chain whose latest seal was changed', async () => {
    await record('2026-11-02T09:00:00Z');
    await tamper(sealKey(1), (text) => text.replace('"sequence": 1', '"sequence": 1 '));
    await expect(record('2026-11-02T10:00:00Z')).rejects.toThrow(/does not match the chain/);
  });
});

describe('verify', () => {
  const sealedArchive = async () => {
    const first = await record('2026-11-02T09:00:00Z');
    const second = await record('2026-11-02T10:00:00Z');
    return [...first.records, ...second.records].map((r) => r.key);
  };

  it('accepts an untouched archive', async () => {
    await sealedArchive();
    expect(await problems()).toEqual([]);
  });

  it('names a record whose bytes changed', async () => {
    const [key] = await sealedArchive();
    await tamper(key!, (text) => text.replace('"status": "fail"', '"status": "pass"'));
    expect(await problems()).toEqual([{ kind: 'altered', key }]);
  });

  it('names a record changed only in whitespace, which the seal still catches', async () => {
    const [key] = await sealedArchive();
    await tamper(key!, (text) => `${text}\n`);
    expect(await problems()).toEqual([{ kind: 'altered', key }]);
  });

  it('names a deleted record', async () => {
    const keys = await sealedArchive();
    await unlink(join(dir, keys[4]!));
    expect(await problems()).toEqual([{ kind: 'missing', key: keys[4] }]);
  });

  it('names a record slipped in after the fact with an earlier date', async () => {
    const [key] = await sealedArchive();
    const forged = JSON.parse(await readFile(join(dir, key!), 'utf8')) as ResultRecord;
    forged.result.summary = 'All users pass';
    forged.recordedAt = '2026-11-02T09:00:00.000Z';
    const forgedKey = recordKey(forged, recordContentHash(forged));
    await writeFile(join(dir, forgedKey), serializeRecord(forged));
    expect(await problems()).toEqual([{ kind: 'inserted', key: forgedKey }]);
  });

  it('names a record copied under another key', async () => {
    const [key] = await sealedArchive();
    const copy = key!.replace('2026/11/02/', '2026/11/01/');
    await mkdir(join(dir, '2026/11/01'));
    await writeFile(join(dir, copy), await readFile(join(dir, key!)));
    const found = await verifyEvidence(store);
    expect(found.problems).toEqual([expect.objectContaining({ kind: 'altered', key: copy, message: expect.stringContaining('wrong key') })]);
  });

  it('names a file Evident did not write', async () => {
    await sealedArchive();
    await writeFile(join(dir, '2026/11/02/notes.txt'), 'hello');
    expect(await problems()).toEqual([{ kind: 'unexpected', key: '2026/11/02/notes.txt' }]);
  });

  it('names a changed seal in the middle of the chain', async () => {
    await sealedArchive();
    await tamper(sealKey(1), (text) => text.replace(/"sealedAt": "[^"]+"/, '"sealedAt": "2026-11-02T08:00:00.000Z"'));
    expect(await problems()).toEqual([{ kind: 'altered', key: sealKey(1) }]);
  });

  it('names a deleted seal in the middle of the chain, and the records only it listed become unsealed', async () => {
    await record('2026-11-02T09:00:00Z');
    await record('2026-11-02T10:00:00Z');
    await record('2026-11-02T11:00:00Z');
    await unlink(join(dir, sealKey(2)));
    const found = await problems();
    expect(found.filter((p) => p.key.startsWith('seals/'))).toEqual([{ kind: 'missing', key: sealKey(2) }]);
    expect(found.filter((p) => p.kind === 'inserted')).toHaveLength(3);
  });

  it('names a deleted latest seal through the head', async () => {
    await sealedArchive();
    await unlink(join(dir, sealKey(2)));
    const kinds = (await problems()).map((p) => `${p.kind} ${p.key}`);
    expect(kinds).toContain(`missing ${sealKey(2)}`);
  });

  it('names a deleted head', async () => {
    await sealedArchive();
    await unlink(join(dir, HEAD_KEY));
    expect(await problems()).toEqual([{ kind: 'missing', key: HEAD_KEY }]);
  });

  it('reports records written after the last seal as pending, not as problems', async () => {
    await record('2026-11-02T09:00:00Z');
    const late = oktaEvaluation('2026-11-02T12:00:00Z');
    // Write without sealing, as the App does between scheduled runs.
    const run = late.runs[0]!;
    const written = await writeRecord(store, buildRecord(run.control, run.snapshot, run.result, { organization: 'acme', recordedAt: new Date('2026-11-02T12:00:05Z') }));
    const report = await verifyEvidence(store);
    expect(report.intact).toBe(true);
    expect(report.pending).toEqual([written.key]);
  });
});
