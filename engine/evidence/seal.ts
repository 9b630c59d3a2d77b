/**
 * Seals: a chain of manifests in the style of CloudTrail's digest files. Each seal lists the SHA-256
 * of every record written since the previous seal and the previous seal's own SHA-256, so removing,
 * changing or slipping in a record, or a seal, breaks the chain where `verify` looks.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
 *
 * Layout: `seals/00000001.json`, `seals/00000002.json`, … (one key per sequence number, written once,
 * so two sealers racing cannot both write seal N) and `seals/head.json`, a pointer to the latest.
 */
import { z } from 'zod';
import { EVIDENT_VERSION } from '../version.ts';
import { canonicalJson, prettyCanonicalJson } from './canonical-json.ts';
import { readRecord, RECORD_KEY } from './record.ts';
import { sha256Hex } from './sha256.ts';
import type { SealSigner } from './signing.ts';
import type { EvidenceStore, StoredObject } from './store.ts';

export const SEAL_SCHEMA = 'https://evident.dev/schemas/evidence-seal/v1';
export const HEAD_SCHEMA = 'https://evident.dev/schemas/evidence-seal-head/v1';
export const SEALS_PREFIX = 'seals/';
export const HEAD_KEY = 'seals/head.json';
export const SEAL_KEY = /^seals\/(\d{8})\.json$/;

/**
 * How far a record's write time may trail the seal that should include it (a write in flight while
 * the sealer lists, clocks apart between writer and sealer). Records written this long before the
 * previous seal are looked for again.
 */
export const SEAL_SKEW_MS = 15 * 60 * 1000;

const isoDateTime = z.iso.datetime({ offset: true });
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const Seal = z.strictObject({
  schema: z.literal(SEAL_SCHEMA),
  sequence: z.number().int().positive(),
  sealedAt: isoDateTime,
  evidentVersion: z.string(),
  previous: z.strictObject({ key: z.string(), sequence: z.number().int().positive(), sha256 }).nullable(),
  records: z.array(z.strictObject({ key: z.string(), sha256 })),
  signature: z.strictObject({ algorithm: z.literal('ed25519'), keyId: z.string(), value: z.string() }).optional(),
});
export type Seal = z.infer<typeof Seal>;

export const SealHead = z.strictObject({
  schema: z.literal(HEAD_SCHEMA),
  sequence: z.number().int().positive(),
  key: z.string(),
  sha256,
  sealedAt: isoDateTime,
});
export type SealHead = z.infer<typeof SealHead>;

export function sealKey(sequence: number): string {
  return `${SEALS_PREFIX}${String(sequence).padStart(8, '0')}.json`;
}

/** The bytes a signature covers: the seal's canonical JSON without its signature. */
export function signedBytes(seal: Seal): Uint8Array {
  const { signature: _signature, ...unsigned } = seal;
  return new TextEncoder().encode(canonicalJson(unsigned));
}

export interface SealOptions {
  now: Date;
  signer?: SealSigner | undefined;
  retainUntil?: Date | undefined;
  /**
   * SHA-256 of records this process just wrote, so they need not be read back.
   * Records written by others (the App, another job) are read.
   */
  known?: ReadonlyMap<string, string>;
}

export interface SealOutcome {
  /** The new seal, or undefined when there was nothing new to seal. */
  seal?: { key: string; sequence: number; records: number };
  /**
   * A seal an earlier sealer wrote but whose head it failed to write (the store failed or the
   * process stopped between the two writes), made the head before sealing on.
   */
  completed?: { key: string; sequence: number };
  /** Records not sealed because they are not what their key says; `verify` names them too. */
  rejected: { key: string; problem: string }[];
}

