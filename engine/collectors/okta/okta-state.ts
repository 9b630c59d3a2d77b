/**
 * Where an incremental run starts from: a pointer under `state/okta/` naming the last full snapshot
 * record, the deltas written since, and the System Log position. Everything is checked before it is
 * trusted: the pointer's shape, each record's content hash and key (readRecord), its kind, source,
 * scope and base, and the data against the Okta schemas. Any problem is returned as a sentence and
 * the collector reads the org in full instead: a broken base is never patched.
 */
import { z } from 'zod';
import { readRecord } from '../../evidence/record.ts';
import { sha256Hex } from '../../evidence/sha256.ts';
import { STATE_PREFIX, type EvidenceStore } from '../../evidence/store.ts';
import type { SnapshotPart, SnapshotRecord } from '../../model.ts';
import { OktaData, type OktaUser } from '../../snapshots/okta.ts';
import { applyDelta, OktaDelta } from './okta-delta.ts';

const isoDateTime = z.iso.datetime({ offset: true });

export const OktaPointer = z.strictObject({
  v: z.literal(1),
  scope: z.string(),
  /** The full snapshot record the deltas apply to. */
  fullKey: z.string(),
  /** Delta records written since, oldest first. */
  deltaKeys: z.array(z.string()),
  /** The System Log position, by Okta's clock: the latest `published` applied (the full scan's start before any). */
  cursor: isoDateTime,
  /** When the full scan ran, by the runner's clock, which measures its age. */
  fullScanAt: isoDateTime,
  /**
   * uuids of the events inside the overlap window (see logOverlapMs) whose re-reads are done: the
   * next run skips them instead of reading the same users again. Sign-ins are not listed (they cost
   * nothing to apply twice).
   */
  applied: z.array(z.string()).default([]),
  /** Exempt group names whose members the state holds, with the ids found for each. */
  groups: z.record(z.string(), z.array(z.string())),
});
export type OktaPointer = z.infer<typeof OktaPointer>;

/** `state/okta/<16 hex of sha256(scope)>.json`: one per org, whatever characters its host has. */
export function pointerKey(scope: string): string {
  return `${STATE_PREFIX}okta/${sha256Hex(scope).slice(0, 16)}.json`;
}

export async function readPointer(store: EvidenceStore, scope: string): Promise<{ pointer: OktaPointer } | { problem: string }> {
  const key = pointerKey(scope);
  const bytes = await store.get(key);
  if (bytes === undefined) return { problem: `no state pointer at ${key}` };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { problem: `the state pointer ${key} is not JSON` };
  }
  const parsed = OktaPointer.safeParse(json);
  if (!parsed.success) return { problem: `the state pointer ${key} is invalid (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})` };
  if (parsed.data.scope !== scope) return { problem: `the state pointer ${key} is for ${parsed.data.scope}, not ${scope}` };
  return { pointer: parsed.data };
}

export async function writePointer(store: EvidenceStore, pointer: OktaPointer): Promise<void> {
  await store.putPointer(pointerKey(pointer.scope), new TextEncoder().encode(`${JSON.stringify(pointer, null, 2)}\n`));
}

async function loadSnapshotRecord(store: EvidenceStore, key: string): Promise<SnapshotRecord | string> {
  const bytes = await store.get(key);
  if (bytes === undefined) return `record ${key} is missing`;
  const read = readRecord(key, bytes);
  if ('problem' in read) return `record ${key} ${read.problem}`;
  if (read.record.kind !== 'snapshot') return `record ${key} is a ${read.record.kind} record, not a snapshot`;
  return read.record;
}

export interface BaseState {
  users: OktaUser[];
  parts: Record<string, SnapshotPart>;
}

/** The state the pointer describes: the full snapshot with every delta applied in order. */
export async function loadBase(store: EvidenceStore, pointer: OktaPointer, orgUrl: string): Promise<BaseState | { problem: string }> {
  const full = await loadSnapshotRecord(store, pointer.fullKey);
  if (typeof full === 'string') return { problem: full };
  if (!full.full || full.source !== 'okta' || full.scope !== pointer.scope) return { problem: `record ${pointer.fullKey} is not a full Okta snapshot of ${pointer.scope}` };
  const incomplete = Object.entries(full.snapshot.parts).filter(([, part]) => !part.complete);
  if (incomplete.length > 0) return { problem: `the full snapshot ${pointer.fullKey} has incomplete parts (${incomplete.map(([name]) => name).join(', ')})` };
  const data = OktaData.safeParse(full.snapshot.data);
  if (!data.success) return { problem: `the full snapshot ${pointer.fullKey} does not match the Okta schema` };
  if (data.data.orgUrl !== orgUrl) return { problem: `the full snapshot is of ${data.data.orgUrl}, the configuration names ${orgUrl}` };
  let users = data.data.users;
  for (const key of pointer.deltaKeys) {
    const record = await loadSnapshotRecord(store, key);
    if (typeof record === 'string') return { problem: record };
    if (record.full || record.base !== pointer.fullKey || record.scope !== pointer.scope) return { problem: `record ${key} is not a delta of ${pointer.fullKey}` };
    const delta = OktaDelta.safeParse(record.snapshot.data);
    if (!delta.success) return { problem: `the delta ${key} does not match the Okta delta schema` };
    users = applyDelta(users, delta.data);
  }
  return { users, parts: full.snapshot.parts };
}
