/**
 * `evident verify`: recomputes the seal chain and every record's hash, and names each record or seal
 * that was altered, removed or slipped in.
 */
import { readRecord, RECORD_KEY } from './record.ts';
import { HEAD_KEY, headFor, parseJson, Seal, SEAL_KEY, SEAL_SKEW_MS, SealHead, sealKey, serializeHead, signedBytes } from './seal.ts';
import { sha256Hex } from './sha256.ts';
import type { SealVerifier } from './signing.ts';
import { STATE_PREFIX, type EvidenceStore, type StoredObject } from './store.ts';
import { mapConcurrent } from './map-concurrent.ts';

const READ_CONCURRENCY = 16;

export type ProblemKind = 'altered' | 'missing' | 'inserted' | 'broken-seal' | 'unexpected' | 'signature';

export interface VerifyProblem {
  kind: ProblemKind;
  key: string;
  message: string;
}

export interface VerifyReport {
  location: string;
  intact: boolean;
  problems: VerifyProblem[];
  records: number;
  sealedRecords: number;
  seals: number;
  /** Records written after the latest seal; the next seal will cover them. */
  pending: string[];
  latestSeal?: { sequence: number; sealedAt: string; signed: boolean };
  notes: string[];
}

export async function verifyEvidence(store: EvidenceStore, options: { verifier?: SealVerifier | undefined } = {}): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const notes: string[] = [];
  const problem = (kind: ProblemKind, key: string, message: string) => problems.push({ kind, key, message });

  const records: StoredObject[] = [];
  const sealObjects = new Map<number, StoredObject>();
  let headObject: StoredObject | undefined;
  for await (const object of store.list()) {
    const sealMatch = SEAL_KEY.exec(object.key);
    if (RECORD_KEY.test(object.key)) records.push(object);
    else if (sealMatch !== null) sealObjects.set(Number(sealMatch[1]), object);
    else if (object.key === HEAD_KEY) headObject = object;
    else if (object.key.startsWith(STATE_PREFIX)) continue; // collectors' pointers to their last snapshot: state, not evidence
    else problem('unexpected', object.key, 'is not a record or seal Evident writes (inserted?)');
  }

  // The chain: every seal from 1 to the latest, each pointing at the exact bytes of the one before.
  const seals = new Map<number, { seal: Seal; sha256: string }>();
  const maxSequence = Math.max(0, ...sealObjects.keys());
  for (let sequence = 1; sequence <= maxSequence; sequence++) {
    const key = sealKey(sequence);
    const bytes = sealObjects.has(sequence) ? await store.get(key) : undefined;
    if (bytes === undefined) {
      problem('missing', key, `seal #${sequence} is missing: the chain from #1 to #${maxSequence} has a gap`);
      continue;
    }
    const parsed = Seal.safeParse(parseJson(bytes));
    if (!parsed.success || parsed.data.sequence !== sequence) {
      problem('altered', key, `seal #${sequence} is not a valid seal${parsed.success ? ` (it says it is #${parsed.data.sequence})` : ''}`);
      continue;
    }
    seals.set(sequence, { seal: parsed.data, sha256: sha256Hex(bytes) });
  }
  for (const [sequence, { seal }] of seals) {
    const before = seals.get(sequence - 1);
    if (sequence === 1) {
      if (seal.previous !== null) problem('broken-seal', sealKey(1), 'seal #1 points at a previous seal, but it should start the chain');
    } else if (seal.previous === null || seal.previous.sequence !== sequence - 1 || seal.previous.key !== sealKey(sequence - 1)) {
      problem('broken-seal', sealKey(sequence), `seal #${sequence} does not point at seal #${sequence - 1}`);
    } else if (before !== undefined && seal.previous.sha256 !== before.sha256) {
      problem('altered', sealKey(sequence - 1), `seal #${sequence - 1} was changed after seal #${sequence} recorded its SHA-256 (${seal.previous.sha256.slice(0, 12)}…, now ${before.sha256.slice(0, 12)}…)`);
    }
    if (before !== undefined && Date.parse(seal.sealedAt) < Date.parse(before.seal.sealedAt)) {
      problem('broken-seal', sealKey(sequence), `seal #${sequence} is dated ${seal.sealedAt}, before seal #${sequence - 1} (${before.seal.sealedAt})`);
    }
    checkSignature(seal, sequence, options.verifier, problem, notes);
  }

  // The head names the latest seal; without it, deleting the newest seal would go unseen.
  let head: SealHead | undefined;
  if (headObject === undefined) {
    if (maxSequence > 0) problem('missing', HEAD_KEY, `the seal head is missing while ${maxSequence} seal(s) exist`);
  } else {
    const headBytes = (await store.get(HEAD_KEY)) ?? new Uint8Array();
    const parsed = SealHead.safeParse(parseJson(headBytes));
    if (!parsed.success) problem('altered', HEAD_KEY, 'the seal head is not valid');
    else {
      head = parsed.data;
      const pointed = seals.get(head.sequence);
      // Hardening (#8, found by test/hardening/property-evidence-chain.test.ts): an edited head must
      // be named as the head. Before, a head whose sequence was changed was reported as "the latest
      // seal is missing" or "seals … inserted", sending the reader to a seal nobody touched.
      let headAltered = false;
      if (head.key !== sealKey(head.sequence)) {
        headAltered = true;
        problem('altered', HEAD_KEY, `the seal head names seal #${head.sequence} but the key ${head.key}`);
      } else if (!sealObjects.has(head.sequence)) {
        problem('missing', head.key, `the latest seal #${head.sequence} (${head.key}) is missing`);
      } else if (pointed !== undefined && pointed.sha256 === head.sha256) {
        // The head is exactly what the sealer wrote for the seal it names; any other bytes were edited.
        if (!sameBytes(headBytes, serializeHead(headFor(pointed.seal, pointed.sha256)))) {
          headAltered = true;
          problem('altered', HEAD_KEY, `the seal head differs from what seal #${head.sequence} was written with`);
        }
      } else if (pointed !== undefined) {
        // Nothing tells which of the two changed (unless a signature does): name both.
        const message = `the latest seal #${head.sequence} does not match the head's SHA-256 (${head.sha256.slice(0, 12)}…, now ${pointed.sha256.slice(0, 12)}…)`;
        problem('altered', head.key, message);
        problem('altered', HEAD_KEY, `${message}: the head or the seal was changed`);
      }
      // A head known to be edited says nothing about which seals came after it.
      if (!headAltered && maxSequence > head.sequence) {
        problem('inserted', sealKey(maxSequence), `seals after #${head.sequence}, the latest the head knows, exist up to #${maxSequence}`);
      }
    }
  }

  // Every record each seal lists must be there with the same bytes.
  const sealedBy = new Map<string, { sha256: string; sequence: number }>();
  for (const [sequence, { seal }] of seals) for (const record of seal.records) sealedBy.set(record.key, { sha256: record.sha256, sequence });
  const present = new Set(records.map((r) => r.key));
  for (const [key, { sequence }] of sealedBy) {
    if (!present.has(key)) problem('missing', key, `is listed in seal #${sequence} but is not in the archive`);
  }

  // Records written before the latest seal must be in a seal. Without a valid head (itself named
  // above), the latest seal still readable says when sealing last happened, so a record slipped in
  // before it is named rather than passed as awaiting the next seal.
  const newest = seals.get(Math.max(0, ...seals.keys()))?.seal;
  const lastSeal = head ?? (newest === undefined ? undefined : { sequence: newest.sequence, sealedAt: newest.sealedAt });
  const lastSealedAt = lastSeal === undefined ? undefined : Date.parse(lastSeal.sealedAt);
  const pending: string[] = [];
  // Records are read a few at a time: on S3 each is a request, and an archive holds thousands.
  const contents = await mapConcurrent(records, READ_CONCURRENCY, (object) => store.get(object.key));
  for (const [index, object] of records.entries()) {
    const bytes = contents[index];
    if (bytes === undefined) {
      problem('missing', object.key, 'was listed but could not be read');
      continue;
    }
    const sealed = sealedBy.get(object.key);
    const read = readRecord(object.key, bytes);
    if (sealed !== undefined && sealed.sha256 !== sha256Hex(bytes)) {
      problem('altered', object.key, `its SHA-256 is ${sha256Hex(bytes).slice(0, 12)}…, but seal #${sealed.sequence} recorded ${sealed.sha256.slice(0, 12)}…`);
    } else if ('problem' in read) {
      problem('altered', object.key, read.problem);
    } else if (sealed === undefined) {
      const recordedAt = Date.parse(read.record.recordedAt);
      if (lastSealedAt !== undefined && recordedAt < lastSealedAt - SEAL_SKEW_MS) {
        problem('inserted', object.key, `was recorded ${read.record.recordedAt}, before seal #${lastSeal?.sequence} (${lastSeal?.sealedAt}), but no seal lists it`);
      } else pending.push(object.key);
    }
  }

  const latest = head === undefined ? undefined : seals.get(head.sequence)?.seal;
  return {
    location: store.location,
    intact: problems.length === 0,
    problems: problems.sort((a, b) => a.key.localeCompare(b.key)),
    records: records.length,
    sealedRecords: sealedBy.size,
    seals: seals.size,
    pending,
    ...(latest === undefined ? {} : { latestSeal: { sequence: latest.sequence, sealedAt: latest.sealedAt, signed: latest.signature !== undefined } }),
    notes,
  };
}

function checkSignature(
  seal: Seal,
  sequence: number,
  verifier: SealVerifier | undefined,
  problem: (kind: ProblemKind, key: string, message: string) => void,
  notes: string[],
): void {
  const key = sealKey(sequence);
  if (verifier === undefined) {
    const note = 'seals are signed, but no public key was given, so signatures were not checked (set EVIDENT_SEAL_PUBLIC_KEY or pass --public-key)';
    if (seal.signature !== undefined && !notes.includes(note)) notes.push(note);
    return;
  }
  if (seal.signature === undefined) problem('signature', key, `seal #${sequence} is not signed, but a public key was given`);
  else if (seal.signature.keyId !== verifier.keyId) problem('signature', key, `seal #${sequence} is signed by key ${seal.signature.keyId}, not by the given key ${verifier.keyId}`);
  else if (!verifier.verify(signedBytes(seal), seal.signature.value)) problem('signature', key, `seal #${sequence} has an invalid signature`);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);
}