/** Seals every record written since the previous seal. Refuses to extend a chain whose head is broken. */
export async function sealEvidence(store: EvidenceStore, options: SealOptions): Promise<SealOutcome> {
  const objects: StoredObject[] = [];
  let head = await readHead(store);
  for await (const object of store.list()) objects.push(object);
  const completed = await completeHead(store, head, objects, options.retainUntil);
  if (completed !== undefined) head = completed;
  const previous = head === undefined ? undefined : await readSealAt(store, head.key, head.sha256);
  if (head === undefined && objects.some((o) => SEAL_KEY.test(o.key))) {
    throw new Error(`${store.location} has seals but no ${HEAD_KEY}; run \`evident verify\` before sealing again`);
  }

  // Records that may be new: with a store whose write times can be trusted (S3 sets LastModified
  // itself), those written since shortly before the previous seal; otherwise every record (a folder
  // checked out of Git has every file's mtime set to the checkout).
  const windowStart = previous === undefined || !store.writeTimesTrusted ? -Infinity : Date.parse(previous.sealedAt) - SEAL_SKEW_MS;
  const sealed = await sealedKeysSince(store, previous, windowStart - SEAL_SKEW_MS);
  const candidates = objects.filter((o) => RECORD_KEY.test(o.key) && o.lastModified.getTime() >= windowStart && !sealed.has(o.key));

  const records: Seal['records'] = [];
  const rejected: SealOutcome['rejected'] = [];
  for (const object of candidates) {
    const known = options.known?.get(object.key);
    if (known !== undefined) {
      records.push({ key: object.key, sha256: known });
      continue;
    }
    const bytes = await store.get(object.key);
    if (bytes === undefined) continue;
    const read = readRecord(object.key, bytes);
    if ('problem' in read) rejected.push({ key: object.key, problem: read.problem });
    else if (previous !== undefined && Date.parse(read.record.recordedAt) < Date.parse(previous.sealedAt) - SEAL_SKEW_MS) {
      // verify names a record dated before a seal that does not list it as inserted; sealing it now
      // would make that insertion pass unnoticed from the next verify on, so it stays out, named.
      rejected.push({ key: object.key, problem: `was recorded ${read.record.recordedAt}, before seal #${previous.sequence} (${previous.sealedAt}), which does not list it: slipped in after that seal` });
    } else records.push({ key: object.key, sha256: sha256Hex(bytes) });
  }
  const done = completed === undefined ? {} : { completed: { key: completed.key, sequence: completed.sequence } };
  if (records.length === 0) return { ...done, rejected };

  const sequence = (head?.sequence ?? 0) + 1;
  const key = sealKey(sequence);
  const unsigned: Seal = {
    schema: SEAL_SCHEMA,
    sequence,
    sealedAt: options.now.toISOString(),
    evidentVersion: EVIDENT_VERSION,
    previous: head === undefined ? null : { key: head.key, sequence: head.sequence, sha256: head.sha256 },
    records: records.sort((a, b) => a.key.localeCompare(b.key)),
  };
  const seal: Seal =
    options.signer === undefined
      ? unsigned
      : { ...unsigned, signature: { algorithm: 'ed25519', keyId: options.signer.keyId, value: options.signer.sign(signedBytes(unsigned)) } };
  const bytes = new TextEncoder().encode(prettyCanonicalJson(seal));
  const { created } = await store.putOnce(key, bytes, { retainUntil: options.retainUntil });
  if (!created) throw new Error(`seal ${key} was written by another process at the same time; run the seal again`);
  await store.putPointer(HEAD_KEY, serializeHead(headFor(seal, sha256Hex(bytes))), { retainUntil: options.retainUntil });
  return { ...done, seal: { key, sequence, records: records.length }, rejected };
}

/**
 * A seal is two writes: the seal, then the head. When the second failed (S3 answering 5xx after the
 * SDK's retries, the process killed in between), the next seal number is taken while the head still
 * names the one before, and every later seal would stop on it. The seal right after the head is
 * finished when it extends the chain exactly (its `previous` is the head's seal and SHA-256): its
 * head is written with the bytes its sealer would have written. Anything else stays as it is, for
 * `verify` to name.
 */
async function completeHead(store: EvidenceStore, head: SealHead | undefined, objects: readonly StoredObject[], retainUntil: Date | undefined): Promise<SealHead | undefined> {
  const sequence = (head?.sequence ?? 0) + 1;
  const keys = new Set(objects.map((o) => o.key));
  if (!keys.has(sealKey(sequence)) || keys.has(sealKey(sequence + 1))) return undefined;
  const bytes = await store.get(sealKey(sequence));
  if (bytes === undefined) return undefined;
  const parsed = Seal.safeParse(parseJson(bytes));
  if (!parsed.success || parsed.data.sequence !== sequence) return undefined;
  const seal = parsed.data;
  const chained = head === undefined ? seal.previous === null : seal.previous?.key === head.key && seal.previous.sequence === head.sequence && seal.previous.sha256 === head.sha256;
  if (!chained || (head !== undefined && Date.parse(seal.sealedAt) < Date.parse(head.sealedAt))) return undefined;
  const completed = headFor(seal, sha256Hex(bytes));
  await store.putPointer(HEAD_KEY, serializeHead(completed), { retainUntil });
  return completed;
}

/** The head that points at `seal`, whose bytes hash to `sha256`. */
export function headFor(seal: Seal, sha256: string): SealHead {
  return { schema: HEAD_SCHEMA, sequence: seal.sequence, key: sealKey(seal.sequence), sha256, sealedAt: seal.sealedAt };
}

export function serializeHead(head: SealHead): Uint8Array {
  return new TextEncoder().encode(prettyCanonicalJson(head));
}

export async function readHead(store: EvidenceStore): Promise<SealHead | undefined> {
  const bytes = await store.get(HEAD_KEY);
  if (bytes === undefined) return undefined;
  const parsed = SealHead.safeParse(parseJson(bytes));
  if (!parsed.success) throw new Error(`${HEAD_KEY} in ${store.location} is not a valid seal head; run \`evident verify\``);
  return parsed.data;
}

/** Reads a seal and checks its bytes hash to what the chain says. */
export async function readSealAt(store: EvidenceStore, key: string, expectedSha256: string): Promise<Seal> {
  const bytes = await store.get(key);
  if (bytes === undefined) throw new Error(`seal ${key} is missing from ${store.location}; run \`evident verify\``);
  if (sha256Hex(bytes) !== expectedSha256) throw new Error(`seal ${key} does not match the chain's SHA-256; run \`evident verify\``);
  const parsed = Seal.safeParse(parseJson(bytes));
  if (!parsed.success) throw new Error(`seal ${key} is not a valid seal; run \`evident verify\``);
  return parsed.data;
}

/** Keys sealed by `latest` and the seals before it back to `since` (epoch ms; -Infinity for all). */
async function sealedKeysSince(store: EvidenceStore, latest: Seal | undefined, since: number): Promise<Set<string>> {
  const keys = new Set<string>();
  let seal = latest;
  while (seal !== undefined) {
    for (const record of seal.records) keys.add(record.key);
    if (seal.previous === null || Date.parse(seal.sealedAt) < since) break;
    seal = await readSealAt(store, seal.previous.key, seal.previous.sha256);
  }
  return keys;
}

export function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}
