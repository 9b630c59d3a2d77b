/**
 * `manifest.json`: the SHA-256 of every other file in the package, the period, when and by which
 * Evident version it was made, and optionally an Ed25519 signature (engine/evidence/signing.ts) over
 * the canonical JSON of the manifest without its signature, the way seals are signed.
 */
import { z } from 'zod';
import { canonicalJson, prettyCanonicalJson } from '../../evidence/canonical-json.ts';
import { sha256Hex } from '../../evidence/sha256.ts';
import type { SealSigner } from '../../evidence/signing.ts';
import { EVIDENT_VERSION } from '../../version.ts';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_SCHEMA = 'https://evident.dev/schemas/audit-package-manifest/v1';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** Inside the package folder: a manifest naming `../x` must not make verify read, or a rebuild delete, outside it. */
const relativePath = z
  .string()
  .min(1)
  .refine((path) => !path.startsWith('/') && !path.includes('\\') && !path.includes('\0') && path.split('/').every((part) => part !== '' && part !== '.' && part !== '..'), 'expected a relative path inside the package');

export const PackageManifest = z.strictObject({
  schema: z.literal(MANIFEST_SCHEMA),
  evidentVersion: z.string(),
  generatedAt: z.iso.datetime({ offset: true }),
  /** Both days included, UTC. */
  period: z.strictObject({ from: day, to: day }),
  /** The controls in the package, and `--controls` as given when it was. */
  controls: z.array(z.string()),
  requested: z.array(z.string()).optional(),
  /** Relative, `/`-separated paths, sorted. */
  files: z.array(z.strictObject({ path: relativePath, sha256, bytes: z.number().int().nonnegative() })),
  signature: z.strictObject({ algorithm: z.literal('ed25519'), keyId: z.string(), value: z.string() }).optional(),
});
export type PackageManifest = z.infer<typeof PackageManifest>;

export interface PackageFile {
  /** Relative to the package folder, `/`-separated. */
  path: string;
  bytes: Uint8Array;
}

export interface ManifestInput {
  files: readonly PackageFile[];
  period: { from: string; to: string };
  generatedAt: Date;
  controls: readonly string[];
  requested?: readonly string[] | undefined;
  signer?: SealSigner | undefined;
}

export function buildManifest(input: ManifestInput): PackageManifest {
  const files = input.files
    .map((file) => ({ path: file.path, sha256: sha256Hex(file.bytes), bytes: file.bytes.byteLength }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const unsigned: PackageManifest = {
    schema: MANIFEST_SCHEMA,
    evidentVersion: EVIDENT_VERSION,
    generatedAt: input.generatedAt.toISOString(),
    period: { from: input.period.from, to: input.period.to },
    controls: [...input.controls],
    ...(input.requested === undefined ? {} : { requested: [...input.requested] }),
    files,
  };
  if (input.signer === undefined) return unsigned;
  return { ...unsigned, signature: { algorithm: 'ed25519', keyId: input.signer.keyId, value: input.signer.sign(manifestSignedBytes(unsigned)) } };
}

/** The bytes a signature covers: the manifest's canonical JSON without its signature. */
export function manifestSignedBytes(manifest: PackageManifest): Uint8Array {
  const { signature: _signature, ...unsigned } = manifest;
  return new TextEncoder().encode(canonicalJson(unsigned));
}

export function serializeManifest(manifest: PackageManifest): Uint8Array {
  return new TextEncoder().encode(prettyCanonicalJson(manifest));
}
