/**
 * UUIDs in the version 4 format (the form OSCAL asks for) whose bits come from a SHA-256 of what
 * they name rather than from a random source, so building the package again from the same evidence
 * gives the same identifiers and an auditor can diff two packages.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../evidence/canonical-json.ts';

export function deterministicUuid(...parts: readonly string[]): string {
  const bytes = createHash('sha256').update(canonicalJson(['evident-audit-package', ...parts])).digest();
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
